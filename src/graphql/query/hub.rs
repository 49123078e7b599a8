use crate::graphql::filters::{HubFilter, HubOrder, list_query};
use async_graphql::{Context, ID, Object, Result};

use super::{by_id, by_key, root};
use crate::graphql::types::{Hub, connection::Conn};

#[derive(Default)]
pub struct HubQuery;

#[Object]
impl HubQuery {
    /// Genomic laboratory hubs, by name.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, last, child_complexity)")]
    async fn hubs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only those matching this filter.")] filter: Option<HubFilter>,
        #[graphql(desc = "Sort keys, most significant first; the id breaks ties last.")]
        order_by: Option<Vec<HubOrder>>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<Conn<Hub>> {
        Ok(root(
            ctx,
            list_query(filter, order_by, first, after, last, before)?,
        )
        .await?)
    }

    /// By global id, e.g. `Hub:north-west`; null if there is none.
    async fn hub(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Hub>> {
        Ok(by_id(ctx, &id).await?)
    }

    /// By slug, e.g. `north-west`; null if there is none.
    async fn hub_by_slug(&self, ctx: &Context<'_>, slug: String) -> Result<Option<Hub>> {
        Ok(by_key(ctx, &slug).await?)
    }
}
