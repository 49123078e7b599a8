//! An organisation the sources name that is not one of the network's trusts in the ODS data the
//! bundled network is built from (a specialist trust the dataset leaves out, a laboratory
//! company, a genomics centre): a record of its own, with its ODS code where one is sourced.

use sea_orm::entity::prelude::*;

use crate::Sources;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "organisation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// From its name, e.g. `the-christie-nhs-foundation-trust`.
    #[sea_orm(unique)]
    pub slug: String,
    /// Its name as the sources give it.
    pub name: String,
    /// Its ODS code, where a source read gives one; null otherwise.
    pub ods_code: Option<String>,
    pub note: Option<String>,
    #[sea_orm(column_type = "Json")]
    pub sources: Sources,
    /// Incremented by every update: writers say which version they last saw.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
