//! Enumerations, stored as short strings so that every backend holds them the same way.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How sure the data is of a fact or a link.
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
    /// No source read supports it; kept only so that the gap is visible.
    #[sea_orm(string_value = "UNCONFIRMED")]
    Unconfirmed,
}

/// What an organisation is to a genomic laboratory hub.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MembershipRole {
    /// The trust that leads (hosts) the hub.
    #[sea_orm(string_value = "LEAD")]
    Lead,
    /// A source places one of the hub's laboratories at this organisation.
    #[sea_orm(string_value = "PARTNER_LABORATORY")]
    PartnerLaboratory,
    /// A source names it a partner or network member without saying it hosts a laboratory.
    #[sea_orm(string_value = "PARTNER")]
    Partner,
}

/// How much of an area a hub or an alliance serves.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AreaCoverage {
    /// The area named appears to include all of it.
    #[sea_orm(string_value = "WHOLE")]
    Whole,
    /// Only part of it appears to be included.
    #[sea_orm(string_value = "PART")]
    Part,
    /// It may be included, wholly or partly; the sources do not settle it.
    #[sea_orm(string_value = "UNCLEAR")]
    Unclear,
}

/// What a serving-hub link rests on, strongest first.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ServingBasis {
    /// The trust is itself a member of the hub (its lead or a partner).
    #[sea_orm(string_value = "MEMBERSHIP")]
    Membership,
    /// The hub serves the trust's integrated care board.
    #[sea_orm(string_value = "ICB")]
    Icb,
    /// Only the region: the hub covers the trust's region.
    #[sea_orm(string_value = "REGION")]
    Region,
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
    #[sea_orm(string_value = "PRENATAL")]
    Prenatal,
    #[sea_orm(string_value = "OTHER")]
    Other,
    /// No source read gives the area.
    #[sea_orm(string_value = "UNCONFIRMED")]
    Unconfirmed,
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
    /// No source read states where it stands.
    #[sea_orm(string_value = "UNCONFIRMED")]
    Unconfirmed,
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

/// How much of a date a source gives: the year, the month, or the day.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DatePrecision {
    #[sea_orm(string_value = "YEAR")]
    Year,
    #[sea_orm(string_value = "MONTH")]
    Month,
    #[sea_orm(string_value = "DAY")]
    Day,
}
