//! An event in the history of the network, dated as precisely as its sources date it.

use sea_orm::entity::prelude::*;

use crate::{Confidence, DatePrecision, Sources};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "timeline_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `<date as given, or "undated">-<the event's first words>`.
    #[sea_orm(unique)]
    pub slug: String,
    /// The first day of the period the sources give (the year's, the month's, or the day).
    pub date: Option<Date>,
    pub date_precision: Option<DatePrecision>,
    pub event: String,
    pub confidence: Confidence,
    pub note: Option<String>,
    #[sea_orm(column_type = "Json")]
    pub sources: Sources,
    /// Incremented by every update: writers say which version they last saw.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
