use async_graphql::{Context, Result};
use entity::trust;

use super::connection::{
    AreaConn, Conn, CoverageConn, connection, coverage_connection, link_connection,
};
use super::{Alliance, HubMembership, Icb, Region, TrainingCourse, Trust};
use crate::graphql::loaders::{alliance_of_hub, related, required};
use crate::service::kinds::{HubCourses, HubIcbs, HubMemberships, HubRegions};

api_type!(Hub, hub, HubFilter, HubOrder, HubRoots);

object! {
    /// A genomic laboratory hub: one of the seven that deliver genomic testing for NHS England,
    /// each led by an NHS trust.
    impl Hub {
        /// Global, stable id: `Hub:<slug>`, e.g. `Hub:north-west`.
        id(&self) by slug;

        key(&self) slug: "Short name for URLs, e.g. `north-west`.";

        fields {
            /// Full name, e.g. "North West Genomic Laboratory Hub".
            async fn name(&self) -> &str {
                &self.0.name
            }

            /// The area the hub covers, in its sources' words; null where no source states it.
            async fn coverage_description(&self) -> Option<&str> {
                self.0.coverage_description.as_deref()
            }
        }

        validity(&self);

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

            /// The integrated care boards the hub serves: how much of each, how sure, and why.
            fn icbs(&self, ctx, query) -> AreaConn<Icb> {
                link_connection(related::<HubIcbs>(ctx, self.0.id, query).await?)
            }

            /// The hub's members: its lead trust and its partner organisations, each with its
            /// role as the sources give it.
            fn memberships(&self, ctx, query) -> Conn<HubMembership> {
                Ok(connection(related::<HubMemberships>(ctx, self.0.id, query).await?))
            }

            /// Training courses the hub offers.
            fn courses(&self, ctx, query) -> Conn<TrainingCourse> {
                Ok(connection(related::<HubCourses>(ctx, self.0.id, query).await?))
            }
        }
    }
}

roots! {
    Hub: HubRoots(HubList, HubLookups) {
        /// Genomic laboratory hubs, by name.
        list hubs;
        /// By global id, e.g. `Hub:north-west`; null if there is none.
        hub(id: async_graphql::ID = "Its global id, `<Type>:<key>`, as its `id` field gives it.") by_id;
        /// By slug, e.g. `north-west`; null if there is none.
        hub_by_slug(slug: String = "Its slug: the key in its global id after the colon.") by_key;
    }
}

crate::graphql::plan::planned! {
    Hub(hub) by slug {
        own {
            "slug": str slug,
            "name": str name,
            "coverageDescription": opt_str coverage_description,
            "version": int version,
        }
        one { "leadTrust": required Trust by lead_trust_id }
        many {
            "regions": HubRegions => Region with super::connection::Coverage,
            "icbs": HubIcbs => Icb with super::connection::Area,
            "courses": HubCourses => TrainingCourse with async_graphql::connection::EmptyFields,
            "memberships": HubMemberships => HubMembership
                with async_graphql::connection::EmptyFields,
        }
    }
}
