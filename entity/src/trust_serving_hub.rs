//! The genomic laboratory hubs that serve each trust, and what each link rests on: a
//! database view (see the migration that makes it), read only.

use sea_orm::entity::prelude::*;

use crate::{AreaCoverage, Confidence, ServingBasis, Sources};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "trust_serving_hub")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub trust_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub hub_id: i32,
    pub basis: ServingBasis,
    /// How much of the area the hub serves, for links through an area.
    pub coverage: Option<AreaCoverage>,
    pub confidence: Confidence,
    /// 1 when other hubs are linked as strongly: the data does not say which one serves it.
    pub ambiguous: i32,
    /// What the link rests on, in words.
    pub explanation: Option<String>,
    #[sea_orm(column_type = "Json")]
    pub sources: Sources,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
