//! Reading the change log: by record, since a time, oldest first, keyset-paginated by id.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use entity::change_log;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

use super::page::{Cursor, CursorValue, PageRequest};
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

/// A page of changes, oldest first, and whether more follow.
pub async fn page(
    db: &impl ConnectionTrait,
    entity_id: Option<&str>,
    since: Option<NaiveDateTime>,
    page: &PageRequest,
) -> AppResult<(Vec<change_log::Model>, bool)> {
    if page.before.is_some() || page.direction != super::page::Direction::Forward {
        return Err(AppError::bad_input(
            "changes page forward only: use `first` and `after`",
        ));
    }
    let mut select = filtered(entity_id, since);
    if let Some(cursor) = &page.after {
        let after = match cursor.key.as_slice() {
            [CursorValue::Int(id)] if cursor.ordering == ORDERING => i32::try_from(*id).ok(),
            _ => None,
        }
        .ok_or_else(|| {
            AppError::bad_input("the cursor was made for a different ordering of this connection")
        })?;
        select = select.filter(change_log::Column::Id.gt(after));
    }
    let mut rows = select
        .order_by_asc(change_log::Column::Id)
        .limit(page.size + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > page.size;
    rows.truncate(page.size as usize);
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
