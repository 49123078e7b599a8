//! An NHS Genomic Network of Excellence: a national network on one topic, part of the Genomic
//! Medicine Service Alliances, led by organisations that the sources mostly do not name.

use sea_orm::entity::prelude::*;

use crate::{Confidence, Keys, Sources};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "network_of_excellence")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub topic: String,
    /// What the network is to do, in the source's words.
    pub summary: Option<String>,
    /// Its lead, as the sources say it; null where none names it.
    pub lead: Option<String>,
    pub lead_confidence: Confidence,
    pub lead_quote: Option<String>,
    /// Slugs of the alliances leading it, where a source names them.
    #[sea_orm(column_type = "Json")]
    pub lead_alliances: Keys,
    /// Its partners, as the sources say them.
    pub partners: Option<String>,
    pub note: Option<String>,
    #[sea_orm(column_type = "Json")]
    pub sources: Sources,
    /// Incremented by every update: writers say which version they last saw.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
