//! Genomic laboratory hubs: written by admins, with the regions they cover. A hub an alliance
//! works with, or that offers courses, stays.

use entity::{alliance, hub, hub_membership, hub_region, training_course};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, IdenStatic, QueryFilter};

use super::check::{optional_text, slug, sources, text, trust_id};
use super::coverage::{self, Coverage, CoverageRows, WithRegions};
use super::{Writable, json, unreferenced};
use crate::error::{AppError, AppResult};
use crate::service::kinds::Kind;

/// Everything a hub holds: its lead trust by ODS code, its regions by ONS code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HubFields {
    pub validity: super::Validity,
    pub name: String,
    pub lead_trust: String,
    pub coverage_description: Option<String>,
    pub regions: Vec<Coverage>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// Genomic laboratory hubs (admins).
pub struct Hubs;

impl Writable for Hubs {
    type Entity = hub::Entity;
    type Fields = HubFields;
    /// The regions covered.
    type Links = CoverageRows;
    const NOUN: &'static str = "hub";

    fn duplicate(key: &str) -> String {
        format!("a hub {key:?}, or one with the same name, already exists")
    }

    fn new_key(key: &str) -> AppResult<String> {
        slug(hub::Column::Slug.as_str(), key)
    }

    async fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &HubFields,
    ) -> AppResult<(hub::Model, CoverageRows)> {
        let validity = super::check::validity(
            [
                hub::Column::ValidFrom.as_str(),
                hub::Column::ValidFromPrecision.as_str(),
                hub::Column::ValidTo.as_str(),
                hub::Column::ValidToPrecision.as_str(),
            ],
            &fields.validity,
        )?;
        let model = hub::Model {
            id,
            slug: key,
            name: text(hub::Column::Name.as_str(), &fields.name, 255)?,
            lead_trust_id: trust_id(txn, hub::Column::LeadTrustId.as_str(), &fields.lead_trust)
                .await?,
            coverage_description: optional_text(
                hub::Column::CoverageDescription.as_str(),
                &fields.coverage_description,
                2000,
            )?,
            valid_from: validity.from,
            valid_from_precision: validity.from_precision,
            valid_to: validity.to,
            valid_to_precision: validity.to_precision,
            note: optional_text(hub::Column::Note.as_str(), &fields.note, 2000)?,
            sources: sources(hub::Column::Sources.as_str(), &fields.sources)?,
            version,
        };
        let regions = coverage::check(txn, coverage::FIELD, &fields.regions).await?;
        Ok((model, regions))
    }

    async fn fields(txn: &DatabaseTransaction, model: &hub::Model) -> AppResult<HubFields> {
        let lead_trust = entity::trust::Entity::find_by_id(model.lead_trust_id)
            .one(txn)
            .await?
            .map(|t| t.ods_code)
            .ok_or_else(|| AppError::Internal(format!("hub {} has no lead trust", model.slug)))?;
        Ok(HubFields {
            validity: super::Validity {
                from: model.valid_from,
                from_precision: model.valid_from_precision,
                to: model.valid_to,
                to_precision: model.valid_to_precision,
            },
            name: model.name.clone(),
            lead_trust,
            coverage_description: model.coverage_description.clone(),
            regions: coverage::of::<hub_region::Entity>(txn, model.id).await?,
            note: model.note.clone(),
            sources: model.sources.urls().map_err(AppError::stored)?,
        })
    }

    async fn link(
        txn: &DatabaseTransaction,
        model: &hub::Model,
        regions: CoverageRows,
    ) -> AppResult<()> {
        coverage::replace::<hub_region::Entity>(txn, model.id, regions).await
    }

    async fn check_unreferenced(txn: &DatabaseTransaction, model: &hub::Model) -> AppResult<()> {
        let alliances = alliance::Entity::find()
            .filter(alliance::Column::HubId.eq(model.id))
            .all(txn)
            .await?;
        let courses = training_course::Entity::find()
            .filter(training_course::Column::HubId.eq(model.id))
            .all(txn)
            .await?;
        let members = hub_membership::Entity::find()
            .filter(hub_membership::Column::HubId.eq(model.id))
            .all(txn)
            .await?;
        let uses = alliances
            .iter()
            .map(|a| format!("{} works with it", Kind::Alliance.global_id(&a.slug)))
            .chain(
                courses
                    .iter()
                    .map(|c| format!("it offers {}", Kind::TrainingCourse.global_id(&c.slug))),
            )
            .chain(
                members
                    .iter()
                    .map(|m| format!("it has {}", Kind::HubMembership.global_id(&m.slug))),
            );
        unreferenced(Self::NOUN, uses)
    }

    async fn snapshot(
        txn: &DatabaseTransaction,
        model: &hub::Model,
    ) -> AppResult<serde_json::Value> {
        let regions = coverage::of::<hub_region::Entity>(txn, model.id).await?;
        json(&WithRegions {
            record: model,
            regions,
        })
    }
}
