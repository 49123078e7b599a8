//! Transformation projects and training courses as the corrected reference gives them: how sure
//! each title and status is, how much of each date is known, and projects led by several
//! alliances (`project_lead`, each lead with its confidence and the source's words).
//!
//! A project's existing lead alliance becomes its one lead, STATED as before. Statuses written
//! before this migration were mostly inferred, so they are UNCONFIRMED until a seed or an editor
//! says otherwise.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, json, json_null, string_len, string_len_null, text_null};

use crate::table::{self, fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProjectLead {
    Table,
    ProjectId,
    AllianceId,
    Confidence,
    Quote,
    Note,
    Sources,
}

#[derive(DeriveIden)]
enum TransformationProject {
    Table,
    Id,
    TitleConfidence,
    OtherTitles,
    StatusConfidence,
    StatusNote,
    StartDatePrecision,
    EndDatePrecision,
    Participants,
}

#[derive(DeriveIden)]
enum TrainingCourse {
    TitleConfidence,
    TitleNote,
    FormatAsStated,
}

#[derive(DeriveIden)]
enum Alliance {
    Table,
    Id,
}

const PROJECT_COLUMNS: [&str; 7] = [
    "title_confidence",
    "other_titles",
    "status_confidence",
    "status_note",
    "start_date_precision",
    "end_date_precision",
    "participants",
];

const COURSE_COLUMNS: [&str; 3] = ["title_confidence", "title_note", "format_as_stated"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        table::add_columns(
            manager,
            "transformation_project",
            vec![
                string_len(TransformationProject::TitleConfidence, 16)
                    .default("STATED")
                    .to_owned(),
                json_null(TransformationProject::OtherTitles),
                string_len(TransformationProject::StatusConfidence, 16)
                    .default("UNCONFIRMED")
                    .to_owned(),
                text_null(TransformationProject::StatusNote),
                string_len_null(TransformationProject::StartDatePrecision, 8),
                string_len_null(TransformationProject::EndDatePrecision, 8),
                text_null(TransformationProject::Participants),
            ],
        )
        .await?;
        table::add_columns(
            manager,
            "training_course",
            vec![
                string_len(TrainingCourse::TitleConfidence, 16)
                    .default("STATED")
                    .to_owned(),
                text_null(TrainingCourse::TitleNote),
                text_null(TrainingCourse::FormatAsStated),
            ],
        )
        .await?;
        table::create(
            manager,
            Table::create()
                .table(ProjectLead::Table)
                .col(integer(ProjectLead::ProjectId))
                .col(integer(ProjectLead::AllianceId))
                .col(string_len(ProjectLead::Confidence, 16))
                .col(text_null(ProjectLead::Quote))
                .col(text_null(ProjectLead::Note))
                .col(json(ProjectLead::Sources))
                .primary_key(
                    Index::create()
                        .col(ProjectLead::ProjectId)
                        .col(ProjectLead::AllianceId),
                )
                .foreign_key(
                    &mut fk(
                        (ProjectLead::Table, ProjectLead::ProjectId),
                        (TransformationProject::Table, TransformationProject::Id),
                    )
                    .on_delete(ForeignKeyAction::Cascade)
                    .to_owned(),
                )
                .foreign_key(&mut fk(
                    (ProjectLead::Table, ProjectLead::AllianceId),
                    (Alliance::Table, Alliance::Id),
                ))
                .to_owned(),
        )
        .await?;
        // Named apart from the first migration's `ix_project_lead_alliance_id`, which indexes
        // `transformation_project.lead_alliance_id`.
        manager
            .create_index(
                Index::create()
                    .name("ix_project_lead_by_alliance")
                    .table(ProjectLead::Table)
                    .col(ProjectLead::AllianceId)
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO project_lead (project_id, alliance_id, confidence, sources) \
                 SELECT id, lead_alliance_id, 'STATED', sources FROM transformation_project \
                 WHERE lead_alliance_id IS NOT NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        table::drop(manager, ProjectLead::Table).await?;
        table::drop_columns(manager, "training_course", &COURSE_COLUMNS).await?;
        table::drop_columns(manager, "transformation_project", &PROJECT_COLUMNS).await
    }
}
