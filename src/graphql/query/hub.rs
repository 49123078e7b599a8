use async_graphql::{Context, ID, Object, Result};

use super::{by_id, by_key, root};
use crate::graphql::types::{Hub, connection::Conn};

#[derive(Default)]
pub struct HubQuery;

#[Object]
impl HubQuery {
    /// Genomic laboratory hubs, by name.
    async fn hubs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return: 50 if not given, at most 500.")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
    ) -> Result<Conn<Hub>> {
        Ok(root(ctx, first, after).await?)
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
