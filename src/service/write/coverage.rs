//! Region coverage, the links from a hub or an alliance to the regions it covers: each with how
//! sure it is and where it comes from. A hub or alliance writes its whole list at once.

use std::collections::HashMap;

use entity::{AreaCoverage, Confidence, Sources, alliance_region, hub_region, region};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IdenStatic, QueryFilter, Set};
use serde::Serialize;

use super::check::{region_id, sources};
use crate::error::{AppError, AppResult};

/// One region covered, by ONS code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub region: String,
    pub confidence: Confidence,
    /// How much of the region, where the data says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<AreaCoverage>,
    pub sources: Vec<String>,
}

/// One checked coverage link, ready to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverageRow {
    pub(super) region: i32,
    pub(super) confidence: Confidence,
    pub(super) coverage: Option<AreaCoverage>,
    pub(super) sources: Sources,
}

/// Checked coverage, ready to write.
pub type CoverageRows = Vec<CoverageRow>;

/// The field of a write that lists the regions a record covers.
pub(super) const FIELD: &str = "regions";

/// Checks a coverage list given at field `field`: every region exists, none twice.
pub(super) async fn check(
    db: &impl ConnectionTrait,
    field: &str,
    coverage: &[Coverage],
) -> AppResult<CoverageRows> {
    let mut rows: CoverageRows = Vec::with_capacity(coverage.len());
    for (i, c) in coverage.iter().enumerate() {
        let at = format!("{field}.{i}");
        let at_region = format!("{at}.{}", hub_region::Column::RegionId.as_str());
        let id = region_id(db, &at_region, &c.region).await?;
        if rows.iter().any(|row| row.region == id) {
            return Err(AppError::invalid(
                at_region,
                format!("lists region {:?} twice", c.region),
            ));
        }
        rows.push(CoverageRow {
            region: id,
            confidence: c.confidence,
            coverage: c.coverage,
            sources: sources(&format!("{at}.sources"), &c.sources)?,
        });
    }
    Ok(rows)
}

/// Coverage rows read back as a list by ONS code, in code order.
pub(super) async fn read(
    db: &impl ConnectionTrait,
    rows: CoverageRows,
) -> AppResult<Vec<Coverage>> {
    let codes: HashMap<i32, String> = region::Entity::find()
        .filter(region::Column::Id.is_in(rows.iter().map(|row| row.region)))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.code))
        .collect();
    let mut coverage = rows
        .into_iter()
        .map(|row| {
            let region = codes.get(&row.region).cloned().ok_or_else(|| {
                AppError::Internal(format!("coverage of a missing region {}", row.region))
            })?;
            Ok(Coverage {
                region,
                confidence: row.confidence,
                coverage: row.coverage,
                sources: row.sources.into_urls().map_err(AppError::stored)?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    coverage.sort_by(|a, b| a.region.cmp(&b.region));
    Ok(coverage)
}

/// A record with its coverage, as the change log keeps it.
#[derive(Serialize)]
pub(super) struct WithRegions<'a, M: Serialize> {
    #[serde(flatten)]
    pub record: &'a M,
    pub regions: Vec<Coverage>,
}

/// A table of coverage links from one kind of owner (hubs, alliances) to regions.
pub(super) trait CoverageLink: EntityTrait {
    /// The column naming the owner.
    fn owner_column() -> Self::Column;
    /// A row linking `owner` to a region.
    fn row(owner: i32, row: CoverageRow) -> Self::ActiveModel;
    /// What a row says.
    fn parts(link: Self::Model) -> CoverageRow;
}

impl CoverageLink for hub_region::Entity {
    fn owner_column() -> Self::Column {
        hub_region::Column::HubId
    }
    fn row(owner: i32, row: CoverageRow) -> Self::ActiveModel {
        hub_region::ActiveModel {
            hub_id: Set(owner),
            region_id: Set(row.region),
            confidence: Set(row.confidence),
            coverage: Set(row.coverage),
            sources: Set(row.sources),
        }
    }
    fn parts(link: Self::Model) -> CoverageRow {
        CoverageRow {
            region: link.region_id,
            confidence: link.confidence,
            coverage: link.coverage,
            sources: link.sources,
        }
    }
}

impl CoverageLink for alliance_region::Entity {
    fn owner_column() -> Self::Column {
        alliance_region::Column::AllianceId
    }
    fn row(owner: i32, row: CoverageRow) -> Self::ActiveModel {
        alliance_region::ActiveModel {
            alliance_id: Set(owner),
            region_id: Set(row.region),
            confidence: Set(row.confidence),
            coverage: Set(row.coverage),
            sources: Set(row.sources),
        }
    }
    fn parts(link: Self::Model) -> CoverageRow {
        CoverageRow {
            region: link.region_id,
            confidence: link.confidence,
            coverage: link.coverage,
            sources: link.sources,
        }
    }
}

/// The coverage rows of `owner`.
async fn rows_of<L: CoverageLink>(
    db: &impl ConnectionTrait,
    owner: i32,
) -> AppResult<CoverageRows> {
    Ok(L::find()
        .filter(L::owner_column().eq(owner))
        .all(db)
        .await?
        .into_iter()
        .map(L::parts)
        .collect())
}

/// The coverage of `owner`, by ONS code.
pub(super) async fn of<L: CoverageLink>(
    db: &impl ConnectionTrait,
    owner: i32,
) -> AppResult<Vec<Coverage>> {
    read(db, rows_of::<L>(db, owner).await?).await
}

/// Replaces the coverage of `owner` with `rows`.
pub(super) async fn replace<L: CoverageLink>(
    db: &impl ConnectionTrait,
    owner: i32,
    rows: CoverageRows,
) -> AppResult<()> {
    L::delete_many()
        .filter(L::owner_column().eq(owner))
        .exec(db)
        .await?;
    if rows.is_empty() {
        return Ok(());
    }
    L::insert_many(rows.into_iter().map(|row| L::row(owner, row)))
        .exec_without_returning(db)
        .await?;
    Ok(())
}
