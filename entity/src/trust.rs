//! An NHS trust.

use sea_orm::entity::prelude::*;

use crate::Sources;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "trust")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// ODS code, e.g. RQ3.
    #[sea_orm(unique)]
    pub ods_code: String,
    pub name: String,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub website: Option<String>,
    pub region_id: i32,
    /// The integrated care board the trust's sites are in (ODS gives each trust one).
    pub icb_id: Option<i32>,
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
    #[sea_orm(
        belongs_to = "super::icb::Entity",
        from = "Column::IcbId",
        to = "super::icb::Column::Id"
    )]
    Icb,
}

impl Related<super::region::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Region.def()
    }
}

impl Related<super::icb::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Icb.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
