//! A genomic laboratory hub.

use sea_orm::entity::prelude::*;

use crate::{DatePrecision, Sources};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "hub")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    #[sea_orm(unique)]
    pub name: String,
    pub lead_trust_id: i32,
    /// The area the hub covers, in its sources' words.
    pub coverage_description: Option<String>,
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
        belongs_to = "super::trust::Entity",
        from = "Column::LeadTrustId",
        to = "super::trust::Column::Id"
    )]
    LeadTrust,
}

impl Related<super::trust::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LeadTrust.def()
    }
}

impl Related<super::region::Entity> for Entity {
    fn to() -> RelationDef {
        super::hub_region::Relation::Region.def()
    }
    fn via() -> Option<RelationDef> {
        Some(super::hub_region::Relation::Hub.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
