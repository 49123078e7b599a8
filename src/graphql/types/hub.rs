use crate::graphql::filters::{
    RegionFilter, RegionOrder, TrainingCourseFilter, TrainingCourseOrder, list_query,
};
use async_graphql::{Context, ID, Object, Result};
use entity::trust;

use super::connection::{Conn, CoverageConn, connection, coverage_connection};
use super::provenance::Provenance;
use super::{Alliance, Region, TrainingCourse, Trust};
use crate::graphql::loaders::{alliance_of_hub, related, required};
use crate::graphql::values::node_id::Kind;
use crate::service::relation::{HubCourses, HubRegions};

api_type!(Hub, hub);

/// A genomic laboratory hub: one of the seven that deliver genomic testing for NHS England,
/// each led by an NHS trust.
#[Object]
impl Hub {
    /// Global, stable id: `Hub:<slug>`, e.g. `Hub:north-west`.
    pub async fn id(&self) -> ID {
        Kind::Hub.id(&self.0.slug)
    }

    /// Short name for URLs, e.g. `north-west`.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// Full name, e.g. "North West Genomic Laboratory Hub".
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The area the hub covers, in its sources' words; null where no source states it.
    async fn coverage_description(&self) -> Option<&str> {
        self.0.coverage_description.as_deref()
    }

    /// Incremented by every change; pass it as `expectedVersion` to update or delete.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// Every change made to this record through the API, oldest first (editors and admins).
    async fn history(&self, ctx: &Context<'_>) -> Result<Vec<super::change::Change>> {
        crate::graphql::access::require(ctx, entity::api_token::Role::Editor)?;
        let rows = crate::graphql::loaders::history(ctx, Kind::Hub.id(&self.0.slug).0).await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    #[graphql(flatten)]
    async fn provenance(&self) -> Provenance<'_> {
        Provenance::new(&self.0.note, &self.0.sources)
    }

    /// The NHS trust that leads the hub.
    async fn lead_trust(&self, ctx: &Context<'_>) -> Result<Trust> {
        Ok(required::<trust::Entity>(ctx, self.0.lead_trust_id)
            .await?
            .into())
    }

    /// The genomic medicine service alliance that works with the hub in the same geography.
    async fn alliance(&self, ctx: &Context<'_>) -> Result<Option<Alliance>> {
        Ok(alliance_of_hub(ctx, self.0.id).await?.map(Into::into))
    }

    /// The NHS England regions the hub covers, with how sure each link is.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, last, child_complexity)")]
    async fn regions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only those matching this filter.")] filter: Option<Box<RegionFilter>>,
        #[graphql(desc = "Sort keys, most significant first; the id breaks ties last.")]
        order_by: Option<Vec<RegionOrder>>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<CoverageConn<Region>> {
        let page = related::<HubRegions>(
            ctx,
            self.0.id,
            list_query(filter, order_by, first, after, last, before)?,
        )
        .await?;
        Ok(coverage_connection(page)?)
    }

    /// Training courses the hub offers.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, last, child_complexity)")]
    async fn courses(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only those matching this filter.")] filter: Option<
            Box<TrainingCourseFilter>,
        >,
        #[graphql(desc = "Sort keys, most significant first; the id breaks ties last.")]
        order_by: Option<Vec<TrainingCourseOrder>>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<Conn<TrainingCourse>> {
        Ok(connection(
            related::<HubCourses>(
                ctx,
                self.0.id,
                list_query(filter, order_by, first, after, last, before)?,
            )
            .await?,
        ))
    }
}
