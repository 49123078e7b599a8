use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use entity::api_token::Role;

use super::{
    Deletion, announce, committed, in_input, maybe_reference, optional_reference, patch, reference,
    target,
};
use crate::error::AppResult;
use crate::graphql::access::require;
use crate::graphql::loaders::writer;
use crate::graphql::types::TransformationProject;
use crate::graphql::values::enums::{ProjectStatus, ProjectTheme};
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
    /// When it started.
    pub start_date: Option<Date>,
    /// When it ended or will end; not before `startDate`.
    pub end_date: Option<Date>,
    /// Its web page: an http(s) URL.
    pub website: Option<String>,
    /// The id of the alliance leading it; none for national projects.
    pub lead_alliance_id: Option<ID>,
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
    /// The project's title; not empty.
    pub title: Option<String>,
    /// What it does; not empty.
    pub summary: Option<String>,
    /// The area it works in.
    pub theme: Option<ProjectTheme>,
    /// Where it stands.
    pub status: Option<ProjectStatus>,
    /// When it started.
    pub start_date: MaybeUndefined<Date>,
    /// When it ended or will end; not before `startDate`.
    pub end_date: MaybeUndefined<Date>,
    /// Its web page: an http(s) URL.
    pub website: MaybeUndefined<String>,
    /// The id of the alliance leading it.
    pub lead_alliance_id: MaybeUndefined<ID>,
    /// The ids of the alliances taking part (replaces the list).
    pub participating_alliance_ids: Option<Vec<ID>>,
    /// What the sources leave open.
    pub note: MaybeUndefined<String>,
    /// Where its facts come from (replaces the list).
    pub sources: Option<Vec<String>>,
}

fn alliances(ids: &[ID]) -> AppResult<Vec<String>> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            reference(
                &format!("input.participatingAllianceIds.{i}"),
                id,
                Kind::Alliance,
            )
        })
        .collect()
}

fn dates(value: &MaybeUndefined<Date>) -> MaybeUndefined<chrono::NaiveDate> {
    match value {
        MaybeUndefined::Undefined => MaybeUndefined::Undefined,
        MaybeUndefined::Null => MaybeUndefined::Null,
        MaybeUndefined::Value(d) => MaybeUndefined::Value(d.0),
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
        input: CreateTransformationProjectInput,
    ) -> Result<TransformationProject> {
        let actor = require(ctx, Role::Editor)?;
        let fields = ProjectFields {
            title: input.title.clone(),
            summary: input.summary.clone(),
            theme: input.theme.into(),
            status: input.status.into(),
            start_date: input.start_date.map(|d| d.0),
            end_date: input.end_date.map(|d| d.0),
            website: input.website.clone(),
            lead_alliance: optional_reference(
                "input.leadAllianceId",
                &input.lead_alliance_id,
                Kind::Alliance,
            )?,
            participating_alliances: alliances(&input.participating_alliance_ids)?,
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
        id: ID,
        expected_version: i32,
        input: UpdateTransformationProjectInput,
    ) -> Result<TransformationProject> {
        let actor = require(ctx, Role::Editor)?;
        let key = target(&id, Kind::TransformationProject)?;
        let lead = maybe_reference(
            "input.leadAllianceId",
            &input.lead_alliance_id,
            Kind::Alliance,
        )?;
        let participants = input
            .participating_alliance_ids
            .as_deref()
            .map(alliances)
            .transpose()?;
        let (start, end) = (dates(&input.start_date), dates(&input.end_date));
        let updated = write::update::<write::Projects>(
            writer(ctx)?,
            actor,
            &key,
            expected_version,
            move |f| {
                if let Some(v) = input.title {
                    f.title = v;
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
                if let Some(v) = input.sources {
                    f.sources = v;
                }
                if let Some(v) = participants {
                    f.participating_alliances = v;
                }
                patch(&mut f.start_date, &start);
                patch(&mut f.end_date, &end);
                patch(&mut f.website, &input.website);
                patch(&mut f.note, &input.note);
                patch(&mut f.lead_alliance, &lead);
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
        id: ID,
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
