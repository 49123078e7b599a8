//! Filters as a small SQL-level syntax tree: built once from a request's arguments (and checked
//! then), hashable so that it can be part of a DataLoader key, and rendered to a condition on
//! whatever alias the table has in the statement at hand.

use chrono::{Datelike, NaiveDate};
use entity::DatePrecision;
use sea_orm::ActiveEnum;
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, JoinType, LikeExpr, Query, SelectStatement, SimpleExpr,
};

use super::kinds::{Kind, RelationSpec, Via};

/// A value a filter compares with.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FilterValue {
    Int(i64),
    Text(String),
    Date(NaiveDate),
}

impl From<FilterValue> for SimpleExpr {
    fn from(value: FilterValue) -> Self {
        match value {
            FilterValue::Int(n) => Expr::val(n),
            FilterValue::Text(s) => Expr::val(s),
            FilterValue::Date(d) => Expr::val(d),
        }
    }
}

/// A test of one column.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Test {
    Eq(FilterValue),
    /// Not equal; a NULL is not equal to anything.
    Ne(FilterValue),
    In(Vec<FilterValue>),
    /// In none of the values; a NULL is in none.
    NotIn(Vec<FilterValue>),
    IsNull(bool),
    Gt(FilterValue),
    Gte(FilterValue),
    Lt(FilterValue),
    Lte(FilterValue),
    /// Case-insensitive substring, prefix and suffix matches.
    Contains(String),
    StartsWith(String),
    EndsWith(String),
}

/// Which related rows must match, for a to-many relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quantifier {
    Some,
    Every,
    None,
}

/// A condition on the rows of one table.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Filter {
    All(Vec<Filter>),
    Any(Vec<Filter>),
    Not(Box<Filter>),
    Column {
        column: &'static str,
        test: Test,
    },
    /// This row's `local` column is the `remote` column of a row of `table` that matches.
    ToOne {
        local: &'static str,
        table: &'static str,
        remote: &'static str,
        inner: Box<Filter>,
    },
    /// Some, every or none of this row's related rows match.
    ToMany {
        child_table: &'static str,
        via: ViaKey,
        quantifier: Quantifier,
        inner: Box<Filter>,
    },
}

/// `Via`, owned and hashable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViaKey {
    Column(&'static str),
    Link {
        table: &'static str,
        parent: &'static str,
        child: &'static str,
    },
}

/// The character that escapes `%` and `_` in LIKE patterns: not a backslash, which MySQL
/// string literals would read as an escape of their own.
const LIKE_ESCAPE: char = '!';

/// A LIKE pattern matching `text` literally (lower-cased) between `prefix` and `suffix`
/// wildcards.
pub(crate) fn like_pattern(prefix: &str, text: &str, suffix: &str) -> LikeExpr {
    let mut escaped = String::with_capacity(text.len());
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | LIKE_ESCAPE) {
            escaped.push(LIKE_ESCAPE);
        }
        escaped.push(c);
    }
    LikeExpr::new(format!("{prefix}{escaped}{suffix}")).escape(LIKE_ESCAPE)
}

impl Filter {
    /// Every one of `filters`; `None` when there are none.
    pub fn all(filters: Vec<Filter>) -> Option<Filter> {
        match filters.len() {
            0 => None,
            1 => filters.into_iter().next(),
            _ => Some(Filter::All(filters)),
        }
    }

    /// The rows in force on `day`: begun on or before it, and not ended before it. An end
    /// known only to its year or month holds through that year or month. A bound no source
    /// gives does not exclude a row. `None` for a kind whose records have no bounds, all of
    /// which hold.
    pub fn active_on(kind: Kind, day: NaiveDate) -> Option<Filter> {
        let v = kind.validity()?;
        let column = |column: &'static str, test: Test| Filter::Column { column, test };
        let date = |d: NaiveDate| FilterValue::Date(d);
        let precision =
            |p: DatePrecision| column(v.to_precision, Test::Eq(FilterValue::Text(p.to_value())));
        let year = day.with_ordinal(1).unwrap_or(day);
        let month = day.with_day(1).unwrap_or(day);
        Some(Filter::All(vec![
            Filter::Any(vec![
                column(v.from, Test::IsNull(true)),
                column(v.from, Test::Lte(date(day))),
            ]),
            Filter::Any(vec![
                column(v.to, Test::IsNull(true)),
                column(v.to, Test::Gte(date(day))),
                Filter::All(vec![
                    precision(DatePrecision::Year),
                    column(v.to, Test::Gte(date(year))),
                ]),
                Filter::All(vec![
                    precision(DatePrecision::Month),
                    column(v.to, Test::Gte(date(month))),
                ]),
            ]),
        ]))
    }

    pub fn related<R: RelationSpec>(quantifier: Quantifier, inner: Filter) -> Filter {
        let via = match R::via() {
            Via::Column(column) => ViaKey::Column(column),
            Via::Link {
                table,
                parent,
                child,
                ..
            } => ViaKey::Link {
                table,
                parent,
                child,
            },
        };
        Filter::ToMany {
            child_table: <R::Child as sea_orm::EntityName>::table_name(&Default::default()),
            via,
            quantifier,
            inner: Box::new(inner),
        }
    }

    /// The condition on the table known as `alias` in the statement: true or false for every
    /// row, never SQL's unknown, so that a filter and its `not` split the rows between them.
    pub fn condition(&self, alias: &str) -> SimpleExpr {
        self.render(alias, 0, Context::Kept)
    }

    fn render(&self, alias: &str, depth: usize, context: Context) -> SimpleExpr {
        match self {
            Filter::All(filters) => balanced(filters, alias, depth, context, ExprTrait::and)
                .unwrap_or_else(|| Expr::val(true)),
            Filter::Any(filters) => balanced(filters, alias, depth, context, ExprTrait::or)
                .unwrap_or_else(|| Expr::val(false)),
            Filter::Not(inner) => inner.render(alias, depth, Context::Negated).not(),
            Filter::Column { column, test } => {
                let col = Expr::col((Alias::new(alias), Alias::new(*column)));
                let tested = test_column(col.clone(), test);
                if context == Context::Negated && test.unknown_on_null() {
                    col.is_not_null().and(tested)
                } else {
                    tested
                }
            }
            Filter::ToOne {
                local,
                table,
                remote,
                inner,
            } => {
                let sub = format!("f{depth}");
                let mut select = Query::select();
                select
                    .column((Alias::new(&sub), Alias::new(*remote)))
                    .from_as(Alias::new(*table), Alias::new(&sub))
                    .and_where(inner.render(&sub, depth + 1, Context::Kept));
                let local = Expr::col((Alias::new(alias), Alias::new(*local)));
                let related = local.clone().in_subquery(select);
                // A missing relation (a NULL key) is not IN anything: false, not unknown.
                if context == Context::Negated {
                    local.is_not_null().and(related)
                } else {
                    related
                }
            }
            Filter::ToMany {
                child_table,
                via,
                quantifier,
                inner,
            } => {
                let matching = match quantifier {
                    Quantifier::Some | Quantifier::None => inner.render_child(depth, Context::Kept),
                    Quantifier::Every => inner.render_child(depth, Context::Negated).not(),
                };
                let parents = parents_of(child_table, *via, matching, depth);
                let id = Expr::col((Alias::new(alias), Alias::new("id")));
                match quantifier {
                    Quantifier::Some => id.in_subquery(parents),
                    Quantifier::Every | Quantifier::None => id.not_in_subquery(parents),
                }
            }
        }
    }

    fn render_child(&self, depth: usize, context: Context) -> SimpleExpr {
        self.render(&format!("f{depth}"), depth + 1, context)
    }
}

/// Where a condition stands. Kept: its rows are the ones it is true for, so unknown (NULL)
/// counts as false and needs no care. Negated: under a `not` (or `every`, which negates its
/// test), where NOT unknown would still be unknown and leave the row out of both a filter and its
/// negation; there every test that could be unknown is made false on a NULL instead.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Kept,
    Negated,
}

impl Test {
    /// Whether SQL's answer is unknown when the column is NULL. `ne`, `notIn` and `isNull` are
    /// written to be true or false on a NULL already.
    fn unknown_on_null(&self) -> bool {
        match self {
            Test::Ne(_) | Test::NotIn(_) | Test::IsNull(_) => false,
            // An empty list is written as false.
            Test::In(values) => !values.is_empty(),
            _ => true,
        }
    }
}

/// `filters` joined by `join` as a balanced tree: a long `or` nests log₂ of its length deep, not
/// its length, in the expression and in the SQL (SQLite refuses expressions 1,000 deep).
fn balanced(
    filters: &[Filter],
    alias: &str,
    depth: usize,
    context: Context,
    join: fn(SimpleExpr, SimpleExpr) -> SimpleExpr,
) -> Option<SimpleExpr> {
    match filters {
        [] => None,
        [one] => Some(one.render(alias, depth, context)),
        _ => {
            let (left, right) = filters.split_at(filters.len() / 2);
            let left = balanced(left, alias, depth, context, join)?;
            let right = balanced(right, alias, depth, context, join)?;
            Some(join(left, right))
        }
    }
}

/// `SELECT <parent id> FROM child [JOIN link] WHERE <matching>`, never yielding NULL, so that
/// `NOT IN` over it means what it says.
fn parents_of(
    child_table: &str,
    via: ViaKey,
    matching: SimpleExpr,
    depth: usize,
) -> SelectStatement {
    let child = Alias::new(format!("f{depth}"));
    let mut select = Query::select();
    select.from_as(Alias::new(child_table), child.clone());
    match via {
        ViaKey::Column(column) => {
            select
                .column((child.clone(), Alias::new(column)))
                .and_where(Expr::col((child, Alias::new(column))).is_not_null());
        }
        ViaKey::Link {
            table,
            parent,
            child: child_column,
        } => {
            let link = Alias::new(format!("l{depth}"));
            select.column((link.clone(), Alias::new(parent))).join_as(
                JoinType::InnerJoin,
                Alias::new(table),
                link.clone(),
                Expr::col((link, Alias::new(child_column))).equals((child, Alias::new("id"))),
            );
        }
    }
    select.and_where(matching);
    select
}

fn test_column(col: Expr, test: &Test) -> SimpleExpr {
    let lower = || SimpleExpr::from(Func::lower(col.clone()));
    match test {
        Test::Eq(v) => col.eq(SimpleExpr::from(v.clone())),
        Test::Ne(v) => col
            .clone()
            .ne(SimpleExpr::from(v.clone()))
            .or(col.is_null()),
        Test::In(vs) if vs.is_empty() => Expr::val(false),
        Test::In(vs) => col.is_in(vs.iter().cloned().map(SimpleExpr::from)),
        Test::NotIn(vs) if vs.is_empty() => Expr::val(true),
        Test::NotIn(vs) => col
            .clone()
            .is_not_in(vs.iter().cloned().map(SimpleExpr::from))
            .or(col.is_null()),
        Test::IsNull(true) => col.is_null(),
        Test::IsNull(false) => col.is_not_null(),
        Test::Gt(v) => col.gt(SimpleExpr::from(v.clone())),
        Test::Gte(v) => col.gte(SimpleExpr::from(v.clone())),
        Test::Lt(v) => col.lt(SimpleExpr::from(v.clone())),
        Test::Lte(v) => col.lte(SimpleExpr::from(v.clone())),
        Test::Contains(s) => lower().like(like_pattern("%", s, "%")),
        Test::StartsWith(s) => lower().like(like_pattern("", s, "%")),
        Test::EndsWith(s) => lower().like(like_pattern("%", s, "")),
    }
}
