//! An integrated care board that a genomic laboratory hub serves, how much of it, how sure the data
//! is of it, and on what basis.

use sea_orm::entity::prelude::*;

use crate::{AreaCoverage, Confidence, Sources};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hub_icb")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub hub_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub icb_id: i32,
    pub coverage: AreaCoverage,
    pub confidence: Confidence,
    /// How the link was worked out (no source names an ICB).
    pub basis: String,
    /// The words of the source the link rests on.
    pub quote: Option<String>,
    pub note: Option<String>,
    #[sea_orm(column_type = "Json")]
    pub sources: Sources,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::hub::Entity",
        from = "Column::HubId",
        to = "super::hub::Column::Id",
        on_delete = "Cascade"
    )]
    Hub,
    #[sea_orm(
        belongs_to = "super::icb::Entity",
        from = "Column::IcbId",
        to = "super::icb::Column::Id"
    )]
    Icb,
}

impl ActiveModelBehavior for ActiveModel {}
