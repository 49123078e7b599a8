use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use entity::api_token::Role;

use super::{Deletion, announce, committed, in_input, maybe_reference, patch, reference, target};
use crate::error::AppError;
use crate::error::AppResult;
use crate::graphql::access::require;
use crate::graphql::loaders::writer;
use crate::graphql::types::TransformationProject;
use crate::graphql::values::enums::{Confidence, DatePrecision, ProjectStatus, ProjectTheme};
use crate::graphql::values::node_id::Kind;
use crate::graphql::values::scalars::Date;
use crate::service::write::{self, ProjectFields};

/// A new transformation project.
#[derive(InputObject)]
pub struct CreateTransformationProjectInput {
    /// Lower-case letters, digits and hyphens; its id will be `TransformationProject:<slug>`.
    pub slug: String,
    /// The project's title; not empty.
    pub title: String,
    /// What it does; not empty.
    pub summary: String,
    /// The area it works in.
    pub theme: ProjectTheme,
    /// Where it stands.
    pub status: ProjectStatus,
    /// How sure the sources are of the status; STATED unless said. UNCONFIRMED exactly when the
    /// status is, and never INFERRED for ACTIVE.
    pub status_confidence: Option<Confidence>,
    /// The source's words on the status, or why it is unconfirmed.
    pub status_note: Option<String>,
    /// When it started.
    pub start_date: Option<Date>,
    /// How much of `startDate` is known; DAY unless said.
    pub start_date_precision: Option<DatePrecision>,
    /// When it ended or will end; not before `startDate`.
    pub end_date: Option<Date>,
    /// How much of `endDate` is known; DAY unless said.
    pub end_date_precision: Option<DatePrecision>,
    /// Its web page: an http(s) URL.
    pub website: Option<String>,
    /// The id of the alliance leading it, where one does (or give `leadAllianceIds`).
    pub lead_alliance_id: Option<ID>,
    /// The ids of the alliances leading it; not with a different `leadAllianceId`.
    pub lead_alliance_ids: Option<Vec<ID>>,
    /// The ids of the alliances taking part.
    #[graphql(default)]
    pub participating_alliance_ids: Vec<ID>,
    /// What the sources leave open.
    pub note: Option<String>,
    /// Where its facts come from.
    #[graphql(default)]
    pub sources: Vec<String>,
}

/// Changes to a transformation project: fields left out stay as they are; null clears a field.
#[derive(InputObject)]
pub struct UpdateTransformationProjectInput {
    /// The project's title; not empty. Its `titleConfidence` becomes STATED.
    pub title: Option<String>,
    /// What it does; not empty.
    pub summary: Option<String>,
    /// The area it works in.
    pub theme: Option<ProjectTheme>,
    /// Where it stands.
    pub status: Option<ProjectStatus>,
    /// How sure the sources are of the status: UNCONFIRMED exactly when the status is, and never
    /// INFERRED for ACTIVE.
    pub status_confidence: Option<Confidence>,
    /// The source's words on the status, or why it is unconfirmed.
    pub status_note: MaybeUndefined<String>,
    /// When it started.
    pub start_date: MaybeUndefined<Date>,
    /// How much of `startDate` is known; DAY where a new date comes without it.
    pub start_date_precision: MaybeUndefined<DatePrecision>,
    /// When it ended or will end; not before `startDate`.
    pub end_date: MaybeUndefined<Date>,
    /// How much of `endDate` is known; DAY where a new date comes without it.
    pub end_date_precision: MaybeUndefined<DatePrecision>,
    /// Its web page: an http(s) URL.
    pub website: MaybeUndefined<String>,
    /// The id of the alliance leading it alone; null for none (or give `leadAllianceIds`).
    pub lead_alliance_id: MaybeUndefined<ID>,
    /// The ids of the alliances leading it (replaces the list); not with `leadAllianceId`.
    pub lead_alliance_ids: Option<Vec<ID>>,
    /// The ids of the alliances taking part (replaces the list).
    pub participating_alliance_ids: Option<Vec<ID>>,
    /// What the sources leave open.
    pub note: MaybeUndefined<String>,
    /// Where its facts come from (replaces the list).
    pub sources: Option<Vec<String>>,
}

fn alliances(field: &str, ids: &[ID]) -> AppResult<Vec<String>> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| reference(&format!("input.{field}.{i}"), id, Kind::Alliance))
        .collect()
}

/// The lead alliances an input names, by `leadAllianceIds` or by `leadAllianceId`; `None` where
/// it names none. Both at once must agree.
fn leads(one: &MaybeUndefined<ID>, many: &Option<Vec<ID>>) -> AppResult<Option<Vec<String>>> {
    let one = match maybe_reference("input.leadAllianceId", one, Kind::Alliance)? {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(Vec::new()),
        MaybeUndefined::Value(slug) => Some(vec![slug]),
    };
    let many = many
        .as_deref()
        .map(|ids| alliances("leadAllianceIds", ids))
        .transpose()?;
    match (one, many) {
        (Some(one), Some(many)) if one != many => Err(AppError::invalid(
            "input.leadAllianceIds",
            "names other alliances than leadAllianceId: give one of the two",
        )),
        (one, many) => Ok(many.or(one)),
    }
}

#[derive(Default)]
pub struct ProjectMutation;

#[Object]
impl ProjectMutation {
    /// Adds a transformation project (editors and admins).
    async fn create_transformation_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateTransformationProjectInput,
    ) -> Result<TransformationProject> {
        let actor = require(ctx, Role::Editor)?;
        let lead_alliance_id = match &input.lead_alliance_id {
            Some(id) => MaybeUndefined::Value(id.clone()),
            None => MaybeUndefined::Undefined,
        };
        let fields = ProjectFields {
            title: input.title.clone(),
            title_confidence: entity::Confidence::Stated,
            other_titles: Vec::new(),
            summary: input.summary.clone(),
            theme: input.theme.into(),
            status: input.status.into(),
            status_confidence: input
                .status_confidence
                .map_or(entity::Confidence::Stated, Into::into),
            status_note: input.status_note.clone(),
            start_date: input.start_date.map(|d| d.0),
            start_date_precision: input.start_date_precision.map(Into::into),
            end_date: input.end_date.map(|d| d.0),
            end_date_precision: input.end_date_precision.map(Into::into),
            website: input.website.clone(),
            lead_alliances: leads(&lead_alliance_id, &input.lead_alliance_ids)?.unwrap_or_default(),
            participating_alliances: alliances(
                "participatingAllianceIds",
                &input.participating_alliance_ids,
            )?,
            participants: None,
            note: input.note.clone(),
            sources: input.sources.clone(),
        };
        Ok(committed(
            ctx,
            write::create::<write::Projects>(writer(ctx)?, actor, &input.slug, &fields)
                .await
                .map_err(in_input)?,
        )
        .into())
    }

    /// Changes a transformation project still at `expectedVersion` (editors and admins); a
    /// stale version is refused with CONFLICT.
    async fn update_transformation_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's global id, `<Type>:<key>`.")] id: ID,
        #[graphql(
            desc = "The version last read (its `version` field); if the record has changed since, the change is refused with CONFLICT."
        )]
        expected_version: i32,
        #[graphql(desc = "The fields to change; one left out keeps its value.")]
        input: UpdateTransformationProjectInput,
    ) -> Result<TransformationProject> {
        let actor = require(ctx, Role::Editor)?;
        let key = target(&id, Kind::TransformationProject)?;
        let lead = leads(&input.lead_alliance_id, &input.lead_alliance_ids)?;
        let participants = input
            .participating_alliance_ids
            .as_deref()
            .map(|ids| alliances("participatingAllianceIds", ids))
            .transpose()?;
        let (start, end) = (
            input.start_date.map_value(|d| d.0),
            input.end_date.map_value(|d| d.0),
        );
        let (start_precision, end_precision) = (
            input.start_date_precision.map_value(Into::into),
            input.end_date_precision.map_value(Into::into),
        );
        let updated = write::update::<write::Projects>(
            writer(ctx)?,
            actor,
            &key,
            expected_version,
            move |f| {
                if let Some(v) = input.title {
                    // An editor's title is theirs to state.
                    f.title = v;
                    f.title_confidence = entity::Confidence::Stated;
                }
                if let Some(v) = input.summary {
                    f.summary = v;
                }
                if let Some(v) = input.theme {
                    f.theme = v.into();
                }
                if let Some(v) = input.status {
                    f.status = v.into();
                }
                if let Some(v) = input.status_confidence {
                    f.status_confidence = v.into();
                }
                patch(&mut f.status_note, &input.status_note);
                if let Some(v) = input.sources {
                    f.sources = v;
                }
                if let Some(v) = participants {
                    f.participating_alliances = v;
                }
                // A new date without a precision is to the day; a cleared one has none.
                if !start.is_undefined() && start_precision.is_undefined() {
                    f.start_date_precision = None;
                }
                if !end.is_undefined() && end_precision.is_undefined() {
                    f.end_date_precision = None;
                }
                patch(&mut f.start_date, &start);
                patch(&mut f.end_date, &end);
                patch(&mut f.start_date_precision, &start_precision);
                patch(&mut f.end_date_precision, &end_precision);
                patch(&mut f.website, &input.website);
                patch(&mut f.note, &input.note);
                if let Some(v) = lead {
                    f.lead_alliances = v;
                }
            },
        )
        .await
        .map_err(in_input)?;
        Ok(committed(ctx, updated).into())
    }

    /// Deletes a transformation project still at `expectedVersion` (editors and admins).
    async fn delete_transformation_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's global id, `<Type>:<key>`.")] id: ID,
        #[graphql(
            desc = "The version last read (its `version` field); if the record has changed since, the change is refused with CONFLICT."
        )]
        expected_version: i32,
    ) -> Result<Deletion> {
        let actor = require(ctx, Role::Editor)?;
        let key = target(&id, Kind::TransformationProject)?;
        let event =
            write::delete::<write::Projects>(writer(ctx)?, actor, &key, expected_version).await?;
        announce(ctx, event);
        Ok(Deletion { id })
    }
}
