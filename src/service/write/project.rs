//! Transformation projects: written by editors, with the alliances taking part.

use chrono::NaiveDate;
use entity::{
    ProjectStatus, ProjectTheme, Sources, alliance, project_participant, transformation_project,
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
    pub summary: String,
    pub theme: ProjectTheme,
    pub status: ProjectStatus,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub website: Option<String>,
    pub lead_alliance: Option<String>,
    pub participating_alliances: Vec<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

async fn project_model(
    txn: &DatabaseTransaction,
    id: i32,
    slug: String,
    version: i32,
    fields: &ProjectFields,
) -> AppResult<(transformation_project::Model, Vec<i32>)> {
    if let (Some(start), Some(end)) = (fields.start_date, fields.end_date)
        && end < start
    {
        return Err(AppError::invalid(
            transformation_project::Column::EndDate.as_str(),
            "must not be before startDate",
        ));
    }
    let lead = match &fields.lead_alliance {
        Some(s) => Some(
            alliance_id(
                txn,
                transformation_project::Column::LeadAllianceId.as_str(),
                s,
            )
            .await?,
        ),
        None => None,
    };
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
        summary: text(
            transformation_project::Column::Summary.as_str(),
            &fields.summary,
            5000,
        )?,
        theme: fields.theme,
        status: fields.status,
        start_date: fields.start_date,
        end_date: fields.end_date,
        lead_alliance_id: lead,
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
    Ok((model, participants))
}

/// The current fields of a project, references as slugs.
pub async fn project_fields(
    db: &impl ConnectionTrait,
    project: &transformation_project::Model,
) -> AppResult<ProjectFields> {
    let lead_alliance = match project.lead_alliance_id {
        Some(id) => alliance::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|a| a.slug),
        None => None,
    };
    let participant_ids: Vec<i32> = project_participant::Entity::find()
        .filter(project_participant::Column::ProjectId.eq(project.id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.alliance_id)
        .collect();
    let mut participating_alliances = Vec::new();
    for alliance in alliance::Entity::find()
        .filter(alliance::Column::Id.is_in(participant_ids))
        .all(db)
        .await?
    {
        participating_alliances.push(alliance.slug);
    }
    participating_alliances.sort();
    Ok(ProjectFields {
        title: project.title.clone(),
        summary: project.summary.clone(),
        theme: project.theme,
        status: project.status,
        start_date: project.start_date,
        end_date: project.end_date,
        website: project.website.clone(),
        lead_alliance,
        participating_alliances,
        note: project.note.clone(),
        sources: project.sources.0.clone(),
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

/// Transformation projects (editors); their participants are part of the record.
pub struct Projects;

/// A project with its participants, as the change log keeps it.
#[derive(Serialize)]
struct ProjectRecord<'a> {
    #[serde(flatten)]
    project: &'a transformation_project::Model,
    participating_alliances: Vec<String>,
}

impl Writable for Projects {
    type Entity = transformation_project::Entity;
    type Fields = ProjectFields;
    /// The ids of the participating alliances.
    type Links = Vec<i32>;
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
    ) -> AppResult<(transformation_project::Model, Vec<i32>)> {
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
        alliances: Vec<i32>,
    ) -> AppResult<()> {
        set_participants(txn, model.id, &alliances, &model.sources).await
    }

    async fn snapshot(
        txn: &DatabaseTransaction,
        model: &transformation_project::Model,
    ) -> AppResult<serde_json::Value> {
        let participating_alliances = project_fields(txn, model).await?.participating_alliances;
        json(&ProjectRecord {
            project: model,
            participating_alliances,
        })
    }
}
