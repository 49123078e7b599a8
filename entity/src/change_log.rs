//! One change to one record: who, when, what, and the record before and after.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "change_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub at: DateTime,
    pub token_id: Option<i32>,
    /// The token's name at the time.
    pub actor: String,
    /// The API type, e.g. `TrainingCourse`.
    pub entity_type: String,
    /// The record's global id, e.g. `TrainingCourse:consent-and-ethics`.
    pub entity_id: String,
    pub action: Action,
    /// The record's version after the change (for a deletion: the version deleted).
    pub version: i32,
    pub before: Option<Json>,
    pub after: Option<Json>,
}

/// What a change did.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "UPPERCASE")]
pub enum Action {
    #[sea_orm(string_value = "CREATE")]
    Create,
    #[sea_orm(string_value = "UPDATE")]
    Update,
    #[sea_orm(string_value = "DELETE")]
    Delete,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
