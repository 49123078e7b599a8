//! Writes to projects and courses: validated, versioned, and recorded in the change log in the
//! same transaction, all or nothing. A write names the version it last saw; a stale one is
//! refused, so no update is ever lost.

use chrono::NaiveDate;
use entity::{
    CourseFormat, ProjectStatus, ProjectTheme, Sources, alliance,
    change_log::{self, Action},
    hub, project_participant, region, training_course, transformation_project, trust,
};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait,
    DatabaseTransaction, DbErr, EntityTrait, IntoActiveModel, ModelTrait, QueryFilter, SqlErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use serde::Serialize;

use super::auth::Principal;
use super::events::{ChangeEvent, notify_in_transaction};
use super::ids::global_id;
use super::listing::Listed;
use crate::error::{AppError, AppResult};

/// Everything a training course holds; references by slug.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseFields {
    pub title: String,
    pub provider: String,
    pub format: CourseFormat,
    pub audience: Option<String>,
    pub duration_minutes: Option<i32>,
    pub credits: Option<i32>,
    pub website: Option<String>,
    pub alliance: Option<String>,
    pub hub: Option<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// Everything a transformation project holds; references by slug.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectFields {
    pub title: String,
    pub summary: String,
    pub theme: ProjectTheme,
    pub status: ProjectStatus,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub website: Option<String>,
    pub lead_alliance: Option<String>,
    pub participating_alliances: Vec<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// A write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`): a
/// deferred transaction that reads and then writes fails outright when another writer got there
/// first, instead of waiting its turn.
async fn begin_write(
    db: &impl TransactionTrait<Transaction = DatabaseTransaction>,
) -> AppResult<DatabaseTransaction> {
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    Ok(db.begin_with_options(options).await?)
}

const COURSE: &str = "TrainingCourse";
const PROJECT: &str = "TransformationProject";

fn text(field: &str, value: &str, max: usize) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(value.to_owned())
}

fn optional_text(field: &str, value: &Option<String>, max: usize) -> AppResult<Option<String>> {
    value.as_deref().map(|v| text(field, v, max)).transpose()
}

/// An http(s) URL with a host and no spaces.
fn url(field: &str, value: &Option<String>) -> AppResult<Option<String>> {
    let Some(value) = value.as_deref().map(str::trim) else {
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

fn slug(field: &str, value: &str) -> AppResult<String> {
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

fn not_negative(field: &str, value: Option<i32>) -> AppResult<Option<i32>> {
    match value {
        Some(n) if n < 0 => Err(AppError::invalid(field, "must not be negative")),
        other => Ok(other),
    }
}

fn sources(field: &str, values: &[String]) -> AppResult<Sources> {
    let mut checked = Vec::with_capacity(values.len());
    for (i, value) in values.iter().enumerate() {
        checked.push(text(&format!("{field}.{i}"), value, 500)?);
    }
    Ok(Sources(checked))
}

/// A duplicate natural key, found by the database's unique index, is a conflict.
fn conflict_on_duplicate(err: DbErr, what: &str) -> AppError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            AppError::Conflict(format!("{what} already exists"))
        }
        _ => err.into(),
    }
}

async fn alliance_id(db: &impl ConnectionTrait, field: &str, slug: &str) -> AppResult<i32> {
    alliance::Entity::find()
        .filter(alliance::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(|a| a.id)
        .ok_or_else(|| AppError::invalid(field, format!("no alliance {slug:?}")))
}

async fn hub_id(db: &impl ConnectionTrait, field: &str, slug: &str) -> AppResult<i32> {
    hub::Entity::find()
        .filter(hub::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(|h| h.id)
        .ok_or_else(|| AppError::invalid(field, format!("no hub {slug:?}")))
}

fn json(model: &impl Serialize) -> AppResult<serde_json::Value> {
    serde_json::to_value(model)
        .map_err(|err| AppError::Internal(format!("cannot record a change: {err}")))
}

/// Appends to the change log, in the writing transaction.
#[allow(clippy::too_many_arguments)]
async fn record(
    txn: &DatabaseTransaction,
    actor: &Principal,
    entity_type: &str,
    key: &str,
    action: Action,
    version: i32,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> AppResult<ChangeEvent> {
    let at = chrono::Utc::now().naive_utc();
    let change = change_log::ActiveModel {
        at: Set(at),
        token_id: Set(Some(actor.token_id)),
        actor: Set(actor.name.clone()),
        entity_type: Set(entity_type.to_owned()),
        entity_id: Set(global_id(entity_type, key)),
        action: Set(action),
        version: Set(version),
        before: Set(before),
        after: Set(after),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let event = ChangeEvent {
        entity_type: change.entity_type,
        entity_id: change.entity_id,
        action: match change.action {
            Action::Create => "CREATE",
            Action::Update => "UPDATE",
            Action::Delete => "DELETE",
        }
        .to_owned(),
        version: change.version,
        at: at
            .and_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    };
    notify_in_transaction(txn, &event).await?;
    Ok(event)
}

/// Inserts a new record; a duplicate natural key is a conflict.
async fn insert_new<E>(
    txn: &DatabaseTransaction,
    model: E::Model,
    what: &str,
) -> AppResult<E::Model>
where
    E: Listed,
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelBehavior + Send,
{
    let mut row = model.into_active_model().reset_all();
    row.not_set(E::id_column());
    row.insert(txn)
        .await
        .map_err(|err| conflict_on_duplicate(err, what))
}

/// The record with natural key `key`, or NOT_FOUND naming `what`.
async fn find_by_key<E: Listed>(
    txn: &DatabaseTransaction,
    key: &str,
    what: &str,
    type_name: &str,
) -> AppResult<E::Model> {
    E::find()
        .filter(E::key_column().eq(key))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no {what} {:?}", global_id(type_name, key))))
}

/// Writes `after` over record `id` if it is still at version `expected`: the version in the
/// WHERE clause makes the check and the write one atomic step. False when it has moved on.
async fn write_if_current<E>(
    txn: &DatabaseTransaction,
    id: i32,
    expected: i32,
    after: E::Model,
) -> AppResult<bool>
where
    E: Listed,
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelBehavior + Send,
{
    let mut row = after.into_active_model().reset_all();
    row.not_set(E::id_column());
    let updated = E::update_many()
        .set(row)
        .filter(E::id_column().eq(id))
        .filter(E::version_column().eq(expected))
        .exec(txn)
        .await?;
    Ok(updated.rows_affected == 1)
}

/// Deletes record `id` if it is still at version `expected`. False when it has moved on.
async fn delete_if_current<E: Listed>(
    txn: &DatabaseTransaction,
    id: i32,
    expected: i32,
) -> AppResult<bool> {
    let deleted = E::delete_many()
        .filter(E::id_column().eq(id))
        .filter(E::version_column().eq(expected))
        .exec(txn)
        .await?;
    Ok(deleted.rows_affected == 1)
}

fn stale(what: &str, expected: i32, current: i32) -> AppError {
    AppError::Conflict(format!(
        "{what} has changed: you expected version {expected}, it is at version {current}; read it again and retry"
    ))
}

async fn course_model(
    txn: &DatabaseTransaction,
    id: i32,
    slug: String,
    version: i32,
    fields: &CourseFields,
) -> AppResult<training_course::Model> {
    let alliance = match &fields.alliance {
        Some(s) => Some(alliance_id(txn, "input.allianceId", s).await?),
        None => None,
    };
    let hub = match &fields.hub {
        Some(s) => Some(hub_id(txn, "input.hubId", s).await?),
        None => None,
    };
    Ok(training_course::Model {
        id,
        slug,
        title: text("input.title", &fields.title, 255)?,
        provider: text("input.provider", &fields.provider, 255)?,
        format: fields.format,
        audience: optional_text("input.audience", &fields.audience, 255)?,
        duration_minutes: not_negative("input.durationMinutes", fields.duration_minutes)?,
        credits: not_negative("input.credits", fields.credits)?,
        website: url("input.website", &fields.website)?,
        alliance_id: alliance,
        hub_id: hub,
        note: optional_text("input.note", &fields.note, 2000)?,
        sources: sources("input.sources", &fields.sources)?,
        version,
    })
}

/// The current fields of a course, references as slugs, for an update to start from.
pub async fn course_fields(
    db: &impl ConnectionTrait,
    course: &training_course::Model,
) -> AppResult<CourseFields> {
    let alliance = match course.alliance_id {
        Some(id) => alliance::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|a| a.slug),
        None => None,
    };
    let hub = match course.hub_id {
        Some(id) => hub::Entity::find_by_id(id).one(db).await?.map(|h| h.slug),
        None => None,
    };
    Ok(CourseFields {
        title: course.title.clone(),
        provider: course.provider.clone(),
        format: course.format,
        audience: course.audience.clone(),
        duration_minutes: course.duration_minutes,
        credits: course.credits,
        website: course.website.clone(),
        alliance,
        hub,
        note: course.note.clone(),
        sources: course.sources.0.clone(),
    })
}

async fn project_model(
    txn: &DatabaseTransaction,
    id: i32,
    slug: String,
    version: i32,
    fields: &ProjectFields,
) -> AppResult<(transformation_project::Model, Vec<i32>)> {
    if let (Some(start), Some(end)) = (fields.start_date, fields.end_date)
        && end < start
    {
        return Err(AppError::invalid(
            "input.endDate",
            "must not be before startDate",
        ));
    }
    let lead = match &fields.lead_alliance {
        Some(s) => Some(alliance_id(txn, "input.leadAllianceId", s).await?),
        None => None,
    };
    let mut participants = Vec::new();
    for (i, s) in fields.participating_alliances.iter().enumerate() {
        let id = alliance_id(txn, &format!("input.participatingAllianceIds.{i}"), s).await?;
        if !participants.contains(&id) {
            participants.push(id);
        }
    }
    let model = transformation_project::Model {
        id,
        slug,
        title: text("input.title", &fields.title, 255)?,
        summary: text("input.summary", &fields.summary, 5000)?,
        theme: fields.theme,
        status: fields.status,
        start_date: fields.start_date,
        end_date: fields.end_date,
        lead_alliance_id: lead,
        website: url("input.website", &fields.website)?,
        note: optional_text("input.note", &fields.note, 2000)?,
        sources: sources("input.sources", &fields.sources)?,
        version,
    };
    Ok((model, participants))
}

/// The current fields of a project, references as slugs.
pub async fn project_fields(
    db: &impl ConnectionTrait,
    project: &transformation_project::Model,
) -> AppResult<ProjectFields> {
    let lead_alliance = match project.lead_alliance_id {
        Some(id) => alliance::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|a| a.slug),
        None => None,
    };
    let participant_ids: Vec<i32> = project_participant::Entity::find()
        .filter(project_participant::Column::ProjectId.eq(project.id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.alliance_id)
        .collect();
    let mut participating_alliances = Vec::new();
    for alliance in alliance::Entity::find()
        .filter(alliance::Column::Id.is_in(participant_ids))
        .all(db)
        .await?
    {
        participating_alliances.push(alliance.slug);
    }
    participating_alliances.sort();
    Ok(ProjectFields {
        title: project.title.clone(),
        summary: project.summary.clone(),
        theme: project.theme,
        status: project.status,
        start_date: project.start_date,
        end_date: project.end_date,
        website: project.website.clone(),
        lead_alliance,
        participating_alliances,
        note: project.note.clone(),
        sources: project.sources.0.clone(),
    })
}

async fn set_participants(
    txn: &DatabaseTransaction,
    project_id: i32,
    alliance_ids: &[i32],
    sources: &Sources,
) -> AppResult<()> {
    project_participant::Entity::delete_many()
        .filter(project_participant::Column::ProjectId.eq(project_id))
        .exec(txn)
        .await?;
    for alliance_id in alliance_ids {
        project_participant::ActiveModel {
            project_id: Set(project_id),
            alliance_id: Set(*alliance_id),
            sources: Set(sources.clone()),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Everything a trust holds; its region by ONS code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustFields {
    pub name: String,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub website: Option<String>,
    pub region: String,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

const TRUST: &str = "Trust";

fn ods_code(field: &str, value: &str) -> AppResult<String> {
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

async fn trust_model(
    txn: &DatabaseTransaction,
    id: i32,
    code: String,
    version: i32,
    fields: &TrustFields,
) -> AppResult<trust::Model> {
    let region_id = region::Entity::find()
        .filter(region::Column::Code.eq(&fields.region))
        .one(txn)
        .await?
        .map(|r| r.id)
        .ok_or_else(|| {
            AppError::invalid("input.regionId", format!("no region {:?}", fields.region))
        })?;
    Ok(trust::Model {
        id,
        ods_code: code,
        name: text("input.name", &fields.name, 255)?,
        address: optional_text("input.address", &fields.address, 255)?,
        postcode: optional_text("input.postcode", &fields.postcode, 16)?,
        website: url("input.website", &fields.website)?,
        region_id,
        note: optional_text("input.note", &fields.note, 2000)?,
        sources: sources("input.sources", &fields.sources)?,
        version,
    })
}

/// The current fields of a trust, its region as an ONS code.
pub async fn trust_fields(
    db: &impl ConnectionTrait,
    trust: &trust::Model,
) -> AppResult<TrustFields> {
    let region = region::Entity::find_by_id(trust.region_id)
        .one(db)
        .await?
        .map(|r| r.code)
        .ok_or_else(|| AppError::Internal(format!("trust {} has no region", trust.ods_code)))?;
    Ok(TrustFields {
        name: trust.name.clone(),
        address: trust.address.clone(),
        postcode: trust.postcode.clone(),
        website: trust.website.clone(),
        region,
        note: trust.note.clone(),
        sources: trust.sources.0.clone(),
    })
}

/// A kind of record the API writes: what differs between kinds. Creating, updating and
/// deleting are the same steps for every kind (`create`, `update`, `delete` below).
pub trait Writable: Send + Sync + 'static {
    type Entity: Listed<
            Model: IntoActiveModel<<Self::Entity as EntityTrait>::ActiveModel>
                       + Serialize
                       + Clone
                       + Send,
        > + EntityTrait<ActiveModel: ActiveModelBehavior + Send>;
    /// Everything the record holds, references by natural key.
    type Fields: Send + Sync;
    /// What the row's write must be followed by (links), worked out while building.
    type Links: Send;
    /// The API type, e.g. `TrainingCourse`.
    const TYPE: &'static str;
    /// How messages name a record, e.g. "training course".
    const NOUN: &'static str;

    /// Checks a new record's natural key.
    fn new_key(key: &str) -> AppResult<String>;

    /// The record `fields` describe, validated, with its links.
    fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &Self::Fields,
    ) -> impl Future<Output = AppResult<(Model<Self>, Self::Links)>> + Send;

    /// A record's current fields, for an update to start from.
    fn fields(
        txn: &DatabaseTransaction,
        model: &Model<Self>,
    ) -> impl Future<Output = AppResult<Self::Fields>> + Send;

    /// Writes the links after the row.
    fn link(
        _txn: &DatabaseTransaction,
        _model: &Model<Self>,
        _links: Self::Links,
    ) -> impl Future<Output = AppResult<()>> + Send {
        async { Ok(()) }
    }

    /// Refuses to delete a record others still refer to.
    fn check_unreferenced(
        _txn: &DatabaseTransaction,
        _model: &Model<Self>,
    ) -> impl Future<Output = AppResult<()>> + Send {
        async { Ok(()) }
    }

    /// The record as the change log keeps it, as it is in the database now.
    fn snapshot(
        _txn: &DatabaseTransaction,
        model: &Model<Self>,
    ) -> impl Future<Output = AppResult<serde_json::Value>> + Send {
        async move { json(model) }
    }
}

type Model<K> = <<K as Writable>::Entity as EntityTrait>::Model;

fn version_of<K: Writable>(model: &Model<K>) -> i32 {
    match model.get(<K::Entity as Listed>::version_column()) {
        sea_orm::Value::Int(Some(version)) => version,
        _ => 0,
    }
}

fn stale_record<K: Writable>(expected: i32, current: i32) -> AppError {
    stale(&format!("the {}", K::NOUN), expected, current)
}

async fn find<K: Writable>(txn: &DatabaseTransaction, key: &str) -> AppResult<Model<K>> {
    find_by_key::<K::Entity>(txn, key, K::NOUN, K::TYPE).await
}

/// Creates a record of kind `K` with natural key `key`.
pub async fn create<K: Writable>(
    db: &impl TransactionTrait<Transaction = DatabaseTransaction>,
    actor: &Principal,
    key: &str,
    fields: &K::Fields,
) -> AppResult<(Model<K>, ChangeEvent)> {
    let key = K::new_key(key)?;
    let txn = begin_write(db).await?;
    let (model, links) = K::build(&txn, 0, key.clone(), 1, fields).await?;
    let created = insert_new::<K::Entity>(&txn, model, &format!("a {} {key:?}", K::NOUN)).await?;
    K::link(&txn, &created, links).await?;
    let after = K::snapshot(&txn, &created).await?;
    let event = record(
        &txn,
        actor,
        K::TYPE,
        &key,
        Action::Create,
        1,
        None,
        Some(after),
    )
    .await?;
    txn.commit().await?;
    Ok((created, event))
}

/// Updates the record `key` if it is still at `expected_version`: `change` edits its current
/// fields; a stale version is a conflict.
pub async fn update<K: Writable>(
    db: &impl TransactionTrait<Transaction = DatabaseTransaction>,
    actor: &Principal,
    key: &str,
    expected_version: i32,
    change: impl FnOnce(&mut K::Fields) + Send,
) -> AppResult<(Model<K>, ChangeEvent)> {
    let txn = begin_write(db).await?;
    let before = find::<K>(&txn, key).await?;
    let id = <K::Entity as Listed>::model_id(&before);
    let current = version_of::<K>(&before);
    if current != expected_version {
        return Err(stale_record::<K>(expected_version, current));
    }
    let before_snapshot = K::snapshot(&txn, &before).await?;
    let mut fields = K::fields(&txn, &before).await?;
    change(&mut fields);
    let (after, links) = K::build(&txn, id, key.to_owned(), current + 1, &fields).await?;
    if !write_if_current::<K::Entity>(&txn, id, expected_version, after.clone()).await? {
        let now = find::<K>(&txn, key).await?;
        return Err(stale_record::<K>(expected_version, version_of::<K>(&now)));
    }
    K::link(&txn, &after, links).await?;
    let after_snapshot = K::snapshot(&txn, &after).await?;
    let event = record(
        &txn,
        actor,
        K::TYPE,
        key,
        Action::Update,
        current + 1,
        Some(before_snapshot),
        Some(after_snapshot),
    )
    .await?;
    txn.commit().await?;
    Ok((after, event))
}

/// Deletes the record `key` if it is still at `expected_version` and nothing refers to it.
pub async fn delete<K: Writable>(
    db: &impl TransactionTrait<Transaction = DatabaseTransaction>,
    actor: &Principal,
    key: &str,
    expected_version: i32,
) -> AppResult<ChangeEvent> {
    let txn = begin_write(db).await?;
    let before = find::<K>(&txn, key).await?;
    let current = version_of::<K>(&before);
    if current != expected_version {
        return Err(stale_record::<K>(expected_version, current));
    }
    K::check_unreferenced(&txn, &before).await?;
    let before_snapshot = K::snapshot(&txn, &before).await?;
    // Links owned by the record go with it (ON DELETE CASCADE).
    if !delete_if_current::<K::Entity>(
        &txn,
        <K::Entity as Listed>::model_id(&before),
        expected_version,
    )
    .await?
    {
        return Err(stale_record::<K>(expected_version, current));
    }
    let event = record(
        &txn,
        actor,
        K::TYPE,
        key,
        Action::Delete,
        current,
        Some(before_snapshot),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(event)
}

/// Training courses (editors).
pub struct Courses;

impl Writable for Courses {
    type Entity = training_course::Entity;
    type Fields = CourseFields;
    type Links = ();
    const TYPE: &'static str = COURSE;
    const NOUN: &'static str = "training course";

    fn new_key(key: &str) -> AppResult<String> {
        slug("input.slug", key)
    }

    async fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &CourseFields,
    ) -> AppResult<(training_course::Model, ())> {
        Ok((course_model(txn, id, key, version, fields).await?, ()))
    }

    async fn fields(
        txn: &DatabaseTransaction,
        model: &training_course::Model,
    ) -> AppResult<CourseFields> {
        course_fields(txn, model).await
    }
}

/// Transformation projects (editors); their participants are part of the record.
pub struct Projects;

/// A project with its participants, as the change log keeps it.
#[derive(Serialize)]
struct ProjectRecord<'a> {
    #[serde(flatten)]
    project: &'a transformation_project::Model,
    participating_alliances: Vec<String>,
}

impl Writable for Projects {
    type Entity = transformation_project::Entity;
    type Fields = ProjectFields;
    /// The ids of the participating alliances.
    type Links = Vec<i32>;
    const TYPE: &'static str = PROJECT;
    const NOUN: &'static str = "transformation project";

    fn new_key(key: &str) -> AppResult<String> {
        slug("input.slug", key)
    }

    async fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &ProjectFields,
    ) -> AppResult<(transformation_project::Model, Vec<i32>)> {
        project_model(txn, id, key, version, fields).await
    }

    async fn fields(
        txn: &DatabaseTransaction,
        model: &transformation_project::Model,
    ) -> AppResult<ProjectFields> {
        project_fields(txn, model).await
    }

    async fn link(
        txn: &DatabaseTransaction,
        model: &transformation_project::Model,
        alliances: Vec<i32>,
    ) -> AppResult<()> {
        set_participants(txn, model.id, &alliances, &model.sources).await
    }

    async fn snapshot(
        txn: &DatabaseTransaction,
        model: &transformation_project::Model,
    ) -> AppResult<serde_json::Value> {
        let participating_alliances = project_fields(txn, model).await?.participating_alliances;
        json(&ProjectRecord {
            project: model,
            participating_alliances,
        })
    }
}

/// NHS trusts (admins); a trust leading a hub or hosting an alliance is not deleted.
pub struct Trusts;

impl Writable for Trusts {
    type Entity = trust::Entity;
    type Fields = TrustFields;
    type Links = ();
    const TYPE: &'static str = TRUST;
    const NOUN: &'static str = "trust";

    fn new_key(key: &str) -> AppResult<String> {
        ods_code("input.odsCode", key)
    }

    async fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &TrustFields,
    ) -> AppResult<(trust::Model, ())> {
        Ok((trust_model(txn, id, key, version, fields).await?, ()))
    }

    async fn fields(txn: &DatabaseTransaction, model: &trust::Model) -> AppResult<TrustFields> {
        trust_fields(txn, model).await
    }

    async fn check_unreferenced(txn: &DatabaseTransaction, model: &trust::Model) -> AppResult<()> {
        let led = hub::Entity::find()
            .filter(hub::Column::LeadTrustId.eq(model.id))
            .all(txn)
            .await?;
        let hosted = alliance::Entity::find()
            .filter(alliance::Column::HostTrustId.eq(model.id))
            .all(txn)
            .await?;
        if led.is_empty() && hosted.is_empty() {
            return Ok(());
        }
        let uses: Vec<String> = led
            .iter()
            .map(|h| format!("it leads {}", global_id("Hub", &h.slug)))
            .chain(
                hosted
                    .iter()
                    .map(|a| format!("it hosts {}", global_id("Alliance", &a.slug))),
            )
            .collect();
        Err(AppError::Conflict(format!(
            "the trust is still referenced: {}",
            uses.join(", ")
        )))
    }
}
