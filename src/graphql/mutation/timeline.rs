use async_graphql::{ID, InputObject, MaybeUndefined};

use super::{Changes, Creates, Edit, global_ids, patch};
use crate::error::AppResult;
use crate::graphql::values::enums::{Confidence, DatePrecision};
use crate::graphql::values::scalars::Date;
use crate::service::write::EventFields;

/// A new event of the timeline.
#[derive(InputObject)]
pub struct CreateTimelineEventInput {
    /// Lower-case letters, digits and hyphens; its id will be `TimelineEvent:<slug>`.
    pub slug: String,
    /// The first day of the period the sources give; null where none dates it.
    pub date: Option<Date>,
    /// How much of `date` the sources give; DAY where a date comes without it.
    pub date_precision: Option<DatePrecision>,
    /// What happened; not empty.
    pub event: String,
    /// How sure the data is of the event and its date.
    pub confidence: Confidence,
    /// The ids of the records the event's words name, of any type.
    #[graphql(default)]
    pub concerns: Vec<ID>,
    /// What the sources leave open.
    pub note: Option<String>,
    /// Where its facts come from.
    #[graphql(default)]
    pub sources: Vec<String>,
}

/// Changes to an event: fields left out stay as they are; null clears a field.
#[derive(InputObject)]
pub struct UpdateTimelineEventInput {
    /// The first day of the period the sources give; null clears it and its precision.
    pub date: MaybeUndefined<Date>,
    /// How much of `date` the sources give; DAY where a new date comes without it.
    pub date_precision: MaybeUndefined<DatePrecision>,
    /// What happened; not empty.
    pub event: Option<String>,
    /// How sure the data is of the event and its date.
    pub confidence: Option<Confidence>,
    /// The ids of the records the event's words name (replaces the list).
    pub concerns: Option<Vec<ID>>,
    /// What the sources leave open.
    pub note: MaybeUndefined<String>,
    /// Where its facts come from (replaces the list).
    pub sources: Option<Vec<String>>,
}

impl Creates for CreateTimelineEventInput {
    type Fields = EventFields;
    fn split(self) -> AppResult<(String, EventFields)> {
        let precision = match (&self.date, self.date_precision) {
            (Some(_), None) => Some(entity::DatePrecision::Day),
            (_, p) => p.map(Into::into),
        };
        let fields = EventFields {
            date: self.date.map(|d| d.0),
            date_precision: precision,
            event: self.event,
            confidence: self.confidence.into(),
            concerns: global_ids(self.concerns),
            note: self.note,
            sources: self.sources,
        };
        Ok((self.slug, fields))
    }
}

impl Changes<EventFields> for UpdateTimelineEventInput {
    fn changes(self) -> AppResult<Edit<EventFields>> {
        Ok(Box::new(move |f| {
            let mut validity = crate::service::write::Validity {
                from: f.date,
                from_precision: f.date_precision,
                ..Default::default()
            };
            super::patch_validity(
                &mut validity,
                &self.date,
                &self.date_precision,
                &MaybeUndefined::Undefined,
                &MaybeUndefined::Undefined,
            );
            f.date = validity.from;
            f.date_precision = validity.from_precision;
            if let Some(v) = self.event {
                f.event = v;
            }
            if let Some(v) = self.confidence {
                f.confidence = v.into();
            }
            if let Some(v) = self.concerns {
                f.concerns = global_ids(v);
            }
            if let Some(v) = self.sources {
                f.sources = v;
            }
            patch(&mut f.note, &self.note);
        }))
    }
}

writes! {
    TimelineEventMutation: TimelineEvent, Events, Editor;
    /// Adds an event to the timeline (editors and admins).
    create_timeline_event(CreateTimelineEventInput);
    /// Changes an event still at `expectedVersion` (editors and admins).
    update_timeline_event(UpdateTimelineEventInput);
    /// Deletes an event still at `expectedVersion` (editors and admins).
    delete_timeline_event;
}
