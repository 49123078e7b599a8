//! The shape of a dataset file (data/network.json is the bundled one).

use chrono::NaiveDate;
use entity::{Confidence, CourseFormat, ProjectStatus, ProjectTheme};
use serde::Deserialize;

use crate::error::{AppError, AppResult};

/// The dataset shipped inside the binary.
pub const BUNDLED: &str = include_str!("../../data/network.json");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Dataset {
    #[serde(default)]
    pub about: Option<String>,
    pub regions: Vec<RegionRecord>,
    pub trusts: Vec<TrustRecord>,
    pub hubs: Vec<HubRecord>,
    pub alliances: Vec<AllianceRecord>,
    #[serde(default)]
    pub transformation_projects: Vec<ProjectRecord>,
    #[serde(default)]
    pub training_courses: Vec<CourseRecord>,
}

impl Dataset {
    pub fn parse(json: &str) -> AppResult<Self> {
        serde_json::from_str(json).map_err(|err| AppError::bad_input(format!("dataset: {err}")))
    }

    pub fn bundled() -> AppResult<Self> {
        Self::parse(BUNDLED)
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegionRecord {
    pub code: String,
    pub ods_code: String,
    pub name: String,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrustRecord {
    pub ods_code: String,
    pub name: String,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub website: Option<String>,
    /// ONS code of its region.
    pub region: String,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// Regions covered, all with one confidence.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    pub confidence: Confidence,
    /// ONS codes.
    pub codes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HubRecord {
    pub slug: String,
    pub name: String,
    /// ODS code of the lead trust.
    pub lead_trust: String,
    pub coverage_description: Option<String>,
    pub regions: Coverage,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AllianceRecord {
    pub slug: String,
    pub name: String,
    /// Slug of its hub.
    pub hub: String,
    pub website: Option<String>,
    /// ODS code of the hosting trust.
    pub host_trust: Option<String>,
    pub regions: Coverage,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProjectRecord {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub theme: ProjectTheme,
    pub status: ProjectStatus,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// Slug of the leading alliance; none for national projects.
    pub lead_alliance: Option<String>,
    /// Slugs.
    pub participating_alliances: Vec<String>,
    pub website: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CourseRecord {
    pub slug: String,
    pub title: String,
    pub provider: String,
    pub format: CourseFormat,
    pub audience: Option<String>,
    pub duration_minutes: Option<i32>,
    pub credits: Option<i32>,
    pub website: Option<String>,
    /// Slug of the offering alliance.
    pub alliance: Option<String>,
    /// Slug of the offering hub.
    pub hub: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}
