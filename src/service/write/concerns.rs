//! The records a timeline event or a conflict between sources names, written with it: a list
//! of global ids, kept in order in a link table of the owner's.

use entity::{conflict_concern, event_concern, source_conflict, timeline_event};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter};
use serde::Serialize;

use crate::error::AppResult;
use crate::service::concerns::{ConcernTable, named_by};
use crate::service::kinds::Kind;

/// The field the records are reported under.
pub const FIELD: &str = "concerns";

/// Refuses a list in which the record `own` (its global id) names itself.
pub(super) fn not_itself(own: &str, ids: &[String]) -> AppResult<()> {
    match ids.iter().position(|id| id == own) {
        Some(i) => Err(crate::error::AppError::invalid(
            format!("{FIELD}.{i}"),
            "a record cannot name itself",
        )),
        None => Ok(()),
    }
}

/// The global ids `owner` names, in order.
pub(super) async fn of<T: ConcernTable>(
    txn: &DatabaseTransaction,
    owner: i32,
) -> AppResult<Vec<String>> {
    Ok(named_by::<T>(txn, &[owner])
        .await?
        .remove(&owner)
        .unwrap_or_default())
}

/// Makes the records `owner` names exactly `ids`, in that order.
pub(super) async fn replace<T: ConcernTable>(
    txn: &DatabaseTransaction,
    owner: i32,
    ids: Vec<String>,
) -> AppResult<()>
where
    T::ActiveModel: Send,
{
    T::delete_many()
        .filter(T::OWNER.eq(owner))
        .exec(txn)
        .await?;
    let rows = T::links(owner, &ids)
        .into_iter()
        .map(IntoActiveModel::into_active_model);
    T::insert_many(rows).exec(txn).await?;
    Ok(())
}

/// A record as the change log keeps it, with the records it names.
#[derive(Serialize)]
pub(super) struct WithConcerns<'a, M> {
    #[serde(flatten)]
    pub record: &'a M,
    pub concerns: Vec<String>,
}

/// The events and conflicts that name the record `id`: while they do, it stays.
pub(super) async fn naming(txn: &DatabaseTransaction, id: &str) -> AppResult<Vec<String>> {
    let events = event_concern::Entity::find()
        .filter(event_concern::Column::RecordId.eq(id))
        .find_also_related(timeline_event::Entity)
        .all(txn)
        .await?;
    let conflicts = conflict_concern::Entity::find()
        .filter(conflict_concern::Column::RecordId.eq(id))
        .find_also_related(source_conflict::Entity)
        .all(txn)
        .await?;
    let events = events.into_iter().filter_map(|(_, event)| {
        let event = event?;
        Some(format!(
            "{} names it",
            Kind::TimelineEvent.global_id(&event.slug)
        ))
    });
    let conflicts = conflicts.into_iter().filter_map(|(_, conflict)| {
        let conflict = conflict?;
        Some(format!(
            "{} bears on it",
            Kind::SourceConflict.global_id(&conflict.slug)
        ))
    });
    Ok(events.chain(conflicts).collect())
}
