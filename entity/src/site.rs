//! A hospital or other site of an NHS trust.

use sea_orm::entity::prelude::*;

use crate::Sources;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "site")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// ODS code, e.g. RGT01.
    #[sea_orm(unique)]
    pub ods_code: String,
    pub name: String,
    pub trust_id: i32,
    pub postcode: Option<String>,
    /// WGS84 degrees north.
    pub latitude: Option<f64>,
    /// WGS84 degrees east (negative west of Greenwich).
    pub longitude: Option<f64>,
    pub note: Option<String>,
    #[sea_orm(column_type = "Json")]
    pub sources: Sources,
    /// Incremented by every update: writers say which version they last saw.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::trust::Entity",
        from = "Column::TrustId",
        to = "super::trust::Column::Id"
    )]
    Trust,
}

impl Related<super::trust::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Trust.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
