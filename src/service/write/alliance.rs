//! Genomic medicine service alliances: written by admins, with the regions they cover. An
//! alliance leading or taking part in a project, or offering courses, stays.

use entity::{
    alliance, alliance_region, hub, network_of_excellence, project_lead, project_participant,
    training_course, transformation_project, trust,
};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, IdenStatic, QueryFilter};

use super::check::{hub_id, optional_text, slug, sources, text, trust_id, url};
use super::coverage::{self, Coverage, CoverageRows, WithRegions};
use super::{Writable, json, unreferenced};
use crate::error::{AppError, AppResult};
use crate::service::kinds::Kind;

/// Everything an alliance holds: its hub by slug, its host trust by ODS code, its regions by
/// ONS code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllianceFields {
    pub validity: super::Validity,
    pub name: String,
    pub hub: String,
    pub website: Option<String>,
    pub host_trust: Option<String>,
    pub regions: Vec<Coverage>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// Each hub works with one alliance: a second one for the same hub is a conflict.
async fn hub_free(txn: &DatabaseTransaction, hub: i32, alliance: i32, slug: &str) -> AppResult<()> {
    let other = alliance::Entity::find()
        .filter(alliance::Column::HubId.eq(hub))
        .filter(alliance::Column::Id.ne(alliance))
        .one(txn)
        .await?;
    match other {
        Some(other) => Err(AppError::Conflict(format!(
            "{} already works with {}; each hub works with one alliance",
            Kind::Alliance.global_id(&other.slug),
            Kind::Hub.global_id(slug),
        ))),
        None => Ok(()),
    }
}

/// Genomic medicine service alliances (admins).
pub struct Alliances;

impl Writable for Alliances {
    type Entity = alliance::Entity;
    type Fields = AllianceFields;
    /// The regions covered.
    type Links = CoverageRows;
    const NOUN: &'static str = "alliance";

    fn duplicate(key: &str) -> String {
        format!("an alliance {key:?}, or one with the same name or hub, already exists")
    }

    fn new_key(key: &str) -> AppResult<String> {
        slug(alliance::Column::Slug.as_str(), key)
    }

    async fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &AllianceFields,
    ) -> AppResult<(alliance::Model, CoverageRows)> {
        let validity = super::check::validity(
            [
                alliance::Column::ValidFrom.as_str(),
                alliance::Column::ValidFromPrecision.as_str(),
                alliance::Column::ValidTo.as_str(),
                alliance::Column::ValidToPrecision.as_str(),
            ],
            &fields.validity,
        )?;
        let name = text(alliance::Column::Name.as_str(), &fields.name, 255)?;
        let hub_id = hub_id(txn, alliance::Column::HubId.as_str(), &fields.hub).await?;
        let host_trust_id = match &fields.host_trust {
            Some(ods) => Some(trust_id(txn, alliance::Column::HostTrustId.as_str(), ods).await?),
            None => None,
        };
        let model = alliance::Model {
            id,
            slug: key,
            name,
            hub_id,
            website: url(alliance::Column::Website.as_str(), &fields.website)?,
            host_trust_id,
            valid_from: validity.from,
            valid_from_precision: validity.from_precision,
            valid_to: validity.to,
            valid_to_precision: validity.to_precision,
            note: optional_text(alliance::Column::Note.as_str(), &fields.note, 2000)?,
            sources: sources(alliance::Column::Sources.as_str(), &fields.sources)?,
            version,
        };
        let regions = coverage::check(txn, coverage::FIELD, &fields.regions).await?;
        hub_free(txn, hub_id, id, &fields.hub).await?;
        Ok((model, regions))
    }

    async fn fields(
        txn: &DatabaseTransaction,
        model: &alliance::Model,
    ) -> AppResult<AllianceFields> {
        let hub = hub::Entity::find_by_id(model.hub_id)
            .one(txn)
            .await?
            .map(|h| h.slug)
            .ok_or_else(|| AppError::Internal(format!("alliance {} has no hub", model.slug)))?;
        let host_trust = match model.host_trust_id {
            Some(id) => trust::Entity::find_by_id(id)
                .one(txn)
                .await?
                .map(|t| t.ods_code),
            None => None,
        };
        Ok(AllianceFields {
            validity: super::Validity {
                from: model.valid_from,
                from_precision: model.valid_from_precision,
                to: model.valid_to,
                to_precision: model.valid_to_precision,
            },
            name: model.name.clone(),
            hub,
            website: model.website.clone(),
            host_trust,
            regions: coverage::of::<alliance_region::Entity>(txn, model.id).await?,
            note: model.note.clone(),
            sources: model.sources.urls().map_err(AppError::stored)?,
        })
    }

    async fn link(
        txn: &DatabaseTransaction,
        model: &alliance::Model,
        regions: CoverageRows,
    ) -> AppResult<()> {
        coverage::replace::<alliance_region::Entity>(txn, model.id, regions).await
    }

    async fn check_unreferenced(
        txn: &DatabaseTransaction,
        model: &alliance::Model,
    ) -> AppResult<()> {
        // Every project it leads, alone or with others: `lead_alliance_id` names a lead only
        // when it leads alone.
        let led: Vec<i32> = project_lead::Entity::find()
            .filter(project_lead::Column::AllianceId.eq(model.id))
            .all(txn)
            .await?
            .into_iter()
            .map(|l| l.project_id)
            .collect();
        let led = transformation_project::Entity::find()
            .filter(transformation_project::Column::Id.is_in(led))
            .all(txn)
            .await?;
        let joined: Vec<i32> = project_participant::Entity::find()
            .filter(project_participant::Column::AllianceId.eq(model.id))
            .all(txn)
            .await?
            .into_iter()
            .map(|p| p.project_id)
            .collect();
        let joined = transformation_project::Entity::find()
            .filter(transformation_project::Column::Id.is_in(joined))
            .all(txn)
            .await?;
        let courses = training_course::Entity::find()
            .filter(training_course::Column::AllianceId.eq(model.id))
            .all(txn)
            .await?;
        let project =
            |p: &transformation_project::Model| Kind::TransformationProject.global_id(&p.slug);
        let uses = led
            .iter()
            .map(|p| format!("it leads {}", project(p)))
            .chain(
                joined
                    .iter()
                    .map(|p| format!("it takes part in {}", project(p))),
            )
            .chain(
                courses
                    .iter()
                    .map(|c| format!("it offers {}", Kind::TrainingCourse.global_id(&c.slug))),
            );
        // The networks it leads name it by slug in a list (a handful of rows: read whole).
        let networks = network_of_excellence::Entity::find().all(txn).await?;
        let networks = networks
            .iter()
            .filter(|n| n.lead_alliances.0.contains(&model.slug))
            .map(|n| format!("it leads {}", Kind::NetworkOfExcellence.global_id(&n.slug)));
        unreferenced(Self::NOUN, uses.chain(networks))
    }

    async fn snapshot(
        txn: &DatabaseTransaction,
        model: &alliance::Model,
    ) -> AppResult<serde_json::Value> {
        let regions = coverage::of::<alliance_region::Entity>(txn, model.id).await?;
        json(&WithRegions {
            record: model,
            regions,
        })
    }
}
