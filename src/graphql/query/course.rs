use crate::graphql::filters::{TrainingCourseFilter, TrainingCourseOrder, list_query};
use async_graphql::{Context, ID, Object, Result};

use super::{by_id, by_key, root};
use crate::graphql::types::{TrainingCourse, connection::Conn};

#[derive(Default)]
pub struct CourseQuery;

#[Object]
impl CourseQuery {
    /// Training courses, by title.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, last, child_complexity)")]
    async fn training_courses(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only those matching this filter.")] filter: Option<TrainingCourseFilter>,
        #[graphql(desc = "Sort keys, most significant first; the id breaks ties last.")]
        order_by: Option<Vec<TrainingCourseOrder>>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<Conn<TrainingCourse>> {
        Ok(root(
            ctx,
            list_query(filter, order_by, first, after, last, before)?,
        )
        .await?)
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
