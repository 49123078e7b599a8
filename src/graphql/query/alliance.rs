use async_graphql::{Context, ID, Object, Result};

use super::{by_id, by_key, root};
use crate::graphql::types::object::object;
use crate::graphql::types::{Alliance, connection::Conn};

#[derive(Default)]
pub struct AllianceList;

object! {
    impl AllianceList {
        connections {
            /// Genomic medicine service alliances, by name.
            fn alliances(&self, ctx, query) -> Conn<Alliance> {
                root(ctx, query).await
            }
        }
    }
}

#[derive(Default)]
pub struct AllianceQuery;

#[Object]
impl AllianceQuery {
    /// By global id, e.g. `Alliance:north-west`; null if there is none.
    async fn alliance(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Alliance>> {
        Ok(by_id(ctx, &id).await?)
    }

    /// By slug, e.g. `north-west`; null if there is none.
    async fn alliance_by_slug(&self, ctx: &Context<'_>, slug: String) -> Result<Option<Alliance>> {
        Ok(by_key(ctx, &slug).await?)
    }
}
