//! A genomic medicine service alliance.

use sea_orm::entity::prelude::*;

use crate::{DatePrecision, Sources};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "alliance")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    #[sea_orm(unique)]
    pub name: String,
    /// The hub it works with; one alliance per hub.
    #[sea_orm(unique)]
    pub hub_id: i32,
    pub website: Option<String>,
    pub host_trust_id: Option<i32>,
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
        belongs_to = "super::hub::Entity",
        from = "Column::HubId",
        to = "super::hub::Column::Id"
    )]
    Hub,
    #[sea_orm(
        belongs_to = "super::trust::Entity",
        from = "Column::HostTrustId",
        to = "super::trust::Column::Id"
    )]
    HostTrust,
}

impl Related<super::region::Entity> for Entity {
    fn to() -> RelationDef {
        super::alliance_region::Relation::Region.def()
    }
    fn via() -> Option<RelationDef> {
        Some(super::alliance_region::Relation::Alliance.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
