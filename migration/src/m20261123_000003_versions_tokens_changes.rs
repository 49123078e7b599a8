//! Safe writes: a `version` on every record (optimistic concurrency), API tokens (only their
//! hashes), and the change log that every write appends to in its own transaction.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const VERSIONED: &[&str] = &[
    "region",
    "trust",
    "hub",
    "alliance",
    "transformation_project",
    "training_course",
];

#[derive(DeriveIden)]
enum ApiToken {
    Table,
    Id,
    Name,
    Role,
    TokenHash,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ChangeLog {
    Table,
    Id,
    At,
    TokenId,
    Actor,
    EntityType,
    EntityId,
    Action,
    Version,
    Before,
    After,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in VERSIONED {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(*table))
                        .add_column(integer(Alias::new("version")).default(1))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ApiToken::Table)
                    .col(pk_auto(ApiToken::Id))
                    .col(string(ApiToken::Name))
                    .col(string_len(ApiToken::Role, 16))
                    .col(string_len(ApiToken::TokenHash, 64))
                    .col(date_time(ApiToken::CreatedAt))
                    .col(date_time_null(ApiToken::RevokedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_api_token_hash")
                    .table(ApiToken::Table)
                    .col(ApiToken::TokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ChangeLog::Table)
                    .col(pk_auto(ChangeLog::Id))
                    .col(date_time(ChangeLog::At))
                    .col(integer_null(ChangeLog::TokenId))
                    .col(string(ChangeLog::Actor))
                    .col(string_len(ChangeLog::EntityType, 32))
                    .col(string(ChangeLog::EntityId))
                    .col(string_len(ChangeLog::Action, 16))
                    .col(integer(ChangeLog::Version))
                    .col(json_null(ChangeLog::Before))
                    .col(json_null(ChangeLog::After))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_change_log_token")
                            .from(ChangeLog::Table, ChangeLog::TokenId)
                            .to(ApiToken::Table, ApiToken::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "ix_change_log_entity",
                &[ChangeLog::EntityId, ChangeLog::Id][..],
            ),
            ("ix_change_log_at", &[ChangeLog::At, ChangeLog::Id][..]),
            ("ix_change_log_token", &[ChangeLog::TokenId][..]),
        ] {
            let mut index = Index::create();
            index.name(name).table(ChangeLog::Table);
            for col in cols {
                index.col(*col);
            }
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChangeLog::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ApiToken::Table).to_owned())
            .await?;
        for table in VERSIONED {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(*table))
                        .drop_column(Alias::new("version"))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
