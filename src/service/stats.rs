//! Grouped counts, computed by the database with GROUP BY.

use entity::{CourseFormat, ProjectStatus, ProjectTheme, training_course, transformation_project};
use sea_orm::{
    ConnectionTrait, DbBackend, EntityName, IdenStatic, QueryResult,
    sea_query::{Alias, Asterisk, Expr, ExprTrait, Func, Order, Query, SimpleExpr},
};

use super::filter::Filter;
use crate::error::AppResult;

/// What projects can be grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProjectGroupBy {
    Theme,
    Status,
    LeadAlliance,
}

impl ProjectGroupBy {
    fn column(self) -> &'static str {
        let column = match self {
            Self::Theme => transformation_project::Column::Theme,
            Self::Status => transformation_project::Column::Status,
            Self::LeadAlliance => transformation_project::Column::LeadAllianceId,
        };
        column.as_str()
    }
}

/// One group of projects: the keys grouped by (others are `None`) and how many there are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectGroup {
    pub theme: Option<ProjectTheme>,
    pub status: Option<ProjectStatus>,
    pub lead_alliance_id: Option<i32>,
    pub count: u64,
}

/// What courses can be grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CourseGroupBy {
    Format,
    Alliance,
    Provider,
}

impl CourseGroupBy {
    fn column(self) -> &'static str {
        let column = match self {
            Self::Format => training_course::Column::Format,
            Self::Alliance => training_course::Column::AllianceId,
            Self::Provider => training_course::Column::Provider,
        };
        column.as_str()
    }
}

/// One group of courses, with the sums of what their sources state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseGroup {
    pub format: Option<CourseFormat>,
    pub alliance_id: Option<i32>,
    pub provider: Option<String>,
    pub count: u64,
    pub total_duration_minutes: i64,
    pub total_credits: i64,
}

const COUNT: &str = "__count";

/// A sum as a 64-bit integer on every backend (MySQL's SUM of integers is a DECIMAL), 0 when
/// no row has a value.
fn sum(backend: DbBackend, column: &str) -> SimpleExpr {
    let total = Func::coalesce([
        Func::sum(Expr::col(Alias::new(column))).into(),
        Expr::val(0i64),
    ]);
    match backend {
        DbBackend::MySql => Func::cast_as(total, Alias::new("SIGNED")).into(),
        DbBackend::Postgres => Func::cast_as(total, Alias::new("BIGINT")).into(),
        _ => total.into(),
    }
}

/// `SELECT <keys>, COUNT(*), <sums> FROM table WHERE <filter> GROUP BY <keys>`, biggest first.
async fn grouped(
    db: &impl ConnectionTrait,
    table: &'static str,
    keys: &[&'static str],
    sums: &[(&'static str, &'static str)],
    filter: Option<&Filter>,
) -> AppResult<Vec<QueryResult>> {
    let mut select = Query::select();
    select
        .from(Alias::new(table))
        .expr_as(Expr::col(Asterisk).count(), Alias::new(COUNT));
    for (column, alias) in sums {
        select.expr_as(sum(db.get_database_backend(), column), Alias::new(*alias));
    }
    if let Some(filter) = filter {
        select.and_where(filter.condition(table));
    }
    select.order_by_expr(Expr::col(Asterisk).count(), Order::Desc);
    // Groups of equal size by key, a missing key last on every backend.
    for key in keys {
        let missing: SimpleExpr = Expr::case(Expr::col(Alias::new(*key)).is_null(), 1)
            .finally(0)
            .into();
        select
            .column(Alias::new(*key))
            .group_by_col(Alias::new(*key))
            .order_by_expr(missing, Order::Asc)
            .order_by(Alias::new(*key), Order::Asc);
    }
    Ok(db.query_all(&select).await?)
}

fn count(row: &QueryResult) -> AppResult<u64> {
    let n: i64 = row.try_get("", COUNT)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

pub async fn project_stats(
    db: &impl ConnectionTrait,
    group_by: &[ProjectGroupBy],
    filter: Option<&Filter>,
) -> AppResult<Vec<ProjectGroup>> {
    let keys: Vec<_> = group_by.iter().map(|g| g.column()).collect();
    let table = transformation_project::Entity.table_name();
    let has = |g: ProjectGroupBy| group_by.contains(&g);
    grouped(db, table, &keys, &[], filter)
        .await?
        .iter()
        .map(|row| {
            Ok(ProjectGroup {
                theme: if has(ProjectGroupBy::Theme) {
                    row.try_get("", ProjectGroupBy::Theme.column())?
                } else {
                    None
                },
                status: if has(ProjectGroupBy::Status) {
                    row.try_get("", ProjectGroupBy::Status.column())?
                } else {
                    None
                },
                lead_alliance_id: if has(ProjectGroupBy::LeadAlliance) {
                    row.try_get("", ProjectGroupBy::LeadAlliance.column())?
                } else {
                    None
                },
                count: count(row)?,
            })
        })
        .collect()
}

pub async fn course_stats(
    db: &impl ConnectionTrait,
    group_by: &[CourseGroupBy],
    filter: Option<&Filter>,
) -> AppResult<Vec<CourseGroup>> {
    let keys: Vec<_> = group_by.iter().map(|g| g.column()).collect();
    let table = training_course::Entity.table_name();
    let has = |g: CourseGroupBy| group_by.contains(&g);
    let sums = [
        (
            training_course::Column::DurationMinutes.as_str(),
            "__minutes",
        ),
        (training_course::Column::Credits.as_str(), "__credits"),
    ];
    grouped(db, table, &keys, &sums, filter)
        .await?
        .iter()
        .map(|row| {
            Ok(CourseGroup {
                format: if has(CourseGroupBy::Format) {
                    row.try_get("", CourseGroupBy::Format.column())?
                } else {
                    None
                },
                alliance_id: if has(CourseGroupBy::Alliance) {
                    row.try_get("", CourseGroupBy::Alliance.column())?
                } else {
                    None
                },
                provider: if has(CourseGroupBy::Provider) {
                    row.try_get("", CourseGroupBy::Provider.column())?
                } else {
                    None
                },
                count: count(row)?,
                total_duration_minutes: row.try_get("", "__minutes")?,
                total_credits: row.try_get("", "__credits")?,
            })
        })
        .collect()
}
