//! A genomics training course.

use sea_orm::entity::prelude::*;

use crate::{Confidence, CourseFormat, Sources};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "training_course")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    /// Its title; UNCONFIRMED in `title_confidence` where no source read gives it.
    pub title: String,
    pub title_confidence: Confidence,
    /// What the sources leave open about the title.
    pub title_note: Option<String>,
    pub provider: String,
    pub format: CourseFormat,
    /// The format in the source's words.
    pub format_as_stated: Option<String>,
    pub audience: Option<String>,
    pub duration_minutes: Option<i32>,
    /// Academic credits (CATS points).
    pub credits: Option<i32>,
    pub website: Option<String>,
    pub alliance_id: Option<i32>,
    pub hub_id: Option<i32>,
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
        from = "Column::AllianceId",
        to = "super::alliance::Column::Id"
    )]
    Alliance,
    #[sea_orm(
        belongs_to = "super::hub::Entity",
        from = "Column::HubId",
        to = "super::hub::Column::Id"
    )]
    Hub,
}

impl ActiveModelBehavior for ActiveModel {}
