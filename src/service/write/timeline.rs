//! Timeline events: written by editors, with the records each names.

use entity::{DatePrecision, event_concern, timeline_event};
use sea_orm::{DatabaseTransaction, IdenStatic};

use super::check::{optional_text, records, slug, sources, text};
use super::{Writable, concerns, json};
use crate::error::{AppError, AppResult};
use crate::service::kinds::Kind;

/// Everything an event holds; the records it concerns by global id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventFields {
    pub date: Option<chrono::NaiveDate>,
    pub date_precision: Option<DatePrecision>,
    pub event: String,
    pub confidence: entity::Confidence,
    pub concerns: Vec<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// Timeline events (editors), keyed by slug.
pub struct Events;

impl Writable for Events {
    type Entity = timeline_event::Entity;
    type Fields = EventFields;
    type Links = Vec<String>;
    const NOUN: &'static str = "timeline event";

    fn new_key(key: &str) -> AppResult<String> {
        slug(timeline_event::Column::Slug.as_str(), key)
    }

    async fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &EventFields,
    ) -> AppResult<(timeline_event::Model, Vec<String>)> {
        if fields.date.is_some() != fields.date_precision.is_some() {
            return Err(AppError::invalid(
                timeline_event::Column::DatePrecision.as_str(),
                "must be given with a date, and only with one",
            ));
        }
        let model_key = key.clone();
        let model = timeline_event::Model {
            id,
            slug: key,
            date: fields.date,
            date_precision: fields.date_precision,
            event: text(timeline_event::Column::Event.as_str(), &fields.event, 1000)?,
            confidence: fields.confidence,
            note: optional_text(timeline_event::Column::Note.as_str(), &fields.note, 2000)?,
            sources: sources(timeline_event::Column::Sources.as_str(), &fields.sources)?,
            version,
        };
        concerns::not_itself(&Kind::TimelineEvent.global_id(&model_key), &fields.concerns)?;
        let ids = records(txn, concerns::FIELD, &fields.concerns).await?;
        Ok((model, ids))
    }

    async fn fields(
        txn: &DatabaseTransaction,
        model: &timeline_event::Model,
    ) -> AppResult<EventFields> {
        Ok(EventFields {
            date: model.date,
            date_precision: model.date_precision,
            event: model.event.clone(),
            confidence: model.confidence,
            concerns: concerns::of::<event_concern::Entity>(txn, model.id).await?,
            note: model.note.clone(),
            sources: model.sources.urls().map_err(AppError::stored)?,
        })
    }

    async fn link(
        txn: &DatabaseTransaction,
        model: &timeline_event::Model,
        ids: Vec<String>,
    ) -> AppResult<()> {
        concerns::replace::<event_concern::Entity>(txn, model.id, ids).await
    }

    async fn snapshot(
        txn: &DatabaseTransaction,
        model: &timeline_event::Model,
    ) -> AppResult<serde_json::Value> {
        json(&concerns::WithConcerns {
            record: model,
            concerns: concerns::of::<event_concern::Entity>(txn, model.id).await?,
        })
    }
}
