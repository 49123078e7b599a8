use async_graphql::{ID, InputObject};

use super::reference;
use crate::error::AppResult;
use crate::graphql::values::enums::{AreaCoverage, Confidence};
use crate::graphql::values::node_id::Kind;
use crate::service::write::Coverage;

/// A region a hub or an alliance covers.
#[derive(InputObject)]
pub struct RegionCoverageInput {
    /// The id of the region covered.
    pub region_id: ID,
    /// STATED when a source says the region is covered, INFERRED when derived from sources.
    #[graphql(default_with = "Confidence::Stated")]
    pub confidence: Confidence,
    /// How much of the region: WHOLE, PART or UNCLEAR, where known.
    pub coverage: Option<AreaCoverage>,
    /// Where the coverage fact comes from.
    #[graphql(default)]
    pub sources: Vec<String>,
}

/// A coverage list as the write service takes it, regions by ONS code.
pub fn coverage(regions: &[RegionCoverageInput]) -> AppResult<Vec<Coverage>> {
    regions
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Ok(Coverage {
                region: reference(
                    &format!("input.regions.{i}.regionId"),
                    &c.region_id,
                    Kind::Region,
                )?,
                confidence: c.confidence.into(),
                coverage: c.coverage.map(Into::into),
                sources: c.sources.clone(),
            })
        })
        .collect()
}
