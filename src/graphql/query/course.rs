use async_graphql::{Context, ID, Object, Result};
use entity::training_course;

use super::{db, root};
use crate::graphql::types::{
    TrainingCourse,
    connection::Conn,
    node_id::{NodeKind, key_of},
};
use crate::service::lookup;

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
        Ok(root::<training_course::Entity, TrainingCourse>(ctx, first, after).await?)
    }

    /// By global id, e.g. `TrainingCourse:consent-and-ethics`; null if there is none.
    async fn training_course(&self, ctx: &Context<'_>, id: ID) -> Result<Option<TrainingCourse>> {
        match key_of(&id, NodeKind::TrainingCourse)? {
            Some(slug) => Ok(lookup::course_by_slug(db(ctx)?, slug)
                .await?
                .map(Into::into)),
            None => Ok(None),
        }
    }

    /// By slug, e.g. `consent-and-ethics`; null if there is none.
    async fn training_course_by_slug(
        &self,
        ctx: &Context<'_>,
        slug: String,
    ) -> Result<Option<TrainingCourse>> {
        Ok(lookup::course_by_slug(db(ctx)?, &slug)
            .await?
            .map(Into::into))
    }
}
