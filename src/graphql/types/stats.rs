//! Grouped counts of projects and courses.

use async_graphql::{ComplexObject, Context, Enum, Result, SimpleObject};
use entity::alliance;

use super::Alliance;
use crate::graphql::loaders::optional;
use crate::graphql::values::enums::{CourseFormat, ProjectStatus, ProjectTheme};
use crate::service::stats::{CourseGroup, CourseGroupBy, ProjectGroup, ProjectGroupBy};

/// What transformation projects can be grouped by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransformationProjectGroupBy {
    /// One group per theme.
    Theme,
    /// One group per status.
    Status,
    /// One group per lead alliance, and one for national projects.
    LeadAlliance,
}

impl From<TransformationProjectGroupBy> for ProjectGroupBy {
    fn from(key: TransformationProjectGroupBy) -> Self {
        match key {
            TransformationProjectGroupBy::Theme => Self::Theme,
            TransformationProjectGroupBy::Status => Self::Status,
            TransformationProjectGroupBy::LeadAlliance => Self::LeadAlliance,
        }
    }
}

/// A group of transformation projects. Keys not grouped by are null; so is `leadAlliance` for
/// the group of national projects.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct TransformationProjectGroup {
    /// The theme shared by the group, when grouped by THEME.
    pub theme: Option<ProjectTheme>,
    /// The status shared by the group, when grouped by STATUS.
    pub status: Option<ProjectStatus>,
    /// How many projects the group has.
    pub count: i64,
    #[graphql(skip)]
    pub lead_alliance_id: Option<i32>,
}

#[ComplexObject]
impl TransformationProjectGroup {
    /// The lead alliance shared by the group, when grouped by LEAD_ALLIANCE.
    async fn lead_alliance(&self, ctx: &Context<'_>) -> Result<Option<Alliance>> {
        Ok(optional::<alliance::Entity>(ctx, self.lead_alliance_id)
            .await?
            .map(Into::into))
    }
}

impl From<ProjectGroup> for TransformationProjectGroup {
    fn from(group: ProjectGroup) -> Self {
        Self {
            theme: group.theme.map(Into::into),
            status: group.status.map(Into::into),
            count: i64::try_from(group.count).unwrap_or(i64::MAX),
            lead_alliance_id: group.lead_alliance_id,
        }
    }
}

/// What training courses can be grouped by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrainingCourseGroupBy {
    /// One group per format.
    Format,
    /// One group per offering alliance, and one for courses no alliance offers.
    Alliance,
    /// One group per provider.
    Provider,
}

impl From<TrainingCourseGroupBy> for CourseGroupBy {
    fn from(key: TrainingCourseGroupBy) -> Self {
        match key {
            TrainingCourseGroupBy::Format => Self::Format,
            TrainingCourseGroupBy::Alliance => Self::Alliance,
            TrainingCourseGroupBy::Provider => Self::Provider,
        }
    }
}

/// A group of training courses. Keys not grouped by are null; so is `alliance` for the group of
/// courses no alliance offers.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct TrainingCourseGroup {
    /// The format shared by the group, when grouped by FORMAT.
    pub format: Option<CourseFormat>,
    /// The provider shared by the group, when grouped by PROVIDER.
    pub provider: Option<String>,
    /// How many courses the group has.
    pub count: i64,
    /// The sum of the durations stated, in minutes (courses without one add nothing).
    pub total_duration_minutes: i64,
    /// The sum of the academic credits stated.
    pub total_credits: i64,
    #[graphql(skip)]
    pub alliance_id: Option<i32>,
}

#[ComplexObject]
impl TrainingCourseGroup {
    /// The alliance shared by the group, when grouped by ALLIANCE.
    async fn alliance(&self, ctx: &Context<'_>) -> Result<Option<Alliance>> {
        Ok(optional::<alliance::Entity>(ctx, self.alliance_id)
            .await?
            .map(Into::into))
    }
}

impl From<CourseGroup> for TrainingCourseGroup {
    fn from(group: CourseGroup) -> Self {
        Self {
            format: group.format.map(Into::into),
            provider: group.provider,
            count: i64::try_from(group.count).unwrap_or(i64::MAX),
            total_duration_minutes: group.total_duration_minutes,
            total_credits: group.total_credits,
            alliance_id: group.alliance_id,
        }
    }
}
