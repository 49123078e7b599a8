use async_graphql::{Context, Object, Result};

use super::{by_key, root};
use crate::graphql::types::{Trust, connection::Conn};

#[derive(Default)]
pub struct TrustQuery;

#[Object]
impl TrustQuery {
    /// NHS trusts, by ODS code.
    async fn trusts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return: 50 if not given, at most 500.")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
    ) -> Result<Conn<Trust>> {
        Ok(root(ctx, first, after).await?)
    }

    /// A trust by its ODS code, e.g. RQ3; null if there is none.
    async fn trust(&self, ctx: &Context<'_>, ods_code: String) -> Result<Option<Trust>> {
        Ok(by_key(ctx, &ods_code).await?)
    }
}
