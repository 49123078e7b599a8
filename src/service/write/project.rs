//! Transformation projects: written by editors, with the alliances leading them and taking part.

use chrono::NaiveDate;
use entity::{
    Confidence, DatePrecision, ProjectStatus, ProjectTheme, Sources, Texts, alliance, project_lead,
    project_participant, transformation_project,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IdenStatic, QueryFilter,
};
use serde::Serialize;

use super::check::{alliance_id, optional_text, slug, sources, text, url};
use super::{Writable, json};
use crate::error::{AppError, AppResult};

/// Everything a transformation project holds; references by slug.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectFields {
    pub title: String,
    pub title_confidence: Confidence,
    pub other_titles: Vec<String>,
    pub summary: String,
    pub theme: ProjectTheme,
    pub status: ProjectStatus,
    pub status_confidence: Confidence,
    pub status_note: Option<String>,
    pub start_date: Option<NaiveDate>,
    /// DAY where a start date is given without one.
    pub start_date_precision: Option<DatePrecision>,
    pub end_date: Option<NaiveDate>,
    pub end_date_precision: Option<DatePrecision>,
    pub website: Option<String>,
    pub lead_alliances: Vec<String>,
    pub participating_alliances: Vec<String>,
    pub participants: Option<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// The ids of the alliances a project links to: its leads and those taking part.
#[derive(Clone, Debug, Default)]
pub struct ProjectLinks {
    pub leads: Vec<i32>,
    pub participants: Vec<i32>,
}

/// A date's precision: as given, DAY where a date has none, and none without a date.
fn precision(
    field: &str,
    date: Option<NaiveDate>,
    given: Option<DatePrecision>,
) -> AppResult<Option<DatePrecision>> {
    match (date, given) {
        (None, Some(_)) => Err(AppError::invalid(field, "needs the date it describes")),
        (None, None) => Ok(None),
        (Some(_), given) => Ok(Some(given.unwrap_or(DatePrecision::Day))),
    }
}

/// A status and its confidence agree: UNCONFIRMED goes with UNCONFIRMED, and ACTIVE is never
/// only inferred.
fn status_agrees(status: ProjectStatus, confidence: Confidence) -> AppResult<()> {
    let field = transformation_project::Column::StatusConfidence.as_str();
    match (status, confidence) {
        (ProjectStatus::Unconfirmed, Confidence::Unconfirmed) => Ok(()),
        (ProjectStatus::Unconfirmed, _) | (_, Confidence::Unconfirmed) => Err(AppError::invalid(
            field,
            "is UNCONFIRMED exactly when the status is UNCONFIRMED",
        )),
        (ProjectStatus::Active, Confidence::Inferred) => Err(AppError::invalid(
            field,
            "ACTIVE must be STATED: a status worked out from the sources is never ACTIVE",
        )),
        _ => Ok(()),
    }
}

async fn project_model(
    txn: &DatabaseTransaction,
    id: i32,
    slug: String,
    version: i32,
    fields: &ProjectFields,
) -> AppResult<(transformation_project::Model, ProjectLinks)> {
    if let (Some(start), Some(end)) = (fields.start_date, fields.end_date)
        && end < start
    {
        return Err(AppError::invalid(
            transformation_project::Column::EndDate.as_str(),
            "must not be before startDate",
        ));
    }
    status_agrees(fields.status, fields.status_confidence)?;
    let mut leads = Vec::new();
    for (i, s) in fields.lead_alliances.iter().enumerate() {
        let id = alliance_id(txn, &format!("lead_alliance_ids.{i}"), s).await?;
        if !leads.contains(&id) {
            leads.push(id);
        }
    }
    let mut participants = Vec::new();
    for (i, s) in fields.participating_alliances.iter().enumerate() {
        let id = alliance_id(txn, &format!("participating_alliance_ids.{i}"), s).await?;
        if !participants.contains(&id) {
            participants.push(id);
        }
    }
    let model = transformation_project::Model {
        id,
        slug,
        title: text(
            transformation_project::Column::Title.as_str(),
            &fields.title,
            255,
        )?,
        title_confidence: fields.title_confidence,
        other_titles: if fields.other_titles.is_empty() {
            None
        } else {
            let field = transformation_project::Column::OtherTitles.as_str();
            let mut titles = Vec::with_capacity(fields.other_titles.len());
            for (i, t) in fields.other_titles.iter().enumerate() {
                titles.push(text(&format!("{field}.{i}"), t, 255)?);
            }
            Some(Texts(titles))
        },
        summary: text(
            transformation_project::Column::Summary.as_str(),
            &fields.summary,
            5000,
        )?,
        theme: fields.theme,
        status: fields.status,
        status_confidence: fields.status_confidence,
        status_note: optional_text(
            transformation_project::Column::StatusNote.as_str(),
            &fields.status_note,
            2000,
        )?,
        start_date: fields.start_date,
        start_date_precision: precision(
            transformation_project::Column::StartDatePrecision.as_str(),
            fields.start_date,
            fields.start_date_precision,
        )?,
        end_date: fields.end_date,
        end_date_precision: precision(
            transformation_project::Column::EndDatePrecision.as_str(),
            fields.end_date,
            fields.end_date_precision,
        )?,
        lead_alliance_id: transformation_project::only_lead(&leads),
        participants: optional_text(
            transformation_project::Column::Participants.as_str(),
            &fields.participants,
            2000,
        )?,
        website: url(
            transformation_project::Column::Website.as_str(),
            &fields.website,
        )?,
        note: optional_text(
            transformation_project::Column::Note.as_str(),
            &fields.note,
            2000,
        )?,
        sources: sources(
            transformation_project::Column::Sources.as_str(),
            &fields.sources,
        )?,
        version,
    };
    Ok((
        model,
        ProjectLinks {
            leads,
            participants,
        },
    ))
}

/// The slugs of `ids`' alliances, sorted.
async fn alliance_slugs(db: &impl ConnectionTrait, ids: Vec<i32>) -> AppResult<Vec<String>> {
    let mut slugs: Vec<String> = alliance::Entity::find()
        .filter(alliance::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.slug)
        .collect();
    slugs.sort();
    Ok(slugs)
}

/// The current fields of a project, references as slugs.
pub async fn project_fields(
    db: &impl ConnectionTrait,
    project: &transformation_project::Model,
) -> AppResult<ProjectFields> {
    let lead_ids: Vec<i32> = project_lead::Entity::find()
        .filter(project_lead::Column::ProjectId.eq(project.id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.alliance_id)
        .collect();
    let participant_ids: Vec<i32> = project_participant::Entity::find()
        .filter(project_participant::Column::ProjectId.eq(project.id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.alliance_id)
        .collect();
    Ok(ProjectFields {
        title: project.title.clone(),
        title_confidence: project.title_confidence,
        other_titles: project
            .other_titles
            .as_ref()
            .map(|t| t.0.clone())
            .unwrap_or_default(),
        summary: project.summary.clone(),
        theme: project.theme,
        status: project.status,
        status_confidence: project.status_confidence,
        status_note: project.status_note.clone(),
        start_date: project.start_date,
        start_date_precision: project.start_date_precision,
        end_date: project.end_date,
        end_date_precision: project.end_date_precision,
        website: project.website.clone(),
        lead_alliances: alliance_slugs(db, lead_ids).await?,
        participating_alliances: alliance_slugs(db, participant_ids).await?,
        participants: project.participants.clone(),
        note: project.note.clone(),
        sources: project.sources.urls().map_err(AppError::stored)?,
    })
}

async fn set_participants(
    txn: &DatabaseTransaction,
    project_id: i32,
    alliance_ids: &[i32],
    sources: &Sources,
) -> AppResult<()> {
    project_participant::Entity::delete_many()
        .filter(project_participant::Column::ProjectId.eq(project_id))
        .exec(txn)
        .await?;
    for alliance_id in alliance_ids {
        project_participant::ActiveModel {
            project_id: Set(project_id),
            alliance_id: Set(*alliance_id),
            sources: Set(sources.clone()),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Keeps the project's leads to `alliance_ids`: a lead that stays keeps what it says (its
/// confidence and the source's words); a new one is STATED, on the project's sources.
async fn set_leads(
    txn: &DatabaseTransaction,
    project_id: i32,
    alliance_ids: &[i32],
    sources: &Sources,
) -> AppResult<()> {
    let current = project_lead::Entity::find()
        .filter(project_lead::Column::ProjectId.eq(project_id))
        .all(txn)
        .await?;
    let kept: Vec<i32> = current
        .iter()
        .map(|l| l.alliance_id)
        .filter(|id| alliance_ids.contains(id))
        .collect();
    project_lead::Entity::delete_many()
        .filter(project_lead::Column::ProjectId.eq(project_id))
        .filter(project_lead::Column::AllianceId.is_not_in(kept.clone()))
        .exec(txn)
        .await?;
    for alliance_id in alliance_ids.iter().filter(|id| !kept.contains(id)) {
        project_lead::ActiveModel {
            project_id: Set(project_id),
            alliance_id: Set(*alliance_id),
            confidence: Set(Confidence::Stated),
            quote: Set(None),
            note: Set(None),
            sources: Set(sources.clone()),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Transformation projects (editors); their leads and participants are part of the record.
pub struct Projects;

/// A project with its leads and participants, as the change log keeps it.
#[derive(Serialize)]
struct ProjectRecord<'a> {
    #[serde(flatten)]
    project: &'a transformation_project::Model,
    lead_alliances: Vec<String>,
    participating_alliances: Vec<String>,
}

impl Writable for Projects {
    type Entity = transformation_project::Entity;
    type Fields = ProjectFields;
    type Links = ProjectLinks;
    const NOUN: &'static str = "transformation project";

    fn new_key(key: &str) -> AppResult<String> {
        slug(transformation_project::Column::Slug.as_str(), key)
    }

    async fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &ProjectFields,
    ) -> AppResult<(transformation_project::Model, ProjectLinks)> {
        project_model(txn, id, key, version, fields).await
    }

    async fn fields(
        txn: &DatabaseTransaction,
        model: &transformation_project::Model,
    ) -> AppResult<ProjectFields> {
        project_fields(txn, model).await
    }

    async fn link(
        txn: &DatabaseTransaction,
        model: &transformation_project::Model,
        links: ProjectLinks,
    ) -> AppResult<()> {
        set_leads(txn, model.id, &links.leads, &model.sources).await?;
        set_participants(txn, model.id, &links.participants, &model.sources).await
    }

    async fn snapshot(
        txn: &DatabaseTransaction,
        model: &transformation_project::Model,
    ) -> AppResult<serde_json::Value> {
        let fields = project_fields(txn, model).await?;
        json(&ProjectRecord {
            project: model,
            lead_alliances: fields.lead_alliances,
            participating_alliances: fields.participating_alliances,
        })
    }
}
