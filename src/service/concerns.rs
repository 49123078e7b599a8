//! What timeline events and conflicts between sources concern, both ways: the records an event
//! or a conflict names (by global id, a record of any kind), and the events and conflicts that
//! name a record. One statement per batch.

use std::collections::HashMap;

use entity::{conflict_concern, event_concern, source_conflict, timeline_event};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};

use super::listing::MAX_KEYS_PER_STATEMENT;
use crate::error::AppResult;

/// A link table from an owner's id to the global ids of the records it names.
pub trait ConcernTable:
    EntityTrait<Model: IntoActiveModel<Self::ActiveModel> + PartialEq + Clone>
{
    const OWNER: Self::Column;
    const POSITION: Self::Column;
    fn owner(row: &Self::Model) -> i32;
    fn record(row: &Self::Model) -> String;
    fn link(owner: i32, record_id: String, position: i32) -> Self::Model;

    /// The links naming `ids`, in that order.
    fn links(owner: i32, ids: &[String]) -> Vec<Self::Model> {
        ids.iter()
            .zip(0..)
            .map(|(id, position)| Self::link(owner, id.clone(), position))
            .collect()
    }
}

impl ConcernTable for event_concern::Entity {
    const OWNER: Self::Column = event_concern::Column::EventId;
    const POSITION: Self::Column = event_concern::Column::Position;
    fn owner(row: &event_concern::Model) -> i32 {
        row.event_id
    }
    fn record(row: &event_concern::Model) -> String {
        row.record_id.clone()
    }
    fn link(event_id: i32, record_id: String, position: i32) -> event_concern::Model {
        event_concern::Model {
            event_id,
            record_id,
            position,
        }
    }
}

impl ConcernTable for conflict_concern::Entity {
    const OWNER: Self::Column = conflict_concern::Column::ConflictId;
    const POSITION: Self::Column = conflict_concern::Column::Position;
    fn owner(row: &conflict_concern::Model) -> i32 {
        row.conflict_id
    }
    fn record(row: &conflict_concern::Model) -> String {
        row.record_id.clone()
    }
    fn link(conflict_id: i32, record_id: String, position: i32) -> conflict_concern::Model {
        conflict_concern::Model {
            conflict_id,
            record_id,
            position,
        }
    }
}

/// The global ids each of the given owners names (events or conflicts, as `T` says), in the
/// order the data gives them.
pub async fn named_by<T: ConcernTable>(
    db: &impl ConnectionTrait,
    owners: &[i32],
) -> AppResult<HashMap<i32, Vec<String>>> {
    let mut found: HashMap<i32, Vec<String>> = HashMap::new();
    for chunk in owners.chunks(MAX_KEYS_PER_STATEMENT) {
        let rows = T::find()
            .filter(T::OWNER.is_in(chunk.iter().copied()))
            .order_by_asc(T::OWNER)
            .order_by_asc(T::POSITION)
            .all(db)
            .await?;
        for row in &rows {
            found.entry(T::owner(row)).or_default().push(T::record(row));
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
