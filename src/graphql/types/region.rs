use crate::graphql::filters::{
    AllianceFilter, AllianceOrder, HubFilter, HubOrder, TrustFilter, TrustOrder, list_query,
};
use async_graphql::{Context, ID, Object, Result};

use super::connection::{Conn, CoverageConn, connection, coverage_connection};
use super::provenance::Provenance;
use super::{Alliance, Hub, Trust};
use crate::graphql::loaders::related;
use crate::graphql::values::node_id::Kind;
use crate::service::relation::{RegionAlliances, RegionHubs, RegionTrusts};

api_type!(Region, region);

/// An NHS England region, the geography that hubs and alliances cover.
#[Object]
impl Region {
    /// Global, stable id: `Region:<ONS code>`, e.g. `Region:E40000003`.
    pub async fn id(&self) -> ID {
        Kind::Region.id(&self.0.code)
    }

    /// ONS code, e.g. E40000003 (London).
    async fn code(&self) -> &str {
        &self.0.code
    }

    /// ODS code, e.g. Y56 (London).
    async fn ods_code(&self) -> &str {
        &self.0.ods_code
    }

    /// The region's name, e.g. "London".
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Incremented by every change; pass it as `expectedVersion` to update or delete.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// Every change made to this record through the API, oldest first (editors and admins).
    async fn history(&self, ctx: &Context<'_>) -> Result<Vec<super::change::Change>> {
        crate::graphql::access::require(ctx, entity::api_token::Role::Editor)?;
        let rows = crate::graphql::loaders::history(ctx, Kind::Region.id(&self.0.code).0).await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    #[graphql(flatten)]
    async fn provenance(&self) -> Provenance<'_> {
        Provenance::new(&self.0.note, &self.0.sources)
    }

    /// The genomic laboratory hubs covering this region, with how sure each link is.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, last, child_complexity)")]
    async fn hubs(
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
    ) -> Result<CoverageConn<Hub>> {
        let page = related::<RegionHubs>(
            ctx,
            self.0.id,
            list_query(filter, order_by, first, after, last, before)?,
        )
        .await?;
        Ok(coverage_connection(page)?)
    }

    /// The genomic medicine service alliances covering this region, with how sure each link is.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, last, child_complexity)")]
    async fn alliances(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only those matching this filter.")] filter: Option<Box<AllianceFilter>>,
        #[graphql(desc = "Sort keys, most significant first; the id breaks ties last.")]
        order_by: Option<Vec<AllianceOrder>>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<CoverageConn<Alliance>> {
        let page = related::<RegionAlliances>(
            ctx,
            self.0.id,
            list_query(filter, order_by, first, after, last, before)?,
        )
        .await?;
        Ok(coverage_connection(page)?)
    }

    /// The NHS trusts in this region.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, last, child_complexity)")]
    async fn trusts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only those matching this filter.")] filter: Option<Box<TrustFilter>>,
        #[graphql(desc = "Sort keys, most significant first; the id breaks ties last.")]
        order_by: Option<Vec<TrustOrder>>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<Conn<Trust>> {
        Ok(connection(
            related::<RegionTrusts>(
                ctx,
                self.0.id,
                list_query(filter, order_by, first, after, last, before)?,
            )
            .await?,
        ))
    }
}
