//! The shape of a dataset file (data/network.json is the bundled one).

use chrono::NaiveDate;
use entity::{
    AreaCoverage, Confidence, CourseFormat, DatePrecision, MembershipRole, ProjectStatus,
    ProjectTheme,
};
use serde::Deserialize;

use crate::error::{AppError, AppResult};

/// The dataset shipped inside the binary.
pub const BUNDLED: &str = include_str!("../../data/network.json");

/// The bundled dataset's path in the repository, its origin in the change log.
pub const BUNDLED_ORIGIN: &str = "data/network.json";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Dataset {
    /// Where the dataset came from (a file's path), which the change log names as the seed's
    /// actor: `seed:<origin>`.
    #[serde(skip)]
    pub origin: String,
    #[serde(default)]
    pub about: Option<String>,
    pub regions: Vec<RegionRecord>,
    #[serde(default)]
    pub icbs: Vec<IcbRecord>,
    pub trusts: Vec<TrustRecord>,
    #[serde(default)]
    pub sites: Vec<SiteRecord>,
    pub hubs: Vec<HubRecord>,
    pub alliances: Vec<AllianceRecord>,
    #[serde(default)]
    pub organisations: Vec<OrganisationRecord>,
    #[serde(default)]
    pub hub_memberships: Vec<MembershipRecord>,
    #[serde(default)]
    pub networks_of_excellence: Vec<NetworkRecord>,
    #[serde(default)]
    pub genomic_medicine_centres: Vec<CentreRecord>,
    #[serde(default)]
    pub timeline: Vec<EventRecord>,
    #[serde(default)]
    pub transformation_projects: Vec<ProjectRecord>,
    #[serde(default)]
    pub training_courses: Vec<CourseRecord>,
    #[serde(default)]
    pub conflicts: Vec<ConflictRecord>,
}

impl Dataset {
    /// Parses a dataset file. A record that does not parse (a date, a confidence outside the
    /// set, a missing field) is named by its place and natural key, with the field.
    pub fn parse(json: &str) -> AppResult<Self> {
        let mut reader = serde_json::Deserializer::from_str(json);
        serde_path_to_error::deserialize(&mut reader).map_err(|err| {
            let place = placed(json, err.path());
            AppError::bad_input(format!("dataset: {place}{}", err.inner()))
        })
    }

    pub fn bundled() -> AppResult<Self> {
        let mut data = Self::parse(BUNDLED)?;
        data.origin = BUNDLED_ORIGIN.to_owned();
        Ok(data)
    }

    /// The change log's actor for what seeding this dataset changes.
    pub fn actor(&self) -> String {
        if self.origin.is_empty() {
            "seed".to_owned()
        } else {
            format!("seed:{}", self.origin)
        }
    }
}

/// Where in the file a parse failed: the record (its list, its index and its natural key, where
/// the file gives one) and the field, e.g. `timeline[3] (slug "2013-…"), field date: `.
fn placed(json: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path.iter().collect();
    let (Some(Segment::Map { key: list }), Some(Segment::Seq { index })) =
        (segments.first(), segments.get(1))
    else {
        return match path.to_string().as_str() {
            "." => String::new(),
            place => format!("{place}: "),
        };
    };
    // The record's natural key, read from the file as plain JSON (when it is JSON at all).
    let key = serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|file| {
            let record = file.get(list)?.get(index)?;
            ["slug", "odsCode", "code"].iter().find_map(|name| {
                let value = record.get(name)?.as_str()?;
                Some(format!(" ({name} {value:?})"))
            })
        })
        .unwrap_or_default();
    let field: Vec<String> = segments[2..]
        .iter()
        .map(|segment| match segment {
            Segment::Map { key } => key.clone(),
            Segment::Seq { index } => format!("[{index}]"),
            _ => "?".to_owned(),
        })
        .collect();
    let field = field.join(".").replace(".[", "[");
    if field.is_empty() {
        format!("{list}[{index}]{key}: ")
    } else {
        format!("{list}[{index}]{key}, field {field}: ")
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
pub struct IcbRecord {
    /// When it began, where sources date it, and how much of the date they give.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub valid_from_precision: Option<DatePrecision>,
    /// When it ended, where sources date it.
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    #[serde(default)]
    pub valid_to_precision: Option<DatePrecision>,
    pub ods_code: String,
    /// ONS code (E54…).
    pub code: String,
    pub name: String,
    /// ONS code of its region.
    pub region: String,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SiteRecord {
    pub ods_code: String,
    pub name: String,
    /// ODS code of its trust.
    pub trust: String,
    pub postcode: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
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
    /// ODS code of its integrated care board.
    #[serde(default)]
    pub icb: Option<String>,
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
    /// How much of each region (by ONS code), where the data says.
    #[serde(default)]
    pub extent: std::collections::BTreeMap<String, AreaCoverage>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HubRecord {
    /// When it began, where sources date it, and how much of the date they give.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub valid_from_precision: Option<DatePrecision>,
    /// When it ended, where sources date it.
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    #[serde(default)]
    pub valid_to_precision: Option<DatePrecision>,
    pub slug: String,
    pub name: String,
    /// ODS code of the lead trust.
    pub lead_trust: String,
    pub coverage_description: Option<String>,
    pub regions: Coverage,
    /// The ICBs it serves.
    #[serde(default)]
    pub icbs: Vec<AreaRecord>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AllianceRecord {
    /// When it began, where sources date it, and how much of the date they give.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub valid_from_precision: Option<DatePrecision>,
    /// When it ended, where sources date it.
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    #[serde(default)]
    pub valid_to_precision: Option<DatePrecision>,
    pub slug: String,
    pub name: String,
    /// Slug of its hub.
    pub hub: String,
    pub website: Option<String>,
    /// ODS code of the hosting trust.
    pub host_trust: Option<String>,
    pub regions: Coverage,
    /// The ICBs it serves.
    #[serde(default)]
    pub icbs: Vec<AreaRecord>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// An ICB a hub or an alliance serves.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AreaRecord {
    /// ODS code of the ICB.
    pub icb: String,
    pub coverage: AreaCoverage,
    pub confidence: Confidence,
    pub basis: String,
    pub quote: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// An organisation named as a member of a hub.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MembershipRecord {
    pub slug: String,
    /// Slug of the hub.
    pub hub: String,
    /// ODS code of the trust, where known.
    pub trust: Option<String>,
    /// Slug of the organisation, where the member is not a trust of the file.
    #[serde(default)]
    pub organisation: Option<String>,
    pub name_as_stated: String,
    pub role: MembershipRole,
    pub role_confidence: Confidence,
    pub role_as_stated: Option<String>,
    pub ods_mapping: Option<String>,
    pub quote: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// An organisation the sources name that is not a trust of the ODS data.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrganisationRecord {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub ods_code: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// A Genomic Network of Excellence.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkRecord {
    pub slug: String,
    pub topic: String,
    pub summary: Option<String>,
    pub lead: Option<String>,
    pub lead_confidence: Confidence,
    pub lead_quote: Option<String>,
    /// Slugs of the alliances leading it.
    #[serde(default)]
    pub lead_alliances: Vec<String>,
    pub partners: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// A Genomic Medicine Centre of the 100,000 Genomes Project.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CentreRecord {
    pub slug: String,
    pub name: String,
    /// ODS code of the lead trust, where known.
    pub lead_trust: Option<String>,
    pub lead_as_stated: Option<String>,
    pub lead_confidence: Confidence,
    pub lead_ods_mapping: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_from_precision: Option<DatePrecision>,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    #[serde(default)]
    pub valid_to_precision: Option<DatePrecision>,
    #[serde(default)]
    pub partners: Vec<MentionRecord>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// An organisation as a source names it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MentionRecord {
    pub name_as_stated: String,
    pub ods_code: Option<String>,
    pub role: Option<String>,
    pub confidence: Confidence,
    pub ods_mapping: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// An event of the timeline.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EventRecord {
    pub slug: String,
    pub date: Option<NaiveDate>,
    pub date_precision: Option<DatePrecision>,
    pub event: String,
    pub confidence: Confidence,
    /// The global ids of the records the event's words name.
    #[serde(default)]
    pub concerns: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// A place where sources contradict each other: each claim with its sources, and the records it
/// bears on by their global ids.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConflictRecord {
    pub slug: String,
    pub topic: String,
    pub detail: String,
    pub claims: Vec<ClaimRecord>,
    #[serde(default)]
    pub concerns: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// One claim of a contradiction.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClaimRecord {
    pub claim: String,
    pub sources: Vec<String>,
}

/// A transformation project: what the sources say of it and how sure each part is.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProjectRecord {
    pub slug: String,
    pub title: String,
    pub title_confidence: Confidence,
    #[serde(default)]
    pub other_titles: Vec<String>,
    pub summary: String,
    pub theme: ProjectTheme,
    pub status: ProjectStatus,
    pub status_confidence: Confidence,
    #[serde(default)]
    pub status_note: Option<String>,
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
    pub start_date_precision: Option<DatePrecision>,
    pub end_date: Option<NaiveDate>,
    #[serde(default)]
    pub end_date_precision: Option<DatePrecision>,
    /// The alliances leading it, each with how sure the data is of it.
    #[serde(default)]
    pub lead_alliances: Vec<LeadRecord>,
    /// Slugs.
    pub participating_alliances: Vec<String>,
    /// Who takes part, in the sources' words.
    #[serde(default)]
    pub participants: Option<String>,
    pub website: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// An alliance leading a project.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LeadRecord {
    /// The alliance's slug.
    pub alliance: String,
    pub confidence: Confidence,
    #[serde(default)]
    pub quote: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CourseRecord {
    pub slug: String,
    pub title: String,
    pub title_confidence: Confidence,
    #[serde(default)]
    pub title_note: Option<String>,
    pub provider: String,
    pub format: CourseFormat,
    #[serde(default)]
    pub format_as_stated: Option<String>,
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
