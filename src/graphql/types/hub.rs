use async_graphql::{Context, ID, Object, Result};
use entity::trust;

use super::connection::{Conn, CoverageConn, connection, coverage_connection};
use super::roots::{by_id, by_key, root};
use super::{Alliance, Region, TrainingCourse, Trust};
use crate::graphql::loaders::{alliance_of_hub, related, required};
use crate::service::kinds::{HubCourses, HubRegions};

api_type!(Hub, hub, HubFilter, HubOrder, HubRoots);

object! {
    /// A genomic laboratory hub: one of the seven that deliver genomic testing for NHS England,
    /// each led by an NHS trust.
    impl Hub {
        /// Global, stable id: `Hub:<slug>`, e.g. `Hub:north-west`.
        id(&self) by slug;

        fields {
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
        }

        record(&self) by slug;

        relations {
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
        }

        connections {
            /// The NHS England regions the hub covers, with how sure each link is.
            fn regions(&self, ctx, query) -> CoverageConn<Region> {
                coverage_connection(related::<HubRegions>(ctx, self.0.id, query).await?)
            }

            /// Training courses the hub offers.
            fn courses(&self, ctx, query) -> Conn<TrainingCourse> {
                Ok(connection(related::<HubCourses>(ctx, self.0.id, query).await?))
            }
        }
    }
}

/// The root fields of Hub: the list, then the lookups.
#[derive(async_graphql::MergedObject, Default)]
pub struct HubRoots(HubList, HubLookups);

#[derive(Default)]
pub struct HubList;

object! {
    impl HubList {
        connections {
            /// Genomic laboratory hubs, by name.
            fn hubs(&self, ctx, query) -> Conn<Hub> {
                root(ctx, query).await
            }
        }
    }
}

#[derive(Default)]
pub struct HubLookups;

#[Object]
impl HubLookups {
    /// By global id, e.g. `Hub:north-west`; null if there is none.
    async fn hub(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Hub>> {
        Ok(by_id(ctx, &id).await?)
    }

    /// By slug, e.g. `north-west`; null if there is none.
    async fn hub_by_slug(&self, ctx: &Context<'_>, slug: String) -> Result<Option<Hub>> {
        Ok(by_key(ctx, &slug).await?)
    }
}
