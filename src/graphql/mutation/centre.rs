use async_graphql::{ID, InputObject, MaybeUndefined};

use super::{
    Changes, Creates, Edit, maybe_reference, optional_reference, patch, patch_validity, validity,
};
use crate::error::AppResult;
use crate::graphql::values::enums::{Confidence, DatePrecision};
use crate::graphql::values::node_id::Kind;
use crate::graphql::values::scalars::Date;
use crate::service::write::CentreFields;

/// A partner of a Genomic Medicine Centre, as a source names it.
#[derive(InputObject)]
pub struct CentrePartnerInput {
    /// The organisation's name as the source gives it; not empty.
    pub name_as_stated: String,
    /// Its ODS code, where it is one of the network's trusts.
    pub ods_code: Option<String>,
    /// Its part, in the source's words.
    pub role: Option<String>,
    /// How sure the data is of it.
    pub confidence: Confidence,
    /// How the name was matched to an ODS code, if it was.
    pub ods_mapping: Option<String>,
    /// What the sources leave open.
    pub note: Option<String>,
    /// Where it comes from.
    #[graphql(default)]
    pub sources: Vec<String>,
}

/// A new Genomic Medicine Centre of the 100,000 Genomes Project.
#[derive(InputObject)]
pub struct CreateGenomicMedicineCentreInput {
    /// Lower-case letters, digits and hyphens; its id will be `GenomicMedicineCentre:<slug>`.
    pub slug: String,
    /// Its name; not empty.
    pub name: String,
    /// The id of the trust leading it, where known.
    pub lead_trust_id: Option<ID>,
    /// Its lead as the sources name it.
    pub lead_as_stated: Option<String>,
    /// How sure the data is of the lead.
    pub lead_confidence: Confidence,
    /// How the lead's name was matched to an ODS code, if it was.
    pub lead_ods_mapping: Option<String>,
    /// When it was designated; DAY precision unless said.
    pub valid_from: Option<Date>,
    /// How much of `validFrom` the sources give.
    pub valid_from_precision: Option<DatePrecision>,
    /// When it ended; not before `validFrom`.
    pub valid_to: Option<Date>,
    /// How much of `validTo` the sources give.
    pub valid_to_precision: Option<DatePrecision>,
    /// Its partners, as the sources name them.
    #[graphql(default)]
    pub partners: Vec<CentrePartnerInput>,
    /// What the sources leave open.
    pub note: Option<String>,
    /// Where its facts come from.
    #[graphql(default)]
    pub sources: Vec<String>,
}

/// Changes to a centre: fields left out stay as they are; null clears a field.
#[derive(InputObject)]
pub struct UpdateGenomicMedicineCentreInput {
    /// Its name; not empty.
    pub name: Option<String>,
    /// The id of the trust leading it; null where not known.
    pub lead_trust_id: MaybeUndefined<ID>,
    /// Its lead as the sources name it.
    pub lead_as_stated: MaybeUndefined<String>,
    /// How sure the data is of the lead.
    pub lead_confidence: Option<Confidence>,
    /// How the lead's name was matched to an ODS code, if it was.
    pub lead_ods_mapping: MaybeUndefined<String>,
    /// When it was designated; null clears it (and its precision).
    pub valid_from: MaybeUndefined<Date>,
    /// How much of `validFrom` the sources give; DAY where a new date comes without it.
    pub valid_from_precision: MaybeUndefined<DatePrecision>,
    /// When it ended; null while no source dates its end.
    pub valid_to: MaybeUndefined<Date>,
    /// How much of `validTo` the sources give; DAY where a new date comes without it.
    pub valid_to_precision: MaybeUndefined<DatePrecision>,
    /// Its partners (replaces the list).
    pub partners: Option<Vec<CentrePartnerInput>>,
    /// What the sources leave open.
    pub note: MaybeUndefined<String>,
    /// Where its facts come from (replaces the list).
    pub sources: Option<Vec<String>>,
}

fn partners(partners: Vec<CentrePartnerInput>) -> Vec<entity::Mention> {
    partners
        .into_iter()
        .map(|p| entity::Mention {
            name_as_stated: p.name_as_stated,
            ods_code: p.ods_code,
            role: p.role,
            confidence: p.confidence.into(),
            ods_mapping: p.ods_mapping,
            note: p.note,
            sources: p.sources,
        })
        .collect()
}

impl Creates for CreateGenomicMedicineCentreInput {
    type Fields = CentreFields;
    fn split(self) -> AppResult<(String, CentreFields)> {
        let fields = CentreFields {
            name: self.name,
            lead_trust: optional_reference("lead_trust_id", &self.lead_trust_id, Kind::Trust)?,
            lead_as_stated: self.lead_as_stated,
            lead_confidence: self.lead_confidence.into(),
            lead_ods_mapping: self.lead_ods_mapping,
            validity: validity(
                self.valid_from,
                self.valid_from_precision,
                self.valid_to,
                self.valid_to_precision,
            ),
            partners: partners(self.partners),
            note: self.note,
            sources: self.sources,
        };
        Ok((self.slug, fields))
    }
}

impl Changes<CentreFields> for UpdateGenomicMedicineCentreInput {
    fn changes(self) -> AppResult<Edit<CentreFields>> {
        let lead = maybe_reference("lead_trust_id", &self.lead_trust_id, Kind::Trust)?;
        Ok(Box::new(move |f| {
            if let Some(v) = self.name {
                f.name = v;
            }
            patch(&mut f.lead_trust, &lead);
            patch(&mut f.lead_as_stated, &self.lead_as_stated);
            if let Some(v) = self.lead_confidence {
                f.lead_confidence = v.into();
            }
            patch(&mut f.lead_ods_mapping, &self.lead_ods_mapping);
            patch_validity(
                &mut f.validity,
                &self.valid_from,
                &self.valid_from_precision,
                &self.valid_to,
                &self.valid_to_precision,
            );
            if let Some(v) = self.partners {
                f.partners = partners(v);
            }
            patch(&mut f.note, &self.note);
            if let Some(v) = self.sources {
                f.sources = v;
            }
        }))
    }
}

writes! {
    GenomicMedicineCentreMutation: GenomicMedicineCentre, Centres, Editor;
    /// Adds a Genomic Medicine Centre (editors and admins).
    create_genomic_medicine_centre(CreateGenomicMedicineCentreInput);
    /// Changes a centre still at `expectedVersion` (editors and admins).
    update_genomic_medicine_centre(UpdateGenomicMedicineCentreInput);
    /// Deletes a centre still at `expectedVersion` (editors and admins).
    delete_genomic_medicine_centre;
}
