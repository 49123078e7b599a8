//! Reading the change log: by record, since a time, oldest first, keyset-paginated by id both
//! ways.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use entity::change_log;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

use super::page::{Cursor, CursorValue, Direction, PageRequest};
use crate::error::{AppError, AppResult};

const ORDERING: &str = "change:id:asc";

fn filtered(entity_id: Option<&str>, since: Option<NaiveDateTime>) -> Select<change_log::Entity> {
    let mut select = change_log::Entity::find();
    if let Some(id) = entity_id {
        select = select.filter(change_log::Column::EntityId.eq(id));
    }
    if let Some(since) = since {
        select = select.filter(change_log::Column::At.gte(since));
    }
    select
}

pub fn cursor_of(change: &change_log::Model) -> String {
    Cursor {
        ordering: ORDERING.into(),
        key: vec![CursorValue::Int(change.id.into())],
    }
    .encode()
}

/// The change id a cursor points at; an error if it was made for another connection.
fn id_of(cursor: &Cursor) -> AppResult<i32> {
    match cursor.key.as_slice() {
        [CursorValue::Int(id)] if cursor.ordering == ORDERING => i32::try_from(*id).ok(),
        _ => None,
    }
    .ok_or_else(|| {
        AppError::bad_input("the cursor was made for a different ordering of this connection")
    })
}

/// A page of changes, oldest first: the first `size` after `after` (and before `before`), or,
/// paging backward, the last `size` before `before` (and after `after`); and whether more lie
/// beyond the page's far end (after it forward, before it backward).
pub async fn page(
    db: &impl ConnectionTrait,
    entity_id: Option<&str>,
    since: Option<NaiveDateTime>,
    page: &PageRequest,
) -> AppResult<(Vec<change_log::Model>, bool)> {
    let mut select = filtered(entity_id, since);
    if let Some(cursor) = &page.after {
        select = select.filter(change_log::Column::Id.gt(id_of(cursor)?));
    }
    if let Some(cursor) = &page.before {
        select = select.filter(change_log::Column::Id.lt(id_of(cursor)?));
    }
    let backward = page.direction == Direction::Backward;
    let select = if backward {
        select.order_by_desc(change_log::Column::Id)
    } else {
        select.order_by_asc(change_log::Column::Id)
    };
    let mut rows = select.limit(page.size + 1).all(db).await?;
    let more = rows.len() as u64 > page.size;
    rows.truncate(page.size as usize);
    if backward {
        rows.reverse();
    }
    Ok((rows, more))
}

pub async fn count(
    db: &impl ConnectionTrait,
    entity_id: Option<&str>,
    since: Option<NaiveDateTime>,
) -> AppResult<u64> {
    Ok(filtered(entity_id, since).count(db).await?)
}

/// Every change of each record, oldest first, keyed by the record's global id.
pub async fn history(
    db: &impl ConnectionTrait,
    entity_ids: &[String],
) -> AppResult<HashMap<String, Vec<change_log::Model>>> {
    let mut found: HashMap<String, Vec<change_log::Model>> = HashMap::new();
    for chunk in entity_ids.chunks(super::listing::MAX_KEYS_PER_STATEMENT) {
        let rows = change_log::Entity::find()
            .filter(change_log::Column::EntityId.is_in(chunk.iter().cloned()))
            .order_by_asc(change_log::Column::Id)
            .all(db)
            .await?;
        for row in rows {
            found.entry(row.entity_id.clone()).or_default().push(row);
        }
    }
    Ok(found)
}
