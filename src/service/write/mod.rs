//! Writes: validated, versioned, and recorded in the change log in the same transaction, all or
//! nothing. A write names the version it last saw; a stale one is refused, so no update is ever
//! lost. Creating, updating and deleting are the same steps for every kind of record; each kind
//! (one module each) says only what differs, through [`Writable`].

mod alliance;
mod centre;
pub(crate) mod check;
mod concerns;
mod conflict;
mod course;
mod coverage;
mod hub;
mod icb;
mod membership;
mod network;
mod organisation;
mod project;
mod region;
mod site;
mod timeline;
mod trust;

pub use alliance::{AllianceFields, Alliances};
pub use centre::{CentreFields, Centres};
pub use conflict::{ConflictFields, Conflicts};
pub use course::{CourseFields, Courses};
pub use coverage::Coverage;
pub use hub::{HubFields, Hubs};
pub use icb::{IcbFields, Icbs};
pub use membership::{MembershipFields, Memberships};
pub use network::{NetworkFields, Networks};
pub use organisation::{OrganisationFields, Organisations};
pub use project::{ProjectFields, Projects};
pub use region::{RegionFields, Regions};
pub use site::{SiteFields, Sites};
pub use timeline::{EventFields, Events};
pub use trust::{TrustFields, Trusts};

/// When a record began and ended, where sources date it, with how much of each date is known.
/// Written by the seed and by admins and editors (with the record), checked by `check::validity`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Validity {
    pub from: Option<chrono::NaiveDate>,
    pub from_precision: Option<entity::DatePrecision>,
    pub to: Option<chrono::NaiveDate>,
    pub to_precision: Option<entity::DatePrecision>,
}

use entity::change_log::{self, Action};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction,
    DbErr, EntityTrait, IntoActiveModel, ModelTrait, QueryFilter, QuerySelect, SqlErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use serde::Serialize;

use super::auth::Principal;
use super::events::{ChangeEvent, notify_in_transaction};
use super::ids::global_id;
use super::kinds::Listed;
use crate::error::{AppError, AppResult};

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

/// A duplicate natural key, found by the database's unique index, is a conflict.
fn conflict_on_duplicate(err: DbErr, message: impl FnOnce() -> String) -> AppError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict(message()),
        _ => err.into(),
    }
}

pub(super) fn json(model: &impl Serialize) -> AppResult<serde_json::Value> {
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
        action: change.action,
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
    duplicate: impl FnOnce() -> String,
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
        .map_err(|err| conflict_on_duplicate(err, duplicate))
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
    duplicate: impl FnOnce() -> String,
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
        .await
        .map_err(|err| conflict_on_duplicate(err, duplicate))?;
    Ok(updated.rows_affected == 1)
}

/// Deletes record `id` if it is still at version `expected`. False when it has moved on. A
/// reference the checks could not see (one committed meanwhile by another writer) is still
/// caught by the database's foreign keys, and is a conflict too.
async fn delete_if_current<E: Listed>(
    txn: &DatabaseTransaction,
    id: i32,
    expected: i32,
    noun: &str,
) -> AppResult<bool> {
    let deleted = E::delete_many()
        .filter(E::id_column().eq(id))
        .filter(E::version_column().eq(expected))
        .exec(txn)
        .await
        .map_err(|err| match err.sql_err() {
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                AppError::Conflict(format!("the {noun} is still referenced; read it again"))
            }
            _ => err.into(),
        })?;
    Ok(deleted.rows_affected == 1)
}

/// The records of `P` that the link table `L` joins to the record `id`: its column `at` holds
/// that record's id, `far` theirs. One statement.
pub(super) async fn linked<L: EntityTrait, P: Listed>(
    txn: &DatabaseTransaction,
    at: L::Column,
    id: i32,
    far: L::Column,
) -> AppResult<Vec<P::Model>> {
    let links = sea_orm::sea_query::Query::select()
        .column(far)
        .from(L::default())
        .and_where(at.eq(id))
        .to_owned();
    Ok(P::find()
        .filter(P::id_column().in_subquery(links))
        .all(txn)
        .await?)
}

/// Refuses to delete a record still in use: `uses` says by what, e.g. "it leads Hub:east".
pub(super) fn unreferenced(noun: &str, uses: impl Iterator<Item = String>) -> AppResult<()> {
    const SHOWN: usize = 10;
    let mut uses: Vec<String> = uses.collect();
    if uses.is_empty() {
        return Ok(());
    }
    let more = uses.len().saturating_sub(SHOWN);
    uses.truncate(SHOWN);
    let mut list = uses.join(", ");
    if more > 0 {
        list.push_str(&format!(" and {more} more"));
    }
    Err(AppError::Conflict(format!(
        "the {noun} is still referenced: {list}; change or delete those first"
    )))
}

fn stale(what: &str, expected: i32, current: i32) -> AppError {
    AppError::Conflict(format!(
        "{what} has changed: you expected version {expected}, it is at version {current}; read it again and retry"
    ))
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
    /// How messages name a record, e.g. "training course".
    const NOUN: &'static str;

    /// The conflict a unique index found: by default, the natural key is taken.
    fn duplicate(key: &str) -> String {
        format!("a {} {key:?} already exists", Self::NOUN)
    }

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

pub(super) type Model<K> = <<K as Writable>::Entity as EntityTrait>::Model;

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
    find_by_key::<K::Entity>(txn, key, K::NOUN, K::Entity::KIND.name()).await
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
    let created = insert_new::<K::Entity>(&txn, model, || K::duplicate(&key)).await?;
    K::link(&txn, &created, links).await?;
    let after = K::snapshot(&txn, &created).await?;
    let event = record(
        &txn,
        actor,
        K::Entity::KIND.name(),
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
    if !write_if_current::<K::Entity>(&txn, id, expected_version, after.clone(), || {
        K::duplicate(key)
    })
    .await?
    {
        let now = find::<K>(&txn, key).await?;
        return Err(stale_record::<K>(expected_version, version_of::<K>(&now)));
    }
    K::link(&txn, &after, links).await?;
    let after_snapshot = K::snapshot(&txn, &after).await?;
    let event = record(
        &txn,
        actor,
        K::Entity::KIND.name(),
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
    // Locked first, so that a write naming it by id (which locks what it names for share) either
    // committed before these checks see it, or waits and then finds it gone.
    let before = K::Entity::find()
        .filter(<K::Entity as Listed>::key_column().eq(key))
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| {
            AppError::NotFound(format!(
                "no {} {:?}",
                K::NOUN,
                global_id(K::Entity::KIND.name(), key)
            ))
        })?;
    let current = version_of::<K>(&before);
    if current != expected_version {
        return Err(stale_record::<K>(expected_version, current));
    }
    K::check_unreferenced(&txn, &before).await?;
    let named = concerns::naming(&txn, &K::Entity::KIND.global_id(key)).await?;
    unreferenced(K::NOUN, named.into_iter())?;
    let before_snapshot = K::snapshot(&txn, &before).await?;
    // Links owned by the record go with it (ON DELETE CASCADE).
    if !delete_if_current::<K::Entity>(
        &txn,
        <K::Entity as Listed>::model_id(&before),
        expected_version,
        K::NOUN,
    )
    .await?
    {
        return Err(stale_record::<K>(expected_version, current));
    }
    let event = record(
        &txn,
        actor,
        K::Entity::KIND.name(),
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
