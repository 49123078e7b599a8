use async_graphql::{Context, ID, Object, Result};

use super::{by_id, by_key, root};
use crate::graphql::types::object::object;
use crate::graphql::types::{TrainingCourse, connection::Conn};

#[derive(Default)]
pub struct CourseList;

object! {
    impl CourseList {
        connections {
            /// Training courses, by title.
            fn training_courses(&self, ctx, query) -> Conn<TrainingCourse> {
                root(ctx, query).await
            }
        }
    }
}

#[derive(Default)]
pub struct CourseQuery;

#[Object]
impl CourseQuery {
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
