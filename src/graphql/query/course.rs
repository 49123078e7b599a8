use async_graphql::{Context, ID, Object, Result};

use super::{by_id, by_key, root};
use crate::graphql::types::{TrainingCourse, connection::Conn};

#[derive(Default)]
pub struct CourseQuery;

#[Object]
impl CourseQuery {
    /// Training courses, by title.
    async fn training_courses(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return: 50 if not given, at most 500.")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
    ) -> Result<Conn<TrainingCourse>> {
        Ok(root(ctx, first, after).await?)
    }

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
