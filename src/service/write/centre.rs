//! Genomic Medicine Centres of the 100,000 Genomes Project: written by editors.

use entity::{Confidence, Mention, Mentions, genomic_medicine_centre, trust};
use sea_orm::{DatabaseTransaction, EntityTrait, IdenStatic};

use super::check::{ods_code, optional_text, slug, source_list, sources, text, trust_id, validity};
use super::{Validity, Writable};
use crate::error::{AppError, AppResult};

/// Everything a centre holds; its lead trust by ODS code where it is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CentreFields {
    pub name: String,
    pub lead_trust: Option<String>,
    pub lead_as_stated: Option<String>,
    pub lead_confidence: Confidence,
    pub lead_ods_mapping: Option<String>,
    pub validity: Validity,
    pub partners: Vec<Mention>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// Genomic Medicine Centres (editors), keyed by slug.
pub struct Centres;

impl Writable for Centres {
    type Entity = genomic_medicine_centre::Entity;
    type Fields = CentreFields;
    type Links = ();
    const NOUN: &'static str = "Genomic Medicine Centre";

    fn new_key(key: &str) -> AppResult<String> {
        slug(genomic_medicine_centre::Column::Slug.as_str(), key)
    }

    async fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &CentreFields,
    ) -> AppResult<(genomic_medicine_centre::Model, ())> {
        use genomic_medicine_centre::Column;
        let lead_trust_id = match &fields.lead_trust {
            Some(code) => Some(trust_id(txn, Column::LeadTrustId.as_str(), code).await?),
            None => None,
        };
        let validity = validity(
            [
                Column::ValidFrom.as_str(),
                Column::ValidFromPrecision.as_str(),
                Column::ValidTo.as_str(),
                Column::ValidToPrecision.as_str(),
            ],
            &fields.validity,
        )?;
        let field = Column::Partners.as_str();
        let mut partners = Vec::with_capacity(fields.partners.len());
        for (i, p) in fields.partners.iter().enumerate() {
            let at = |name: &str| format!("{field}.{i}.{name}");
            let ods = match &p.ods_code {
                Some(code) => {
                    let code = ods_code(&at("ods_code"), code)?;
                    trust_id(txn, &at("ods_code"), &code).await?;
                    Some(code)
                }
                None => None,
            };
            partners.push(Mention {
                name_as_stated: text(&at("name_as_stated"), &p.name_as_stated, 255)?,
                ods_code: ods,
                role: optional_text(&at("role"), &p.role, 255)?,
                confidence: p.confidence,
                ods_mapping: optional_text(&at("ods_mapping"), &p.ods_mapping, 500)?,
                note: optional_text(&at("note"), &p.note, 2000)?,
                sources: source_list(&at("sources"), &p.sources)?,
            });
        }
        let model = genomic_medicine_centre::Model {
            id,
            slug: key,
            name: text(Column::Name.as_str(), &fields.name, 255)?,
            lead_trust_id,
            lead_as_stated: optional_text(
                Column::LeadAsStated.as_str(),
                &fields.lead_as_stated,
                255,
            )?,
            lead_confidence: fields.lead_confidence,
            lead_ods_mapping: optional_text(
                Column::LeadOdsMapping.as_str(),
                &fields.lead_ods_mapping,
                500,
            )?,
            valid_from: validity.from,
            valid_from_precision: validity.from_precision,
            valid_to: validity.to,
            valid_to_precision: validity.to_precision,
            partners: Mentions(partners),
            note: optional_text(Column::Note.as_str(), &fields.note, 2000)?,
            sources: sources(Column::Sources.as_str(), &fields.sources)?,
            version,
        };
        Ok((model, ()))
    }

    async fn fields(
        txn: &DatabaseTransaction,
        model: &genomic_medicine_centre::Model,
    ) -> AppResult<CentreFields> {
        let lead_trust = match model.lead_trust_id {
            Some(id) => Some(
                trust::Entity::find_by_id(id)
                    .one(txn)
                    .await?
                    .map(|t| t.ods_code)
                    .ok_or_else(|| {
                        AppError::Internal(format!("centre {} has no trust {id}", model.slug))
                    })?,
            ),
            None => None,
        };
        Ok(CentreFields {
            name: model.name.clone(),
            lead_trust,
            lead_as_stated: model.lead_as_stated.clone(),
            lead_confidence: model.lead_confidence,
            lead_ods_mapping: model.lead_ods_mapping.clone(),
            validity: Validity {
                from: model.valid_from,
                from_precision: model.valid_from_precision,
                to: model.valid_to,
                to_precision: model.valid_to_precision,
            },
            partners: model.partners.0.clone(),
            note: model.note.clone(),
            sources: model.sources.urls().map_err(AppError::stored)?,
        })
    }
}
