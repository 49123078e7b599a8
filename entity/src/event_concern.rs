//! A record that an event of the timeline concerns: one its words name.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "event_concern")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub event_id: i32,
    /// The record's global id, e.g. `Hub:south-east`: a record of any kind.
    #[sea_orm(primary_key, auto_increment = false)]
    pub record_id: String,
    /// Where the record stands in the list, from 0.
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::timeline_event::Entity",
        from = "Column::EventId",
        to = "super::timeline_event::Column::Id",
        on_delete = "Cascade"
    )]
    Event,
}

impl Related<super::timeline_event::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Event.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
