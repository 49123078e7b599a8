use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use entity::api_token::Role;

use super::{
    Deletion, announce, committed, in_input, maybe_reference, optional_reference, patch, target,
};
use crate::error::AppResult;
use crate::graphql::access::require;
use crate::graphql::loaders::writer;
use crate::graphql::types::TrainingCourse;
use crate::graphql::values::enums::CourseFormat;
use crate::graphql::values::node_id::Kind;
use crate::service::write::{self, CourseFields};

/// A new training course.
#[derive(InputObject)]
pub struct CreateTrainingCourseInput {
    /// Lower-case letters, digits and hyphens; its id will be `TrainingCourse:<slug>`.
    pub slug: String,
    /// The course's title; not empty.
    pub title: String,
    /// Who runs it; not empty.
    pub provider: String,
    /// How it is delivered.
    pub format: CourseFormat,
    /// Who it is for.
    pub audience: Option<String>,
    /// Its length in minutes; not negative.
    pub duration_minutes: Option<i32>,
    /// Academic credits; not negative.
    pub credits: Option<i32>,
    /// Its web page: an http(s) URL.
    pub website: Option<String>,
    /// The id of the alliance offering it.
    pub alliance_id: Option<ID>,
    /// The id of the hub offering it.
    pub hub_id: Option<ID>,
    /// What the sources leave open.
    pub note: Option<String>,
    /// Where its facts come from.
    #[graphql(default)]
    pub sources: Vec<String>,
}

/// Changes to a training course: fields left out stay as they are; null clears a field.
#[derive(InputObject)]
pub struct UpdateTrainingCourseInput {
    /// The course's title; not empty. Its `titleConfidence` becomes STATED.
    pub title: Option<String>,
    /// Who runs it; not empty.
    pub provider: Option<String>,
    /// How it is delivered.
    pub format: Option<CourseFormat>,
    /// Who it is for.
    pub audience: MaybeUndefined<String>,
    /// Its length in minutes; not negative.
    pub duration_minutes: MaybeUndefined<i32>,
    /// Academic credits; not negative.
    pub credits: MaybeUndefined<i32>,
    /// Its web page: an http(s) URL.
    pub website: MaybeUndefined<String>,
    /// The id of the alliance offering it.
    pub alliance_id: MaybeUndefined<ID>,
    /// The id of the hub offering it.
    pub hub_id: MaybeUndefined<ID>,
    /// What the sources leave open.
    pub note: MaybeUndefined<String>,
    /// Where its facts come from (replaces the list).
    pub sources: Option<Vec<String>>,
}

impl CreateTrainingCourseInput {
    fn fields(&self) -> AppResult<CourseFields> {
        Ok(CourseFields {
            title: self.title.clone(),
            title_confidence: entity::Confidence::Stated,
            title_note: None,
            provider: self.provider.clone(),
            format: self.format.into(),
            format_as_stated: None,
            audience: self.audience.clone(),
            duration_minutes: self.duration_minutes,
            credits: self.credits,
            website: self.website.clone(),
            alliance: optional_reference("input.allianceId", &self.alliance_id, Kind::Alliance)?,
            hub: optional_reference("input.hubId", &self.hub_id, Kind::Hub)?,
            note: self.note.clone(),
            sources: self.sources.clone(),
        })
    }
}

#[derive(Default)]
pub struct CourseMutation;

#[Object]
impl CourseMutation {
    /// Adds a training course (editors and admins).
    async fn create_training_course(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateTrainingCourseInput,
    ) -> Result<TrainingCourse> {
        let actor = require(ctx, Role::Editor)?;
        let fields = input.fields()?;
        Ok(committed(
            ctx,
            write::create::<write::Courses>(writer(ctx)?, actor, &input.slug, &fields)
                .await
                .map_err(in_input)?,
        )
        .into())
    }

    /// Changes a training course still at `expectedVersion` (editors and admins); a stale
    /// version is refused with CONFLICT.
    async fn update_training_course(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's global id, `<Type>:<key>`.")] id: ID,
        #[graphql(
            desc = "The version last read (its `version` field); if the record has changed since, the change is refused with CONFLICT."
        )]
        expected_version: i32,
        #[graphql(desc = "The fields to change; one left out keeps its value.")]
        input: UpdateTrainingCourseInput,
    ) -> Result<TrainingCourse> {
        let actor = require(ctx, Role::Editor)?;
        let key = target(&id, Kind::TrainingCourse)?;
        let alliance = maybe_reference("input.allianceId", &input.alliance_id, Kind::Alliance)?;
        let hub = maybe_reference("input.hubId", &input.hub_id, Kind::Hub)?;
        let updated = write::update::<write::Courses>(
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
                if let Some(v) = input.provider {
                    f.provider = v;
                }
                if let Some(v) = input.format {
                    // The format in the source's words no longer describes the new one.
                    f.format = v.into();
                    f.format_as_stated = None;
                }
                if let Some(v) = input.sources {
                    f.sources = v;
                }
                patch(&mut f.audience, &input.audience);
                patch(&mut f.duration_minutes, &input.duration_minutes);
                patch(&mut f.credits, &input.credits);
                patch(&mut f.website, &input.website);
                patch(&mut f.note, &input.note);
                patch(&mut f.alliance, &alliance);
                patch(&mut f.hub, &hub);
            },
        )
        .await
        .map_err(in_input)?;
        Ok(committed(ctx, updated).into())
    }

    /// Deletes a training course still at `expectedVersion` (editors and admins).
    async fn delete_training_course(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's global id, `<Type>:<key>`.")] id: ID,
        #[graphql(
            desc = "The version last read (its `version` field); if the record has changed since, the change is refused with CONFLICT."
        )]
        expected_version: i32,
    ) -> Result<Deletion> {
        let actor = require(ctx, Role::Editor)?;
        let key = target(&id, Kind::TrainingCourse)?;
        let event =
            write::delete::<write::Courses>(writer(ctx)?, actor, &key, expected_version).await?;
        announce(ctx, event);
        Ok(Deletion { id })
    }
}
