//! Conflicts between sources: written by editors, claim by claim, with the records each bears
//! on.

use entity::conflict_concern;
use entity::source_conflict::{self, Claim, Claims};
use sea_orm::{DatabaseTransaction, IdenStatic};

use super::check::{optional_text, records, slug, source_list, sources, text};
use super::{Writable, concerns, json};
use crate::error::{AppError, AppResult};
use crate::service::kinds::Kind;

/// Everything a conflict holds; the records it bears on by global id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictFields {
    pub topic: String,
    pub detail: String,
    /// Each claim with its sources.
    pub claims: Vec<(String, Vec<String>)>,
    pub concerns: Vec<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// Conflicts between sources (editors), keyed by slug.
pub struct Conflicts;

impl Writable for Conflicts {
    type Entity = source_conflict::Entity;
    type Fields = ConflictFields;
    type Links = Vec<String>;
    const NOUN: &'static str = "conflict";

    fn new_key(key: &str) -> AppResult<String> {
        slug(source_conflict::Column::Slug.as_str(), key)
    }

    async fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &ConflictFields,
    ) -> AppResult<(source_conflict::Model, Vec<String>)> {
        let field = source_conflict::Column::Claims.as_str();
        if fields.claims.is_empty() {
            return Err(AppError::invalid(
                field,
                "must hold the claims that disagree",
            ));
        }
        let mut claims = Vec::with_capacity(fields.claims.len());
        for (i, (claim, claim_sources)) in fields.claims.iter().enumerate() {
            let at = format!("{field}.{i}");
            if claim_sources.is_empty() {
                return Err(AppError::invalid(
                    format!("{at}.sources"),
                    "a claim needs its source",
                ));
            }
            claims.push(Claim {
                claim: text(&format!("{at}.claim"), claim, 1000)?,
                sources: source_list(&format!("{at}.sources"), claim_sources)?,
            });
        }
        let model_key = key.clone();
        let model = source_conflict::Model {
            id,
            slug: key,
            topic: text(source_conflict::Column::Topic.as_str(), &fields.topic, 255)?,
            detail: text(
                source_conflict::Column::Detail.as_str(),
                &fields.detail,
                4000,
            )?,
            claims: Claims(claims),
            note: optional_text(source_conflict::Column::Note.as_str(), &fields.note, 2000)?,
            sources: sources(source_conflict::Column::Sources.as_str(), &fields.sources)?,
            version,
        };
        concerns::not_itself(
            &Kind::SourceConflict.global_id(&model_key),
            &fields.concerns,
        )?;
        let ids = records(txn, concerns::FIELD, &fields.concerns).await?;
        Ok((model, ids))
    }

    async fn fields(
        txn: &DatabaseTransaction,
        model: &source_conflict::Model,
    ) -> AppResult<ConflictFields> {
        Ok(ConflictFields {
            topic: model.topic.clone(),
            detail: model.detail.clone(),
            claims: model
                .claims
                .0
                .iter()
                .map(|c| (c.claim.clone(), c.sources.clone()))
                .collect(),
            concerns: concerns::of::<conflict_concern::Entity>(txn, model.id).await?,
            note: model.note.clone(),
            sources: model.sources.urls().map_err(AppError::stored)?,
        })
    }

    async fn link(
        txn: &DatabaseTransaction,
        model: &source_conflict::Model,
        ids: Vec<String>,
    ) -> AppResult<()> {
        concerns::replace::<conflict_concern::Entity>(txn, model.id, ids).await
    }

    async fn snapshot(
        txn: &DatabaseTransaction,
        model: &source_conflict::Model,
    ) -> AppResult<serde_json::Value> {
        json(&concerns::WithConcerns {
            record: model,
            concerns: concerns::of::<conflict_concern::Entity>(txn, model.id).await?,
        })
    }
}
