use async_graphql::{Context, Result};
use entity::region;

use super::connection::{AreaConn, Conn, ServingConn, connection, link_connection};
use super::{Alliance, Hub, Region, Trust};
use crate::graphql::loaders::{related, required};
use crate::service::kinds::{IcbAlliances, IcbHubs, IcbServingHubs, IcbTrusts};

api_type!(Icb, icb, IcbFilter, IcbOrder, IcbRoots);

object! {
    /// An integrated care board (ICB): the NHS body that plans care for one area of England,
    /// inside one NHS England region.
    impl Icb {
        /// Global, stable id: `Icb:<ODS code>`, e.g. `Icb:QUE`.
        id(&self) by ods_code;

        key(&self) ods_code: "ODS code, e.g. QUE.";

        fields {
            /// ONS code, e.g. E54000056.
            async fn code(&self) -> &str {
                &self.0.code
            }

            /// The board's name as ODS records it.
            async fn name(&self) -> &str {
                &self.0.name
            }
        }

        validity(&self);

        record(&self) by ods_code;

        relations {
            /// The NHS England region the board is in.
            async fn region(&self, ctx: &Context<'_>) -> Result<Region> {
                Ok(required::<region::Entity>(ctx, self.0.region_id)
                    .await?
                    .into())
            }
        }

        connections {
            /// The NHS trusts whose sites are in this board's area, as ODS assigns them.
            fn trusts(&self, ctx, query) -> Conn<Trust> {
                Ok(connection(related::<IcbTrusts>(ctx, self.0.id, query).await?))
            }

            /// The genomic laboratory hubs linked to this board's area: how much of it each
            /// serves, how sure, and why.
            fn hubs(&self, ctx, query) -> AreaConn<Hub> {
                link_connection(related::<IcbHubs>(ctx, self.0.id, query).await?)
            }

            /// The genomic medicine service alliances linked to this board's area.
            fn alliances(&self, ctx, query) -> AreaConn<Alliance> {
                link_connection(related::<IcbAlliances>(ctx, self.0.id, query).await?)
            }

            /// Which genomic laboratory hub serves this board's area: every hub linked to it,
            /// marked ambiguous unless exactly one serves it whole.
            fn serving_hubs(&self, ctx, query) -> ServingConn<Hub> {
                link_connection(related::<IcbServingHubs>(ctx, self.0.id, query).await?)
            }
        }
    }
}

roots! {
    Icb: IcbRoots(IcbList, IcbLookups) {
        /// Integrated care boards, by ODS code.
        list icbs;
        /// An integrated care board by its ODS code, e.g. QUE; null if there is none.
        icb(ods_code: String = "Its ODS code, e.g. `QUE`.") by_key;
    }
}

crate::graphql::plan::planned! {
    Icb(icb) by ods_code {
        own { "odsCode": str ods_code, "code": str code, "name": str name, "version": int version }
        one { "region": required Region by region_id }
        many {
            "trusts": IcbTrusts => Trust with async_graphql::connection::EmptyFields,
            "hubs": IcbHubs => Hub with super::connection::Area,
            "alliances": IcbAlliances => Alliance with super::connection::Area,
            "servingHubs": IcbServingHubs => Hub with super::connection::Serving,
        }
    }
}
