use async_graphql::{Context, ID, Object, Result};
use entity::{alliance, hub};

use super::connection::Conn;
use super::roots::{by_id, by_key, root};
use super::{Alliance, Hub};
use crate::graphql::loaders::optional;
use crate::graphql::values::enums::CourseFormat;

api_type!(
    TrainingCourse,
    training_course,
    TrainingCourseFilter,
    TrainingCourseOrder,
    TrainingCourseRoots
);

object! {
    /// A training course in genomics for the NHS workforce.
    impl TrainingCourse {
        /// Global, stable id: `TrainingCourse:<slug>`.
        id(&self) by slug;

        fields {
            /// Short name for URLs.
            async fn slug(&self) -> &str {
                &self.0.slug
            }

            /// The course's title.
            async fn title(&self) -> &str {
                &self.0.title
            }

            /// Who runs the course.
            async fn provider(&self) -> &str {
                &self.0.provider
            }

            /// How the course is delivered.
            async fn format(&self) -> CourseFormat {
                self.0.format.into()
            }

            /// Who the course is for, where a source says.
            async fn audience(&self) -> Option<&str> {
                self.0.audience.as_deref()
            }

            /// Length in minutes, where a source states it.
            async fn duration_minutes(&self) -> Option<i32> {
                self.0.duration_minutes
            }

            /// Academic credits (CATS points), where a source states them.
            async fn credits(&self) -> Option<i32> {
                self.0.credits
            }

            /// The course's own web page, if it has one.
            async fn website(&self) -> Option<&str> {
                self.0.website.as_deref()
            }
        }

        record(&self) by slug;

        relations {
            /// The alliance offering the course, if one does.
            async fn alliance(&self, ctx: &Context<'_>) -> Result<Option<Alliance>> {
                Ok(optional::<alliance::Entity>(ctx, self.0.alliance_id)
                    .await?
                    .map(Into::into))
            }

            /// The hub offering the course, if one does.
            async fn hub(&self, ctx: &Context<'_>) -> Result<Option<Hub>> {
                Ok(optional::<hub::Entity>(ctx, self.0.hub_id)
                    .await?
                    .map(Into::into))
            }
        }
    }
}

/// The root fields of TrainingCourse: the list, then the lookups.
#[derive(async_graphql::MergedObject, Default)]
pub struct TrainingCourseRoots(TrainingCourseList, TrainingCourseLookups);

#[derive(Default)]
pub struct TrainingCourseList;

object! {
    impl TrainingCourseList {
        connections {
            /// Training courses, by title.
            fn training_courses(&self, ctx, query) -> Conn<TrainingCourse> {
                root(ctx, query).await
            }
        }
    }
}

#[derive(Default)]
pub struct TrainingCourseLookups;

#[Object]
impl TrainingCourseLookups {
    /// By global id, e.g. `TrainingCourse:consent-and-ethics`; null if there is none.
    async fn training_course(&self, ctx: &Context<'_>, id: ID) -> Result<Option<TrainingCourse>> {
        Ok(by_id(ctx, &id).await?)
    }

    /// By slug, e.g. `consent-and-ethics`; null if there is none.
    async fn training_course_by_slug(
        &self,
        ctx: &Context<'_>,
        slug: String,
    ) -> Result<Option<TrainingCourse>> {
        Ok(by_key(ctx, &slug).await?)
    }
}
