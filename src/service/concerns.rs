//! What timeline events and conflicts between sources concern, both ways: the records an event
//! or a conflict names (by global id, a record of any kind), and the events and conflicts that
//! name a record. One statement per batch.

use std::collections::HashMap;

use entity::{conflict_concern, event_concern, source_conflict, timeline_event};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::listing::MAX_KEYS_PER_STATEMENT;
use crate::error::AppResult;

/// The global ids each of the given events names, in the order the data gives them.
pub async fn of_events(
    db: &impl ConnectionTrait,
    event_ids: &[i32],
) -> AppResult<HashMap<i32, Vec<String>>> {
    let mut found: HashMap<i32, Vec<String>> = HashMap::new();
    for chunk in event_ids.chunks(MAX_KEYS_PER_STATEMENT) {
        let rows = event_concern::Entity::find()
            .filter(event_concern::Column::EventId.is_in(chunk.iter().copied()))
            .order_by_asc(event_concern::Column::EventId)
            .order_by_asc(event_concern::Column::Position)
            .all(db)
            .await?;
        for row in rows {
            found.entry(row.event_id).or_default().push(row.record_id);
        }
    }
    Ok(found)
}

/// The global ids each of the given conflicts bears on, in the order the data gives them.
pub async fn of_conflicts(
    db: &impl ConnectionTrait,
    conflict_ids: &[i32],
) -> AppResult<HashMap<i32, Vec<String>>> {
    let mut found: HashMap<i32, Vec<String>> = HashMap::new();
    for chunk in conflict_ids.chunks(MAX_KEYS_PER_STATEMENT) {
        let rows = conflict_concern::Entity::find()
            .filter(conflict_concern::Column::ConflictId.is_in(chunk.iter().copied()))
            .order_by_asc(conflict_concern::Column::ConflictId)
            .order_by_asc(conflict_concern::Column::Position)
            .all(db)
            .await?;
        for row in rows {
            found
                .entry(row.conflict_id)
                .or_default()
                .push(row.record_id);
        }
    }
    Ok(found)
}

/// The events naming each of the given records (by global id), oldest first, undated ones last.
pub async fn events_naming(
    db: &impl ConnectionTrait,
    record_ids: &[String],
) -> AppResult<HashMap<String, Vec<timeline_event::Model>>> {
    let mut found: HashMap<String, Vec<timeline_event::Model>> = HashMap::new();
    for chunk in record_ids.chunks(MAX_KEYS_PER_STATEMENT) {
        let rows = event_concern::Entity::find()
            .filter(event_concern::Column::RecordId.is_in(chunk.iter().cloned()))
            .find_also_related(timeline_event::Entity)
            .order_by_asc(
                Expr::col((timeline_event::Entity, timeline_event::Column::Date)).is_null(),
            )
            .order_by_asc(timeline_event::Column::Date)
            .order_by_asc(timeline_event::Column::Slug)
            .all(db)
            .await?;
        for (link, event) in rows {
            if let Some(event) = event {
                found.entry(link.record_id).or_default().push(event);
            }
        }
    }
    Ok(found)
}

/// The conflicts bearing on each of the given records (by global id), by topic.
pub async fn conflicts_naming(
    db: &impl ConnectionTrait,
    record_ids: &[String],
) -> AppResult<HashMap<String, Vec<source_conflict::Model>>> {
    let mut found: HashMap<String, Vec<source_conflict::Model>> = HashMap::new();
    for chunk in record_ids.chunks(MAX_KEYS_PER_STATEMENT) {
        let rows = conflict_concern::Entity::find()
            .filter(conflict_concern::Column::RecordId.is_in(chunk.iter().cloned()))
            .find_also_related(source_conflict::Entity)
            .order_by_asc(source_conflict::Column::Topic)
            .order_by_asc(source_conflict::Column::Id)
            .all(db)
            .await?;
        for (link, conflict) in rows {
            if let Some(conflict) = conflict {
                found.entry(link.record_id).or_default().push(conflict);
            }
        }
    }
    Ok(found)
}
