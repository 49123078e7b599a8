use async_graphql::{Context, Object, Result};
use entity::region;

use super::connection::{Conn, connection};
use super::roots::{by_key, root};
use super::{Hub, Region};
use crate::graphql::loaders::{related, required};
use crate::service::kinds::TrustLedHubs;

api_type!(Trust, trust, TrustFilter, TrustOrder, TrustRoots);

object! {
    /// An NHS trust. Seven of them lead a genomic laboratory hub.
    impl Trust {
        /// Global, stable id: `Trust:<ODS code>`, e.g. `Trust:RQ3`.
        id(&self) by ods_code;

        fields {
            /// ODS code, e.g. RQ3.
            async fn ods_code(&self) -> &str {
                &self.0.ods_code
            }

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
        }

        connections {
            /// The genomic laboratory hubs this trust leads.
            fn led_hubs(&self, ctx, query) -> Conn<Hub> {
                Ok(connection(related::<TrustLedHubs>(ctx, self.0.id, query).await?))
            }
        }
    }
}

/// The root fields of Trust: the list, then the lookups.
#[derive(async_graphql::MergedObject, Default)]
pub struct TrustRoots(TrustList, TrustLookups);

#[derive(Default)]
pub struct TrustList;

object! {
    impl TrustList {
        connections {
            /// NHS trusts, by ODS code.
            fn trusts(&self, ctx, query) -> Conn<Trust> {
                root(ctx, query).await
            }
        }
    }
}

#[derive(Default)]
pub struct TrustLookups;

#[Object]
impl TrustLookups {
    /// A trust by its ODS code, e.g. RQ3; null if there is none.
    async fn trust(&self, ctx: &Context<'_>, ods_code: String) -> Result<Option<Trust>> {
        Ok(by_key(ctx, &ods_code).await?)
    }
}
