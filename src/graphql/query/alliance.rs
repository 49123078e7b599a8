use async_graphql::{Context, ID, Object, Result};

use super::{by_id, by_key, root};
use crate::graphql::types::{Alliance, connection::Conn};

#[derive(Default)]
pub struct AllianceQuery;

#[Object]
impl AllianceQuery {
    /// Genomic medicine service alliances, by name.
    async fn alliances(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return: 50 if not given, at most 500.")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
    ) -> Result<Conn<Alliance>> {
        Ok(root(ctx, first, after).await?)
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
