use async_graphql::{Context, Result};
use entity::{icb, region};

use super::connection::{Conn, ServingConn, connection, link_connection};
use super::{GenomicMedicineCentre, Hub, HubMembership, Icb, Region, Site};
use crate::graphql::loaders::{optional, related, required};
use crate::service::kinds::{
    TrustLedCentres, TrustLedHubs, TrustMemberships, TrustServingHubs, TrustSites,
};

api_type!(Trust, trust, TrustFilter, TrustOrder, TrustRoots);

object! {
    /// An NHS trust. Seven of them lead a genomic laboratory hub.
    impl Trust {
        /// Global, stable id: `Trust:<ODS code>`, e.g. `Trust:RQ3`.
        id(&self) by ods_code;

        key(&self) ods_code: "ODS code, e.g. RQ3.";

        fields {
            /// The trust's name as ODS records it.
            async fn name(&self) -> &str {
                &self.0.name
            }

            /// Postal address of its headquarters, without the postcode.
            async fn address(&self) -> Option<&str> {
                self.0.address.as_deref()
            }

            /// Postcode of its headquarters.
            async fn postcode(&self) -> Option<&str> {
                self.0.postcode.as_deref()
            }

            /// The trust's website, where the data has one.
            async fn website(&self) -> Option<&str> {
                self.0.website.as_deref()
            }
        }

        record(&self) by ods_code;

        relations {
            /// The NHS England region the trust is in.
            async fn region(&self, ctx: &Context<'_>) -> Result<Region> {
                Ok(required::<region::Entity>(ctx, self.0.region_id)
                    .await?
                    .into())
            }

            /// The integrated care board the trust's sites are in, as ODS assigns it.
            async fn icb(&self, ctx: &Context<'_>) -> Result<Option<Icb>> {
                Ok(optional::<icb::Entity>(ctx, self.0.icb_id).await?.map(Into::into))
            }
        }

        connections {
            /// The genomic laboratory hubs this trust leads.
            fn led_hubs(&self, ctx, query) -> Conn<Hub> {
                Ok(connection(related::<TrustLedHubs>(ctx, self.0.id, query).await?))
            }

            /// The trust's memberships of genomic laboratory hubs, each with its role.
            fn hub_memberships(&self, ctx, query) -> Conn<HubMembership> {
                Ok(connection(related::<TrustMemberships>(ctx, self.0.id, query).await?))
            }

            /// Which genomic laboratory hub serves this trust, and what that rests on: the hubs
            /// it is a member of; else the hubs serving its ICB; else those covering its
            /// region. Where the data does not single out one hub, every candidate is listed
            /// and marked ambiguous.
            fn serving_hubs(&self, ctx, query) -> ServingConn<Hub> {
                link_connection(related::<TrustServingHubs>(ctx, self.0.id, query).await?)
            }

            /// The Genomic Medicine Centres of the 100,000 Genomes Project the trust led.
            fn led_genomic_medicine_centres(&self, ctx, query) -> Conn<GenomicMedicineCentre> {
                Ok(connection(related::<TrustLedCentres>(ctx, self.0.id, query).await?))
            }

            /// The trust's hospitals and other sites.
            fn sites(&self, ctx, query) -> Conn<Site> {
                Ok(connection(related::<TrustSites>(ctx, self.0.id, query).await?))
            }
        }
    }
}

roots! {
    Trust: TrustRoots(TrustList, TrustLookups) {
        /// NHS trusts, by ODS code.
        list trusts;
        /// A trust by its ODS code, e.g. RQ3; null if there is none.
        trust(ods_code: String = "Its ODS code, e.g. `RJ1`.") by_key;
    }
}

crate::graphql::plan::planned! {
    Trust(trust) by ods_code {
        own {
            "odsCode": str ods_code,
            "name": str name,
            "address": opt_str address,
            "postcode": opt_str postcode,
            "website": opt_str website,
            "version": int version,
        }
        one { "region": required Region by region_id, "icb": optional Icb by icb_id }
        many {
            "ledHubs": TrustLedHubs => Hub with async_graphql::connection::EmptyFields,
            "servingHubs": TrustServingHubs => Hub with super::connection::Serving,
            "hubMemberships": TrustMemberships => HubMembership
                with async_graphql::connection::EmptyFields,
            "ledGenomicMedicineCentres": TrustLedCentres => GenomicMedicineCentre
                with async_graphql::connection::EmptyFields,
            "sites": TrustSites => Site with async_graphql::connection::EmptyFields,
        }
    }
}
