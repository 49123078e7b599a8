//! Ordered, keyset-paginated listings in SQL: root listings of one table, and related listings
//! of many parents at once (one statement, paginated per parent with window functions).

use std::collections::HashMap;

use entity::{Confidence, Sources};
use sea_orm::{
    ColumnTrait, ColumnType, ConnectionTrait, EntityTrait, FromQueryResult, IdenStatic, ModelTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Value,
    sea_query::{
        Alias, Asterisk, Expr, ExprTrait, JoinType, Order, Query, SelectStatement, WindowStatement,
    },
};

use super::page::{Cursor, CursorValue, LinkInfo, Page, PageRequest, Row};
use super::relation::{RelationSpec, Via};
use crate::error::{AppError, AppResult};

/// An entity that can be listed: its surrogate key and its natural order.
pub trait Listed: EntityTrait<Model: Sync> + Default {
    /// The surrogate key, the last tie-break of every ordering.
    fn id_column() -> Self::Column;
    /// The natural key (a code or a slug): unique, and what public ids are made of.
    fn key_column() -> Self::Column;
    /// The columns a listing is ordered by when the client names none.
    fn default_order() -> Vec<Self::Column>;
    fn model_id(model: &Self::Model) -> i32;
}

/// A total order: the given keys, then the id.
pub struct Ordering<E: Listed> {
    keys: Vec<(E::Column, Order)>,
}

impl<E: Listed> Ordering<E> {
    pub fn natural() -> Self {
        let mut keys: Vec<_> = E::default_order()
            .into_iter()
            .map(|col| (col, Order::Asc))
            .collect();
        keys.push((E::id_column(), Order::Asc));
        Self { keys }
    }

    /// Names the ordering inside cursors, so a cursor is only ever read under its own ordering.
    fn signature(&self) -> String {
        self.keys
            .iter()
            .map(|(col, order)| {
                let dir = if matches!(order, Order::Desc) {
                    "desc"
                } else {
                    "asc"
                };
                format!("{}:{dir}", col.as_str())
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    fn cursor_of(&self, model: &E::Model) -> Cursor {
        Cursor {
            ordering: self.signature(),
            key: self
                .keys
                .iter()
                .map(|(col, _)| cursor_value(model.get(*col)))
                .collect(),
        }
    }

    /// `(k1, k2, …) > (v1, v2, …)` in this ordering, spelled out so that every backend can use
    /// an index for it: `k1 > v1 OR (k1 = v1 AND k2 > v2) OR …`.
    fn after(&self, cursor: &Cursor, column: impl Fn(E::Column) -> Expr) -> AppResult<Expr> {
        if cursor.ordering != self.signature() || cursor.key.len() != self.keys.len() {
            return Err(AppError::bad_input(
                "the cursor was made for a different ordering of this connection",
            ));
        }
        let mut any: Option<Expr> = None;
        for i in 0..self.keys.len() {
            let mut all: Option<Expr> = None;
            for (j, ((col, order), value)) in
                self.keys.iter().zip(&cursor.key).enumerate().take(i + 1)
            {
                let value = sql_value(*col, value)?;
                let term = if j < i {
                    column(*col).eq(value)
                } else if matches!(order, Order::Desc) {
                    column(*col).lt(value)
                } else {
                    column(*col).gt(value)
                };
                all = Some(match all {
                    None => term,
                    Some(prev) => prev.and(term),
                });
            }
            if let Some(all) = all {
                any = Some(match any {
                    None => all,
                    Some(prev) => prev.or(all),
                });
            }
        }
        any.ok_or_else(|| AppError::Internal("an ordering without keys".into()))
    }
}

fn cursor_value(value: Value) -> CursorValue {
    match value {
        Value::Int(Some(n)) => CursorValue::Int(n.into()),
        Value::BigInt(Some(n)) => CursorValue::Int(n),
        Value::String(Some(s)) => CursorValue::Text(s),
        Value::ChronoDate(Some(d)) => CursorValue::Text(d.to_string()),
        _ => CursorValue::Null,
    }
}

/// The cursor's value as a SQL value of the column's type; a value of the wrong kind means the
/// cursor was tampered with or made elsewhere.
fn sql_value(col: impl ColumnTrait, value: &CursorValue) -> AppResult<Value> {
    let wrong = || AppError::bad_input("malformed cursor: a key does not fit its column");
    Ok(match (col.def().get_column_type(), value) {
        (_, CursorValue::Null) => return Err(wrong()),
        (ColumnType::Integer, CursorValue::Int(n)) => {
            Value::Int(Some(i32::try_from(*n).map_err(|_| wrong())?))
        }
        (ColumnType::BigInteger, CursorValue::Int(n)) => Value::BigInt(Some(*n)),
        (ColumnType::Date, CursorValue::Text(s)) => {
            Value::ChronoDate(Some(s.parse().map_err(|_| wrong())?))
        }
        (ColumnType::String(_) | ColumnType::Text | ColumnType::Char(_), CursorValue::Text(s)) => {
            Value::String(Some(s.clone()))
        }
        _ => return Err(wrong()),
    })
}

/// One page of a whole table, in its natural order.
pub async fn root_page<E: Listed>(
    db: &impl ConnectionTrait,
    req: &PageRequest,
) -> AppResult<Page<E::Model>> {
    let ordering = Ordering::<E>::natural();
    let mut select = E::find();
    if let Some(cursor) = &req.after {
        select = select.filter(ordering.after(cursor, |col| Expr::col((E::default(), col)))?);
    }
    for (col, order) in &ordering.keys {
        select = select.order_by(*col, order.clone());
    }
    let mut models = select.limit(req.first + 1).all(db).await?;
    let has_next_page = models.len() as u64 > req.first;
    models.truncate(req.first as usize);
    Ok(Page {
        rows: models
            .into_iter()
            .map(|model| Row {
                cursor: ordering.cursor_of(&model).encode(),
                model,
                link: None,
            })
            .collect(),
        // The cursor's own row comes before the page.
        has_previous_page: req.after.is_some(),
        has_next_page,
        total: None,
    })
}

/// How many rows a whole table has.
pub async fn count<E: Listed>(db: &impl ConnectionTrait) -> AppResult<u64> {
    Ok(E::find().count(db).await?)
}

/// The most keys one `IN (…)` list holds: well inside every backend's limit on bound
/// parameters (SQLite's is 32,766). Only a batch larger than this costs a second statement.
pub const MAX_KEYS_PER_STATEMENT: usize = 10_000;

/// The rows of `E` whose ids are given, keyed by id.
pub async fn by_ids<E: Listed>(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> AppResult<HashMap<i32, E::Model>> {
    let mut found = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(MAX_KEYS_PER_STATEMENT) {
        let models = E::find()
            .filter(Expr::col((E::default(), E::id_column())).is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        found.extend(models.into_iter().map(|m| (E::model_id(&m), m)));
    }
    Ok(found)
}

/// The rows of `E` whose natural keys are given, keyed by natural key.
pub async fn by_keys<E: Listed>(
    db: &impl ConnectionTrait,
    keys: &[String],
) -> AppResult<HashMap<String, E::Model>> {
    let mut found = HashMap::with_capacity(keys.len());
    for chunk in keys.chunks(MAX_KEYS_PER_STATEMENT) {
        let models = E::find()
            .filter(Expr::col((E::default(), E::key_column())).is_in(chunk.iter().cloned()))
            .all(db)
            .await?;
        for model in models {
            if let Value::String(Some(key)) = model.get(E::key_column()) {
                found.insert(key, model);
            }
        }
    }
    Ok(found)
}

const PARENT: &str = "__parent";
const TOTAL: &str = "__total";
const SKIPPED: &str = "__skipped";
const ROW_NUMBER: &str = "__rn";
const LINK_CONFIDENCE: &str = "__link_confidence";
const LINK_SOURCES: &str = "__link_sources";

/// A page of related rows for each parent, in one statement:
///
/// ```sql
/// SELECT * FROM (
///   SELECT s.*, ROW_NUMBER() OVER (PARTITION BY __parent ORDER BY <keys>) AS __rn,
///          COUNT(*) OVER (PARTITION BY __parent) AS __total,
///          COUNT(CASE WHEN NOT <after cursor> THEN 1 END) OVER (PARTITION BY __parent) AS __skipped
///   FROM (SELECT c.*, <parent> AS __parent FROM child c [JOIN link l ON l.child = c.id]
///         WHERE <parent> IN (…)) s
/// ) p WHERE (__rn > __skipped AND __rn <= __skipped + first + 1) OR __rn = 1
/// ORDER BY __parent, __rn
/// ```
///
/// The ordering is total, so the rows before the cursor are exactly the first `__skipped`.
/// Row 1 of every parent is always returned, so that a parent whose rows all lie before the
/// cursor still reports its counts.
pub async fn related_pages<R: RelationSpec>(
    db: &impl ConnectionTrait,
    parents: &[i32],
    req: &PageRequest,
) -> AppResult<HashMap<i32, Page<<R::Child as EntityTrait>::Model>>> {
    let mut pages = HashMap::with_capacity(parents.len());
    for chunk in parents.chunks(MAX_KEYS_PER_STATEMENT) {
        pages.extend(related_pages_of::<R>(db, chunk, req).await?);
    }
    Ok(pages)
}

async fn related_pages_of<R: RelationSpec>(
    db: &impl ConnectionTrait,
    parents: &[i32],
    req: &PageRequest,
) -> AppResult<HashMap<i32, Page<<R::Child as EntityTrait>::Model>>> {
    let ordering = Ordering::<R::Child>::natural();
    let (c, l, s, p) = (
        Alias::new("c"),
        Alias::new("l"),
        Alias::new("s"),
        Alias::new("p"),
    );

    let mut inner = Query::select();
    inner
        .column((c.clone(), Asterisk))
        .from_as(R::Child::default(), c.clone());
    let parent = match R::VIA {
        Via::Column(column) => (c.clone(), Alias::new(column)),
        Via::Link {
            table,
            parent,
            child,
            confidence,
        } => {
            inner
                .join_as(
                    JoinType::InnerJoin,
                    Alias::new(table),
                    l.clone(),
                    Expr::col((l.clone(), Alias::new(child)))
                        .equals((c.clone(), R::Child::id_column())),
                )
                .expr_as(
                    Expr::col((l.clone(), Alias::new("sources"))),
                    Alias::new(LINK_SOURCES),
                );
            if confidence {
                inner.expr_as(
                    Expr::col((l.clone(), Alias::new("confidence"))),
                    Alias::new(LINK_CONFIDENCE),
                );
            }
            (l.clone(), Alias::new(parent))
        }
    };
    inner
        .expr_as(Expr::col(parent.clone()), Alias::new(PARENT))
        .and_where(Expr::col(parent).is_in(parents.iter().copied()));

    let by_parent = || WindowStatement::partition_by((s.clone(), Alias::new(PARENT)));
    let mut numbered = by_parent();
    for (col, order) in &ordering.keys {
        numbered.order_by((s.clone(), *col), order.clone());
    }
    let skipped = match &req.after {
        Some(cursor) => {
            let after = ordering.after(cursor, |col| Expr::col((s.clone(), col)))?;
            Into::<Expr>::into(Expr::case(after.not(), 1)).count()
        }
        None => Expr::val(0i64),
    };
    let mut middle = Query::select();
    middle
        .column((s.clone(), Asterisk))
        .expr_window_as(Expr::cust("ROW_NUMBER()"), numbered, Alias::new(ROW_NUMBER))
        .expr_window_as(Expr::col(Asterisk).count(), by_parent(), Alias::new(TOTAL))
        .from_subquery(inner, s.clone());
    if req.after.is_some() {
        middle.expr_window_as(skipped, by_parent(), Alias::new(SKIPPED));
    } else {
        middle.expr_as(skipped, Alias::new(SKIPPED));
    }

    let col = |name: &str| Expr::col((p.clone(), Alias::new(name)));
    let mut outer: SelectStatement = Query::select();
    outer
        .column(Asterisk)
        .from_subquery(middle, p.clone())
        .cond_where(
            col(ROW_NUMBER)
                .gt(col(SKIPPED))
                .and(col(ROW_NUMBER).lte(col(SKIPPED).add(req.first as i64 + 1)))
                .or(col(ROW_NUMBER).eq(1)),
        )
        .order_by((p.clone(), Alias::new(PARENT)), Order::Asc)
        .order_by((p, Alias::new(ROW_NUMBER)), Order::Asc);

    let mut pages: HashMap<i32, Page<_>> = HashMap::new();
    for row in db.query_all(&outer).await? {
        let parent: i32 = row.try_get("", PARENT)?;
        let number: i64 = row.try_get("", ROW_NUMBER)?;
        let total: i64 = row.try_get("", TOTAL)?;
        let skipped: i64 = row.try_get("", SKIPPED)?;
        let page = pages.entry(parent).or_insert_with(Page::empty);
        page.total = Some(total as u64);
        page.has_previous_page = skipped > 0;
        if number <= skipped {
            continue;
        }
        if (number - skipped) as u64 > req.first {
            page.has_next_page = true;
            continue;
        }
        let model = <R::Child as EntityTrait>::Model::from_query_result(&row, "")?;
        let link = match R::VIA {
            Via::Column(_) => None,
            Via::Link { confidence, .. } => Some(LinkInfo {
                confidence: if confidence {
                    Some(row.try_get::<Confidence>("", LINK_CONFIDENCE)?)
                } else {
                    None
                },
                sources: row.try_get::<Sources>("", LINK_SOURCES)?,
            }),
        };
        page.rows.push(Row {
            cursor: ordering.cursor_of(&model).encode(),
            model,
            link,
        });
    }
    Ok(pages)
}
