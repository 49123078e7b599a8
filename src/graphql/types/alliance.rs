use async_graphql::{Context, Result};
use entity::{hub, trust};

use super::connection::{
    AreaConn, Conn, CoverageConn, connection, coverage_connection, link_connection,
};
use super::{Hub, Icb, Region, TrainingCourse, TransformationProject, Trust};
use crate::graphql::loaders::{optional, related, required};
use crate::service::kinds::{
    AllianceCourses, AllianceIcbs, AllianceLedProjects, AllianceParticipations, AllianceRegions,
};

api_type!(
    Alliance,
    alliance,
    AllianceFilter,
    AllianceOrder,
    AllianceRoots
);

object! {
    /// A genomic medicine service alliance: embeds genomics in routine care through workforce
    /// development, transformation projects and education, in the geography of its hub.
    impl Alliance {
        /// Global, stable id: `Alliance:<slug>`, e.g. `Alliance:north-west`.
        id(&self) by slug;

        key(&self) slug: "Short name for URLs, e.g. `north-west`.";

        fields {
            /// Full name, e.g. "North West Genomic Medicine Service Alliance".
            async fn name(&self) -> &str {
                &self.0.name
            }

            /// The alliance's website, where it has one of its own.
            async fn website(&self) -> Option<&str> {
                self.0.website.as_deref()
            }
        }

        validity(&self);

        record(&self) by slug;

        relations {
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
        }

        connections {
            /// The NHS England regions the alliance covers, with how sure each link is.
            fn regions(&self, ctx, query) -> CoverageConn<Region> {
                coverage_connection(related::<AllianceRegions>(ctx, self.0.id, query).await?)
            }

            /// The integrated care boards the alliance serves (its hub's, as the alliances are
            /// aligned to the hubs' geographies): how much of each, how sure, and why.
            fn icbs(&self, ctx, query) -> AreaConn<Icb> {
                link_connection(related::<AllianceIcbs>(ctx, self.0.id, query).await?)
            }

            /// The transformation projects the alliance leads.
            fn projects(&self, ctx, query) -> Conn<TransformationProject> {
                Ok(connection(related::<AllianceLedProjects>(ctx, self.0.id, query).await?))
            }

            /// The transformation projects the alliance takes part in, led by it or by others.
            fn participating_projects(&self, ctx, query) -> Conn<TransformationProject> {
                Ok(connection(related::<AllianceParticipations>(ctx, self.0.id, query).await?))
            }

            /// The training courses the alliance offers.
            fn courses(&self, ctx, query) -> Conn<TrainingCourse> {
                Ok(connection(related::<AllianceCourses>(ctx, self.0.id, query).await?))
            }
        }
    }
}

roots! {
    Alliance: AllianceRoots(AllianceList, AllianceLookups) {
        /// Genomic medicine service alliances, by name.
        list alliances;
        /// By global id, e.g. `Alliance:north-west`; null if there is none.
        alliance(id: async_graphql::ID = "Its global id, `<Type>:<key>`, as its `id` field gives it.") by_id;
        /// By slug, e.g. `north-west`; null if there is none.
        alliance_by_slug(slug: String = "Its slug: the key in its global id after the colon.") by_key;
    }
}

crate::graphql::plan::planned! {
    Alliance(alliance) by slug {
        own { "slug": str slug, "name": str name, "website": opt_str website, "version": int version }
        one { "hub": required Hub by hub_id, "hostTrust": optional Trust by host_trust_id }
        many {
            "regions": AllianceRegions => Region with super::connection::Coverage,
            "icbs": AllianceIcbs => Icb with super::connection::Area,
            "projects": AllianceLedProjects => TransformationProject
                with async_graphql::connection::EmptyFields,
            "participatingProjects": AllianceParticipations => TransformationProject
                with async_graphql::connection::EmptyFields,
            "courses": AllianceCourses => TrainingCourse with async_graphql::connection::EmptyFields,
        }
    }
}
