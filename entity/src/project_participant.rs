//! An alliance taking part in a transformation project.

use sea_orm::entity::prelude::*;

use crate::Sources;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_participant")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub project_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub alliance_id: i32,
    #[sea_orm(column_type = "Json")]
    pub sources: Sources,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::transformation_project::Entity",
        from = "Column::ProjectId",
        to = "super::transformation_project::Column::Id",
        on_delete = "Cascade"
    )]
    Project,
    #[sea_orm(
        belongs_to = "super::alliance::Entity",
        from = "Column::AllianceId",
        to = "super::alliance::Column::Id"
    )]
    Alliance,
}

impl ActiveModelBehavior for ActiveModel {}
