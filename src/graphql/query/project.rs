use async_graphql::{Context, ID, Object, Result};

use super::{by_id, by_key, root};
use crate::graphql::types::{TransformationProject, connection::Conn};

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
        Ok(root(ctx, first, after).await?)
    }

    /// By global id, e.g. `TransformationProject:brca-carrier-app`; null if there is none.
    async fn transformation_project(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<Option<TransformationProject>> {
        Ok(by_id(ctx, &id).await?)
    }

    /// By slug, e.g. `brca-carrier-app`; null if there is none.
    async fn transformation_project_by_slug(
        &self,
        ctx: &Context<'_>,
        slug: String,
    ) -> Result<Option<TransformationProject>> {
        Ok(by_key(ctx, &slug).await?)
    }
}
