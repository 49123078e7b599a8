use crate::graphql::filters::{AllianceFilter, AllianceOrder, list_query};
use async_graphql::{Context, ID, Object, Result};

use super::{by_id, by_key, root};
use crate::graphql::types::{Alliance, connection::Conn};

#[derive(Default)]
pub struct AllianceQuery;

#[Object]
impl AllianceQuery {
    /// Genomic medicine service alliances, by name.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, last, child_complexity)")]
    async fn alliances(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only those matching this filter.")] filter: Option<AllianceFilter>,
        #[graphql(desc = "Sort keys, most significant first; the id breaks ties last.")]
        order_by: Option<Vec<AllianceOrder>>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<Conn<Alliance>> {
        Ok(root(
            ctx,
            list_query(filter, order_by, first, after, last, before)?,
        )
        .await?)
    }

    /// By global id, e.g. `Alliance:north-west`; null if there is none.
    async fn alliance(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Alliance>> {
        Ok(by_id(ctx, &id).await?)
    }

    /// By slug, e.g. `north-west`; null if there is none.
    async fn alliance_by_slug(&self, ctx: &Context<'_>, slug: String) -> Result<Option<Alliance>> {
        Ok(by_key(ctx, &slug).await?)
    }
}
