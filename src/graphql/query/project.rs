use async_graphql::{Context, ID, Object, Result};
use entity::transformation_project;

use super::{db, root};
use crate::graphql::types::{
    TransformationProject,
    connection::Conn,
    node_id::{NodeKind, key_of},
};
use crate::service::lookup;

#[derive(Default)]
pub struct ProjectQuery;

#[Object]
impl ProjectQuery {
    /// Transformation projects, by title.
    async fn transformation_projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return: 50 if not given, at most 500.")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
    ) -> Result<Conn<TransformationProject>> {
        Ok(
            root::<transformation_project::Entity, TransformationProject>(ctx, first, after)
                .await?,
        )
    }

    /// By global id, e.g. `TransformationProject:brca-carrier-app`; null if there is none.
    async fn transformation_project(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<Option<TransformationProject>> {
        match key_of(&id, NodeKind::TransformationProject)? {
            Some(slug) => Ok(lookup::project_by_slug(db(ctx)?, slug)
                .await?
                .map(Into::into)),
            None => Ok(None),
        }
    }

    /// By slug, e.g. `brca-carrier-app`; null if there is none.
    async fn transformation_project_by_slug(
        &self,
        ctx: &Context<'_>,
        slug: String,
    ) -> Result<Option<TransformationProject>> {
        Ok(lookup::project_by_slug(db(ctx)?, &slug)
            .await?
            .map(Into::into))
    }
}
