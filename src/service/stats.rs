//! Grouped counts, computed by the database with GROUP BY.

use entity::{
    CourseFormat, ProjectStatus, ProjectTheme, site, site_serving_hub, training_course,
    transformation_project, trust, trust_serving_hub,
};
use sea_orm::{
    ConnectionTrait, DbBackend, EntityName, IdenStatic, QueryResult,
    sea_query::{Alias, Asterisk, Expr, ExprTrait, Func, JoinType, Order, Query, SimpleExpr},
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

/// A key to group by: a column of the table counted, or of a table joined to it.
struct Key {
    expr: SimpleExpr,
    alias: &'static str,
}

impl Key {
    /// A column of the table counted, under its own name.
    fn own(table: &'static str, column: &'static str) -> Self {
        Self {
            expr: Expr::col((Alias::new(table), Alias::new(column))),
            alias: column,
        }
    }
}

/// A table joined to the one counted: `LEFT JOIN <table> AS <alias> ON <on>`.
struct Join {
    table: &'static str,
    alias: &'static str,
    on: SimpleExpr,
}

/// `SELECT <keys>, COUNT(*), <sums> FROM table <joins> WHERE <filter> GROUP BY <keys>`, biggest
/// first.
async fn grouped(
    db: &impl ConnectionTrait,
    table: &'static str,
    joins: Vec<Join>,
    keys: Vec<Key>,
    sums: &[(&'static str, &'static str)],
    filter: Option<&Filter>,
) -> AppResult<Vec<QueryResult>> {
    let mut select = Query::select();
    select
        .from(Alias::new(table))
        .expr_as(Expr::col(Asterisk).count(), Alias::new(COUNT));
    for join in joins {
        select.join_as(
            JoinType::LeftJoin,
            Alias::new(join.table),
            Alias::new(join.alias),
            join.on,
        );
    }
    for (column, alias) in sums {
        select.expr_as(sum(db.get_database_backend(), column), Alias::new(*alias));
    }
    if let Some(filter) = filter {
        select.and_where(filter.condition(table));
    }
    select.order_by_expr(Expr::col(Asterisk).count(), Order::Desc);
    // Groups of equal size by key, a missing key last on every backend.
    for key in keys {
        let missing: SimpleExpr = Expr::case(key.expr.clone().is_null(), 1).finally(0).into();
        select
            .expr_as(key.expr.clone(), Alias::new(key.alias))
            .add_group_by([key.expr.clone()])
            .order_by_expr(missing, Order::Asc)
            .order_by_expr(key.expr, Order::Asc);
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
    let table = transformation_project::Entity.table_name();
    let keys = group_by
        .iter()
        .map(|g| Key::own(table, g.column()))
        .collect();
    let has = |g: ProjectGroupBy| group_by.contains(&g);
    grouped(db, table, vec![], keys, &[], filter)
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
    let table = training_course::Entity.table_name();
    let keys = group_by
        .iter()
        .map(|g| Key::own(table, g.column()))
        .collect();
    let has = |g: CourseGroupBy| group_by.contains(&g);
    let sums = [
        (
            training_course::Column::DurationMinutes.as_str(),
            "__minutes",
        ),
        (training_course::Column::Credits.as_str(), "__credits"),
    ];
    grouped(db, table, vec![], keys, &sums, filter)
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

/// What trusts and sites can be grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrganisationGroupBy {
    Region,
    Icb,
    /// The hubs serving it (see `trust_serving_hub`): an organisation served ambiguously is
    /// counted once under each candidate.
    ServingHub,
    /// Sites only: their trust.
    Trust,
}

/// One group of trusts or sites: the keys grouped by (others are `None`) and how many there are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganisationGroup {
    pub region_id: Option<i32>,
    pub icb_id: Option<i32>,
    pub serving_hub_id: Option<i32>,
    pub trust_id: Option<i32>,
    pub count: u64,
}

const REGION_KEY: &str = "__region";
const ICB_KEY: &str = "__icb";
const HUB_KEY: &str = "__serving_hub";
const TRUST_KEY: &str = "__trust";
const TRUST_ALIAS: &str = "__of_trust";
const SERVING_ALIAS: &str = "__serving";

fn column(table: &'static str, column: impl IdenStatic) -> SimpleExpr {
    Expr::col((Alias::new(table), Alias::new(column.as_str())))
}

/// Trusts counted by region, ICB and/or serving hub.
pub async fn trust_stats(
    db: &impl ConnectionTrait,
    group_by: &[OrganisationGroupBy],
    filter: Option<&Filter>,
) -> AppResult<Vec<OrganisationGroup>> {
    let table = trust::Entity.table_name();
    let mut joins = Vec::new();
    let mut keys = Vec::new();
    for g in group_by {
        let (expr, alias) = match g {
            OrganisationGroupBy::Region => (column(table, trust::Column::RegionId), REGION_KEY),
            OrganisationGroupBy::Icb => (column(table, trust::Column::IcbId), ICB_KEY),
            OrganisationGroupBy::ServingHub => {
                joins.push(Join {
                    table: trust_serving_hub::Entity.table_name(),
                    alias: SERVING_ALIAS,
                    on: column(SERVING_ALIAS, trust_serving_hub::Column::TrustId)
                        .equals((Alias::new(table), Alias::new(trust::Column::Id.as_str()))),
                });
                (
                    column(SERVING_ALIAS, trust_serving_hub::Column::HubId),
                    HUB_KEY,
                )
            }
            OrganisationGroupBy::Trust => continue,
        };
        keys.push(Key { expr, alias });
    }
    organisation_groups(db, table, joins, keys, group_by, filter).await
}

/// Sites counted by trust, region, ICB (their trust's) and/or serving hub.
pub async fn site_stats(
    db: &impl ConnectionTrait,
    group_by: &[OrganisationGroupBy],
    filter: Option<&Filter>,
) -> AppResult<Vec<OrganisationGroup>> {
    let table = site::Entity.table_name();
    let mut joins = Vec::new();
    let mut keys = Vec::new();
    let of_trust = || Join {
        table: trust::Entity.table_name(),
        alias: TRUST_ALIAS,
        on: column(TRUST_ALIAS, trust::Column::Id).equals((
            Alias::new(table),
            Alias::new(site::Column::TrustId.as_str()),
        )),
    };
    for g in group_by {
        let (expr, alias) = match g {
            OrganisationGroupBy::Trust => (column(table, site::Column::TrustId), TRUST_KEY),
            OrganisationGroupBy::Region => {
                if !joins.iter().any(|j: &Join| j.alias == TRUST_ALIAS) {
                    joins.push(of_trust());
                }
                (column(TRUST_ALIAS, trust::Column::RegionId), REGION_KEY)
            }
            OrganisationGroupBy::Icb => {
                if !joins.iter().any(|j: &Join| j.alias == TRUST_ALIAS) {
                    joins.push(of_trust());
                }
                (column(TRUST_ALIAS, trust::Column::IcbId), ICB_KEY)
            }
            OrganisationGroupBy::ServingHub => {
                joins.push(Join {
                    table: site_serving_hub::Entity.table_name(),
                    alias: SERVING_ALIAS,
                    on: column(SERVING_ALIAS, site_serving_hub::Column::SiteId)
                        .equals((Alias::new(table), Alias::new(site::Column::Id.as_str()))),
                });
                (
                    column(SERVING_ALIAS, site_serving_hub::Column::HubId),
                    HUB_KEY,
                )
            }
        };
        keys.push(Key { expr, alias });
    }
    organisation_groups(db, table, joins, keys, group_by, filter).await
}

async fn organisation_groups(
    db: &impl ConnectionTrait,
    table: &'static str,
    joins: Vec<Join>,
    keys: Vec<Key>,
    group_by: &[OrganisationGroupBy],
    filter: Option<&Filter>,
) -> AppResult<Vec<OrganisationGroup>> {
    let has = |g: OrganisationGroupBy| group_by.contains(&g);
    let key = |row: &QueryResult, g: OrganisationGroupBy, alias: &str| -> AppResult<Option<i32>> {
        Ok(if has(g) {
            row.try_get("", alias)?
        } else {
            None
        })
    };
    grouped(db, table, joins, keys, &[], filter)
        .await?
        .iter()
        .map(|row| {
            Ok(OrganisationGroup {
                region_id: key(row, OrganisationGroupBy::Region, REGION_KEY)?,
                icb_id: key(row, OrganisationGroupBy::Icb, ICB_KEY)?,
                serving_hub_id: key(row, OrganisationGroupBy::ServingHub, HUB_KEY)?,
                trust_id: if table == site::Entity.table_name() {
                    key(row, OrganisationGroupBy::Trust, TRUST_KEY)?
                } else {
                    None
                },
                count: count(row)?,
            })
        })
        .collect()
}
