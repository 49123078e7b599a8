//! NHS England regions: written by admins. A region with trusts in it, or covered by a hub or an
//! alliance, stays.

use entity::{alliance, alliance_region, hub, hub_region, region, trust};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, IdenStatic, QueryFilter};

use super::check::{ods_code, ons_code, optional_text, sources, text};
use super::{Writable, linked, unreferenced};
use crate::error::AppResult;
use crate::service::kinds::Kind;

/// Everything a region holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionFields {
    pub ods_code: String,
    pub name: String,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// NHS England regions (admins), keyed by ONS code.
pub struct Regions;

impl Writable for Regions {
    type Entity = region::Entity;
    type Fields = RegionFields;
    type Links = ();
    const NOUN: &'static str = "region";

    fn duplicate(key: &str) -> String {
        format!("a region {key:?}, or one with the same ODS code, already exists")
    }

    fn new_key(key: &str) -> AppResult<String> {
        ons_code(region::Column::Code.as_str(), key)
    }

    async fn build(
        _txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &RegionFields,
    ) -> AppResult<(region::Model, ())> {
        let model = region::Model {
            id,
            code: key,
            ods_code: ods_code(region::Column::OdsCode.as_str(), &fields.ods_code)?,
            name: text(region::Column::Name.as_str(), &fields.name, 255)?,
            note: optional_text(region::Column::Note.as_str(), &fields.note, 2000)?,
            sources: sources(region::Column::Sources.as_str(), &fields.sources)?,
            version,
        };
        Ok((model, ()))
    }

    async fn fields(_txn: &DatabaseTransaction, model: &region::Model) -> AppResult<RegionFields> {
        Ok(RegionFields {
            ods_code: model.ods_code.clone(),
            name: model.name.clone(),
            note: model.note.clone(),
            sources: model
                .sources
                .urls()
                .map_err(crate::error::AppError::stored)?,
        })
    }

    async fn check_unreferenced(txn: &DatabaseTransaction, model: &region::Model) -> AppResult<()> {
        let trusts = trust::Entity::find()
            .filter(trust::Column::RegionId.eq(model.id))
            .all(txn)
            .await?;
        let hubs = linked::<hub_region::Entity, hub::Entity>(
            txn,
            hub_region::Column::RegionId,
            model.id,
            hub_region::Column::HubId,
        )
        .await?;
        let alliances = linked::<alliance_region::Entity, alliance::Entity>(
            txn,
            alliance_region::Column::RegionId,
            model.id,
            alliance_region::Column::AllianceId,
        )
        .await?;
        let uses = trusts
            .iter()
            .map(|t| format!("{} is in it", Kind::Trust.global_id(&t.ods_code)))
            .chain(
                hubs.iter()
                    .map(|h| format!("{} covers it", Kind::Hub.global_id(&h.slug))),
            )
            .chain(
                alliances
                    .iter()
                    .map(|a| format!("{} covers it", Kind::Alliance.global_id(&a.slug))),
            );
        unreferenced(Self::NOUN, uses)
    }
}
