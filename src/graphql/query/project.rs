use crate::graphql::filters::{
    TransformationProjectFilter, TransformationProjectOrder, list_query,
};
use async_graphql::{Context, ID, Object, Result};

use super::{by_id, by_key, root};
use crate::graphql::types::{TransformationProject, connection::Conn};

#[derive(Default)]
pub struct ProjectQuery;

#[Object]
impl ProjectQuery {
    /// Transformation projects, by title.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, last, child_complexity)")]
    async fn transformation_projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only those matching this filter.")] filter: Option<
            TransformationProjectFilter,
        >,
        #[graphql(desc = "Sort keys, most significant first; the id breaks ties last.")]
        order_by: Option<Vec<TransformationProjectOrder>>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<Conn<TransformationProject>> {
        Ok(root(
            ctx,
            list_query(filter, order_by, first, after, last, before)?,
        )
        .await?)
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
