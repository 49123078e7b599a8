//! A record that a contradiction between sources bears on.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "conflict_concern")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub conflict_id: i32,
    /// The record's global id, e.g. `Hub:south-east`: a record of any kind.
    #[sea_orm(primary_key, auto_increment = false)]
    pub record_id: String,
    /// Where the record stands in the list, from 0.
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::source_conflict::Entity",
        from = "Column::ConflictId",
        to = "super::source_conflict::Column::Id",
        on_delete = "Cascade"
    )]
    Conflict,
}

impl Related<super::source_conflict::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Conflict.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
