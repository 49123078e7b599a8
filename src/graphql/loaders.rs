//! Batched loading for every relation field: one `Loader` impl per key type on one `Loaders`
//! struct, one statement per batch. A fresh `DataLoader<Loaders>` serves each request, so
//! nothing cached outlives it.
//!
//! The DataLoader clones every key it is given and every value it hands out, more than once, so
//! values and the costly parts of keys are shared (`Arc`): a field takes its value back out of
//! the `Arc` without copying it when it is the only holder, as it is unless another field of
//! the batch asked for the same record (with the same columns or not).

use std::{
    collections::HashMap,
    hash::{Hash, Hasher},
    marker::PhantomData,
    sync::Arc,
};

use async_graphql::{
    Context, Lookahead,
    dataloader::{DataLoader, Loader},
};
use entity::{alliance, change_log, source_conflict, timeline_event};
use sea_orm::{EntityTrait, IdenStatic};

use sea_orm::DatabaseConnection;

use crate::db::Session;
use crate::error::{AppError, AppResult};
use crate::service::{
    ListQuery, Page, changes, concerns,
    kinds::{Kind, Listed, RelationSpec},
    listing::{self, Columns},
    lookup,
    records::{self, Record, Recorded},
};

/// The request's reads (see [`crate::db::session`]).
pub(crate) fn db<'a>(ctx: &'a Context<'_>) -> AppResult<&'a Session> {
    ctx.data::<Session>()
        .map_err(|_| AppError::Internal("no database in the schema".into()))
}

/// The pool writes go through (see [`crate::db::Pools`]).
pub(crate) struct Writer(pub DatabaseConnection);

pub(crate) fn writer<'a>(ctx: &'a Context<'_>) -> AppResult<&'a DatabaseConnection> {
    ctx.data::<Writer>()
        .map(|w| &w.0)
        .map_err(|_| AppError::Internal("no database writer in the schema".into()))
}

pub struct Loaders {
    db: Session,
}

impl Loaders {
    pub fn new(db: Session) -> Self {
        Self { db }
    }
}

/// The fields that show a record's provenance, the columns a read may leave out.
const PROVENANCE_FIELDS: [&str; 2] = ["note", "sources"];

/// The columns of the records the current field returns that its selection shows: all of them
/// where it asks for `note` or `sources` of the records themselves, of a connection's `nodes`
/// or of its `edges { node }`; otherwise all but the provenance. (A selection this misreads is
/// still answered rightly, at the cost of a statement: a record read without its provenance
/// reads it when asked for it; see `object!`'s `provenance`.)
pub(crate) fn columns_shown(ctx: &Context<'_>) -> Columns {
    let field = ctx.look_ahead();
    let shows = |records: &Lookahead<'_>| {
        PROVENANCE_FIELDS
            .iter()
            .any(|name| records.field(name).exists())
    };
    if shows(&field) || shows(&field.field("nodes")) || shows(&field.field("edges").field("node")) {
        Columns::All
    } else {
        Columns::WithoutProvenance
    }
}

fn loader<'a>(ctx: &'a Context<'_>) -> AppResult<&'a DataLoader<Loaders>> {
    ctx.data::<DataLoader<Loaders>>()
        .map_err(|_| AppError::Internal("no DataLoader in the request".into()))
}

/// A row of `E` by its surrogate key, with the columns the field shows.
pub struct ById<E>(pub i32, pub Columns, PhantomData<fn() -> E>);

impl<E> ById<E> {
    pub fn new(id: i32, columns: Columns) -> Self {
        Self(id, columns, PhantomData)
    }
}

impl<E> Clone for ById<E> {
    fn clone(&self) -> Self {
        Self::new(self.0, self.1)
    }
}
impl<E> PartialEq for ById<E> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0 && self.1 == other.1
    }
}
impl<E> Eq for ById<E> {}
impl<E> Hash for ById<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
        self.1.hash(state);
    }
}

/// A loader key that names what to read (a record, or a parent's page) and the columns its
/// field shows. Keys that name the same thing with different columns share one read, of what
/// all of them need: see [`batch`] and [`handed_out`].
trait Shown: Clone + Eq + Hash {
    type Name: Clone + Eq + Hash + Ord;
    fn name(&self) -> Self::Name;
    fn columns(&self) -> Columns;
}

/// What a batch's keys name, each once, and the columns they need between them.
fn batch<'k, K: Shown + 'k>(keys: impl Iterator<Item = &'k K>) -> (Vec<K::Name>, Columns) {
    let mut names = Vec::new();
    let mut columns: Option<Columns> = None;
    for key in keys {
        names.push(key.name());
        columns = Some(columns.map_or(key.columns(), |c| c.and(key.columns())));
    }
    names.sort_unstable();
    names.dedup();
    (names, columns.unwrap_or(Columns::WithoutProvenance))
}

/// What a batch's read found, handed to each key that named it; a key that named nothing found
/// gets nothing.
fn handed_out<'k, K: Shown + 'k, V>(
    keys: impl Iterator<Item = &'k K>,
    found: HashMap<K::Name, V>,
) -> HashMap<K, Arc<V>> {
    let found: HashMap<K::Name, Arc<V>> = found
        .into_iter()
        .map(|(name, value)| (name, Arc::new(value)))
        .collect();
    keys.filter_map(|key| Some((key.clone(), Arc::clone(found.get(&key.name())?))))
        .collect()
}

impl<E> Shown for ById<E> {
    type Name = i32;
    fn name(&self) -> i32 {
        self.0
    }
    fn columns(&self) -> Columns {
        self.1
    }
}

impl<E: Listed> Loader<ById<E>> for Loaders {
    type Value = Arc<E::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[ById<E>]) -> AppResult<HashMap<ById<E>, Arc<E::Model>>> {
        let (ids, columns) = batch(keys.iter());
        let found = listing::by_ids::<E>(&self.db, &ids, columns).await?;
        Ok(handed_out(keys.iter(), found))
    }
}

/// A loaded value, moved out of its `Arc` when no other field holds it, copied when one does.
fn owned<T: Clone>(shared: Arc<T>) -> T {
    Arc::try_unwrap(shared).unwrap_or_else(|shared| T::clone(&shared))
}

/// A record by its kind and natural key (code or slug), with the columns the field shows. The
/// lookups of a request share one statement, whichever kinds they name (see [`records`]).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ByKey(pub Kind, pub String, pub Columns);

impl Shown for ByKey {
    type Name = (Kind, String);
    fn name(&self) -> (Kind, String) {
        (self.0, self.1.clone())
    }
    fn columns(&self) -> Columns {
        self.2
    }
}

impl Loader<ByKey> for Loaders {
    type Value = Arc<Record>;
    type Error = AppError;

    async fn load(&self, keys: &[ByKey]) -> AppResult<HashMap<ByKey, Arc<Record>>> {
        let (named, columns) = batch(keys.iter());
        let found = records::by_keys(&self.db, &named, columns).await?;
        Ok(handed_out(keys.iter(), found))
    }
}

/// A row of `E` by a unique column other than its natural key.
pub struct ByUnique<E: EntityTrait>(pub E::Column, pub String);

impl<E: EntityTrait> Clone for ByUnique<E> {
    fn clone(&self) -> Self {
        Self(self.0, self.1.clone())
    }
}
impl<E: EntityTrait> PartialEq for ByUnique<E> {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_str() == other.0.as_str() && self.1 == other.1
    }
}
impl<E: EntityTrait> Eq for ByUnique<E> {}
impl<E: EntityTrait> Hash for ByUnique<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.as_str().hash(state);
        self.1.hash(state);
    }
}

impl<E: Listed> Loader<ByUnique<E>> for Loaders {
    type Value = Arc<E::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[ByUnique<E>]) -> AppResult<HashMap<ByUnique<E>, Arc<E::Model>>> {
        let mut found = HashMap::with_capacity(keys.len());
        // One statement per column asked by (in practice one).
        let mut columns: Vec<E::Column> = Vec::new();
        for key in keys {
            if !columns.iter().any(|c| c.as_str() == key.0.as_str()) {
                columns.push(key.0);
            }
        }
        for column in columns {
            let values: Vec<String> = keys
                .iter()
                .filter(|key| key.0.as_str() == column.as_str())
                .map(|key| key.1.clone())
                .collect();
            let rows = listing::by_unique::<E>(&self.db, column, &values).await?;
            found.extend(
                rows.into_iter()
                    .map(|(value, model)| (ByUnique(column, value), Arc::new(model))),
            );
        }
        Ok(found)
    }
}

/// A row by a unique column other than its natural key, batched with the request's other
/// lookups by that column.
pub async fn by_unique<E: Listed>(
    ctx: &Context<'_>,
    column: E::Column,
    value: &str,
) -> AppResult<Option<E::Model>> {
    Ok(loader(ctx)?
        .load_one(ByUnique::<E>(column, value.to_owned()))
        .await?
        .map(owned))
}

/// A record's change history, by its global id.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct HistoryOf(pub String);

impl Loader<HistoryOf> for Loaders {
    type Value = Arc<Vec<change_log::Model>>;
    type Error = AppError;

    async fn load(
        &self,
        keys: &[HistoryOf],
    ) -> AppResult<HashMap<HistoryOf, Arc<Vec<change_log::Model>>>> {
        let ids: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
        let found = changes::history(&self.db, &ids).await?;
        Ok(found
            .into_iter()
            .map(|(id, rows)| (HistoryOf(id), Arc::new(rows)))
            .collect())
    }
}

/// A record's change history, batched with every other record's in the request.
pub async fn history(ctx: &Context<'_>, entity_id: String) -> AppResult<Vec<change_log::Model>> {
    Ok(loader(ctx)?
        .load_one(HistoryOf(entity_id))
        .await?
        .map(owned)
        .unwrap_or_default())
}

/// A loader key whose batch is one call of a service function returning a map from the key's
/// inner value to a list: what the key's record names, or what names it.
macro_rules! listed_by {
    ($(#[$doc:meta])* $key:ident($inner:ty) -> $value:ty = $service:path; $(#[$fn_doc:meta])* fn $get:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        pub struct $key(pub $inner);

        impl Loader<$key> for Loaders {
            type Value = Arc<Vec<$value>>;
            type Error = AppError;

            async fn load(&self, keys: &[$key]) -> AppResult<HashMap<$key, Arc<Vec<$value>>>> {
                let inner: Vec<$inner> = keys.iter().map(|k| k.0.clone()).collect();
                let found = $service(&self.db, &inner).await?;
                Ok(found
                    .into_iter()
                    .map(|(k, rows)| ($key(k), Arc::new(rows)))
                    .collect())
            }
        }

        $(#[$fn_doc])*
        pub async fn $get(ctx: &Context<'_>, of: $inner) -> AppResult<Vec<$value>> {
            Ok(loader(ctx)?.load_one($key(of)).await?.map(owned).unwrap_or_default())
        }
    };
}

listed_by! {
    /// The records a timeline event names, by the event's id.
    ConcernsOfEvent(i32) -> String = concerns::named_by::<entity::event_concern::Entity>;
    /// The global ids of the records an event names, batched.
    fn concerns_of_event
}

listed_by! {
    /// The records a conflict between sources bears on, by the conflict's id.
    ConcernsOfConflict(i32) -> String = concerns::named_by::<entity::conflict_concern::Entity>;
    /// The global ids of the records a conflict bears on, batched.
    fn concerns_of_conflict
}

listed_by! {
    /// The timeline events naming a record, by its global id.
    EventsNaming(String) -> timeline_event::Model = concerns::events_naming;
    /// The events naming a record, batched with every other record's in the request.
    fn events_naming
}

listed_by! {
    /// The conflicts between sources bearing on a record, by its global id.
    ConflictsNaming(String) -> source_conflict::Model = concerns::conflicts_naming;
    /// The conflicts bearing on a record, batched with every other record's in the request.
    fn conflicts_naming
}

/// The alliance of a hub, by the hub's id.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct AllianceOfHub(pub i32);

impl Loader<AllianceOfHub> for Loaders {
    type Value = Arc<alliance::Model>;
    type Error = AppError;

    async fn load(
        &self,
        keys: &[AllianceOfHub],
    ) -> AppResult<HashMap<AllianceOfHub, Arc<alliance::Model>>> {
        let hubs: Vec<i32> = keys.iter().map(|key| key.0).collect();
        let found = lookup::alliances_by_hub(&self.db, &hubs).await?;
        Ok(found
            .into_iter()
            .map(|a| (AllianceOfHub(a.hub_id), Arc::new(a)))
            .collect())
    }
}

/// One parent's page of a to-many relation, with the columns the field shows. Keys with the
/// same query (filter, ordering and page) share a statement, and the query itself.
pub struct Related<R: RelationSpec> {
    pub parent: i32,
    pub query: Arc<ListQuery<R::Child>>,
    pub columns: Columns,
}

impl<R: RelationSpec> Clone for Related<R> {
    fn clone(&self) -> Self {
        Self {
            parent: self.parent,
            query: self.query.clone(),
            columns: self.columns,
        }
    }
}
impl<R: RelationSpec> PartialEq for Related<R> {
    fn eq(&self, other: &Self) -> bool {
        self.parent == other.parent && self.query == other.query && self.columns == other.columns
    }
}
impl<R: RelationSpec> Eq for Related<R> {}

impl<R: RelationSpec> Shown for Related<R> {
    type Name = i32;
    fn name(&self) -> i32 {
        self.parent
    }
    fn columns(&self) -> Columns {
        self.columns
    }
}
impl<R: RelationSpec> Hash for Related<R> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.parent.hash(state);
        self.query.hash(state);
        self.columns.hash(state);
    }
}

type Model<R> = <<R as RelationSpec>::Child as EntityTrait>::Model;

impl<R: RelationSpec> Loader<Related<R>> for Loaders {
    type Value = Arc<Page<Model<R>>>;
    type Error = AppError;

    async fn load(
        &self,
        keys: &[Related<R>],
    ) -> AppResult<HashMap<Related<R>, Arc<Page<Model<R>>>>> {
        let mut by_query: HashMap<&Arc<ListQuery<R::Child>>, Vec<&Related<R>>> = HashMap::new();
        for key in keys {
            by_query.entry(&key.query).or_default().push(key);
        }
        // A parent with no rows is left out: `related` gives it an empty page.
        let mut pages = HashMap::with_capacity(keys.len());
        for (query, keys) in by_query {
            let (parents, columns) = batch(keys.iter().copied());
            let found = listing::related_pages::<R>(&self.db, &parents, query, columns).await?;
            pages.extend(handed_out(keys.iter().copied(), found));
        }
        Ok(pages)
    }
}

/// A row that a foreign key points at; a dangling key is an internal error.
pub async fn required<E: Listed>(ctx: &Context<'_>, id: i32) -> AppResult<E::Model> {
    optional::<E>(ctx, Some(id)).await?.ok_or_else(|| {
        AppError::Internal(format!(
            "{} {id} is referenced but missing",
            E::default().table_name()
        ))
    })
}

/// A row that a nullable foreign key points at.
pub async fn optional<E: Listed>(
    ctx: &Context<'_>,
    id: Option<i32>,
) -> AppResult<Option<E::Model>> {
    match id {
        None => Ok(None),
        Some(id) => Ok(loader(ctx)?
            .load_one(ById::<E>::new(id, columns_shown(ctx)))
            .await?
            .map(owned)),
    }
}

/// A row by its natural key, with the columns the field shows, batched with every other lookup
/// of the request.
pub async fn by_key<E: Recorded>(ctx: &Context<'_>, key: &str) -> AppResult<Option<E::Model>> {
    by_key_reading::<E>(ctx, key, columns_shown(ctx)).await
}

/// A row by its natural key, reading `columns`, batched with every other lookup of the request.
pub async fn by_key_reading<E: Recorded>(
    ctx: &Context<'_>,
    key: &str,
    columns: Columns,
) -> AppResult<Option<E::Model>> {
    let record = loader(ctx)?
        .load_one(ByKey(E::KIND, key.to_owned(), columns))
        .await?;
    Ok(record.map(owned).and_then(E::model))
}

pub async fn alliance_of_hub(ctx: &Context<'_>, hub: i32) -> AppResult<Option<alliance::Model>> {
    Ok(loader(ctx)?.load_one(AllianceOfHub(hub)).await?.map(owned))
}

/// A parent's page of a to-many relation, batched with the same field of every other parent.
pub async fn related<R: RelationSpec>(
    ctx: &Context<'_>,
    parent: i32,
    query: ListQuery<R::Child>,
) -> AppResult<Page<Model<R>>> {
    let key = Related::<R> {
        parent,
        query: Arc::new(query),
        columns: columns_shown(ctx),
    };
    // Boxed, so that the fields that await this stay small (see `BuildFilter for Box`).
    Ok(Box::pin(loader(ctx)?.load_one(key))
        .await?
        .map_or_else(Page::empty, owned))
}
