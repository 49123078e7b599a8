//! Single records by their natural keys.

use entity::{alliance, hub, region, training_course, transformation_project, trust};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::listing::MAX_KEYS_PER_STATEMENT;
use crate::error::AppResult;

pub async fn region_by_code(
    db: &impl ConnectionTrait,
    code: &str,
) -> AppResult<Option<region::Model>> {
    Ok(region::Entity::find()
        .filter(region::Column::Code.eq(code))
        .one(db)
        .await?)
}

pub async fn trust_by_ods_code(
    db: &impl ConnectionTrait,
    ods_code: &str,
) -> AppResult<Option<trust::Model>> {
    Ok(trust::Entity::find()
        .filter(trust::Column::OdsCode.eq(ods_code))
        .one(db)
        .await?)
}

pub async fn hub_by_slug(db: &impl ConnectionTrait, slug: &str) -> AppResult<Option<hub::Model>> {
    Ok(hub::Entity::find()
        .filter(hub::Column::Slug.eq(slug))
        .one(db)
        .await?)
}

pub async fn alliance_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> AppResult<Option<alliance::Model>> {
    Ok(alliance::Entity::find()
        .filter(alliance::Column::Slug.eq(slug))
        .one(db)
        .await?)
}

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

pub async fn project_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> AppResult<Option<transformation_project::Model>> {
    Ok(transformation_project::Entity::find()
        .filter(transformation_project::Column::Slug.eq(slug))
        .one(db)
        .await?)
}

pub async fn course_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> AppResult<Option<training_course::Model>> {
    Ok(training_course::Entity::find()
        .filter(training_course::Column::Slug.eq(slug))
        .one(db)
        .await?)
}
