//! Records found by something other than their own keys.

use entity::alliance;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::listing::MAX_KEYS_PER_STATEMENT;
use crate::error::AppResult;

/// The alliances of the given hubs.
pub async fn alliances_by_hub(
    db: &impl ConnectionTrait,
    hub_ids: &[i32],
) -> AppResult<Vec<alliance::Model>> {
    let mut found = Vec::with_capacity(hub_ids.len());
    for chunk in hub_ids.chunks(MAX_KEYS_PER_STATEMENT) {
        let alliances = alliance::Entity::find()
            .filter(alliance::Column::HubId.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        found.extend(alliances);
    }
    Ok(found)
}
