use crate::graphql::filters::{TrustFilter, TrustOrder, list_query};
use async_graphql::{Context, Object, Result};

use super::{by_key, root};
use crate::graphql::types::{Trust, connection::Conn};

#[derive(Default)]
pub struct TrustQuery;

#[Object]
impl TrustQuery {
    /// NHS trusts, by ODS code.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, last, child_complexity)")]
    async fn trusts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only those matching this filter.")] filter: Option<TrustFilter>,
        #[graphql(desc = "Sort keys, most significant first; the id breaks ties last.")]
        order_by: Option<Vec<TrustOrder>>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<Conn<Trust>> {
        Ok(root(
            ctx,
            list_query(filter, order_by, first, after, last, before)?,
        )
        .await?)
    }

    /// A trust by its ODS code, e.g. RQ3; null if there is none.
    async fn trust(&self, ctx: &Context<'_>, ods_code: String) -> Result<Option<Trust>> {
        Ok(by_key(ctx, &ods_code).await?)
    }
}
