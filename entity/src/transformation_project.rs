//! A transformation project run by one or more alliances.

use sea_orm::entity::prelude::*;

use crate::{ProjectStatus, ProjectTheme, Sources};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "transformation_project")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub theme: ProjectTheme,
    pub status: ProjectStatus,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    /// None for national projects.
    pub lead_alliance_id: Option<i32>,
    pub website: Option<String>,
    pub note: Option<String>,
    #[sea_orm(column_type = "Json")]
    pub sources: Sources,
    /// Incremented by every update: writers say which version they last saw.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::alliance::Entity",
        from = "Column::LeadAllianceId",
        to = "super::alliance::Column::Id"
    )]
    LeadAlliance,
}

impl Related<super::alliance::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LeadAlliance.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
