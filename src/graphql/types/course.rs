use async_graphql::{Context, ID, Object, Result};
use entity::{alliance, hub};

use super::provenance::Provenance;
use super::{Alliance, Hub};
use crate::graphql::loaders::optional;
use crate::graphql::values::enums::CourseFormat;
use crate::graphql::values::node_id::Kind;

api_type!(TrainingCourse, training_course);

/// A training course in genomics for the NHS workforce.
#[Object]
impl TrainingCourse {
    /// Global, stable id: `TrainingCourse:<slug>`.
    pub async fn id(&self) -> ID {
        Kind::TrainingCourse.id(&self.0.slug)
    }

    /// Short name for URLs.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// The course's title.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Who runs the course.
    async fn provider(&self) -> &str {
        &self.0.provider
    }

    /// How the course is delivered.
    async fn format(&self) -> CourseFormat {
        self.0.format.into()
    }

    /// Who the course is for, where a source says.
    async fn audience(&self) -> Option<&str> {
        self.0.audience.as_deref()
    }

    /// Length in minutes, where a source states it.
    async fn duration_minutes(&self) -> Option<i32> {
        self.0.duration_minutes
    }

    /// Academic credits (CATS points), where a source states them.
    async fn credits(&self) -> Option<i32> {
        self.0.credits
    }

    /// The course's own web page, if it has one.
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
            crate::graphql::loaders::history(ctx, Kind::TrainingCourse.id(&self.0.slug).0).await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    #[graphql(flatten)]
    async fn provenance(&self) -> Provenance<'_> {
        Provenance::new(&self.0.note, &self.0.sources)
    }

    /// The alliance offering the course, if one does.
    async fn alliance(&self, ctx: &Context<'_>) -> Result<Option<Alliance>> {
        Ok(optional::<alliance::Entity>(ctx, self.0.alliance_id)
            .await?
            .map(Into::into))
    }

    /// The hub offering the course, if one does.
    async fn hub(&self, ctx: &Context<'_>) -> Result<Option<Hub>> {
        Ok(optional::<hub::Entity>(ctx, self.0.hub_id)
            .await?
            .map(Into::into))
    }
}
