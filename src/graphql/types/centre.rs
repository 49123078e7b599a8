use async_graphql::{Context, Result, SimpleObject};
use entity::trust;

use super::Trust;
use super::connection::Conn;
use crate::graphql::loaders::{by_key, optional};
use crate::graphql::values::enums::{Confidence, DatePrecision};
use crate::graphql::values::scalars::Date;

api_type!(
    GenomicMedicineCentre,
    genomic_medicine_centre,
    GenomicMedicineCentreFilter,
    GenomicMedicineCentreOrder,
    GenomicMedicineCentreRoots
);

/// An organisation a source names as a partner of a Genomic Medicine Centre.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct CentrePartner {
    /// Its name as the source gives it.
    pub name_as_stated: String,
    /// Its ODS code, where the name maps to one; null where it does not.
    pub ods_code: Option<String>,
    /// Its part, in the source's words, where the source gives one.
    pub role: Option<String>,
    /// How sure the data is that it was a partner.
    pub confidence: Confidence,
    /// How the name was matched to an ODS code, if it was.
    pub ods_mapping: Option<String>,
    /// What the sources leave open.
    pub note: Option<String>,
    /// Where the fact comes from.
    pub sources: Vec<String>,
}

#[async_graphql::ComplexObject]
impl CentrePartner {
    /// The partner as a trust of the network; null where its ODS code is not known.
    async fn trust(&self, ctx: &Context<'_>) -> Result<Option<Trust>> {
        Ok(match &self.ods_code {
            Some(code) => by_key::<trust::Entity>(ctx, code).await?.map(Into::into),
            None => None,
        })
    }
}

object! {
    /// A Genomic Medicine Centre of the 100,000 Genomes Project: an NHS lead trust and its
    /// partners, recruiting patients for whole genome sequencing. Eleven were announced in
    /// December 2014 and two more in December 2015. No source read gives the date they ended.
    impl GenomicMedicineCentre {
        /// Global, stable id: `GenomicMedicineCentre:<slug>`, e.g.
        /// `GenomicMedicineCentre:wessex`.
        id(&self) by slug;

        key(&self) slug: "Short name for URLs, e.g. `wessex`.";

        fields {
            /// Its name, e.g. "Wessex NHS GMC".
            async fn name(&self) -> &str {
                &self.0.name
            }

            /// The lead as the sources name it (a trust, or a joint lead of several).
            async fn lead_as_stated(&self) -> Option<&str> {
                self.0.lead_as_stated.as_deref()
            }

            /// How sure the data is of the lead.
            async fn lead_confidence(&self) -> Confidence {
                self.0.lead_confidence.into()
            }

            /// How the lead's name was matched to an ODS code, or why it was not.
            async fn lead_ods_mapping(&self) -> Option<&str> {
                self.0.lead_ods_mapping.as_deref()
            }

            /// When it was designated (announced); null where no source dates it.
            async fn valid_from(&self) -> Option<Date> {
                self.0.valid_from.map(Date)
            }

            /// How much of `validFrom` the sources give.
            async fn valid_from_precision(&self) -> Option<DatePrecision> {
                self.0.valid_from_precision.map(Into::into)
            }

            /// When it ended; null while no source read dates it.
            async fn valid_to(&self) -> Option<Date> {
                self.0.valid_to.map(Date)
            }

            /// How much of `validTo` the sources give.
            async fn valid_to_precision(&self) -> Option<DatePrecision> {
                self.0.valid_to_precision.map(Into::into)
            }

            /// Its partners, as the sources name them.
            async fn partners(&self) -> Vec<CentrePartner> {
                self.0
                    .partners
                    .0
                    .iter()
                    .map(|m| CentrePartner {
                        name_as_stated: m.name_as_stated.clone(),
                        ods_code: m.ods_code.clone(),
                        role: m.role.clone(),
                        confidence: m.confidence.into(),
                        ods_mapping: m.ods_mapping.clone(),
                        note: m.note.clone(),
                        sources: m.sources.clone(),
                    })
                    .collect()
            }
        }

        record(&self) by slug;

        relations {
            /// The lead trust; null where the lead has no ODS code here (a predecessor trust, a
            /// joint lead, a trust the ODS data bundled here does not list).
            async fn lead_trust(&self, ctx: &Context<'_>) -> Result<Option<Trust>> {
                Ok(optional::<trust::Entity>(ctx, self.0.lead_trust_id)
                    .await?
                    .map(Into::into))
            }
        }
    }
}

roots! {
    GenomicMedicineCentre: GenomicMedicineCentreRoots(GenomicMedicineCentreList, GenomicMedicineCentreLookups) {
        /// The Genomic Medicine Centres of the 100,000 Genomes Project, by name.
        list genomic_medicine_centres;
        /// A centre by its id; null if there is none.
        genomic_medicine_centre(id: async_graphql::ID = "Its global id, `<Type>:<key>`, as its `id` field gives it.") by_id;
        /// A centre by its slug, e.g. `wessex`; null if there is none.
        genomic_medicine_centre_by_slug(slug: String = "Its slug: the key in its global id after the colon.") by_key;
    }
}

crate::graphql::plan::planned! {
    GenomicMedicineCentre(genomic_medicine_centre) by slug {
        own {
            "slug": str slug,
            "name": str name,
            "leadAsStated": opt_str lead_as_stated,
            "leadConfidence": enum lead_confidence as crate::graphql::values::enums::Confidence,
            "leadOdsMapping": opt_str lead_ods_mapping,
            "validFromPrecision": opt_enum valid_from_precision
                as crate::graphql::values::enums::DatePrecision,
            "validToPrecision": opt_enum valid_to_precision
                as crate::graphql::values::enums::DatePrecision,
            "version": int version,
        }
        one { "leadTrust": optional Trust by lead_trust_id }
        many {}
    }
}
