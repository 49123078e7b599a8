use crate::graphql::filters::{HubFilter, HubOrder, list_query};
use async_graphql::{Context, ID, Object, Result};
use entity::region;

use super::connection::{Conn, connection};
use super::provenance::Provenance;
use super::{Hub, Region};
use crate::graphql::loaders::{related, required};
use crate::graphql::values::node_id::Kind;
use crate::service::relation::TrustLedHubs;

api_type!(Trust, trust);

/// An NHS trust. Seven of them lead a genomic laboratory hub.
#[Object]
impl Trust {
    /// Global, stable id: `Trust:<ODS code>`, e.g. `Trust:RQ3`.
    pub async fn id(&self) -> ID {
        Kind::Trust.id(&self.0.ods_code)
    }

    /// ODS code, e.g. RQ3.
    async fn ods_code(&self) -> &str {
        &self.0.ods_code
    }

    /// The trust's name as ODS records it.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Postal address of its headquarters, without the postcode.
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }

    /// Postcode of its headquarters.
    async fn postcode(&self) -> Option<&str> {
        self.0.postcode.as_deref()
    }

    /// The trust's website, where the data has one.
    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }

    /// Incremented by every change; pass it as `expectedVersion` to update or delete.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// Every change made to this record through the API, oldest first (editors and admins).
    async fn history(&self, ctx: &Context<'_>) -> Result<Vec<super::change::Change>> {
        crate::graphql::access::require(ctx, entity::api_token::Role::Editor)?;
        let rows =
            crate::graphql::loaders::history(ctx, Kind::Trust.id(&self.0.ods_code).0).await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    #[graphql(flatten)]
    async fn provenance(&self) -> Provenance<'_> {
        Provenance::new(&self.0.note, &self.0.sources)
    }

    /// The NHS England region the trust is in.
    async fn region(&self, ctx: &Context<'_>) -> Result<Region> {
        Ok(required::<region::Entity>(ctx, self.0.region_id)
            .await?
            .into())
    }

    /// The genomic laboratory hubs this trust leads.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, last, child_complexity)")]
    async fn led_hubs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only those matching this filter.")] filter: Option<Box<HubFilter>>,
        #[graphql(desc = "Sort keys, most significant first; the id breaks ties last.")]
        order_by: Option<Vec<HubOrder>>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<Conn<Hub>> {
        Ok(connection(
            related::<TrustLedHubs>(
                ctx,
                self.0.id,
                list_query(filter, order_by, first, after, last, before)?,
            )
            .await?,
        ))
    }
}
