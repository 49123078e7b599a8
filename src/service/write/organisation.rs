//! Organisations that are not trusts of the ODS data: written by editors. One a hub membership
//! names stays.

use entity::{hub_membership, organisation};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, IdenStatic, QueryFilter};

use super::check::{ods_code, optional_text, slug, sources, text};
use super::{Writable, unreferenced};
use crate::error::AppResult;
use crate::service::kinds::Kind;

/// Everything an organisation holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganisationFields {
    pub name: String,
    pub ods_code: Option<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// Organisations (editors), keyed by slug.
pub struct Organisations;

impl Writable for Organisations {
    type Entity = organisation::Entity;
    type Fields = OrganisationFields;
    type Links = ();
    const NOUN: &'static str = "organisation";

    fn new_key(key: &str) -> AppResult<String> {
        slug(organisation::Column::Slug.as_str(), key)
    }

    async fn build(
        _txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &OrganisationFields,
    ) -> AppResult<(organisation::Model, ())> {
        use organisation::Column;
        let model = organisation::Model {
            id,
            slug: key,
            name: text(Column::Name.as_str(), &fields.name, 255)?,
            ods_code: fields
                .ods_code
                .as_deref()
                .map(|code| ods_code(Column::OdsCode.as_str(), code))
                .transpose()?,
            note: optional_text(Column::Note.as_str(), &fields.note, 2000)?,
            sources: sources(Column::Sources.as_str(), &fields.sources)?,
            version,
        };
        Ok((model, ()))
    }

    async fn fields(
        _txn: &DatabaseTransaction,
        model: &organisation::Model,
    ) -> AppResult<OrganisationFields> {
        Ok(OrganisationFields {
            name: model.name.clone(),
            ods_code: model.ods_code.clone(),
            note: model.note.clone(),
            sources: model
                .sources
                .urls()
                .map_err(crate::error::AppError::stored)?,
        })
    }

    async fn check_unreferenced(
        txn: &DatabaseTransaction,
        model: &organisation::Model,
    ) -> AppResult<()> {
        let members = hub_membership::Entity::find()
            .filter(hub_membership::Column::OrganisationId.eq(model.id))
            .all(txn)
            .await?;
        let uses = members
            .iter()
            .map(|m| format!("{} names it", Kind::HubMembership.global_id(&m.slug)));
        unreferenced(Self::NOUN, uses)
    }
}
