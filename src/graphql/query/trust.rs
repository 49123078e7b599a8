use async_graphql::{Context, Object, Result};
use entity::trust;

use super::{db, root};
use crate::graphql::types::{Trust, connection::Conn};
use crate::service::lookup;

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
        Ok(root::<trust::Entity, Trust>(ctx, first, after).await?)
    }

    /// A trust by its ODS code, e.g. RQ3; null if there is none.
    async fn trust(&self, ctx: &Context<'_>, ods_code: String) -> Result<Option<Trust>> {
        Ok(lookup::trust_by_ods_code(db(ctx)?, &ods_code)
            .await?
            .map(Into::into))
    }
}
