use async_graphql::{Context, ID, Object, Result};

use super::{by_id, by_key, root};
use crate::graphql::types::object::object;
use crate::graphql::types::{TransformationProject, connection::Conn};

#[derive(Default)]
pub struct ProjectList;

object! {
    impl ProjectList {
        connections {
            /// Transformation projects, by title.
            fn transformation_projects(&self, ctx, query) -> Conn<TransformationProject> {
                root(ctx, query).await
            }
        }
    }
}

#[derive(Default)]
pub struct ProjectQuery;

#[Object]
impl ProjectQuery {
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
