use async_graphql::{Context, Object, Result};

use crate::graphql::filters::{
    BuildFilter, SiteFilter, TrainingCourseFilter, TransformationProjectFilter, TrustFilter,
};
use crate::graphql::loaders::db;
use crate::graphql::types::stats::{
    OrganisationGroupObject, SiteGroupBy, TrainingCourseGroup, TrainingCourseGroupBy,
    TransformationProjectGroup, TransformationProjectGroupBy, TrustGroupBy,
};
use crate::service::stats;

#[derive(Default)]
pub struct StatsQuery;

#[Object]
impl StatsQuery {
    /// Transformation projects counted by theme, status and/or lead alliance, biggest group
    /// first. With no keys, one group counts every project that matches the filter.
    async fn transformation_project_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The keys to group by, most significant first; none for one group of all."
        )]
        group_by: Vec<TransformationProjectGroupBy>,
        #[graphql(desc = "Only those matching this filter are counted.")] filter: Option<
            TransformationProjectFilter,
        >,
    ) -> Result<Vec<TransformationProjectGroup>> {
        let filter = filter.map(|f| f.build()).transpose()?;
        let keys: Vec<_> = group_by.into_iter().map(Into::into).collect();
        let groups = stats::project_stats(db(ctx)?, &keys, filter.as_ref()).await?;
        Ok(groups.into_iter().map(Into::into).collect())
    }

    /// Training courses counted by format, offering alliance and/or provider, biggest group
    /// first, with the durations and credits they add up to.
    async fn training_course_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The keys to group by, most significant first; none for one group of all."
        )]
        group_by: Vec<TrainingCourseGroupBy>,
        #[graphql(desc = "Only those matching this filter are counted.")] filter: Option<
            TrainingCourseFilter,
        >,
    ) -> Result<Vec<TrainingCourseGroup>> {
        let filter = filter.map(|f| f.build()).transpose()?;
        let keys: Vec<_> = group_by.into_iter().map(Into::into).collect();
        let groups = stats::course_stats(db(ctx)?, &keys, filter.as_ref()).await?;
        Ok(groups.into_iter().map(Into::into).collect())
    }

    /// Trusts counted by region, integrated care board and/or serving hub, biggest group first.
    /// With no keys, one group counts every trust that matches the filter.
    async fn trust_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The keys to group by, most significant first; none for one group of all."
        )]
        group_by: Vec<TrustGroupBy>,
        #[graphql(desc = "Only those matching this filter are counted.")] filter: Option<
            TrustFilter,
        >,
    ) -> Result<Vec<OrganisationGroupObject>> {
        let filter = filter.map(|f| f.build()).transpose()?;
        let keys: Vec<_> = group_by.into_iter().map(Into::into).collect();
        let groups = stats::trust_stats(db(ctx)?, &keys, filter.as_ref()).await?;
        Ok(groups.into_iter().map(Into::into).collect())
    }

    /// Sites counted by trust, region, integrated care board and/or serving hub, biggest group
    /// first. With no keys, one group counts every site that matches the filter.
    async fn site_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The keys to group by, most significant first; none for one group of all."
        )]
        group_by: Vec<SiteGroupBy>,
        #[graphql(desc = "Only those matching this filter are counted.")] filter: Option<
            SiteFilter,
        >,
    ) -> Result<Vec<OrganisationGroupObject>> {
        let filter = filter.map(|f| f.build()).transpose()?;
        let keys: Vec<_> = group_by.into_iter().map(Into::into).collect();
        let groups = stats::site_stats(db(ctx)?, &keys, filter.as_ref()).await?;
        Ok(groups.into_iter().map(Into::into).collect())
    }
}
