use crate::graphql::filters::{AllianceFilter, AllianceOrder, list_query};
use async_graphql::{Context, ID, Object, Result};
use entity::alliance;

use super::Alliance;
use super::connection::{Conn, connection};
use super::provenance::Provenance;
use crate::graphql::loaders::{optional, related};
use crate::graphql::values::enums::{ProjectStatus, ProjectTheme};
use crate::graphql::values::node_id::Kind;
use crate::graphql::values::scalars::Date;
use crate::service::relation::ProjectParticipants;

api_type!(TransformationProject, transformation_project);

/// A transformation project: work by one or more alliances to bring genomics into routine care.
#[Object]
impl TransformationProject {
    /// Global, stable id: `TransformationProject:<slug>`.
    pub async fn id(&self) -> ID {
        Kind::TransformationProject.id(&self.0.slug)
    }

    /// Short name for URLs.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// The project's title.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// What the project does, in a sentence or two.
    async fn summary(&self) -> &str {
        &self.0.summary
    }

    /// The area the project works in.
    async fn theme(&self) -> ProjectTheme {
        self.0.theme.into()
    }

    /// Where the project stands.
    async fn status(&self) -> ProjectStatus {
        self.0.status.into()
    }

    /// When the project started; the first of the month where a source gives only the month,
    /// null where no source gives it.
    async fn start_date(&self) -> Option<Date> {
        self.0.start_date.map(Date)
    }

    /// When the project ended or is due to end, if known.
    async fn end_date(&self) -> Option<Date> {
        self.0.end_date.map(Date)
    }

    /// The project's own web page, if it has one.
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
            crate::graphql::loaders::history(ctx, Kind::TransformationProject.id(&self.0.slug).0)
                .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    #[graphql(flatten)]
    async fn provenance(&self) -> Provenance<'_> {
        Provenance::new(&self.0.note, &self.0.sources)
    }

    /// The alliance leading the project; null for national projects.
    async fn lead_alliance(&self, ctx: &Context<'_>) -> Result<Option<Alliance>> {
        Ok(optional::<alliance::Entity>(ctx, self.0.lead_alliance_id)
            .await?
            .map(Into::into))
    }

    /// The alliances taking part in the project, its lead alliance included.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, last, child_complexity)")]
    async fn participating_alliances(
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
    ) -> Result<Conn<Alliance>> {
        Ok(connection(
            related::<ProjectParticipants>(
                ctx,
                self.0.id,
                list_query(filter, order_by, first, after, last, before)?,
            )
            .await?,
        ))
    }
}
