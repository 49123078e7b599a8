//! A place where sources contradict each other: each claim with its own sources. The records it
//! bears on show the value the reference chose and list this beside it.

use sea_orm::FromJsonQueryResult;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::Sources;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "source_conflict")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// From the topic, e.g. `lynch-syndrome-project-dates`.
    #[sea_orm(unique)]
    pub slug: String,
    /// What the sources disagree about, e.g. `Lynch syndrome project dates`.
    pub topic: String,
    /// The contradiction in the reference's words, its source numbers spelled out.
    pub detail: String,
    #[sea_orm(column_type = "Json")]
    pub claims: Claims,
    pub note: Option<String>,
    #[sea_orm(column_type = "Json")]
    pub sources: Sources,
    /// Incremented by every update: writers say which version they last saw.
    pub version: i32,
}

/// The claims of a contradiction, stored as a JSON array.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct Claims(pub Vec<Claim>);

/// What one source or set of sources says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub claim: String,
    pub sources: Vec<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
