//! Genomic Networks of Excellence: written by editors, as leads come to be sourced.

use entity::{Confidence, Keys, network_of_excellence};
use sea_orm::{DatabaseTransaction, IdenStatic};

use super::Writable;
use super::check::{alliance_id, optional_text, slug, sources, text};
use crate::error::{AppError, AppResult};

/// Everything a network holds; the alliances leading it by slug.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkFields {
    pub topic: String,
    pub summary: Option<String>,
    pub lead: Option<String>,
    pub lead_confidence: Confidence,
    pub lead_quote: Option<String>,
    pub lead_alliances: Vec<String>,
    pub partners: Option<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// Genomic Networks of Excellence (editors), keyed by slug.
pub struct Networks;

impl Writable for Networks {
    type Entity = network_of_excellence::Entity;
    type Fields = NetworkFields;
    type Links = ();
    const NOUN: &'static str = "network of excellence";

    fn new_key(key: &str) -> AppResult<String> {
        slug(network_of_excellence::Column::Slug.as_str(), key)
    }

    async fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &NetworkFields,
    ) -> AppResult<(network_of_excellence::Model, ())> {
        use network_of_excellence::Column;
        // The alliances are named by id, as a project's leads are.
        let leads = "lead_alliance_ids";
        for (i, alliance) in fields.lead_alliances.iter().enumerate() {
            alliance_id(txn, &format!("{leads}.{i}"), alliance).await?;
            if fields.lead_alliances[..i].contains(alliance) {
                return Err(AppError::invalid(
                    format!("{leads}.{i}"),
                    format!("{alliance:?} is named twice"),
                ));
            }
        }
        let model = network_of_excellence::Model {
            id,
            slug: key,
            topic: text(Column::Topic.as_str(), &fields.topic, 255)?,
            summary: optional_text(Column::Summary.as_str(), &fields.summary, 2000)?,
            lead: optional_text(Column::Lead.as_str(), &fields.lead, 500)?,
            lead_confidence: fields.lead_confidence,
            lead_quote: optional_text(Column::LeadQuote.as_str(), &fields.lead_quote, 2000)?,
            lead_alliances: Keys(fields.lead_alliances.clone()),
            partners: optional_text(Column::Partners.as_str(), &fields.partners, 2000)?,
            note: optional_text(Column::Note.as_str(), &fields.note, 2000)?,
            sources: sources(Column::Sources.as_str(), &fields.sources)?,
            version,
        };
        Ok((model, ()))
    }

    async fn fields(
        _txn: &DatabaseTransaction,
        model: &network_of_excellence::Model,
    ) -> AppResult<NetworkFields> {
        Ok(NetworkFields {
            topic: model.topic.clone(),
            summary: model.summary.clone(),
            lead: model.lead.clone(),
            lead_confidence: model.lead_confidence,
            lead_quote: model.lead_quote.clone(),
            lead_alliances: model.lead_alliances.0.clone(),
            partners: model.partners.clone(),
            note: model.note.clone(),
            sources: model.sources.urls().map_err(AppError::stored)?,
        })
    }
}
