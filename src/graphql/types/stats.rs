//! Grouped counts of projects, courses, trusts and sites.

use async_graphql::{ComplexObject, Context, Enum, Result, SimpleObject};
use entity::{alliance, hub, icb, region, trust};

use super::{Alliance, Hub, Icb, Region, Trust};
use crate::graphql::loaders::optional;
use crate::graphql::values::enums::{CourseFormat, ProjectStatus, ProjectTheme};
use crate::service::stats::{
    CourseGroup, CourseGroupBy, OrganisationGroup, OrganisationGroupBy, ProjectGroup,
    ProjectGroupBy,
};

/// What transformation projects can be grouped by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransformationProjectGroupBy {
    /// One group per theme.
    Theme,
    /// One group per status.
    Status,
    /// One group per lead alliance of projects led by one alliance alone, and one (null) for
    /// projects led by several or with no lead named.
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

/// What trusts can be grouped by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrustGroupBy {
    /// One group per NHS England region.
    Region,
    /// One group per integrated care board, and one for trusts with none.
    Icb,
    /// One group per serving hub (see `Trust.servingHubs`): a trust served ambiguously is
    /// counted under each of its candidate hubs.
    ServingHub,
}

impl From<TrustGroupBy> for OrganisationGroupBy {
    fn from(key: TrustGroupBy) -> Self {
        match key {
            TrustGroupBy::Region => Self::Region,
            TrustGroupBy::Icb => Self::Icb,
            TrustGroupBy::ServingHub => Self::ServingHub,
        }
    }
}

/// What sites can be grouped by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteGroupBy {
    /// One group per trust.
    Trust,
    /// One group per NHS England region (the trust's).
    Region,
    /// One group per integrated care board (the trust's).
    Icb,
    /// One group per serving hub (see `Site.servingHubs`): a site served ambiguously is counted
    /// under each of its candidate hubs.
    ServingHub,
}

impl From<SiteGroupBy> for OrganisationGroupBy {
    fn from(key: SiteGroupBy) -> Self {
        match key {
            SiteGroupBy::Trust => Self::Trust,
            SiteGroupBy::Region => Self::Region,
            SiteGroupBy::Icb => Self::Icb,
            SiteGroupBy::ServingHub => Self::ServingHub,
        }
    }
}

/// A group of trusts or sites. Keys not grouped by are null; so is a key the group lacks (a
/// trust with no ICB, an organisation no hub serves).
#[derive(SimpleObject)]
#[graphql(complex, name = "OrganisationGroup")]
pub struct OrganisationGroupObject {
    /// How many trusts or sites the group has.
    pub count: i64,
    #[graphql(skip)]
    pub group: OrganisationGroup,
}

#[ComplexObject]
impl OrganisationGroupObject {
    /// The region shared by the group, when grouped by REGION.
    async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        Ok(optional::<region::Entity>(ctx, self.group.region_id)
            .await?
            .map(Into::into))
    }

    /// The integrated care board shared by the group, when grouped by ICB.
    async fn icb(&self, ctx: &Context<'_>) -> Result<Option<Icb>> {
        Ok(optional::<icb::Entity>(ctx, self.group.icb_id)
            .await?
            .map(Into::into))
    }

    /// The serving hub shared by the group, when grouped by SERVING_HUB.
    async fn serving_hub(&self, ctx: &Context<'_>) -> Result<Option<Hub>> {
        Ok(optional::<hub::Entity>(ctx, self.group.serving_hub_id)
            .await?
            .map(Into::into))
    }

    /// The trust shared by the group of sites, when grouped by TRUST.
    async fn trust(&self, ctx: &Context<'_>) -> Result<Option<Trust>> {
        Ok(optional::<trust::Entity>(ctx, self.group.trust_id)
            .await?
            .map(Into::into))
    }
}

impl From<OrganisationGroup> for OrganisationGroupObject {
    fn from(group: OrganisationGroup) -> Self {
        Self {
            count: i64::try_from(group.count).unwrap_or(i64::MAX),
            group,
        }
    }
}
