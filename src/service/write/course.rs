//! Training courses: written by editors.

use entity::{Confidence, CourseFormat, alliance, hub, training_course};
use sea_orm::{ConnectionTrait, DatabaseTransaction, EntityTrait, IdenStatic};

use super::Writable;
use super::check::{alliance_id, hub_id, not_negative, optional_text, slug, sources, text, url};
use crate::error::AppResult;

/// Everything a training course holds; references by slug.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseFields {
    pub title: String,
    pub title_confidence: Confidence,
    pub title_note: Option<String>,
    pub provider: String,
    pub format: CourseFormat,
    pub format_as_stated: Option<String>,
    pub audience: Option<String>,
    pub duration_minutes: Option<i32>,
    pub credits: Option<i32>,
    pub website: Option<String>,
    pub alliance: Option<String>,
    pub hub: Option<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

async fn course_model(
    txn: &DatabaseTransaction,
    id: i32,
    slug: String,
    version: i32,
    fields: &CourseFields,
) -> AppResult<training_course::Model> {
    let alliance = match &fields.alliance {
        Some(s) => Some(alliance_id(txn, training_course::Column::AllianceId.as_str(), s).await?),
        None => None,
    };
    let hub = match &fields.hub {
        Some(s) => Some(hub_id(txn, training_course::Column::HubId.as_str(), s).await?),
        None => None,
    };
    Ok(training_course::Model {
        id,
        slug,
        title: text(training_course::Column::Title.as_str(), &fields.title, 255)?,
        title_confidence: fields.title_confidence,
        title_note: optional_text(
            training_course::Column::TitleNote.as_str(),
            &fields.title_note,
            2000,
        )?,
        provider: text(
            training_course::Column::Provider.as_str(),
            &fields.provider,
            255,
        )?,
        format: fields.format,
        format_as_stated: optional_text(
            training_course::Column::FormatAsStated.as_str(),
            &fields.format_as_stated,
            255,
        )?,
        audience: optional_text(
            training_course::Column::Audience.as_str(),
            &fields.audience,
            255,
        )?,
        duration_minutes: not_negative(
            training_course::Column::DurationMinutes.as_str(),
            fields.duration_minutes,
        )?,
        credits: not_negative(training_course::Column::Credits.as_str(), fields.credits)?,
        website: url(training_course::Column::Website.as_str(), &fields.website)?,
        alliance_id: alliance,
        hub_id: hub,
        note: optional_text(training_course::Column::Note.as_str(), &fields.note, 2000)?,
        sources: sources(training_course::Column::Sources.as_str(), &fields.sources)?,
        version,
    })
}

/// The current fields of a course, references as slugs, for an update to start from.
pub async fn course_fields(
    db: &impl ConnectionTrait,
    course: &training_course::Model,
) -> AppResult<CourseFields> {
    let alliance = match course.alliance_id {
        Some(id) => alliance::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|a| a.slug),
        None => None,
    };
    let hub = match course.hub_id {
        Some(id) => hub::Entity::find_by_id(id).one(db).await?.map(|h| h.slug),
        None => None,
    };
    Ok(CourseFields {
        title: course.title.clone(),
        title_confidence: course.title_confidence,
        title_note: course.title_note.clone(),
        provider: course.provider.clone(),
        format: course.format,
        format_as_stated: course.format_as_stated.clone(),
        audience: course.audience.clone(),
        duration_minutes: course.duration_minutes,
        credits: course.credits,
        website: course.website.clone(),
        alliance,
        hub,
        note: course.note.clone(),
        sources: course
            .sources
            .urls()
            .map_err(crate::error::AppError::stored)?,
    })
}

/// Training courses (editors).
pub struct Courses;

impl Writable for Courses {
    type Entity = training_course::Entity;
    type Fields = CourseFields;
    type Links = ();
    const NOUN: &'static str = "training course";

    fn new_key(key: &str) -> AppResult<String> {
        slug(training_course::Column::Slug.as_str(), key)
    }

    async fn build(
        txn: &DatabaseTransaction,
        id: i32,
        key: String,
        version: i32,
        fields: &CourseFields,
    ) -> AppResult<(training_course::Model, ())> {
        Ok((course_model(txn, id, key, version, fields).await?, ()))
    }

    async fn fields(
        txn: &DatabaseTransaction,
        model: &training_course::Model,
    ) -> AppResult<CourseFields> {
        course_fields(txn, model).await
    }
}
