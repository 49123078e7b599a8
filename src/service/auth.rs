//! API tokens: created at random, shown once, kept only as a SHA-256 hash; revocable.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use entity::api_token::{self, Role};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};

/// Who is making a request, as their token says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub token_id: i32,
    pub name: String,
    pub role: Role,
}

/// Tokens start with this, so that they are easy to recognise (and to scan for in leaks).
const PREFIX: &str = "gms_";

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Creates a token; returns its record and the token itself, which is not kept anywhere.
pub async fn create(
    db: &impl ConnectionTrait,
    name: &str,
    role: Role,
) -> AppResult<(api_token::Model, String)> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid(
            "name",
            "a token's name must be 1 to 100 characters",
        ));
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)
        .map_err(|err| AppError::Internal(format!("no randomness: {err}")))?;
    let token = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(secret));
    let model = api_token::ActiveModel {
        name: Set(name.to_owned()),
        role: Set(role),
        token_hash: Set(hash(&token)),
        created_at: Set(now()),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((model, token))
}

pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<api_token::Model>> {
    Ok(api_token::Entity::find()
        .order_by_asc(api_token::Column::Id)
        .all(db)
        .await?)
}

/// Revokes a token by its id; revoking twice is harmless.
pub async fn revoke(db: &impl ConnectionTrait, id: i32) -> AppResult<api_token::Model> {
    let token = api_token::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no token {id}")))?;
    if token.revoked_at.is_some() {
        return Ok(token);
    }
    let mut token: api_token::ActiveModel = token.into();
    token.revoked_at = Set(Some(now()));
    Ok(token.update(db).await?)
}

/// The holder of `token`, if it is a live token.
pub async fn authenticate(db: &impl ConnectionTrait, token: &str) -> AppResult<Option<Principal>> {
    if !token.starts_with(PREFIX) {
        return Ok(None);
    }
    let found = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash(token)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?;
    Ok(found.map(|t| Principal {
        token_id: t.id,
        name: t.name,
        role: t.role,
    }))
}

/// Which of `token_ids` are still live (not revoked), in one statement.
pub async fn live_among(
    db: &impl ConnectionTrait,
    token_ids: &[i32],
) -> AppResult<std::collections::HashSet<i32>> {
    if token_ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(api_token::Entity::find()
        .select_only()
        .column(api_token::Column::Id)
        .filter(api_token::Column::Id.is_in(token_ids.iter().copied()))
        .filter(api_token::Column::RevokedAt.is_null())
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Whether the token with id `token_id` is still live (not revoked).
pub async fn is_live(db: &impl ConnectionTrait, token_id: i32) -> AppResult<bool> {
    Ok(api_token::Entity::find_by_id(token_id)
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .is_some())
}
