use async_graphql::{Context, Result};

use super::Alliance;
use super::connection::Conn;
use crate::graphql::loaders::by_key;
use crate::graphql::values::enums::Confidence;

api_type!(
    NetworkOfExcellence,
    network_of_excellence,
    NetworkOfExcellenceFilter,
    NetworkOfExcellenceOrder,
    NetworkOfExcellenceRoots
);

object! {
    /// An NHS Genomic Network of Excellence: a national network on one topic, forming part of
    /// the Genomic Medicine Service Alliances. The sources read name the lead of two of the
    /// eight; the others' leads are UNCONFIRMED, and shown so.
    impl NetworkOfExcellence {
        /// Global, stable id: `NetworkOfExcellence:<slug>`, e.g.
        /// `NetworkOfExcellence:pharmacogenomics`.
        id(&self) by slug;

        key(&self) slug: "Short name for URLs, e.g. `pharmacogenomics`.";

        fields {
            /// The network's topic, as NHS England names it.
            async fn topic(&self) -> &str {
                &self.0.topic
            }

            /// What the network is to do, in its source's words; null where none says.
            async fn summary(&self) -> Option<&str> {
                self.0.summary.as_deref()
            }

            /// Its lead, as the sources say it; null where no source read names it.
            async fn lead(&self) -> Option<&str> {
                self.0.lead.as_deref()
            }

            /// How sure the data is of the lead: UNCONFIRMED where no source names one.
            async fn lead_confidence(&self) -> Confidence {
                self.0.lead_confidence.into()
            }

            /// The words of the source that names the lead.
            async fn lead_quote(&self) -> Option<&str> {
                self.0.lead_quote.as_deref()
            }

            /// Its partners, as the sources say them; null where none does.
            async fn partners(&self) -> Option<&str> {
                self.0.partners.as_deref()
            }
        }

        record(&self) by slug;

        relations {
            /// The alliances that lead (or co-lead) the network, where a source names them.
            async fn lead_alliances(&self, ctx: &Context<'_>) -> Result<Vec<Alliance>> {
                let mut found = Vec::with_capacity(self.0.lead_alliances.0.len());
                for slug in &self.0.lead_alliances.0 {
                    if let Some(alliance) = by_key::<entity::alliance::Entity>(ctx, slug).await? {
                        found.push(alliance.into());
                    }
                }
                Ok(found)
            }
        }
    }
}

roots! {
    NetworkOfExcellence: NetworkOfExcellenceRoots(NetworkOfExcellenceList, NetworkOfExcellenceLookups) {
        /// The Genomic Networks of Excellence, by topic.
        list networks_of_excellence;
        /// A network by its id; null if there is none.
        network_of_excellence(id: async_graphql::ID = "Its global id, `<Type>:<key>`, as its `id` field gives it.") by_id;
        /// A network by its slug, e.g. `pharmacogenomics`; null if there is none.
        network_of_excellence_by_slug(slug: String = "Its slug: the key in its global id after the colon.") by_key;
    }
}

crate::graphql::plan::planned! {
    NetworkOfExcellence(network_of_excellence) by slug {
        own {
            "slug": str slug,
            "topic": str topic,
            "summary": opt_str summary,
            "lead": opt_str lead,
            "leadConfidence": enum lead_confidence as Confidence,
            "leadQuote": opt_str lead_quote,
            "partners": opt_str partners,
            "version": int version,
        }
        one {}
        many {}
    }
}
