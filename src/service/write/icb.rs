//! Integrated care boards: written by admins. One with trusts in it, or served by a hub or an
//! alliance, stays.

use entity::{alliance, alliance_icb, hub, hub_icb, icb, region, trust};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, IdenStatic, QueryFilter};

use super::check::{ods_code, ons_code, optional_text, region_id, sources, text, validity};
use super::{Validity, Writable, linked, unreferenced};
use crate::error::{AppError, AppResult};
use crate::service::kinds::Kind;

/// Everything an ICB holds; its region by ONS code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcbFields {
    pub code: String,
    pub name: String,
    pub region: String,
    pub validity: Validity,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// Integrated care boards (admins), keyed by ODS code.
pub struct Icbs;

impl Writable for Icbs {
    type Entity = icb::Entity;
    type Fields = IcbFields;
    type Links = ();
    const NOUN: &'static str = "integrated care board";

    fn duplicate(key: &str) -> String {
        format!("an integrated care board {key:?}, or one with the same ONS code, already exists")
    }

    fn new_key(key: &str) -> AppResult<String> {
        ods_code(icb::Column::OdsCode.as_str(), key)
    }

    async fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &IcbFields,
    ) -> AppResult<(icb::Model, ())> {
        use icb::Column;
        let validity = validity(
            [
                Column::ValidFrom.as_str(),
                Column::ValidFromPrecision.as_str(),
                Column::ValidTo.as_str(),
                Column::ValidToPrecision.as_str(),
            ],
            &fields.validity,
        )?;
        let model = icb::Model {
            id,
            ods_code: key,
            code: ons_code(Column::Code.as_str(), &fields.code)?,
            name: text(Column::Name.as_str(), &fields.name, 255)?,
            region_id: region_id(txn, Column::RegionId.as_str(), &fields.region).await?,
            valid_from: validity.from,
            valid_from_precision: validity.from_precision,
            valid_to: validity.to,
            valid_to_precision: validity.to_precision,
            note: optional_text(Column::Note.as_str(), &fields.note, 2000)?,
            sources: sources(Column::Sources.as_str(), &fields.sources)?,
            version,
        };
        Ok((model, ()))
    }

    async fn fields(txn: &DatabaseTransaction, model: &icb::Model) -> AppResult<IcbFields> {
        let region = region::Entity::find_by_id(model.region_id)
            .one(txn)
            .await?
            .map(|r| r.code)
            .ok_or_else(|| AppError::Internal(format!("ICB {} has no region", model.ods_code)))?;
        Ok(IcbFields {
            code: model.code.clone(),
            name: model.name.clone(),
            region,
            validity: Validity {
                from: model.valid_from,
                from_precision: model.valid_from_precision,
                to: model.valid_to,
                to_precision: model.valid_to_precision,
            },
            note: model.note.clone(),
            sources: model.sources.urls().map_err(AppError::stored)?,
        })
    }

    async fn check_unreferenced(txn: &DatabaseTransaction, model: &icb::Model) -> AppResult<()> {
        let trusts = trust::Entity::find()
            .filter(trust::Column::IcbId.eq(model.id))
            .all(txn)
            .await?;
        let hubs = linked::<hub_icb::Entity, hub::Entity>(
            txn,
            hub_icb::Column::IcbId,
            model.id,
            hub_icb::Column::HubId,
        )
        .await?;
        let alliances = linked::<alliance_icb::Entity, alliance::Entity>(
            txn,
            alliance_icb::Column::IcbId,
            model.id,
            alliance_icb::Column::AllianceId,
        )
        .await?;
        let uses = trusts
            .iter()
            .map(|t| format!("{} is in it", Kind::Trust.global_id(&t.ods_code)))
            .chain(
                hubs.iter()
                    .map(|h| format!("{} serves it", Kind::Hub.global_id(&h.slug))),
            )
            .chain(
                alliances
                    .iter()
                    .map(|a| format!("{} serves it", Kind::Alliance.global_id(&a.slug))),
            );
        unreferenced(Self::NOUN, uses)
    }
}
