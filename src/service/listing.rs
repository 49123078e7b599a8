//! Ordered, filtered, keyset-paginated listings in SQL: root listings of one table, and related
//! listings of many parents at once (one statement, paginated per parent with window functions).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use entity::{Confidence, Sources, hub_icb, hub_region, project_lead, trust_serving_hub};
use sea_orm::{
    ColumnTrait, ColumnType, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, IdenStatic,
    Iterable, ModelTrait, QueryFilter, QueryResult, Value,
    sea_query::{
        Alias, Asterisk, Expr, ExprTrait, JoinType, Order, Query, SelectStatement, SimpleExpr,
        WindowStatement,
    },
};

use super::filter::Filter;
use super::kinds::{LinkShape, Listed, RelationSpec, Via};
use super::page::{Cursor, CursorValue, Direction, LinkDetail, LinkInfo, Page, PageRequest, Row};
use crate::error::{AppError, AppResult};

/// A total order: the given keys, then the natural key. Nullable keys sort their NULLs last, whichever
/// the direction, the same on every backend.
pub struct Ordering<E: Listed> {
    keys: Vec<(E::Column, Order)>,
    signature: String,
}

impl<E: Listed> Clone for Ordering<E> {
    fn clone(&self) -> Self {
        Self {
            keys: self.keys.clone(),
            signature: self.signature.clone(),
        }
    }
}

impl<E: Listed> PartialEq for Ordering<E> {
    fn eq(&self, other: &Self) -> bool {
        self.signature == other.signature
    }
}
impl<E: Listed> Eq for Ordering<E> {}
impl<E: Listed> Hash for Ordering<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.signature.hash(state);
    }
}

impl<E: Listed> std::fmt::Debug for Ordering<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.signature)
    }
}

impl<E: Listed> Default for Ordering<E> {
    fn default() -> Self {
        Self::natural()
    }
}

/// One term of an ORDER BY: a nullable column sorts by `col IS NULL` first, then by itself.
enum Term<C> {
    NullFlag(C),
    Column(C),
}

fn is_nullable(col: &impl ColumnTrait) -> bool {
    col.def().is_null()
}

fn direction(order: &Order, reverse: bool) -> Order {
    match (order, reverse) {
        (Order::Desc, false) | (Order::Asc, true) => Order::Desc,
        _ => Order::Asc,
    }
}

impl<E: Listed> Ordering<E> {
    pub fn natural() -> Self {
        Self::by(
            E::default_order()
                .into_iter()
                .map(|col| (col, Order::Asc))
                .collect(),
        )
    }

    /// The given keys, made total by the natural key (unique, and public: a cursor carries the
    /// ordering's values, and so reveals no surrogate id).
    pub fn by(mut keys: Vec<(E::Column, Order)>) -> Self {
        let key = E::key_column();
        if let Some(at) = keys
            .iter()
            .position(|(col, _)| col.as_str() == key.as_str())
        {
            keys.truncate(at + 1);
        } else {
            keys.push((key, Order::Asc));
        }
        let signature = keys
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
            .join(",");
        Self { keys, signature }
    }

    /// The columns the ordering reads, the natural key last.
    fn columns(&self) -> impl Iterator<Item = E::Column> + '_ {
        self.keys.iter().map(|(col, _)| *col)
    }

    fn terms(&self) -> Vec<(Term<E::Column>, Order)> {
        let mut terms = Vec::with_capacity(self.keys.len() + 1);
        for (col, order) in &self.keys {
            if is_nullable(col) {
                terms.push((Term::NullFlag(*col), Order::Asc));
            }
            terms.push((Term::Column(*col), order.clone()));
        }
        terms
    }

    fn term_expr(term: &Term<E::Column>, alias: &str) -> SimpleExpr {
        match term {
            Term::NullFlag(col) => Expr::case(Expr::col((Alias::new(alias), *col)).is_null(), 1)
                .finally(0)
                .into(),
            Term::Column(col) => Expr::col((Alias::new(alias), *col)),
        }
    }

    /// The ORDER BY terms on the table known as `alias`, reversed for backward pages.
    fn order_by(&self, alias: &str, reverse: bool) -> Vec<(SimpleExpr, Order)> {
        self.terms()
            .iter()
            .map(|(term, order)| (Self::term_expr(term, alias), direction(order, reverse)))
            .collect()
    }

    pub fn cursor_of(&self, model: &E::Model) -> Cursor {
        let key = self
            .terms()
            .iter()
            .map(|(term, _)| match term {
                Term::NullFlag(col) => CursorValue::Int(i64::from(
                    cursor_value(model.get(*col)) == CursorValue::Null,
                )),
                Term::Column(col) => cursor_value(model.get(*col)),
            })
            .collect();
        Cursor {
            ordering: self.signature.clone(),
            key,
        }
    }

    /// Rows strictly after `cursor` in this ordering (strictly before it when `reverse`), on the
    /// table known as `alias`, written so that the leading key bounds an index range:
    /// `t1 >= v1 AND (t1 > v1 OR (t2 >= v2 AND (t2 > v2 OR …)))`.
    fn after(&self, cursor: &Cursor, alias: &str, reverse: bool) -> AppResult<SimpleExpr> {
        let terms = self.terms();
        if cursor.ordering != self.signature || cursor.key.len() != terms.len() {
            return Err(AppError::bad_input(
                "the cursor was made for a different ordering of this connection",
            ));
        }
        // Built from the last key outwards; `None` is "no row": equal on every key is not after.
        let mut rest: Option<SimpleExpr> = None;
        for ((term, order), value) in terms.iter().zip(&cursor.key).rev() {
            let expr = Self::term_expr(term, alias);
            let bound = match (term, value) {
                (Term::Column(_), CursorValue::Null) => {
                    rest = rest.map(|r| expr.is_null().and(r));
                    continue;
                }
                (Term::NullFlag(_), CursorValue::Int(flag @ (0 | 1))) => Value::from(*flag as i32),
                (Term::Column(col), value) => sql_value(*col, value)?,
                _ => return Err(malformed_cursor()),
            };
            let (strict, inclusive) = match direction(order, reverse) {
                Order::Desc => (expr.clone().lt(bound.clone()), expr.lte(bound)),
                _ => (expr.clone().gt(bound.clone()), expr.gte(bound)),
            };
            rest = Some(match rest {
                None => strict,
                Some(r) => inclusive.and(strict.or(r)),
            });
        }
        Ok(rest.unwrap_or_else(|| Expr::val(false)))
    }
}

fn malformed_cursor() -> AppError {
    AppError::bad_input("malformed cursor: a key does not fit its column")
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
    Ok(match (col.def().get_column_type(), value) {
        (ColumnType::Integer, CursorValue::Int(n)) => {
            Value::Int(Some(i32::try_from(*n).map_err(|_| malformed_cursor())?))
        }
        (ColumnType::BigInteger, CursorValue::Int(n)) => Value::BigInt(Some(*n)),
        (ColumnType::Date, CursorValue::Text(s)) => {
            Value::ChronoDate(Some(s.parse().map_err(|_| malformed_cursor())?))
        }
        (
            ColumnType::String(_)
            | ColumnType::Text
            | ColumnType::Char(_)
            | ColumnType::Enum { .. },
            CursorValue::Text(s),
        ) => Value::String(Some(s.clone())),
        _ => return Err(malformed_cursor()),
    })
}

/// What a client asked of a listing: which rows, in which order, which page.
#[derive(Debug)]
pub struct ListQuery<E: Listed> {
    pub filter: Option<Filter>,
    pub ordering: Ordering<E>,
    pub page: PageRequest,
}

impl<E: Listed> Clone for ListQuery<E> {
    fn clone(&self) -> Self {
        Self {
            filter: self.filter.clone(),
            ordering: self.ordering.clone(),
            page: self.page.clone(),
        }
    }
}
impl<E: Listed> PartialEq for ListQuery<E> {
    fn eq(&self, other: &Self) -> bool {
        self.filter == other.filter && self.ordering == other.ordering && self.page == other.page
    }
}
impl<E: Listed> Eq for ListQuery<E> {}
impl<E: Listed> Hash for ListQuery<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.filter.hash(state);
        self.ordering.hash(state);
        self.page.hash(state);
    }
}

impl<E: Listed> Default for ListQuery<E> {
    fn default() -> Self {
        Self {
            filter: None,
            ordering: Ordering::natural(),
            page: PageRequest::default(),
        }
    }
}

/// Which of a record's columns a read selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Columns {
    /// Every column.
    All,
    /// Every column but the provenance ([`Listed::provenance_columns`]), for records shown
    /// without it: NULL is read in their place, so that the models' `note` is `None` and their
    /// `sources` are [`Sources::omitted`]. The longest columns of most rows are then neither
    /// read, sent nor decoded.
    WithoutProvenance,
}

impl Columns {
    /// What two reads of the same rows need between them.
    pub fn and(self, other: Self) -> Self {
        if self == Self::All || other == Self::All {
            Self::All
        } else {
            Self::WithoutProvenance
        }
    }

    /// Whether a read of these columns reads `column` of `E` (rather than NULL in its place).
    pub fn read<E: Listed>(self, column: E::Column) -> bool {
        self == Self::All
            || !E::provenance_columns()
                .iter()
                .any(|left_out| left_out.as_str() == column.as_str())
    }

    /// The row of `E` on the table known as `table`, into `select`: `table.*`, or each column
    /// with NULL for the ones left out.
    fn select<E: Listed>(self, select: &mut SelectStatement, table: &Alias) {
        if self == Self::All {
            select.column((table.clone(), Asterisk));
            return;
        }
        for column in E::Column::iter() {
            if self.read::<E>(column) {
                select.column((table.clone(), column));
            } else {
                select.expr_as(Expr::null(), column);
            }
        }
    }
}

/// The statement for one page of a whole table: the filter, the cursors as index range
/// bounds, the ordering and one row more than the page, to tell whether another follows.
pub fn root_select<E: Listed>(
    query: &ListQuery<E>,
    columns: Columns,
) -> AppResult<SelectStatement> {
    let table = E::default().table_name();
    let page = &query.page;
    let mut select = Query::select();
    columns.select::<E>(&mut select, &Alias::new(table));
    select.from(E::default());
    if let Some(filter) = &query.filter {
        select.and_where(filter.condition(table));
    }
    if let Some(cursor) = &page.after {
        select.and_where(query.ordering.after(cursor, table, false)?);
    }
    if let Some(cursor) = &page.before {
        select.and_where(query.ordering.after(cursor, table, true)?);
    }
    for (expr, order) in query
        .ordering
        .order_by(table, page.direction == Direction::Backward)
    {
        select.order_by_expr(expr, order);
    }
    select.limit(page.size + 1);
    Ok(select)
}

/// One page of a whole table.
pub async fn root_page<E: Listed>(
    db: &impl ConnectionTrait,
    query: &ListQuery<E>,
    columns: Columns,
) -> AppResult<Page<E::Model>> {
    root_page_of(db, query, columns, false).await
}

/// One page of a whole table, with the number of rows under the filter counted by the same
/// statement (`COUNT(*) OVER ()`) where it can be: on a page without cursors, which bound the
/// rows a window sees. Elsewhere, and on an empty page after a cursor, `total` is `None`.
pub async fn root_page_with_total<E: Listed>(
    db: &impl ConnectionTrait,
    query: &ListQuery<E>,
    columns: Columns,
) -> AppResult<Page<E::Model>> {
    let uncut = query.page.after.is_none() && query.page.before.is_none();
    root_page_of(db, query, columns, uncut).await
}

async fn root_page_of<E: Listed>(
    db: &impl ConnectionTrait,
    query: &ListQuery<E>,
    columns: Columns,
    with_total: bool,
) -> AppResult<Page<E::Model>> {
    let page = &query.page;
    let backward = page.direction == Direction::Backward;
    let mut select = root_select(query, columns)?;
    if with_total {
        select.expr_window_as(
            Expr::col(Asterisk).count(),
            WindowStatement::default(),
            Alias::new(TOTAL),
        );
    }
    let rows = db.query_all(&select).await?;
    let total = match rows.first() {
        Some(row) if with_total => Some(u64::try_from(row.try_get::<i64>("", TOTAL)?).unwrap_or(0)),
        None if with_total => Some(0),
        _ => None,
    };
    let mut models = rows
        .iter()
        .map(|row| E::Model::from_query_result(row, ""))
        .collect::<Result<Vec<_>, _>>()?;
    let more = models.len() as u64 > page.size;
    models.truncate(page.size as usize);
    if backward {
        models.reverse();
    }
    Ok(Page {
        rows: models
            .into_iter()
            .map(|model| Row {
                cursor: query.ordering.cursor_of(&model).encode(),
                model,
                link: None,
            })
            .collect(),
        // A cursor's own row lies outside the page, on its side.
        has_previous_page: if backward { more } else { page.after.is_some() },
        has_next_page: if backward {
            page.before.is_some()
        } else {
            more
        },
        total,
    })
}

/// How many rows of a table match `filter`.
pub async fn count<E: Listed>(
    db: &impl ConnectionTrait,
    filter: Option<&Filter>,
) -> AppResult<u64> {
    let table = E::default().table_name();
    let mut select = Query::select();
    select
        .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
        .from(E::default());
    if let Some(filter) = filter {
        select.and_where(filter.condition(table));
    }
    let n: i64 = match db.query_one(&select).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The most keys one `IN (…)` list holds: well inside every backend's limit on bound
/// parameters (SQLite's is 32,766). Only a batch larger than this costs a second statement.
pub const MAX_KEYS_PER_STATEMENT: usize = 10_000;

/// The rows of `E` whose ids are given, keyed by id.
pub async fn by_ids<E: Listed>(
    db: &impl ConnectionTrait,
    ids: &[i32],
    columns: Columns,
) -> AppResult<HashMap<i32, E::Model>> {
    let table = Alias::new(E::default().table_name());
    let mut found = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(MAX_KEYS_PER_STATEMENT) {
        let mut select = Query::select();
        columns.select::<E>(&mut select, &table);
        select
            .from(E::default())
            .and_where(Expr::col((table.clone(), E::id_column())).is_in(chunk.iter().copied()));
        for row in db.query_all(&select).await? {
            let model = E::Model::from_query_result(&row, "")?;
            found.insert(E::model_id(&model), model);
        }
    }
    Ok(found)
}

/// The rows of `E` whose unique text column `column` holds one of `values`, by that value.
pub async fn by_unique<E: Listed>(
    db: &impl ConnectionTrait,
    column: E::Column,
    values: &[String],
) -> AppResult<HashMap<String, E::Model>> {
    let mut found = HashMap::with_capacity(values.len());
    for chunk in values.chunks(MAX_KEYS_PER_STATEMENT) {
        let models = E::find()
            .filter(Expr::col((E::default(), column)).is_in(chunk.iter().cloned()))
            .all(db)
            .await?;
        for model in models {
            if let Value::String(Some(value)) = model.get(column) {
                found.insert(value, model);
            }
        }
    }
    Ok(found)
}

/// The columns a link of `shape` has besides its ends, confidence and sources.
fn detail_columns(shape: LinkShape) -> Vec<&'static str> {
    match shape {
        LinkShape::Plain => vec![],
        LinkShape::Region => vec![hub_region::Column::Coverage.as_str()],
        LinkShape::Area => vec![
            hub_icb::Column::Coverage.as_str(),
            hub_icb::Column::Basis.as_str(),
            hub_icb::Column::Quote.as_str(),
            hub_icb::Column::Note.as_str(),
        ],
        LinkShape::Serving => vec![
            trust_serving_hub::Column::Basis.as_str(),
            trust_serving_hub::Column::Coverage.as_str(),
            trust_serving_hub::Column::Ambiguous.as_str(),
            trust_serving_hub::Column::Explanation.as_str(),
        ],
        LinkShape::Lead => vec![
            project_lead::Column::Quote.as_str(),
            project_lead::Column::Note.as_str(),
        ],
    }
}

fn link_alias(column: &str) -> Alias {
    Alias::new(format!("__link_{column}"))
}

fn detail_of(shape: LinkShape, row: &QueryResult) -> AppResult<LinkDetail> {
    let get = |column: &str| format!("__link_{column}");
    Ok(match shape {
        LinkShape::Plain => LinkDetail::None,
        LinkShape::Region => LinkDetail::Region {
            coverage: row.try_get("", &get(hub_region::Column::Coverage.as_str()))?,
        },
        LinkShape::Area => LinkDetail::Area {
            coverage: row.try_get("", &get(hub_icb::Column::Coverage.as_str()))?,
            basis: row.try_get("", &get(hub_icb::Column::Basis.as_str()))?,
            quote: row.try_get("", &get(hub_icb::Column::Quote.as_str()))?,
            note: row.try_get("", &get(hub_icb::Column::Note.as_str()))?,
        },
        LinkShape::Serving => LinkDetail::Serving {
            basis: row.try_get("", &get(trust_serving_hub::Column::Basis.as_str()))?,
            coverage: row.try_get("", &get(trust_serving_hub::Column::Coverage.as_str()))?,
            ambiguous: {
                // An integer, of whichever width the backend gives a CASE of literals.
                let column = get(trust_serving_hub::Column::Ambiguous.as_str());
                match row.try_get::<i32>("", &column) {
                    Ok(flag) => flag != 0,
                    Err(_) => row.try_get::<i64>("", &column)? != 0,
                }
            },
            explanation: row.try_get("", &get(trust_serving_hub::Column::Explanation.as_str()))?,
        },
        LinkShape::Lead => LinkDetail::Lead {
            quote: row.try_get("", &get(project_lead::Column::Quote.as_str()))?,
            note: row.try_get("", &get(project_lead::Column::Note.as_str()))?,
        },
    })
}

/// Whether a related page of `Child` carries the child's whole row through the windows (see
/// [`related_pages`]): on PostgreSQL, for the kinds with a handful of records
/// ([`super::kinds::Kind::has_few_records`]), so that a page sorts a few dozen rows at most.
/// Measured with the bundled network, generic plans, per statement: 111–133 µs of PostgreSQL's
/// time carried, 148–171 joined back; for region → trusts (70 rows) the other way round,
/// 420–500 carried, 350–400 joined back.
fn carried_whole<Child: Listed>(backend: DbBackend) -> bool {
    backend == DbBackend::Postgres && Child::KIND.has_few_records()
}

const PARENT: &str = "__parent";
const TOTAL: &str = "__total";
const SKIPPED: &str = "__skipped";
const END: &str = "__end";
const ROW_NUMBER: &str = "__rn";
const LINK_CONFIDENCE: &str = "__link_confidence";
const LINK_SOURCES: &str = "__link_sources";

/// A link's sources, which every read selects: NULL there is an error, not sources left out.
fn link_sources(row: &QueryResult) -> AppResult<Sources> {
    let sources = row.try_get::<Sources>("", LINK_SOURCES)?;
    if sources.omitted() {
        return Err(AppError::Internal("a link without its sources".into()));
    }
    Ok(sources)
}

/// A page of related rows for each parent, in one statement:
///
/// ```sql
/// SELECT c.* [or c.<each column>, NULL AS note, NULL AS sources: see `Columns`],
///        p.__parent, p.__rn, p.__total, p.__skipped, p.__end, l.<link columns> FROM (
///   SELECT s.*, ROW_NUMBER() OVER (PARTITION BY __parent ORDER BY <keys>) AS __rn,
///          COUNT(*) OVER (PARTITION BY __parent) AS __total,
///          COUNT(CASE WHEN NOT <after cursor> THEN 1 END) OVER (PARTITION BY __parent) AS __skipped,
///          COUNT(CASE WHEN <before cursor> THEN 1 END) OVER (PARTITION BY __parent) AS __end
///   FROM (SELECT c.<keys>, <parent> AS __parent
///         FROM child c [JOIN link l ON l.child = c.id]
///         WHERE <parent> IN (…) AND <filter>) s
/// ) p JOIN child c ON c.id = p.id [JOIN link l ON l.parent = p.__parent AND l.child = p.id]
/// WHERE __rn = 1 OR (__rn > __skipped AND __rn <= __end AND <within the page's end>)
/// ORDER BY __parent, __rn
/// ```
///
/// The windows number only the ordering's keys (with the id); the child's row (whole, or
/// without its provenance as `columns` say) and the link's row are joined to the rows that are
/// kept. (Sorting whole rows made every column a table gained a cost of every relation that
/// lists it.) A link table holds one row per parent and child, so joining it again finds the one link. The serving
/// views are the exception: they are computed, so their columns are carried through the windows
/// (`p.__link_…`) rather than computing a view twice.
///
/// On PostgreSQL, a page of a kind with only a handful of rows ([`carried_whole`]) carries the
/// child's whole row and the link's columns through the windows instead, and joins nothing
/// back: sorting a few dozen rows costs less there than the nested loops its planner picks to
/// join them back (bench/BENCHMARKS.md).
///
/// The ordering is total, so the rows before `after` are exactly the first `__skipped` and the
/// rows before `before` the first `__end`. Row 1 of every parent is always returned, so that a
/// parent whose rows all lie outside the cursors still reports its counts.
pub async fn related_pages<R: RelationSpec>(
    db: &impl ConnectionTrait,
    parents: &[i32],
    query: &ListQuery<R::Child>,
    columns: Columns,
) -> AppResult<HashMap<i32, Page<<R::Child as EntityTrait>::Model>>> {
    let mut pages = HashMap::with_capacity(parents.len());
    for chunk in parents.chunks(MAX_KEYS_PER_STATEMENT) {
        pages.extend(related_pages_of::<R>(db, chunk, query, columns).await?);
    }
    Ok(pages)
}

async fn related_pages_of<R: RelationSpec>(
    db: &impl ConnectionTrait,
    parents: &[i32],
    query: &ListQuery<R::Child>,
    columns: Columns,
) -> AppResult<HashMap<i32, Page<<R::Child as EntityTrait>::Model>>> {
    let ordering = &query.ordering;
    let page = &query.page;
    let whole = carried_whole::<R::Child>(db.get_database_backend());
    let (c, l, s, p) = (
        Alias::new("c"),
        Alias::new("l"),
        Alias::new("s"),
        Alias::new("p"),
    );

    // The window functions sort and number only the keys (the id, the ordering's columns, the
    // link's own columns); the child's whole row is joined to the few rows on the page, unless
    // it is carried whole.
    let mut inner = Query::select();
    inner.from_as(R::Child::default(), c.clone());
    if whole {
        columns.select::<R::Child>(&mut inner, &c);
    } else {
        // The id, to join the row back by, and the ordering's columns.
        let id = R::Child::id_column();
        inner.column((c.clone(), id));
        for column in ordering
            .columns()
            .filter(|column| column.as_str() != id.as_str())
        {
            inner.column((c.clone(), column));
        }
    }
    // The link's own columns. A link table's row is one per (parent, child), so it is joined
    // again to the rows kept, like the child's row; a serving view is computed, so its columns
    // are carried through the windows rather than computing it twice. `link_columns` are what
    // the outer statement adds to the child's row (a page carried whole selects `p.*`, which
    // holds them already).
    let mut link_columns: Vec<(SimpleExpr, Alias)> = Vec::new();
    let mut link_join = None;
    let parent = match R::via() {
        Via::Column(column) => (c.clone(), Alias::new(column)),
        Via::Link {
            table,
            parent,
            child,
            sources,
            confidence,
            shape,
        } => {
            inner.join_as(
                JoinType::InnerJoin,
                Alias::new(table),
                l.clone(),
                Expr::col((l.clone(), Alias::new(child)))
                    .equals((c.clone(), R::Child::id_column())),
            );
            let carried = whole || shape == LinkShape::Serving;
            let mut columns = vec![(sources, Alias::new(LINK_SOURCES))];
            if let Some(confidence) = confidence {
                columns.push((confidence, Alias::new(LINK_CONFIDENCE)));
            }
            columns.extend(
                detail_columns(shape)
                    .into_iter()
                    .map(|column| (column, link_alias(column))),
            );
            for (column, alias) in columns {
                if whole {
                    inner.expr_as(Expr::col((l.clone(), Alias::new(column))), alias);
                } else if carried {
                    inner.expr_as(Expr::col((l.clone(), Alias::new(column))), alias.clone());
                    link_columns.push((Expr::col((p.clone(), alias.clone())), alias));
                } else {
                    link_columns.push((Expr::col((l.clone(), Alias::new(column))), alias));
                }
            }
            if !carried {
                link_join = Some((
                    table,
                    Expr::col((l.clone(), Alias::new(parent)))
                        .equals((p.clone(), Alias::new(PARENT)))
                        .and(
                            Expr::col((l.clone(), Alias::new(child)))
                                .equals((p.clone(), R::Child::id_column())),
                        ),
                ));
            }
            (l.clone(), Alias::new(parent))
        }
    };
    inner
        .expr_as(Expr::col(parent.clone()), Alias::new(PARENT))
        .and_where(Expr::col(parent).is_in(parents.iter().copied()));
    if let Some(filter) = &query.filter {
        inner.and_where(filter.condition("c"));
    }

    let by_parent = || WindowStatement::partition_by((s.clone(), Alias::new(PARENT)));
    let mut numbered = by_parent();
    for (expr, order) in ordering.order_by("s", false) {
        numbered.order_by_expr(expr, order);
    }
    let mut middle = Query::select();
    middle
        .column((s.clone(), Asterisk))
        .expr_window_as(Expr::cust("ROW_NUMBER()"), numbered, Alias::new(ROW_NUMBER))
        .expr_window_as(Expr::col(Asterisk).count(), by_parent(), Alias::new(TOTAL))
        .from_subquery(inner, s.clone());
    match &page.after {
        Some(cursor) => {
            let after = ordering.after(cursor, "s", false)?;
            let skipped: SimpleExpr = Expr::case(after.not(), 1).into();
            middle.expr_window_as(skipped.count(), by_parent(), Alias::new(SKIPPED));
        }
        None => {
            middle.expr_as(Expr::val(0i64), Alias::new(SKIPPED));
        }
    }
    match &page.before {
        Some(cursor) => {
            let before: SimpleExpr = Expr::case(ordering.after(cursor, "s", true)?, 1).into();
            middle.expr_window_as(before.count(), by_parent(), Alias::new(END));
        }
        None => {
            middle.expr_window_as(Expr::col(Asterisk).count(), by_parent(), Alias::new(END));
        }
    }

    let col = |name: &str| Expr::col((p.clone(), Alias::new(name)));
    let size = page.size as i64;
    let within_page = match page.direction {
        Direction::Forward => col(ROW_NUMBER).lte(col(SKIPPED).add(size)),
        Direction::Backward => col(ROW_NUMBER).gt(col(END).sub(size)),
    };
    let mut outer: SelectStatement = Query::select();
    if whole {
        // The child's row, the link's columns and the numbers, all carried.
        outer
            .column((p.clone(), Asterisk))
            .from_subquery(middle, p.clone());
    } else {
        columns.select::<R::Child>(&mut outer, &c);
        outer
            .columns(
                [PARENT, ROW_NUMBER, TOTAL, SKIPPED, END]
                    .into_iter()
                    .map(|name| (p.clone(), Alias::new(name))),
            )
            .from_subquery(middle, p.clone())
            .join_as(
                JoinType::InnerJoin,
                R::Child::default(),
                c.clone(),
                Expr::col((c.clone(), R::Child::id_column()))
                    .equals((p.clone(), R::Child::id_column())),
            );
        for (expr, alias) in link_columns {
            outer.expr_as(expr, alias);
        }
    }
    if let Some((table, on)) = link_join {
        outer.join_as(JoinType::InnerJoin, Alias::new(table), l.clone(), on);
    }
    outer
        .cond_where(
            col(ROW_NUMBER)
                .gt(col(SKIPPED))
                .and(col(ROW_NUMBER).lte(col(END)))
                .and(within_page)
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
        let end: i64 = row.try_get("", END)?;
        let page_of = pages.entry(parent).or_insert_with(Page::empty);
        let window = Ord::max(end - skipped, 0);
        page_of.total = Some(total as u64);
        let (first_row, last_row) = match page.direction {
            Direction::Forward => {
                page_of.has_previous_page = skipped > 0;
                page_of.has_next_page = window > size;
                (skipped + 1, Ord::min(skipped + size, end))
            }
            Direction::Backward => {
                page_of.has_previous_page = window > size;
                page_of.has_next_page = end < total;
                (Ord::max(end - size, skipped) + 1, end)
            }
        };
        if number < first_row || number > last_row {
            continue;
        }
        let model = <R::Child as EntityTrait>::Model::from_query_result(&row, "")?;
        let link = match R::via() {
            Via::Column(_) => None,
            Via::Link {
                confidence, shape, ..
            } => Some(LinkInfo {
                confidence: if confidence.is_some() {
                    Some(row.try_get::<Confidence>("", LINK_CONFIDENCE)?)
                } else {
                    None
                },
                sources: link_sources(&row)?,
                detail: detail_of(shape, &row)?,
            }),
        };
        page_of.rows.push(Row {
            cursor: ordering.cursor_of(&model).encode(),
            model,
            link,
        });
    }
    Ok(pages)
}
