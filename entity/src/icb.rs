//! An integrated care board: the NHS body that plans care for one area of England, inside one
//! NHS England region.

use sea_orm::entity::prelude::*;

use crate::{DatePrecision, Sources};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "icb")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// ODS code, e.g. QUE.
    #[sea_orm(unique)]
    pub ods_code: String,
    /// ONS code, e.g. E54000056.
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub region_id: i32,
    /// When it began, to the precision of `valid_from_precision`; none where no source dates it.
    pub valid_from: Option<Date>,
    pub valid_from_precision: Option<DatePrecision>,
    /// When it ended; none while it goes on or no source dates it.
    pub valid_to: Option<Date>,
    pub valid_to_precision: Option<DatePrecision>,
    pub note: Option<String>,
    #[sea_orm(column_type = "Json")]
    pub sources: Sources,
    /// Incremented by every update: writers say which version they last saw.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::region::Entity",
        from = "Column::RegionId",
        to = "super::region::Column::Id"
    )]
    Region,
}

impl Related<super::region::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Region.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
