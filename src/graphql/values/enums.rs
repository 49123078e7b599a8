//! The API's enums, mirrored from the entities' so that the database and the contract can
//! change apart.

use async_graphql::Enum;

/// How sure the data is of a fact.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::Confidence")]
pub enum Confidence {
    /// A source says so.
    Stated,
    /// Derived from sources; none of them says it.
    Inferred,
    /// No source read supports it: kept only so that the gap is visible, not a fact.
    Unconfirmed,
}

/// What an organisation is to a genomic laboratory hub.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::MembershipRole")]
pub enum MembershipRole {
    /// The trust that leads (hosts) the hub.
    Lead,
    /// A source places one of the hub's laboratories at this organisation.
    PartnerLaboratory,
    /// A source names it a partner or network member without saying it hosts a laboratory.
    Partner,
}

/// How much of an integrated care board a hub or an alliance serves.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::AreaCoverage")]
pub enum AreaCoverage {
    /// The area the sources name appears to include all of it.
    Whole,
    /// Only part of it appears to be included.
    Part,
    /// It may be included, wholly or partly; the sources do not settle it.
    Unclear,
}

/// What a serving-hub link rests on, strongest first.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::ServingBasis")]
pub enum ServingBasis {
    /// The trust is itself a member of the hub: its lead or a partner.
    Membership,
    /// The hub serves the trust's integrated care board.
    Icb,
    /// Only the region: the hub covers the trust's region, and nothing narrower is known.
    Region,
}

/// The area a transformation project works in.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::ProjectTheme")]
pub enum ProjectTheme {
    /// Cancer genomics, e.g. Lynch syndrome or BRCA testing.
    Cancer,
    /// Cardiovascular genomics, e.g. familial hypercholesterolaemia.
    Cardiovascular,
    /// Pharmacogenomics and medicines optimisation.
    Pharmacogenomics,
    /// Rare and inherited disease.
    RareDisease,
    /// Digital services, data standards and interoperability.
    DigitalAndData,
    /// Workforce development and education.
    Workforce,
    /// Prenatal diagnosis and screening.
    Prenatal,
    /// None of the above.
    Other,
    /// No source read gives the area (a record kept to show what the sources do not support).
    Unconfirmed,
}

/// Where a transformation project stands.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::ProjectStatus")]
pub enum ProjectStatus {
    /// Not started yet.
    Planned,
    /// Under way.
    Active,
    /// Finished.
    Completed,
    /// No source read states where it stands; `statusNote` says what is known.
    Unconfirmed,
}

/// How a training course is delivered.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::CourseFormat")]
pub enum CourseFormat {
    /// Self-paced online learning.
    ELearning,
    /// A massive open online course.
    Mooc,
    /// A live or recorded online session.
    Webinar,
    /// An interactive session.
    Workshop,
    /// Taught in person.
    FaceToFace,
    /// A postgraduate award (PGCert, PGDip, MSc).
    PostgraduateProgramme,
    /// A single postgraduate module or unit.
    PostgraduateModule,
    /// A video or video series.
    Video,
    /// A short course.
    ShortCourse,
    /// Any other format.
    Other,
}

/// How much of a date the sources give.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::DatePrecision")]
pub enum DatePrecision {
    /// Only the year.
    Year,
    /// The year and month.
    Month,
    /// The day.
    Day,
}
