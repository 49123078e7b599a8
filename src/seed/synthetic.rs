//! A deterministic synthetic network for tests and benchmarks, on top of the bundled one:
//! per unit of scale, 50 trusts, 200 transformation projects and 1,000 training courses (so
//! scale 100 holds 5,000 trusts, 20,000 projects and 100,000 courses). The same scale always
//! gives the same records; records are numbered, and a run inserts only those not there yet, so
//! running it again changes nothing and a larger scale adds the rest.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{
    Confidence, CourseFormat, DatePrecision, ProjectStatus, ProjectTheme, Sources, alliance,
    project_lead, project_participant, region, training_course, transformation_project, trust,
};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect, TransactionSession, TransactionTrait,
};

use super::{Dataset, SeedReport};
use crate::error::{AppError, AppResult};
use crate::service::filter::{Filter, Test};
use crate::service::kinds::Listed;
use crate::service::listing;

pub const TRUSTS_PER_UNIT: u64 = 50;
pub const PROJECTS_PER_UNIT: u64 = 200;
pub const COURSES_PER_UNIT: u64 = 1_000;
/// The largest scale accepted: 1,000,000 courses.
pub const MAX_SCALE: u64 = 1_000;

/// Rows per INSERT: well inside every backend's limit on bound parameters.
const BATCH: usize = 500;

/// splitmix64: a tiny, well-mixed generator, so that record `i` is the same on every run.
struct Rng(u64);

impl Rng {
    fn new(kind: u64, index: u64) -> Self {
        Self(kind.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ index)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const TOPICS: &[&str] = &[
    "Genomic Variant Interpretation",
    "Pharmacogenomics",
    "Cancer Genomics",
    "Rare Disease Diagnosis",
    "Consent and Ethics",
    "Familial Hypercholesterolaemia",
    "Lynch Syndrome",
    "Whole Genome Sequencing",
    "Bioinformatics",
    "Genetic Counselling",
    "Newborn Screening",
    "Cardiac Genetics",
    "Tumour Profiling",
    "Data Standards",
    "Population Genomics",
    "Clinical Indications",
];
const LEVELS: &[&str] = &[
    "Introduction to",
    "Foundations of",
    "Advanced",
    "Applied",
    "Practical",
    "Essentials of",
];
const PROVIDERS: &[&str] = &[
    "Genomics Education Programme",
    "University of Manchester",
    "University of Cambridge",
    "Newcastle University",
    "University of Birmingham",
    "King's College London",
    "University of Bristol",
    "Northumbria University",
    "University College London",
    "University of Leeds",
];
const FORMATS: &[CourseFormat] = &[
    CourseFormat::ELearning,
    CourseFormat::Mooc,
    CourseFormat::Webinar,
    CourseFormat::Workshop,
    CourseFormat::FaceToFace,
    CourseFormat::PostgraduateProgramme,
    CourseFormat::PostgraduateModule,
    CourseFormat::Video,
    CourseFormat::ShortCourse,
    CourseFormat::Other,
];
const THEMES: &[ProjectTheme] = &[
    ProjectTheme::Cancer,
    ProjectTheme::Cardiovascular,
    ProjectTheme::Pharmacogenomics,
    ProjectTheme::RareDisease,
    ProjectTheme::DigitalAndData,
    ProjectTheme::Workforce,
    ProjectTheme::Other,
];
const STATUSES: &[ProjectStatus] = &[
    ProjectStatus::Planned,
    ProjectStatus::Active,
    ProjectStatus::Completed,
];
const PLACES: &[&str] = &[
    "Northfield",
    "Eastbrook",
    "Westmoor",
    "Southgate",
    "Kingsbridge",
    "Ashford",
    "Riverside",
    "Hillcrest",
];

fn sources() -> Sources {
    Sources::from(vec!["synthetic: gms-graph seed --synthetic".to_owned()])
}

/// What a synthetic run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SyntheticReport {
    pub bundled: SeedReport,
    pub trusts: u64,
    pub projects: u64,
    pub courses: u64,
}

impl std::fmt::Display for SyntheticReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "bundled network: {}; synthetic: {} trusts, {} projects, {} courses inserted",
            self.bundled, self.trusts, self.projects, self.courses
        )
    }
}

/// Seeds the bundled network, then the synthetic records of `scale` not there yet.
pub async fn seed_synthetic(
    db: &(impl ConnectionTrait + TransactionTrait),
    scale: u64,
) -> AppResult<SyntheticReport> {
    if scale == 0 || scale > MAX_SCALE {
        return Err(AppError::bad_input(format!(
            "--scale must be from 1 to {MAX_SCALE} (got {scale})"
        )));
    }
    let bundled = super::seed_without_analyze(db, &Dataset::bundled()?).await?;
    let added = synthetic(db, scale).await;
    // The bundled network's changes have committed whatever became of the synthetic records.
    let changed = bundled.changed()
        || added
            .as_ref()
            .is_ok_and(|(trusts, projects, courses)| trusts + projects + courses > 0);
    if changed {
        super::analyze(db).await;
    }
    let (trusts, projects, courses) = added?;
    Ok(SyntheticReport {
        bundled,
        trusts,
        projects,
        courses,
    })
}

/// The synthetic records of `scale` not there yet, in one transaction: how many trusts, projects
/// and courses were inserted.
async fn synthetic(db: &impl TransactionTrait, scale: u64) -> AppResult<(u64, u64, u64)> {
    let txn = db.begin().await?;
    let regions: Vec<i32> = region::Entity::find()
        .select_only()
        .column(region::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    let alliances: Vec<i32> = alliance::Entity::find()
        .select_only()
        .column(alliance::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    let added = (
        trusts(&txn, scale * TRUSTS_PER_UNIT, &regions).await?,
        projects(&txn, scale * PROJECTS_PER_UNIT, &alliances).await?,
        courses(&txn, scale * COURSES_PER_UNIT, &alliances).await?,
    );
    txn.commit().await?;
    Ok(added)
}

/// How many records of a synthetic kind exist, so that a run starts where the last one ended.
async fn existing<E: Listed>(
    db: &impl ConnectionTrait,
    key: &'static str,
    prefix: &str,
) -> AppResult<u64> {
    let synthetic = Filter::Column {
        column: key,
        test: Test::StartsWith(prefix.to_owned()),
    };
    listing::count::<E>(db, Some(&synthetic)).await
}

async fn insert_all<E, A>(db: &impl ConnectionTrait, rows: Vec<A>) -> AppResult<()>
where
    E: EntityTrait<ActiveModel = A>,
    A: sea_orm::ActiveModelTrait<Entity = E> + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<A> = rows.by_ref().take(BATCH).collect();
        E::insert_many(batch).exec_without_returning(db).await?;
    }
    Ok(())
}

async fn trusts(db: &impl ConnectionTrait, target: u64, regions: &[i32]) -> AppResult<u64> {
    let start = existing::<trust::Entity>(db, "ods_code", "SYN").await?;
    let rows = (start..target)
        .map(|i| {
            let mut rng = Rng::new(1, i);
            let place = rng.pick(PLACES);
            let mut row = trust::Model {
                id: 0,
                ods_code: format!("SYN{i:06}"),
                name: format!("{place} {i} NHS Trust"),
                address: Some(format!("{} Hospital Road, {place}", 1 + rng.below(200))),
                postcode: Some(format!("ZZ{} {}AA", 1 + rng.below(99), rng.below(10))),
                website: None,
                region_id: *rng.pick(regions),
                icb_id: None,
                note: None,
                sources: sources(),
                version: 1,
            }
            .into_active_model();
            row.id = NotSet;
            row
        })
        .collect();
    insert_all(db, rows).await?;
    Ok(target.saturating_sub(start))
}

fn date(rng: &mut Rng) -> NaiveDate {
    let day = rng.below(9 * 365) as i64;
    NaiveDate::from_ymd_opt(2018, 1, 1).unwrap_or_default() + chrono::Duration::days(day)
}

async fn projects(db: &impl ConnectionTrait, target: u64, alliances: &[i32]) -> AppResult<u64> {
    let start = existing::<transformation_project::Entity>(db, "slug", "syn-project-").await?;
    let mut participants = Vec::new();
    let rows = (start..target)
        .map(|i| {
            let mut rng = Rng::new(2, i);
            let topic = rng.pick(TOPICS);
            let lead = (!rng.chance(10)).then(|| *rng.pick(alliances));
            let start_date = rng.chance(85).then(|| date(&mut rng));
            let status = *rng.pick(STATUSES);
            let end_date = match (status, start_date) {
                (ProjectStatus::Completed, Some(d)) => {
                    Some(d + chrono::Duration::days(90 + rng.below(700) as i64))
                }
                _ => None,
            };
            let slug = format!("syn-project-{i:07}");
            let mut taking_part: Vec<i32> = lead.into_iter().collect();
            for _ in 0..rng.below(3) {
                let other = *rng.pick(alliances);
                if !taking_part.contains(&other) {
                    taking_part.push(other);
                }
            }
            participants.push((slug.clone(), lead, taking_part));
            let mut row = transformation_project::Model {
                id: 0,
                slug,
                title: format!("{topic} in {} {i}", rng.pick(PLACES)),
                summary: format!(
                    "A synthetic project on {} for tests and benchmarks.",
                    topic.to_lowercase()
                ),
                title_confidence: Confidence::Stated,
                other_titles: None,
                theme: *rng.pick(THEMES),
                status,
                status_confidence: Confidence::Stated,
                status_note: None,
                start_date,
                start_date_precision: start_date.map(|_| DatePrecision::Day),
                end_date,
                end_date_precision: end_date.map(|_| DatePrecision::Day),
                lead_alliance_id: lead,
                participants: None,
                website: None,
                note: None,
                sources: sources(),
                version: 1,
            }
            .into_active_model();
            row.id = NotSet;
            row
        })
        .collect();
    insert_all(db, rows).await?;

    let ids: HashMap<String, i32> = transformation_project::Entity::find()
        .select_only()
        .column(transformation_project::Column::Slug)
        .column(transformation_project::Column::Id)
        .filter(transformation_project::Column::Slug.starts_with("syn-project-"))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut links = Vec::new();
    let mut leads = Vec::new();
    for (slug, lead, taking_part) in participants {
        let project_id = *ids.get(&slug).ok_or_else(|| {
            AppError::Internal(format!("synthetic project {slug} was not inserted"))
        })?;
        if let Some(alliance_id) = lead {
            leads.push(
                project_lead::Model {
                    project_id,
                    alliance_id,
                    confidence: Confidence::Stated,
                    quote: None,
                    note: None,
                    sources: sources(),
                }
                .into_active_model(),
            );
        }
        for alliance_id in taking_part {
            links.push(
                project_participant::Model {
                    project_id,
                    alliance_id,
                    sources: sources(),
                }
                .into_active_model(),
            );
        }
    }
    insert_all(db, links).await?;
    insert_all(db, leads).await?;
    Ok(target.saturating_sub(start))
}

async fn courses(db: &impl ConnectionTrait, target: u64, alliances: &[i32]) -> AppResult<u64> {
    let start = existing::<training_course::Entity>(db, "slug", "syn-course-").await?;
    let rows = (start..target)
        .map(|i| {
            let mut rng = Rng::new(3, i);
            let format = *rng.pick(FORMATS);
            let mut row = training_course::Model {
                id: 0,
                slug: format!("syn-course-{i:07}"),
                title: format!("{} {} {i}", rng.pick(LEVELS), rng.pick(TOPICS)),
                title_confidence: Confidence::Stated,
                title_note: None,
                provider: rng.pick(PROVIDERS).to_string(),
                format,
                format_as_stated: None,
                audience: rng
                    .chance(30)
                    .then(|| "Healthcare professionals".to_owned()),
                duration_minutes: rng.chance(70).then(|| 30 * (1 + rng.below(40)) as i32),
                credits: matches!(
                    format,
                    CourseFormat::PostgraduateModule | CourseFormat::PostgraduateProgramme
                )
                .then(|| 15 * (1 + rng.below(4)) as i32),
                website: None,
                alliance_id: rng.chance(60).then(|| *rng.pick(alliances)),
                hub_id: None,
                note: None,
                sources: sources(),
                version: 1,
            }
            .into_active_model();
            row.id = NotSet;
            row
        })
        .collect();
    insert_all(db, rows).await?;
    Ok(target.saturating_sub(start))
}
