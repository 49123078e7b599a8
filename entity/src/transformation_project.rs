//! A transformation project run by one or more alliances: what the sources say of it, and how
//! sure each part is.

use sea_orm::entity::prelude::*;

use crate::{Confidence, DatePrecision, ProjectStatus, ProjectTheme, Sources, Texts};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "transformation_project")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    /// Its title; where no source names the project, the words the record was known by, with
    /// `title_confidence` UNCONFIRMED.
    pub title: String,
    pub title_confidence: Confidence,
    /// Other titles the sources give it.
    #[sea_orm(column_type = "Json")]
    pub other_titles: Option<Texts>,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub theme: ProjectTheme,
    /// UNCONFIRMED where no source read states it.
    pub status: ProjectStatus,
    pub status_confidence: Confidence,
    /// The source's words on the status, or why it is unconfirmed, and as of when.
    pub status_note: Option<String>,
    pub start_date: Option<Date>,
    pub start_date_precision: Option<DatePrecision>,
    pub end_date: Option<Date>,
    pub end_date_precision: Option<DatePrecision>,
    /// The lead alliance where there is exactly one; the leads are in `project_lead`.
    pub lead_alliance_id: Option<i32>,
    /// Who takes part, in the sources' words.
    pub participants: Option<String>,
    pub website: Option<String>,
    pub note: Option<String>,
    #[sea_orm(column_type = "Json")]
    pub sources: Sources,
    /// Incremented by every update: writers say which version they last saw.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::alliance::Entity",
        from = "Column::LeadAllianceId",
        to = "super::alliance::Column::Id"
    )]
    LeadAlliance,
}

impl Related<super::alliance::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LeadAlliance.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// What `lead_alliance_id` holds for a project led by the alliances `leads`: the lead where
/// there is exactly one, else none.
pub fn only_lead(leads: &[i32]) -> Option<i32> {
    match leads {
        [only] => Some(*only),
        _ => None,
    }
}
