//! A region that a alliance covers, with how sure the data is of it.

use sea_orm::entity::prelude::*;

use crate::{AreaCoverage, Confidence, Sources};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "alliance_region")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub alliance_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub region_id: i32,
    pub confidence: Confidence,
    /// How much of the region, where the data says (the bundled data works it out from the
    /// ICBs the hub or alliance serves).
    pub coverage: Option<AreaCoverage>,
    #[sea_orm(column_type = "Json")]
    pub sources: Sources,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::alliance::Entity",
        from = "Column::AllianceId",
        to = "super::alliance::Column::Id",
        on_delete = "Cascade"
    )]
    Alliance,
    #[sea_orm(
        belongs_to = "super::region::Entity",
        from = "Column::RegionId",
        to = "super::region::Column::Id"
    )]
    Region,
}

impl ActiveModelBehavior for ActiveModel {}
