//! One ranked search over the names, titles and descriptions of every entity type, in SQL:
//! a `UNION ALL` of one `SELECT` per type, ranked, ordered and keyset-paginated as a whole.

use std::sync::LazyLock;

use sea_orm::{
    ConnectionTrait, EntityName, IdenStatic,
    sea_query::{
        Alias, Asterisk, Expr, ExprTrait, Func, Order, Query, SelectStatement, SimpleExpr,
        UnionType,
    },
};

use super::filter::like_pattern;
use super::kinds::{Kind, kinds};
use super::page::{Cursor, CursorValue, Direction, PageRequest};
use crate::error::{AppError, AppResult};

/// A kind that search looks into: its table, its natural key, the column that names a row, and
/// every column a word may match.
pub struct Searchable {
    pub kind: Kind,
    pub table: &'static str,
    pub key: &'static str,
    pub label: &'static str,
    pub fields: Vec<&'static str>,
}

macro_rules! searchable {
    ($(
        $(#[$doc:meta])*
        $kind:ident($module:ident) {
            key: $key:ident, order: [$($order:ident),+],
            $(active: [$($active:ident),+],)?
            label: $label:ident,
            search: [$($field:ident),+], $($rest:tt)*
        }
    )*) => {
        /// Every kind, with what search looks into.
        fn declared() -> Vec<Searchable> {
            vec![$(Searchable {
                kind: Kind::$kind,
                table: entity::$module::Entity.table_name(),
                key: entity::$module::Column::$key.as_str(),
                label: entity::$module::Column::$label.as_str(),
                fields: vec![$(entity::$module::Column::$field.as_str()),+],
            },)*]
        }
    };
}

kinds!(searchable);

/// What search looks into, kind by kind.
pub fn searchable() -> &'static [Searchable] {
    static SEARCHABLE: LazyLock<Vec<Searchable>> = LazyLock::new(declared);
    &SEARCHABLE
}

/// The longest search text accepted.
pub const MAX_TEXT: usize = 200;

/// One match: which table and row, how well it matched, and its cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub kind: Kind,
    pub key: String,
    pub rank: i32,
    pub cursor: String,
}

pub struct Hits {
    pub hits: Vec<Hit>,
    pub has_previous_page: bool,
    pub has_next_page: bool,
}

const ORDERING: &str = "search:rank:desc,label:asc,type:asc,key:asc";

/// The words of a search text, lower-cased; bad input when there are none or it is too long.
fn words(text: &str) -> AppResult<Vec<String>> {
    if text.chars().count() > MAX_TEXT {
        return Err(AppError::bad_input(format!(
            "search text is longer than {MAX_TEXT} characters"
        )));
    }
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return Err(AppError::bad_input("search text is empty"));
    }
    Ok(words)
}

fn lower(column: &str) -> SimpleExpr {
    Func::lower(Expr::col(Alias::new(column))).into()
}

/// `SELECT '<table>' AS t, key AS k, label AS l, <rank> AS r FROM table WHERE <every word in some field>`
fn select_of(searchable: &Searchable, phrase: &str, words: &[String]) -> SelectStatement {
    let label = || lower(searchable.label);
    let rank = Expr::case(label().eq(phrase), 4)
        .case(label().like(like_pattern("", phrase, "%")), 3)
        .case(label().like(like_pattern("%", phrase, "%")), 2)
        .finally(1);
    let mut select = Query::select();
    select
        .expr_as(Expr::val(searchable.table), Alias::new("t"))
        .expr_as(Expr::col(Alias::new(searchable.key)), Alias::new("k"))
        .expr_as(Expr::col(Alias::new(searchable.label)), Alias::new("l"))
        .expr_as(Into::<SimpleExpr>::into(rank), Alias::new("r"))
        .from(Alias::new(searchable.table));
    for word in words {
        let any_field = searchable
            .fields
            .iter()
            .map(|field| lower(field).like(like_pattern("%", word, "%")))
            .reduce(ExprTrait::or);
        if let Some(any_field) = any_field {
            select.and_where(any_field);
        }
    }
    select
}

/// The union over `kinds` (all when empty), as a derived table `u`.
fn union(text: &str, kinds: &[Kind]) -> AppResult<Option<SelectStatement>> {
    let words = words(text)?;
    let phrase = words.join(" ");
    let mut selects = searchable()
        .iter()
        .filter(|s| kinds.is_empty() || kinds.contains(&s.kind))
        .map(|s| select_of(s, &phrase, &words));
    let Some(mut all) = selects.next() else {
        return Ok(None);
    };
    for select in selects {
        all.union(UnionType::All, select);
    }
    let mut outer = Query::select();
    outer.column(Asterisk).from_subquery(all, Alias::new("u"));
    Ok(Some(outer))
}

fn col(name: &str) -> Expr {
    Expr::col((Alias::new("u"), Alias::new(name)))
}

/// Rows after the cursor in (rank desc, label, type, key) order; before it when `before`.
fn beyond(cursor: &Cursor, before: bool) -> AppResult<SimpleExpr> {
    let wrong =
        || AppError::bad_input("the cursor was made for a different ordering of this connection");
    if cursor.ordering != ORDERING {
        return Err(wrong());
    }
    let [
        CursorValue::Int(rank),
        CursorValue::Text(label),
        CursorValue::Text(table),
        CursorValue::Text(key),
    ] = cursor.key.as_slice()
    else {
        return Err(wrong());
    };
    let rank = i32::try_from(*rank).map_err(|_| wrong())?;
    // Later in the order: a lower rank, or the same and a later label, type, key.
    let later = |column: &str, value: SimpleExpr, descending: bool| {
        if descending != before {
            col(column).lt(value)
        } else {
            col(column).gt(value)
        }
    };
    let same_rank = col("r").eq(rank);
    let same_label = same_rank.clone().and(col("l").eq(label.as_str()));
    let same_table = same_label.clone().and(col("t").eq(table.as_str()));
    Ok(later("r", rank.into(), true)
        .or(same_rank.and(later("l", label.as_str().into(), false)))
        .or(same_label.and(later("t", table.as_str().into(), false)))
        .or(same_table.and(later("k", key.as_str().into(), false))))
}

/// A page of matches for `text` among `kinds` (every kind when empty).
pub async fn search(
    db: &impl ConnectionTrait,
    text: &str,
    kinds: &[Kind],
    page: &PageRequest,
) -> AppResult<Hits> {
    let Some(mut select) = union(text, kinds)? else {
        return Ok(Hits {
            hits: Vec::new(),
            has_previous_page: false,
            has_next_page: false,
        });
    };
    if let Some(cursor) = &page.after {
        select.and_where(beyond(cursor, false)?);
    }
    if let Some(cursor) = &page.before {
        select.and_where(beyond(cursor, true)?);
    }
    // Backward, the page is the last rows before `before`: taken in the reverse order, then
    // put back in the order.
    let backward = page.direction == Direction::Backward;
    let (first, then) = if backward {
        (Order::Asc, Order::Desc)
    } else {
        (Order::Desc, Order::Asc)
    };
    select
        .order_by(Alias::new("r"), first)
        .order_by(Alias::new("l"), then.clone())
        .order_by(Alias::new("t"), then.clone())
        .order_by(Alias::new("k"), then)
        .limit(page.size + 1);
    let mut rows = db.query_all(&select).await?;
    let more = rows.len() as u64 > page.size;
    rows.truncate(page.size as usize);
    if backward {
        rows.reverse();
    }
    let mut hits = Vec::with_capacity(rows.len());
    for row in &rows {
        let table: String = row.try_get("", "t")?;
        let Some(searchable) = searchable().iter().find(|s| s.table == table) else {
            return Err(AppError::Internal(format!(
                "search found an unknown table {table}"
            )));
        };
        let key: String = row.try_get("", "k")?;
        let label: String = row.try_get("", "l")?;
        let rank: i32 = row.try_get("", "r")?;
        let cursor = Cursor {
            ordering: ORDERING.to_owned(),
            key: vec![
                CursorValue::Int(rank.into()),
                CursorValue::Text(label),
                CursorValue::Text(table),
                CursorValue::Text(key.clone()),
            ],
        };
        hits.push(Hit {
            kind: searchable.kind,
            key,
            rank,
            cursor: cursor.encode(),
        });
    }
    // A cursor's own row lies outside the page, on its side.
    Ok(Hits {
        hits,
        has_previous_page: if backward { more } else { page.after.is_some() },
        has_next_page: if backward {
            page.before.is_some()
        } else {
            more
        },
    })
}

/// How many matches `text` has among `kinds`.
pub async fn count(db: &impl ConnectionTrait, text: &str, kinds: &[Kind]) -> AppResult<u64> {
    let Some(all) = union(text, kinds)? else {
        return Ok(0);
    };
    let mut select = Query::select();
    select
        .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
        .from_subquery(all, Alias::new("c"));
    let n: i64 = match db.query_one(&select).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}
