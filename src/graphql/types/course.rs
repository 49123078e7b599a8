use async_graphql::{Context, Result};
use entity::{alliance, hub};

use super::connection::Conn;
use super::{Alliance, Hub};
use crate::graphql::loaders::optional;
use crate::graphql::values::enums::{Confidence, CourseFormat};

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

        key(&self) slug: "Short name for URLs.";

        fields {
            /// The course's title. Where no source read gives it (`titleConfidence`
            /// UNCONFIRMED), the words it was listed under.
            async fn title(&self) -> &str {
                &self.0.title
            }

            /// How sure the data is of the title.
            async fn title_confidence(&self) -> Confidence {
                self.0.title_confidence.into()
            }

            /// What the sources leave open about the title, or the other titles they give it.
            async fn title_note(&self) -> Option<&str> {
                self.0.title_note.as_deref()
            }

            /// Who runs the course.
            async fn provider(&self) -> &str {
                &self.0.provider
            }

            /// How the course is delivered.
            async fn format(&self) -> CourseFormat {
                self.0.format.into()
            }

            /// How the course is delivered, in the source's words.
            async fn format_as_stated(&self) -> Option<&str> {
                self.0.format_as_stated.as_deref()
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

roots! {
    TrainingCourse: TrainingCourseRoots(TrainingCourseList, TrainingCourseLookups) {
        /// Training courses, by title.
        list training_courses;
        /// By global id, e.g. `TrainingCourse:consent-and-ethics`; null if there is none.
        training_course(id: async_graphql::ID = "Its global id, `<Type>:<key>`, as its `id` field gives it.") by_id;
        /// By slug, e.g. `consent-and-ethics`; null if there is none.
        training_course_by_slug(slug: String = "Its slug: the key in its global id after the colon.") by_key;
    }
}

crate::graphql::plan::planned! {
    TrainingCourse(training_course) by slug {
        own {
            "slug": str slug,
            "title": str title,
            "titleConfidence": enum title_confidence as Confidence,
            "titleNote": opt_str title_note,
            "provider": str provider,
            "format": enum format as CourseFormat,
            "formatAsStated": opt_str format_as_stated,
            "audience": opt_str audience,
            "durationMinutes": opt_int duration_minutes,
            "credits": opt_int credits,
            "website": opt_str website,
            "version": int version,
        }
        one {
            "alliance": optional Alliance by alliance_id,
            "hub": optional Hub by hub_id,
        }
        many {}
    }
}
