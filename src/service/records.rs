//! Records of any kind, looked up by natural key: all the lookups of a batch
//! in one statement, whichever tables they name. A federation router's `_entities` and a
//! client's `node` lookups mix types; each table they name is one branch of a `UNION ALL`:
//!
//! ```sql
//! SELECT '' AS __table, hub.id AS "hub.id", …, trust.id AS "trust.id", …
//!   FROM hub, trust WHERE 1 = 0
//! UNION ALL SELECT 'hub', hub.id, …, NULL, … FROM hub WHERE hub.slug IN (…)
//! UNION ALL SELECT 'trust', NULL, …, trust.id, … FROM trust WHERE trust.ods_code IN (…)
//! ```
//!
//! Each branch selects every named table's columns under `<table>.<column>`: its own table's
//! (NULL for its records' `note` and `sources` when the lookups do not show them, see
//! [`Columns`]), and NULL for the others'. The first branch returns no rows; it is there so
//! that every column has its table's own type on every backend. PostgreSQL types a union's
//! columns pairwise from the left, so a column whose first two branches were NULL would be
//! typed as text, and then not match an integer or a date in a later branch.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use sea_orm::{
    ConnectionTrait, DbBackend, EntityName, FromQueryResult, IdenStatic, Iterable, ModelTrait,
    QueryResult, Statement, Value,
    sea_query::{Expr, ExprTrait, Query, SelectStatement, UnionType},
};

use super::kinds::{Kind, Listed, kinds};
use super::listing::{Columns, MAX_KEYS_PER_STATEMENT};
use crate::error::{AppError, AppResult};

/// The column that says which table a row is from.
const TABLE_COLUMN: &str = "__table";

/// A kind whose records can be looked up by natural key alongside the other kinds'.
pub trait Recorded: Listed {
    fn record(model: Self::Model) -> Record;
    fn model(record: Record) -> Option<Self::Model>;
}

macro_rules! records {
    ($($(#[$doc:meta])* $kind:ident($module:ident) { $($rest:tt)* })*) => {
        /// A record of any kind.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Record { $($kind(entity::$module::Model),)* }

        $(impl Recorded for entity::$module::Entity {
            fn record(model: Self::Model) -> Record {
                Record::$kind(model)
            }

            fn model(record: Record) -> Option<Self::Model> {
                match record {
                    Record::$kind(model) => Some(model),
                    _ => None,
                }
            }
        })*

        /// This kind's columns in `select`: its own values (those `columns` read), or NULL.
        fn columns_of(kind: Kind, select: &mut SelectStatement, own: bool, read: Columns) {
            match kind {
                $(Kind::$kind => columns::<entity::$module::Entity>(select, own, read),)*
            }
        }

        fn branch_of(
            backend: DbBackend,
            kind: Kind,
            kinds: &[Kind],
            keys: &[&str],
            columns: Columns,
        ) -> SelectStatement {
            match kind {
                $(Kind::$kind => branch::<entity::$module::Entity>(backend, kinds, keys, columns),)*
            }
        }

        fn decode_as(kind: Kind, row: &QueryResult) -> AppResult<(String, Record)> {
            match kind { $(Kind::$kind => decode::<entity::$module::Entity>(row),)* }
        }
    };
}

kinds!(records);

/// The alias a table's column goes by in the union.
fn alias<E: EntityName>(column: impl IdenStatic) -> String {
    format!("{}.{}", E::default().table_name(), column.as_str())
}

fn columns<E: Listed>(select: &mut SelectStatement, own: bool, read: Columns) {
    for column in E::Column::iter() {
        let value = if own && read.read::<E>(column) {
            Expr::col((E::default(), column))
        } else {
            Expr::null()
        };
        select.expr_as(value, alias::<E>(column));
    }
}

/// The branch of the rows of `E` with the given keys: on PostgreSQL and SQLite, the keys are
/// one value, a JSON array (see [`as_one_value`]); on MySQL, one value each.
fn branch<E: Listed>(
    backend: DbBackend,
    kinds: &[Kind],
    keys: &[&str],
    columns: Columns,
) -> SelectStatement {
    let mut select = Query::select();
    // A literal, not a value: the statement's only values are the keys.
    select.expr_as(Expr::cust(format!("'{}'", E::KIND.table())), TABLE_COLUMN);
    for kind in kinds {
        columns_of(*kind, &mut select, *kind == E::KIND, columns);
    }
    let key = format!(
        "\"{}\".\"{}\"",
        E::default().table_name(),
        E::key_column().as_str()
    );
    let condition = match backend {
        // `= ANY` of an array, not `IN` of the set: the planner takes a set-returning function
        // for 100 rows, and for `IN` it hashed them and scanned the whole table against them
        // (all 10,011 courses at synthetic scale 10, for a page of 11); an array is one value,
        // looked up through the key's unique index.
        DbBackend::Postgres => Expr::cust_with_values(
            format!("{key} = ANY(ARRAY(SELECT jsonb_array_elements_text(CAST($1 AS jsonb))))"),
            [json_array(keys)],
        ),
        DbBackend::Sqlite => Expr::cust_with_values(
            format!("{key} IN (SELECT value FROM json_each(?))"),
            [json_array(keys)],
        ),
        _ => {
            Expr::col((E::default(), E::key_column())).is_in(keys.iter().map(|key| key.to_string()))
        }
    };
    select.from(E::default()).and_where(condition);
    select
}

/// Whether a backend's statements take a kind's keys as one value, a JSON array: then a batch's
/// SQL depends on which kinds it names, not on how many keys of each, so that batches of every
/// size share one prepared statement (a router's `_entities` fetches vary in both).
fn as_one_value(backend: DbBackend) -> bool {
    matches!(backend, DbBackend::Postgres | DbBackend::Sqlite)
}

/// Keys as a JSON array.
fn json_array(keys: &[&str]) -> String {
    serde_json::to_string(keys).unwrap_or_else(|_| "[]".to_owned())
}

fn decode<E: Recorded>(row: &QueryResult) -> AppResult<(String, Record)> {
    let prefix = format!("{}.", E::default().table_name());
    let model = E::Model::from_query_result(row, &prefix)?;
    match model.get(E::key_column()) {
        Value::String(Some(key)) => Ok((key, E::record(model))),
        other => Err(AppError::Internal(format!(
            "{prefix}{} is not a string: {other:?}",
            E::key_column().as_str()
        ))),
    }
}

/// The records with the given natural keys, keyed by kind and key; a key that names nothing is
/// absent. One statement for up to [`MAX_KEYS_PER_STATEMENT`] keys, whatever their kinds,
/// reading the records' `columns`.
pub async fn by_keys(
    db: &impl ConnectionTrait,
    keys: &[(Kind, String)],
    columns: Columns,
) -> AppResult<HashMap<(Kind, String), Record>> {
    let mut found = HashMap::with_capacity(keys.len());
    for chunk in keys.chunks(MAX_KEYS_PER_STATEMENT) {
        let Some(statement) = statement(db.get_database_backend(), chunk, columns) else {
            continue;
        };
        for row in db.query_all_raw(statement).await? {
            let name: String = row.try_get("", TABLE_COLUMN)?;
            let kind = Kind::of_table(&name)
                .ok_or_else(|| AppError::Internal(format!("a record of no table: {name:?}")))?;
            let (key, record) = decode_as(kind, &row)?;
            found.insert((kind, key), record);
        }
    }
    Ok(found)
}

/// The keys named, by kind, in one fixed order of the kinds, whatever the order of the keys.
fn grouped(keys: &[(Kind, String)]) -> Vec<(Kind, Vec<&str>)> {
    Kind::ALL
        .iter()
        .map(|kind| {
            let named = keys.iter().filter(|(k, _)| k == kind);
            (
                *kind,
                named.map(|(_, key)| key.as_str()).collect::<Vec<_>>(),
            )
        })
        .filter(|(_, keys)| !keys.is_empty())
        .collect()
}

/// A batch's shape: the backend, the columns read, and how many keys of each kind it names.
type Shape = (u8, Columns, Vec<(Kind, usize)>);

/// The SQL of each shape of batch met so far. The same shape is the same SQL (see [`union`]),
/// whose only values are the keys, in the order of their kinds; building it (every named kind's
/// columns in every branch) costs more than running it.
static BUILT: LazyLock<Mutex<HashMap<Shape, Arc<str>>>> = LazyLock::new(Default::default);

/// The most shapes kept; past it the cache starts again.
const MOST_SHAPES: usize = 512;

fn backend_tag(backend: DbBackend) -> u8 {
    match backend {
        DbBackend::Postgres => 0,
        DbBackend::MySql => 1,
        DbBackend::Sqlite => 2,
        _ => 3,
    }
}

/// The statement that looks `keys` up, its SQL built once per shape.
fn statement(backend: DbBackend, keys: &[(Kind, String)], columns: Columns) -> Option<Statement> {
    let by_kind = grouped(keys);
    let one_value = as_one_value(backend);
    let shape: Shape = (
        backend_tag(backend),
        columns,
        by_kind
            .iter()
            .map(|(kind, keys)| (*kind, if one_value { 0 } else { keys.len() }))
            .collect(),
    );
    let cached = BUILT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(&shape)
        .cloned();
    if let Some(sql) = cached {
        let values = if one_value {
            by_kind
                .iter()
                .map(|(_, keys)| Value::from(json_array(keys)))
                .collect::<Vec<_>>()
        } else {
            by_kind
                .iter()
                .flat_map(|(_, keys)| keys.iter().map(|key| Value::from(*key)))
                .collect::<Vec<_>>()
        };
        return Some(Statement::from_sql_and_values(backend, &*sql, values));
    }
    let built = backend.build(&union(backend, &by_kind, columns)?);
    let mut cache = BUILT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if cache.len() >= MOST_SHAPES {
        cache.clear();
    }
    cache.insert(shape, Arc::from(built.sql.as_str()));
    Some(built)
}

/// One branch per kind named, after a typing branch when there are several. The branches are
/// in one fixed order of the kinds, whatever the order of the keys, so that a batch of the same
/// shape is the same SQL, whose values are the keys in that order: each connection prepares it
/// once and keeps it in its statement cache, and [`statement`] builds it once.
fn union(
    backend: DbBackend,
    by_kind: &[(Kind, Vec<&str>)],
    columns: Columns,
) -> Option<SelectStatement> {
    let kinds: Vec<Kind> = by_kind.iter().map(|(kind, _)| *kind).collect();
    let mut branches = by_kind
        .iter()
        .map(|(kind, keys)| branch_of(backend, *kind, &kinds, keys, columns));
    let mut select = if kinds.len() > 1 {
        typing(&kinds)
    } else {
        branches.next()?
    };
    select.unions(branches.map(|branch| (UnionType::All, branch)));
    Some(select)
}

/// A branch that returns no rows and selects every named kind's own columns, all of them.
fn typing(kinds: &[Kind]) -> SelectStatement {
    let mut select = Query::select();
    select.expr_as(Expr::cust("''"), TABLE_COLUMN);
    for kind in kinds {
        columns_of(*kind, &mut select, true, Columns::All);
        select.from(sea_orm::sea_query::Alias::new(kind.table()));
    }
    select.and_where(Expr::cust("1 = 0"));
    select
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use sea_orm::sea_query::SqliteQueryBuilder;

    use super::*;

    fn sql(keys: &[(Kind, &str)]) -> String {
        let keys: Vec<(Kind, String)> = keys.iter().map(|(t, k)| (*t, k.to_string())).collect();
        union(DbBackend::Sqlite, &grouped(&keys), Columns::All)
            .map_or_else(String::new, |select| select.to_string(SqliteQueryBuilder))
    }

    #[test]
    fn a_shape_built_once_gives_the_same_statement_as_building_it_again() {
        for backend in [DbBackend::Sqlite, DbBackend::Postgres, DbBackend::MySql] {
            let first: Vec<(Kind, String)> = vec![
                (Kind::Trust, "RQ3".into()),
                (Kind::Hub, "east".into()),
                (Kind::Trust, "RGT".into()),
            ];
            let second: Vec<(Kind, String)> = vec![
                (Kind::Hub, "north-west".into()),
                (Kind::Trust, "R0A".into()),
                (Kind::Trust, "RJ1".into()),
            ];
            for columns in [Columns::All, Columns::WithoutProvenance] {
                let built = statement(backend, &first, columns).unwrap();
                let cached = statement(backend, &second, columns).unwrap();
                let fresh = backend.build(&union(backend, &grouped(&second), columns).unwrap());
                assert_eq!(cached.sql, fresh.sql);
                assert_eq!(cached.values, fresh.values);
                assert_eq!(built.sql, fresh.sql);
                assert_ne!(built.values, fresh.values);
            }
            // A shape read with fewer columns is a statement of its own.
            let all = statement(backend, &first, Columns::All).unwrap();
            let brief = statement(backend, &first, Columns::WithoutProvenance).unwrap();
            assert_ne!(all.sql, brief.sql);
        }
    }

    #[test]
    fn a_batch_is_the_same_statement_whatever_the_order_of_its_keys() {
        let one = sql(&[
            (Kind::Hub, "east"),
            (Kind::Trust, "RQ3"),
            (Kind::Hub, "north-west"),
        ]);
        let other = sql(&[
            (Kind::Trust, "RQ3"),
            (Kind::Hub, "north-west"),
            (Kind::Hub, "east"),
        ]);
        let params = |s: &str| s.matches('\'').count();
        // The same branches in the same order; only the keys' places in the IN lists differ.
        assert_eq!(
            one.replace("north-west", "east"),
            other.replace("north-west", "east")
        );
        assert_eq!(params(&one), params(&other));
        assert!(one.find("FROM \"region\"").is_none());
        let (trust, hub) = (
            one.find("FROM \"trust\" WHERE"),
            one.find("FROM \"hub\" WHERE"),
        );
        assert!(trust.is_some() && hub.is_some() && trust < hub, "{one}");
    }

    #[test]
    fn batches_of_any_size_share_one_statement_where_keys_are_one_value() {
        let few: Vec<(Kind, String)> =
            vec![(Kind::Trust, "RQ3".into()), (Kind::Hub, "east".into())];
        let many: Vec<(Kind, String)> = ["RGT", "R0A", "RJ1", "RTD"]
            .iter()
            .map(|key| (Kind::Trust, (*key).to_owned()))
            .chain([(Kind::Hub, "north-west".to_owned())])
            .collect();
        for backend in [DbBackend::Sqlite, DbBackend::Postgres, DbBackend::MySql] {
            let (a, b) = (
                statement(backend, &few, Columns::All).unwrap(),
                statement(backend, &many, Columns::All).unwrap(),
            );
            let fresh = backend.build(&union(backend, &grouped(&many), Columns::All).unwrap());
            assert_eq!(b.sql, fresh.sql);
            assert_eq!(b.values, fresh.values);
            assert_eq!(a.sql == b.sql, as_one_value(backend), "{backend:?}");
        }
        // The keys as one JSON array per kind, in the kinds' fixed order.
        let b = statement(DbBackend::Postgres, &many, Columns::All).unwrap();
        let values: Vec<Value> = b
            .values
            .iter()
            .flat_map(|values| values.0.iter().cloned())
            .collect();
        assert_eq!(values.len(), 2, "{values:?}");
        assert!(
            values.contains(&Value::from(r#"["RGT","R0A","RJ1","RTD"]"#)),
            "{values:?}"
        );
    }

    #[test]
    fn one_table_needs_no_typing_branch() {
        let one = sql(&[(Kind::Region, "E40000003")]);
        assert!(!one.contains("UNION"), "{one}");
        assert!(!one.contains("1 = 0"), "{one}");
        assert_eq!(sql(&[]), "");
    }
}

/// The natural keys among `keys` that name records of `E`, each row locked against deletion
/// until the transaction ends (`FOR SHARE`; SQLite ignores it, its writers being serialized).
async fn locked_keys<E: Listed>(
    db: &impl ConnectionTrait,
    keys: &[String],
) -> AppResult<Vec<String>> {
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    let mut found = Vec::with_capacity(keys.len());
    for chunk in keys.chunks(MAX_KEYS_PER_STATEMENT) {
        let rows = E::find()
            .filter(E::key_column().is_in(chunk.iter().cloned()))
            .lock_shared()
            .all(db)
            .await?;
        for row in rows {
            if let Value::String(Some(key)) = row.get(E::key_column()) {
                found.push(key);
            }
        }
    }
    Ok(found)
}

macro_rules! locking {
    ($($(#[$doc:meta])* $kind:ident($module:ident) { $($rest:tt)* })*) => {
        /// The natural keys among `keys` that name records of `kind`, locked against deletion
        /// until the transaction ends: what a write that names records by id reads, so that a
        /// deletion of one of them, which locks it first, waits for the write or is seen by it.
        pub async fn lock_shared(
            db: &impl ConnectionTrait,
            kind: Kind,
            keys: &[String],
        ) -> AppResult<Vec<String>> {
            match kind {
                $(Kind::$kind => locked_keys::<entity::$module::Entity>(db, keys).await,)*
            }
        }
    };
}

kinds!(locking);
