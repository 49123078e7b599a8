//! NHS trusts: written by admins; one still leading a hub, hosting an alliance or having sites
//! stays.

use entity::{alliance, genomic_medicine_centre, hub, hub_membership, icb, region, site, trust};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, IdenStatic, QueryFilter,
};

use super::check::{icb_id, ods_code, optional_text, region_id, sources, text, url};
use super::{Writable, unreferenced};
use crate::error::{AppError, AppResult};
use crate::service::kinds::Kind;

/// Everything a trust holds; its region by ONS code, its integrated care board by ODS code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustFields {
    pub name: String,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub website: Option<String>,
    pub region: String,
    pub icb: Option<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

async fn trust_model(
    txn: &DatabaseTransaction,
    id: i32,
    code: String,
    version: i32,
    fields: &TrustFields,
) -> AppResult<trust::Model> {
    let region_id = region_id(txn, trust::Column::RegionId.as_str(), &fields.region).await?;
    let icb_id = match &fields.icb {
        Some(code) => Some(icb_id(txn, trust::Column::IcbId.as_str(), code).await?),
        None => None,
    };
    Ok(trust::Model {
        id,
        ods_code: code,
        name: text(trust::Column::Name.as_str(), &fields.name, 255)?,
        address: optional_text(trust::Column::Address.as_str(), &fields.address, 255)?,
        postcode: optional_text(trust::Column::Postcode.as_str(), &fields.postcode, 16)?,
        website: url(trust::Column::Website.as_str(), &fields.website)?,
        region_id,
        icb_id,
        note: optional_text(trust::Column::Note.as_str(), &fields.note, 2000)?,
        sources: sources(trust::Column::Sources.as_str(), &fields.sources)?,
        version,
    })
}

/// The current fields of a trust, its region as an ONS code.
pub async fn trust_fields(
    db: &impl ConnectionTrait,
    trust: &trust::Model,
) -> AppResult<TrustFields> {
    let region = region::Entity::find_by_id(trust.region_id)
        .one(db)
        .await?
        .map(|r| r.code)
        .ok_or_else(|| AppError::Internal(format!("trust {} has no region", trust.ods_code)))?;
    let icb = match trust.icb_id {
        Some(id) => Some(
            icb::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(|i| i.ods_code)
                .ok_or_else(|| {
                    AppError::Internal(format!("trust {} has no ICB {id}", trust.ods_code))
                })?,
        ),
        None => None,
    };
    Ok(TrustFields {
        name: trust.name.clone(),
        address: trust.address.clone(),
        postcode: trust.postcode.clone(),
        website: trust.website.clone(),
        region,
        icb,
        note: trust.note.clone(),
        sources: trust.sources.urls().map_err(AppError::stored)?,
    })
}

/// NHS trusts (admins); a trust leading a hub or hosting an alliance is not deleted.
pub struct Trusts;

impl Writable for Trusts {
    type Entity = trust::Entity;
    type Fields = TrustFields;
    type Links = ();
    const NOUN: &'static str = "trust";

    fn new_key(key: &str) -> AppResult<String> {
        ods_code(trust::Column::OdsCode.as_str(), key)
    }

    async fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &TrustFields,
    ) -> AppResult<(trust::Model, ())> {
        Ok((trust_model(txn, id, key, version, fields).await?, ()))
    }

    async fn fields(txn: &DatabaseTransaction, model: &trust::Model) -> AppResult<TrustFields> {
        trust_fields(txn, model).await
    }

    async fn check_unreferenced(txn: &DatabaseTransaction, model: &trust::Model) -> AppResult<()> {
        let led = hub::Entity::find()
            .filter(hub::Column::LeadTrustId.eq(model.id))
            .all(txn)
            .await?;
        let hosted = alliance::Entity::find()
            .filter(alliance::Column::HostTrustId.eq(model.id))
            .all(txn)
            .await?;
        let sites = site::Entity::find()
            .filter(site::Column::TrustId.eq(model.id))
            .all(txn)
            .await?;
        let memberships = hub_membership::Entity::find()
            .filter(hub_membership::Column::TrustId.eq(model.id))
            .all(txn)
            .await?;
        let uses = led
            .iter()
            .map(|h| format!("it leads {}", Kind::Hub.global_id(&h.slug)))
            .chain(
                hosted
                    .iter()
                    .map(|a| format!("it hosts {}", Kind::Alliance.global_id(&a.slug))),
            )
            .chain(
                sites
                    .iter()
                    .map(|s| format!("it has {}", Kind::Site.global_id(&s.ods_code))),
            )
            .chain(
                memberships
                    .iter()
                    .map(|m| format!("it is {}", Kind::HubMembership.global_id(&m.slug))),
            );
        // The centres it led, or names it among their partners by ODS code (thirteen rows, and
        // the partners a list in each: read whole).
        let centres = genomic_medicine_centre::Entity::find().all(txn).await?;
        let centres = centres
            .iter()
            .filter(|c| {
                c.lead_trust_id == Some(model.id)
                    || c.partners
                        .0
                        .iter()
                        .any(|p| p.ods_code.as_deref() == Some(model.ods_code.as_str()))
            })
            .map(|c| {
                format!(
                    "{} names it",
                    Kind::GenomicMedicineCentre.global_id(&c.slug)
                )
            });
        unreferenced(Self::NOUN, uses.chain(centres))
    }
}
