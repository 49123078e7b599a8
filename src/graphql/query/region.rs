use async_graphql::{Context, Object, Result};

use super::{by_key, root};
use crate::graphql::types::{Region, connection::Conn};

#[derive(Default)]
pub struct RegionQuery;

#[Object]
impl RegionQuery {
    /// The NHS England regions, by ONS code.
    async fn regions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return: 50 if not given, at most 500.")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
    ) -> Result<Conn<Region>> {
        Ok(root(ctx, first, after).await?)
    }

    /// A region by its ONS code, e.g. E40000003; null if there is none.
    async fn region(&self, ctx: &Context<'_>, code: String) -> Result<Option<Region>> {
        Ok(by_key(ctx, &code).await?)
    }
}
