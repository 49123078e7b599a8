use crate::graphql::filters::{
    RegionFilter, RegionOrder, TrainingCourseFilter, TrainingCourseOrder,
    TransformationProjectFilter, TransformationProjectOrder, list_query,
};
use async_graphql::{Context, ID, Object, Result};
use entity::{hub, trust};

use super::connection::{Conn, CoverageConn, connection, coverage_connection};
use super::provenance::Provenance;
use super::{Hub, Region, TrainingCourse, TransformationProject, Trust};
use crate::graphql::loaders::{optional, related, required};
use crate::graphql::values::node_id::Kind;
use crate::service::relation::{
    AllianceCourses, AllianceLedProjects, AllianceParticipations, AllianceRegions,
};

api_type!(Alliance, alliance);

/// A genomic medicine service alliance: embeds genomics in routine care through workforce
/// development, transformation projects and education, in the geography of its hub.
#[Object]
impl Alliance {
    /// Global, stable id: `Alliance:<slug>`, e.g. `Alliance:north-west`.
    pub async fn id(&self) -> ID {
        Kind::Alliance.id(&self.0.slug)
    }

    /// Short name for URLs, e.g. `north-west`.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// Full name, e.g. "North West Genomic Medicine Service Alliance".
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The alliance's website, where it has one of its own.
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
        let rows = crate::graphql::loaders::history(ctx, Kind::Alliance.id(&self.0.slug).0).await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    #[graphql(flatten)]
    async fn provenance(&self) -> Provenance<'_> {
        Provenance::new(&self.0.note, &self.0.sources)
    }

    /// The genomic laboratory hub the alliance works with.
    async fn hub(&self, ctx: &Context<'_>) -> Result<Hub> {
        Ok(required::<hub::Entity>(ctx, self.0.hub_id).await?.into())
    }

    /// The NHS trust hosting the alliance, where a source names one.
    async fn host_trust(&self, ctx: &Context<'_>) -> Result<Option<Trust>> {
        Ok(optional::<trust::Entity>(ctx, self.0.host_trust_id)
            .await?
            .map(Into::into))
    }

    /// The NHS England regions the alliance covers, with how sure each link is.
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
        let page = related::<AllianceRegions>(
            ctx,
            self.0.id,
            list_query(filter, order_by, first, after, last, before)?,
        )
        .await?;
        Ok(coverage_connection(page)?)
    }

    /// The transformation projects the alliance leads.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, last, child_complexity)")]
    async fn projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only those matching this filter.")] filter: Option<
            Box<TransformationProjectFilter>,
        >,
        #[graphql(desc = "Sort keys, most significant first; the id breaks ties last.")]
        order_by: Option<Vec<TransformationProjectOrder>>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<Conn<TransformationProject>> {
        let page = related::<AllianceLedProjects>(
            ctx,
            self.0.id,
            list_query(filter, order_by, first, after, last, before)?,
        )
        .await?;
        Ok(connection(page))
    }

    /// The transformation projects the alliance takes part in, led by it or by others.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, last, child_complexity)")]
    async fn participating_projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only those matching this filter.")] filter: Option<
            Box<TransformationProjectFilter>,
        >,
        #[graphql(desc = "Sort keys, most significant first; the id breaks ties last.")]
        order_by: Option<Vec<TransformationProjectOrder>>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<Conn<TransformationProject>> {
        let page = related::<AllianceParticipations>(
            ctx,
            self.0.id,
            list_query(filter, order_by, first, after, last, before)?,
        )
        .await?;
        Ok(connection(page))
    }

    /// The training courses the alliance offers.
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
            related::<AllianceCourses>(
                ctx,
                self.0.id,
                list_query(filter, order_by, first, after, last, before)?,
            )
            .await?,
        ))
    }
}
