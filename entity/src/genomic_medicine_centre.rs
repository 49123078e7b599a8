//! A Genomic Medicine Centre of the 100,000 Genomes Project: an NHS lead trust and its partners,
//! designated from December 2014.

use sea_orm::entity::prelude::*;

use crate::{Confidence, DatePrecision, Mentions, Sources};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "genomic_medicine_centre")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    /// The lead trust, where its ODS code is known.
    pub lead_trust_id: Option<i32>,
    /// The lead as the sources name it.
    pub lead_as_stated: Option<String>,
    pub lead_confidence: Confidence,
    pub lead_ods_mapping: Option<String>,
    /// When it was designated; none where no source dates it.
    pub valid_from: Option<Date>,
    pub valid_from_precision: Option<DatePrecision>,
    /// When it ended; none, as no source read dates it.
    pub valid_to: Option<Date>,
    pub valid_to_precision: Option<DatePrecision>,
    /// Its partners, as the sources name them.
    #[sea_orm(column_type = "Json")]
    pub partners: Mentions,
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

impl ActiveModelBehavior for ActiveModel {}
