//! An alliance leading a transformation project, and how sure the data is of it.

use sea_orm::entity::prelude::*;

use crate::{Confidence, Sources};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_lead")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub project_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub alliance_id: i32,
    pub confidence: Confidence,
    /// The words of the source that name the lead.
    pub quote: Option<String>,
    /// What the sources leave open about the lead.
    pub note: Option<String>,
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
