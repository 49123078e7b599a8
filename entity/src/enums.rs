//! Enumerations, stored as short strings so that every backend holds them the same way.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How sure the bundled data is of a region-coverage link.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Confidence {
    /// A source says so.
    #[sea_orm(string_value = "STATED")]
    Stated,
    /// Derived from sources, not said by any of them.
    #[sea_orm(string_value = "INFERRED")]
    Inferred,
}

/// The clinical or operational area a transformation project works in.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProjectTheme {
    #[sea_orm(string_value = "CANCER")]
    Cancer,
    #[sea_orm(string_value = "CARDIOVASCULAR")]
    Cardiovascular,
    #[sea_orm(string_value = "PHARMACOGENOMICS")]
    Pharmacogenomics,
    #[sea_orm(string_value = "RARE_DISEASE")]
    RareDisease,
    #[sea_orm(string_value = "DIGITAL_AND_DATA")]
    DigitalAndData,
    #[sea_orm(string_value = "WORKFORCE")]
    Workforce,
    #[sea_orm(string_value = "OTHER")]
    Other,
}

/// Where a transformation project stands.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProjectStatus {
    #[sea_orm(string_value = "PLANNED")]
    Planned,
    #[sea_orm(string_value = "ACTIVE")]
    Active,
    #[sea_orm(string_value = "COMPLETED")]
    Completed,
}

/// How a training course is delivered.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CourseFormat {
    #[sea_orm(string_value = "E_LEARNING")]
    ELearning,
    #[sea_orm(string_value = "MOOC")]
    Mooc,
    #[sea_orm(string_value = "WEBINAR")]
    Webinar,
    #[sea_orm(string_value = "WORKSHOP")]
    Workshop,
    #[sea_orm(string_value = "FACE_TO_FACE")]
    FaceToFace,
    #[sea_orm(string_value = "POSTGRADUATE_PROGRAMME")]
    PostgraduateProgramme,
    #[sea_orm(string_value = "POSTGRADUATE_MODULE")]
    PostgraduateModule,
    #[sea_orm(string_value = "VIDEO")]
    Video,
    #[sea_orm(string_value = "SHORT_COURSE")]
    ShortCourse,
    #[sea_orm(string_value = "OTHER")]
    Other,
}
