use async_graphql::{Context, ID, Object, Result};

use super::{by_id, by_key, root};
use crate::graphql::types::object::object;
use crate::graphql::types::{Hub, connection::Conn};

#[derive(Default)]
pub struct HubList;

object! {
    impl HubList {
        connections {
            /// Genomic laboratory hubs, by name.
            fn hubs(&self, ctx, query) -> Conn<Hub> {
                root(ctx, query).await
            }
        }
    }
}

#[derive(Default)]
pub struct HubQuery;

#[Object]
impl HubQuery {
    /// By global id, e.g. `Hub:north-west`; null if there is none.
    async fn hub(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Hub>> {
        Ok(by_id(ctx, &id).await?)
    }

    /// By slug, e.g. `north-west`; null if there is none.
    async fn hub_by_slug(&self, ctx: &Context<'_>, slug: String) -> Result<Option<Hub>> {
        Ok(by_key(ctx, &slug).await?)
    }
}
