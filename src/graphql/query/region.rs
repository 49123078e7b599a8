use async_graphql::{Context, Object, Result};

use super::{by_key, root};
use crate::graphql::types::object::object;
use crate::graphql::types::{Region, connection::Conn};

#[derive(Default)]
pub struct RegionList;

object! {
    impl RegionList {
        connections {
            /// The NHS England regions, by ONS code.
            fn regions(&self, ctx, query) -> Conn<Region> {
                root(ctx, query).await
            }
        }
    }
}

#[derive(Default)]
pub struct RegionQuery;

#[Object]
impl RegionQuery {
    /// A region by its ONS code, e.g. E40000003; null if there is none.
    async fn region(&self, ctx: &Context<'_>, code: String) -> Result<Option<Region>> {
        Ok(by_key(ctx, &code).await?)
    }
}
