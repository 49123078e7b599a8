//! Where sources contradict each other (`source_conflict`, each claim with its sources), and the
//! records a contradiction bears on or a timeline event concerns (`conflict_concern`,
//! `event_concern`: a record of any kind, by its global id).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, json, pk_auto, string, string_len, text};

use crate::table::{self, fk, index, record};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SourceConflict {
    Table,
    Id,
    Slug,
    Topic,
    Detail,
    Claims,
}

#[derive(DeriveIden)]
enum ConflictConcern {
    Table,
    ConflictId,
    RecordId,
    Position,
}

#[derive(DeriveIden)]
enum EventConcern {
    Table,
    EventId,
    RecordId,
    Position,
}

#[derive(DeriveIden)]
enum TimelineEvent {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        table::create(
            manager,
            record(
                Table::create()
                    .table(SourceConflict::Table)
                    .col(pk_auto(SourceConflict::Id))
                    .col(string_len(SourceConflict::Slug, 128))
                    .col(string(SourceConflict::Topic))
                    .col(text(SourceConflict::Detail))
                    .col(json(SourceConflict::Claims)),
            )
            .to_owned(),
        )
        .await?;
        table::create(
            manager,
            Table::create()
                .table(ConflictConcern::Table)
                .col(integer(ConflictConcern::ConflictId))
                .col(string_len(ConflictConcern::RecordId, 200))
                .col(integer(ConflictConcern::Position))
                .primary_key(
                    Index::create()
                        .col(ConflictConcern::ConflictId)
                        .col(ConflictConcern::RecordId),
                )
                .foreign_key(
                    fk(
                        (ConflictConcern::Table, ConflictConcern::ConflictId),
                        (SourceConflict::Table, SourceConflict::Id),
                    )
                    .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        table::create(
            manager,
            Table::create()
                .table(EventConcern::Table)
                .col(integer(EventConcern::EventId))
                .col(string_len(EventConcern::RecordId, 200))
                .col(integer(EventConcern::Position))
                .primary_key(
                    Index::create()
                        .col(EventConcern::EventId)
                        .col(EventConcern::RecordId),
                )
                .foreign_key(
                    fk(
                        (EventConcern::Table, EventConcern::EventId),
                        (TimelineEvent::Table, TimelineEvent::Id),
                    )
                    .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        for index in [
            index(SourceConflict::Table, &["slug"], true),
            index(SourceConflict::Table, &["topic"], false),
            index(ConflictConcern::Table, &["record_id"], false),
            index(EventConcern::Table, &["record_id"], false),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        table::drop(manager, EventConcern::Table).await?;
        table::drop(manager, ConflictConcern::Table).await?;
        table::drop(manager, SourceConflict::Table).await
    }
}
