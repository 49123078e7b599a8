use crate::graphql::filters::{RegionFilter, RegionOrder, list_query};
use async_graphql::{Context, Object, Result};

use super::{by_key, root};
use crate::graphql::types::{Region, connection::Conn};

#[derive(Default)]
pub struct RegionQuery;

#[Object]
impl RegionQuery {
    /// The NHS England regions, by ONS code.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, last, child_complexity)")]
    async fn regions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only those matching this filter.")] filter: Option<RegionFilter>,
        #[graphql(desc = "Sort keys, most significant first; the id breaks ties last.")]
        order_by: Option<Vec<RegionOrder>>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<Conn<Region>> {
        Ok(root(
            ctx,
            list_query(filter, order_by, first, after, last, before)?,
        )
        .await?)
    }

    /// A region by its ONS code, e.g. E40000003; null if there is none.
    async fn region(&self, ctx: &Context<'_>, code: String) -> Result<Option<Region>> {
        Ok(by_key(ctx, &code).await?)
    }
}
