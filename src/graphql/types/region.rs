use super::connection::{Conn, CoverageConn, connection, coverage_connection};
use super::{Alliance, Hub, Icb, Trust};
use crate::graphql::loaders::related;
use crate::service::kinds::{RegionAlliances, RegionHubs, RegionIcbs, RegionTrusts};

api_type!(Region, region, RegionFilter, RegionOrder, RegionRoots);

object! {
    /// An NHS England region, the geography that hubs and alliances cover.
    impl Region {
        /// Global, stable id: `Region:<ONS code>`, e.g. `Region:E40000003`.
        id(&self) by code;

        key(&self) code: "ONS code, e.g. E40000003 (London).";

        fields {
            /// ODS code, e.g. Y56 (London).
            async fn ods_code(&self) -> &str {
                &self.0.ods_code
            }

            /// The region's name, e.g. "London".
            async fn name(&self) -> &str {
                &self.0.name
            }
        }

        record(&self) by code;

        connections {
            /// The genomic laboratory hubs covering this region, with how sure each link is.
            fn hubs(&self, ctx, query) -> CoverageConn<Hub> {
                coverage_connection(related::<RegionHubs>(ctx, self.0.id, query).await?)
            }

            /// The genomic medicine service alliances covering this region, with how sure each link is.
            fn alliances(&self, ctx, query) -> CoverageConn<Alliance> {
                coverage_connection(related::<RegionAlliances>(ctx, self.0.id, query).await?)
            }

            /// The NHS trusts in this region.
            fn trusts(&self, ctx, query) -> Conn<Trust> {
                Ok(connection(related::<RegionTrusts>(ctx, self.0.id, query).await?))
            }

            /// The integrated care boards in this region.
            fn icbs(&self, ctx, query) -> Conn<Icb> {
                Ok(connection(related::<RegionIcbs>(ctx, self.0.id, query).await?))
            }
        }
    }
}

roots! {
    Region: RegionRoots(RegionList, RegionLookups) {
        /// The NHS England regions, by ONS code.
        list regions;
        /// A region by its ONS code, e.g. E40000003; null if there is none.
        region(code: String = "Its ONS code, e.g. `E40000003`.") by_key;
    }
}

crate::graphql::plan::planned! {
    Region(region) by code {
        own { "code": str code, "odsCode": str ods_code, "name": str name, "version": int version }
        one {}
        many {
            "hubs": RegionHubs => Hub with super::connection::Coverage,
            "alliances": RegionAlliances => Alliance with super::connection::Coverage,
            "trusts": RegionTrusts => Trust with async_graphql::connection::EmptyFields,
            "icbs": RegionIcbs => Icb with async_graphql::connection::EmptyFields,
        }
    }
}
