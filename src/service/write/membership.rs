//! Memberships of genomic laboratory hubs: written by editors, as partners join or leave.

use entity::{Confidence, MembershipRole, hub, hub_membership, organisation, trust};
use sea_orm::{DatabaseTransaction, EntityTrait, IdenStatic};

use super::Writable;
use super::check::{hub_id, optional_text, organisation_id, slug, sources, text, trust_id};
use crate::error::{AppError, AppResult};

/// Everything a membership holds; its hub by slug, its trust by ODS code where it is one, else
/// its organisation by slug where it is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MembershipFields {
    pub hub: String,
    pub trust: Option<String>,
    pub organisation: Option<String>,
    pub name_as_stated: String,
    pub role: MembershipRole,
    pub role_confidence: Confidence,
    pub role_as_stated: Option<String>,
    pub ods_mapping: Option<String>,
    pub quote: Option<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// Hub memberships (editors), keyed by slug.
pub struct Memberships;

impl Writable for Memberships {
    type Entity = hub_membership::Entity;
    type Fields = MembershipFields;
    type Links = ();
    const NOUN: &'static str = "hub membership";

    fn new_key(key: &str) -> AppResult<String> {
        slug(hub_membership::Column::Slug.as_str(), key)
    }

    async fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &MembershipFields,
    ) -> AppResult<(hub_membership::Model, ())> {
        use hub_membership::Column;
        let trust_id = match &fields.trust {
            Some(code) => Some(trust_id(txn, Column::TrustId.as_str(), code).await?),
            None => None,
        };
        let organisation_id = match &fields.organisation {
            Some(_) if fields.trust.is_some() => {
                return Err(AppError::invalid(
                    Column::OrganisationId.as_str(),
                    "a member is a trust or an organisation, not both",
                ));
            }
            Some(slug) => Some(organisation_id(txn, Column::OrganisationId.as_str(), slug).await?),
            None => None,
        };
        let model = hub_membership::Model {
            id,
            slug: key,
            hub_id: hub_id(txn, Column::HubId.as_str(), &fields.hub).await?,
            trust_id,
            organisation_id,
            name_as_stated: text(Column::NameAsStated.as_str(), &fields.name_as_stated, 255)?,
            role: fields.role,
            role_confidence: fields.role_confidence,
            role_as_stated: optional_text(
                Column::RoleAsStated.as_str(),
                &fields.role_as_stated,
                500,
            )?,
            ods_mapping: optional_text(Column::OdsMapping.as_str(), &fields.ods_mapping, 500)?,
            quote: optional_text(Column::Quote.as_str(), &fields.quote, 2000)?,
            note: optional_text(Column::Note.as_str(), &fields.note, 2000)?,
            sources: sources(Column::Sources.as_str(), &fields.sources)?,
            version,
        };
        Ok((model, ()))
    }

    async fn fields(
        txn: &DatabaseTransaction,
        model: &hub_membership::Model,
    ) -> AppResult<MembershipFields> {
        let hub = hub::Entity::find_by_id(model.hub_id)
            .one(txn)
            .await?
            .map(|h| h.slug)
            .ok_or_else(|| AppError::Internal(format!("membership {} has no hub", model.slug)))?;
        let trust = match model.trust_id {
            Some(id) => trust::Entity::find_by_id(id)
                .one(txn)
                .await?
                .map(|t| t.ods_code),
            None => None,
        };
        let organisation = match model.organisation_id {
            Some(id) => organisation::Entity::find_by_id(id)
                .one(txn)
                .await?
                .map(|o| o.slug),
            None => None,
        };
        Ok(MembershipFields {
            hub,
            trust,
            organisation,
            name_as_stated: model.name_as_stated.clone(),
            role: model.role,
            role_confidence: model.role_confidence,
            role_as_stated: model.role_as_stated.clone(),
            ods_mapping: model.ods_mapping.clone(),
            quote: model.quote.clone(),
            note: model.note.clone(),
            sources: model.sources.urls().map_err(AppError::stored)?,
        })
    }
}
