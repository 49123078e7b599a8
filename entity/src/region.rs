//! An NHS England region.

use sea_orm::entity::prelude::*;

use crate::Sources;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "region")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// ONS code, e.g. E40000003.
    #[sea_orm(unique)]
    pub code: String,
    /// ODS code, e.g. Y56.
    #[sea_orm(unique)]
    pub ods_code: String,
    pub name: String,
    pub note: Option<String>,
    #[sea_orm(column_type = "Json")]
    pub sources: Sources,
    /// Incremented by every update: writers say which version they last saw.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
