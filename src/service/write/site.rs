//! Hospital and other sites of NHS trusts: written by admins, on the map of England.

use entity::{site, trust};
use sea_orm::{DatabaseTransaction, EntityTrait, IdenStatic};

use super::Writable;
use super::check::{
    ENGLAND_LATITUDE, ENGLAND_LONGITUDE, in_england, ods_code, optional_text, sources, text,
    trust_id,
};
use crate::error::{AppError, AppResult};

/// Everything a site holds; its trust by ODS code.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteFields {
    pub name: String,
    pub trust: String,
    pub postcode: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// Sites of NHS trusts (admins), keyed by ODS code.
pub struct Sites;

impl Writable for Sites {
    type Entity = site::Entity;
    type Fields = SiteFields;
    type Links = ();
    const NOUN: &'static str = "site";

    fn new_key(key: &str) -> AppResult<String> {
        ods_code(site::Column::OdsCode.as_str(), key)
    }

    async fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &SiteFields,
    ) -> AppResult<(site::Model, ())> {
        use site::Column;
        if fields.latitude.is_some() != fields.longitude.is_some() {
            return Err(AppError::invalid(
                Column::Longitude.as_str(),
                "must be given with the latitude, and only with it",
            ));
        }
        let model = site::Model {
            id,
            ods_code: key,
            name: text(Column::Name.as_str(), &fields.name, 255)?,
            trust_id: trust_id(txn, Column::TrustId.as_str(), &fields.trust).await?,
            postcode: optional_text(Column::Postcode.as_str(), &fields.postcode, 16)?,
            latitude: in_england(
                Column::Latitude.as_str(),
                fields.latitude,
                &ENGLAND_LATITUDE,
            )?,
            longitude: in_england(
                Column::Longitude.as_str(),
                fields.longitude,
                &ENGLAND_LONGITUDE,
            )?,
            note: optional_text(Column::Note.as_str(), &fields.note, 2000)?,
            sources: sources(Column::Sources.as_str(), &fields.sources)?,
            version,
        };
        Ok((model, ()))
    }

    async fn fields(txn: &DatabaseTransaction, model: &site::Model) -> AppResult<SiteFields> {
        let trust = trust::Entity::find_by_id(model.trust_id)
            .one(txn)
            .await?
            .map(|t| t.ods_code)
            .ok_or_else(|| AppError::Internal(format!("site {} has no trust", model.ods_code)))?;
        Ok(SiteFields {
            name: model.name.clone(),
            trust,
            postcode: model.postcode.clone(),
            latitude: model.latitude,
            longitude: model.longitude,
            note: model.note.clone(),
            sources: model.sources.urls().map_err(AppError::stored)?,
        })
    }
}
