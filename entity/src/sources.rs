use sea_orm::FromJsonQueryResult;
use serde::{Deserialize, Serialize};

/// Where a record's facts come from: URLs, or a citation where the source has no URL.
/// Stored as a JSON array of strings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct Sources(pub Vec<String>);
