use async_graphql::{Context, Object, Result};

use super::{by_key, root};
use crate::graphql::types::object::object;
use crate::graphql::types::{Trust, connection::Conn};

#[derive(Default)]
pub struct TrustList;

object! {
    impl TrustList {
        connections {
            /// NHS trusts, by ODS code.
            fn trusts(&self, ctx, query) -> Conn<Trust> {
                root(ctx, query).await
            }
        }
    }
}

#[derive(Default)]
pub struct TrustQuery;

#[Object]
impl TrustQuery {
    /// A trust by its ODS code, e.g. RQ3; null if there is none.
    async fn trust(&self, ctx: &Context<'_>, ods_code: String) -> Result<Option<Trust>> {
        Ok(by_key(ctx, &ods_code).await?)
    }
}
