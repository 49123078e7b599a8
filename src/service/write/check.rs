//! Checks on what a write is given: text, URLs, keys, numbers, and references by natural key.
//! Each failure names the input field at fault.

use entity::{Sources, alliance, hub, icb, region, trust};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};

use crate::error::{AppError, AppResult};
use crate::service::kinds::Listed;

/// Text as given: not empty, within `max` characters, and neither starting nor ending with
/// whitespace, which is refused rather than trimmed so that what is stored is what was sent.
pub(super) fn text(field: &str, value: &str, max: usize) -> AppResult<String> {
    if value.trim().is_empty() {
        return Err(AppError::invalid(field, "must not be empty"));
    }
    if value.trim() != value {
        return Err(AppError::invalid(
            field,
            "must not start or end with whitespace",
        ));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(value.to_owned())
}

pub(super) fn optional_text(
    field: &str,
    value: &Option<String>,
    max: usize,
) -> AppResult<Option<String>> {
    value.as_deref().map(|v| text(field, v, max)).transpose()
}

/// An http(s) URL with a host and no spaces.
pub(super) fn url(field: &str, value: &Option<String>) -> AppResult<Option<String>> {
    let Some(value) = value.as_deref() else {
        return Ok(None);
    };
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| AppError::invalid(field, "must be an http:// or https:// URL"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        && host.contains('.');
    if !host_ok || value.chars().any(char::is_whitespace) || value.len() > 500 {
        return Err(AppError::invalid(
            field,
            "must be an http:// or https:// URL with a host",
        ));
    }
    Ok(Some(value.to_owned()))
}

pub(super) fn slug(field: &str, value: &str) -> AppResult<String> {
    let ok = !value.is_empty()
        && value.len() <= 128
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !value.starts_with('-')
        && !value.ends_with('-');
    if !ok {
        return Err(AppError::invalid(
            field,
            "must be lower-case letters, digits and inner hyphens, at most 128",
        ));
    }
    Ok(value.to_owned())
}

pub(super) fn not_negative(field: &str, value: Option<i32>) -> AppResult<Option<i32>> {
    match value {
        Some(n) if n < 0 => Err(AppError::invalid(field, "must not be negative")),
        other => Ok(other),
    }
}

pub(super) fn sources(field: &str, values: &[String]) -> AppResult<Sources> {
    let mut checked = Vec::with_capacity(values.len());
    for (i, value) in values.iter().enumerate() {
        checked.push(text(&format!("{field}.{i}"), value, 500)?);
    }
    Ok(Sources(checked))
}

pub(super) fn ods_code(field: &str, value: &str) -> AppResult<String> {
    let ok = !value.is_empty()
        && value.len() <= 16
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !ok {
        return Err(AppError::invalid(
            field,
            "must be 1 to 16 upper-case letters and digits",
        ));
    }
    Ok(value.to_owned())
}

/// An ONS area code: a country letter and eight digits, e.g. `E40000007`.
pub(super) fn ons_code(field: &str, value: &str) -> AppResult<String> {
    let mut chars = value.chars();
    let ok = value.len() == 9
        && chars
            .next()
            .is_some_and(|c| matches!(c, 'E' | 'W' | 'S' | 'N'))
        && chars.all(|c| c.is_ascii_digit());
    if !ok {
        return Err(AppError::invalid(
            field,
            "must be an ONS code: E, W, S or N and eight digits",
        ));
    }
    Ok(value.to_owned())
}

/// The row id of the record of type `E` with natural key `key`; none is a bad input at `field`.
async fn reference<E: Listed>(
    db: &impl ConnectionTrait,
    field: &str,
    noun: &str,
    key: &str,
) -> AppResult<i32> {
    E::find()
        .filter(E::key_column().eq(key))
        .one(db)
        .await?
        .map(|model| E::model_id(&model))
        .ok_or_else(|| AppError::invalid(field, format!("no {noun} {key:?}")))
}

pub(super) async fn alliance_id(
    db: &impl ConnectionTrait,
    field: &str,
    slug: &str,
) -> AppResult<i32> {
    reference::<alliance::Entity>(db, field, "alliance", slug).await
}

pub(super) async fn hub_id(db: &impl ConnectionTrait, field: &str, slug: &str) -> AppResult<i32> {
    reference::<hub::Entity>(db, field, "hub", slug).await
}

pub(super) async fn trust_id(db: &impl ConnectionTrait, field: &str, ods: &str) -> AppResult<i32> {
    reference::<trust::Entity>(db, field, "trust", ods).await
}

pub(super) async fn icb_id(db: &impl ConnectionTrait, field: &str, ods: &str) -> AppResult<i32> {
    reference::<icb::Entity>(db, field, "integrated care board", ods).await
}

pub(super) async fn region_id(
    db: &impl ConnectionTrait,
    field: &str,
    code: &str,
) -> AppResult<i32> {
    reference::<region::Entity>(db, field, "region", code).await
}
