use async_graphql::{Context, Result};
use entity::trust;

use super::connection::{Conn, ServingConn, link_connection};
use super::{Hub, Trust};
use crate::graphql::loaders::{related, required};
use crate::service::kinds::SiteServingHubs;

api_type!(Site, site, SiteFilter, SiteOrder, SiteRoots);

object! {
    /// A hospital or other site of an NHS trust, where it is on the map.
    impl Site {
        /// Global, stable id: `Site:<ODS code>`, e.g. `Site:RGT01`.
        id(&self) by ods_code;

        key(&self) ods_code: "ODS code, e.g. RGT01.";

        fields {
            /// The site's name as ODS records it.
            async fn name(&self) -> &str {
                &self.0.name
            }

            /// The site's postcode.
            async fn postcode(&self) -> Option<&str> {
                self.0.postcode.as_deref()
            }

            /// Latitude in degrees north (WGS84).
            async fn latitude(&self) -> Option<f64> {
                self.0.latitude
            }

            /// Longitude in degrees east (WGS84; negative west of Greenwich).
            async fn longitude(&self) -> Option<f64> {
                self.0.longitude
            }
        }

        record(&self) by ods_code;

        relations {
            /// The NHS trust the site belongs to.
            async fn trust(&self, ctx: &Context<'_>) -> Result<Trust> {
                Ok(required::<trust::Entity>(ctx, self.0.trust_id).await?.into())
            }
        }

        connections {
            /// Which genomic laboratory hub serves this site: its trust's serving hubs.
            fn serving_hubs(&self, ctx, query) -> ServingConn<Hub> {
                link_connection(related::<SiteServingHubs>(ctx, self.0.id, query).await?)
            }
        }
    }
}

roots! {
    Site: SiteRoots(SiteList, SiteLookups) {
        /// Hospitals and other sites of NHS trusts, by ODS code.
        list sites;
        /// A site by its ODS code, e.g. RGT01; null if there is none.
        site(ods_code: String = "Its ODS code.") by_key;
    }
}

crate::graphql::plan::planned! {
    Site(site) by ods_code {
        own {
            "odsCode": str ods_code,
            "name": str name,
            "postcode": opt_str postcode,
            "latitude": value latitude,
            "longitude": value longitude,
            "version": int version,
        }
        one { "trust": required Trust by trust_id }
        many {
            "servingHubs": SiteServingHubs => Hub with super::connection::Serving,
        }
    }
}
