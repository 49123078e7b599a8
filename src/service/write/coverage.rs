//! Region coverage, the links from a hub or an alliance to the regions it covers: each with how
//! sure it is and where it comes from. A hub or alliance writes its whole list at once.

use std::collections::HashMap;

use entity::{Confidence, Sources, alliance_region, hub_region, region};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IdenStatic, QueryFilter, Set};
use serde::Serialize;

use super::check::{region_id, sources};
use crate::error::{AppError, AppResult};

/// One region covered, by ONS code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub region: String,
    pub confidence: Confidence,
    pub sources: Vec<String>,
}

/// Checked coverage, ready to write: the region's row id, confidence and sources.
pub(super) type CoverageRows = Vec<(i32, Confidence, Sources)>;

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
        if rows.iter().any(|(seen, _, _)| *seen == id) {
            return Err(AppError::invalid(
                at_region,
                format!("lists region {:?} twice", c.region),
            ));
        }
        rows.push((
            id,
            c.confidence,
            sources(&format!("{at}.sources"), &c.sources)?,
        ));
    }
    Ok(rows)
}

/// Coverage rows read back as a list by ONS code, in code order.
pub(super) async fn read(
    db: &impl ConnectionTrait,
    rows: CoverageRows,
) -> AppResult<Vec<Coverage>> {
    let codes: HashMap<i32, String> = region::Entity::find()
        .filter(region::Column::Id.is_in(rows.iter().map(|(id, _, _)| *id)))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.code))
        .collect();
    let mut coverage =
        rows.into_iter()
            .map(|(id, confidence, sources)| {
                let region = codes.get(&id).cloned().ok_or_else(|| {
                    AppError::Internal(format!("coverage of a missing region {id}"))
                })?;
                Ok(Coverage {
                    region,
                    confidence,
                    sources: sources.0,
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
    /// A row linking `owner` to `region`.
    fn row(owner: i32, region: i32, confidence: Confidence, sources: Sources) -> Self::ActiveModel;
    /// A row's region, confidence and sources.
    fn parts(link: Self::Model) -> (i32, Confidence, Sources);
}

impl CoverageLink for hub_region::Entity {
    fn owner_column() -> Self::Column {
        hub_region::Column::HubId
    }
    fn row(owner: i32, region: i32, confidence: Confidence, sources: Sources) -> Self::ActiveModel {
        hub_region::ActiveModel {
            hub_id: Set(owner),
            region_id: Set(region),
            confidence: Set(confidence),
            sources: Set(sources),
        }
    }
    fn parts(link: Self::Model) -> (i32, Confidence, Sources) {
        (link.region_id, link.confidence, link.sources)
    }
}

impl CoverageLink for alliance_region::Entity {
    fn owner_column() -> Self::Column {
        alliance_region::Column::AllianceId
    }
    fn row(owner: i32, region: i32, confidence: Confidence, sources: Sources) -> Self::ActiveModel {
        alliance_region::ActiveModel {
            alliance_id: Set(owner),
            region_id: Set(region),
            confidence: Set(confidence),
            sources: Set(sources),
        }
    }
    fn parts(link: Self::Model) -> (i32, Confidence, Sources) {
        (link.region_id, link.confidence, link.sources)
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
    L::insert_many(
        rows.into_iter()
            .map(|(region, confidence, sources)| L::row(owner, region, confidence, sources)),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}
