//! Checks on what a write is given: text, URLs, keys, numbers, and references by natural key.
//! Each failure names the input field at fault.

use entity::{Sources, alliance, hub, icb, organisation, region, trust};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};

use crate::error::{AppError, AppResult};
use crate::service::kinds::{Kind, Listed};

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
    source_list(field, values).map(Sources::from)
}

/// Each source checked as [`sources`] checks them, as a list.
pub(super) fn source_list(field: &str, values: &[String]) -> AppResult<Vec<String>> {
    let mut checked = Vec::with_capacity(values.len());
    for (i, value) in values.iter().enumerate() {
        checked.push(text(&format!("{field}.{i}"), value, 500)?);
    }
    Ok(checked)
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

pub(super) async fn organisation_id(
    db: &impl ConnectionTrait,
    field: &str,
    slug: &str,
) -> AppResult<i32> {
    reference::<organisation::Entity>(db, field, "organisation", slug).await
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

/// England lies within these bounds (WGS84 degrees), the Isles of Scilly and Lindisfarne
/// included: a site outside them is a mistake, not a place to draw.
pub(crate) const ENGLAND_LATITUDE: std::ops::RangeInclusive<f64> = 49.8..=55.9;
pub(crate) const ENGLAND_LONGITUDE: std::ops::RangeInclusive<f64> = -6.5..=1.8;

/// A coordinate within England's bounds, where one is given.
pub(super) fn in_england(
    field: &str,
    value: Option<f64>,
    bounds: &std::ops::RangeInclusive<f64>,
) -> AppResult<Option<f64>> {
    match value {
        Some(v) if !bounds.contains(&v) => Err(AppError::invalid(
            field,
            format!(
                "{v} is outside England ({} to {})",
                bounds.start(),
                bounds.end()
            ),
        )),
        other => Ok(other),
    }
}

/// When a record began and ended: each date with its precision or neither, and an end no
/// earlier than the start. `fields` names the four fields, as the record's columns do.
pub(crate) fn validity(
    fields: [&str; 4],
    validity: &super::Validity,
) -> AppResult<super::Validity> {
    let [from, from_precision, to, to_precision] = fields;
    match (validity.from, validity.from_precision) {
        (Some(_), None) => {
            return Err(AppError::invalid(
                from_precision,
                "must be given with a date",
            ));
        }
        (None, Some(_)) => return Err(AppError::invalid(from, "must be given with its precision")),
        _ => {}
    }
    match (validity.to, validity.to_precision) {
        (Some(_), None) => {
            return Err(AppError::invalid(to_precision, "must be given with a date"));
        }
        (None, Some(_)) => return Err(AppError::invalid(to, "must be given with its precision")),
        _ => {}
    }
    // An end known to its year or month lasts to the period's last day.
    if let (Some(start), Some(end)) = (validity.from, validity.to)
        && last_day(end, validity.to_precision) < start
    {
        return Err(AppError::invalid(to, "must not be before the start"));
    }
    Ok(*validity)
}

/// The last day of the period that begins on `first` and is as long as `precision` says.
fn last_day(
    first: chrono::NaiveDate,
    precision: Option<entity::DatePrecision>,
) -> chrono::NaiveDate {
    use chrono::{Datelike, Months, NaiveDate};
    let next = match precision {
        Some(entity::DatePrecision::Year) => NaiveDate::from_ymd_opt(first.year() + 1, 1, 1),
        Some(entity::DatePrecision::Month) => first
            .with_day(1)
            .and_then(|d| d.checked_add_months(Months::new(1))),
        _ => None,
    };
    next.and_then(|d| d.pred_opt()).unwrap_or(first)
}

/// Global ids of records of any kind, each naming a record of the database, none twice.
pub(super) async fn records(
    db: &impl ConnectionTrait,
    field: &str,
    ids: &[String],
) -> AppResult<Vec<String>> {
    let mut keys = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        let at = format!("{field}.{i}");
        let key = id
            .split_once(':')
            .and_then(|(kind, key)| Some((Kind::named(kind)?, key.to_owned())))
            .filter(|(_, key)| !key.is_empty())
            .ok_or_else(|| AppError::invalid(&at, format!("{id:?} is not a global id")))?;
        if keys.contains(&key) {
            return Err(AppError::invalid(&at, format!("{id:?} is named twice")));
        }
        keys.push(key);
    }
    // One statement per kind named, each locking what it finds against a deletion meanwhile.
    let mut found = std::collections::HashSet::new();
    let mut kinds: Vec<Kind> = keys.iter().map(|(kind, _)| *kind).collect();
    kinds.sort();
    kinds.dedup();
    for kind in kinds {
        let named: Vec<String> = keys
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, key)| key.clone())
            .collect();
        for key in crate::service::records::lock_shared(db, kind, &named).await? {
            found.insert((kind, key));
        }
    }
    if let Some(i) = keys.iter().position(|key| !found.contains(key)) {
        return Err(AppError::invalid(
            format!("{field}.{i}"),
            format!("{:?} names no record", ids[i]),
        ));
    }
    Ok(ids.to_vec())
}
