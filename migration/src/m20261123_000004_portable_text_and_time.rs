//! The same answers on every backend. Text compares and sorts by code point, as SQLite does
//! (PostgreSQL `COLLATE "C"`, MySQL/MariaDB `utf8mb4_bin`): otherwise "PROGRESS" sorts after
//! "Pharmacogenomics" on one backend and before it on another, cursors differ, and MySQL's
//! case-insensitive default would make `Hub:East` and `Hub:east` one key. MySQL/MariaDB also keep
//! microseconds in times, as the others do, so that `changes(since:)` sees every change.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &[
    "region",
    "trust",
    "hub",
    "hub_region",
    "alliance",
    "alliance_region",
    "transformation_project",
    "project_participant",
    "training_course",
    "api_token",
    "change_log",
];

/// MySQL/MariaDB time columns: (table, column, nullable).
const TIMES: &[(&str, &str, bool)] = &[
    ("change_log", "at", false),
    ("api_token", "created_at", false),
    ("api_token", "revoked_at", true),
];

/// The text columns of our tables on PostgreSQL, with their declared lengths.
async fn postgres_text_columns(
    manager: &SchemaManager<'_>,
) -> Result<Vec<(String, String, Option<i32>)>, DbErr> {
    let list = TABLES
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let rows = manager
        .get_connection()
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            format!(
                "SELECT table_name::text AS t, column_name::text AS c, character_maximum_length AS n \
                 FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name IN ({list}) \
                 AND data_type IN ('character varying', 'text') ORDER BY t, c"
            ),
        ))
        .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("", "t")?,
                row.try_get("", "c")?,
                row.try_get("", "n")?,
            ))
        })
        .collect()
}

async fn postgres_collate(manager: &SchemaManager<'_>, collation: &str) -> Result<(), DbErr> {
    for (table, column, length) in postgres_text_columns(manager).await? {
        let kind = match length {
            Some(n) => format!("varchar({n})"),
            None => "text".to_owned(),
        };
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" TYPE {kind} COLLATE {collation}"
            ))
            .await?;
    }
    Ok(())
}

async fn mysql(manager: &SchemaManager<'_>, collation: &str, time: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for table in TABLES {
        db.execute_unprepared(&format!(
            "ALTER TABLE `{table}` CONVERT TO CHARACTER SET utf8mb4{collation}"
        ))
        .await?;
    }
    for (table, column, nullable) in TIMES {
        let null = if *nullable { "NULL" } else { "NOT NULL" };
        db.execute_unprepared(&format!(
            "ALTER TABLE `{table}` MODIFY `{column}` {time} {null}"
        ))
        .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DbBackend::Postgres => postgres_collate(manager, "\"C\"").await,
            DbBackend::MySql => mysql(manager, " COLLATE utf8mb4_bin", "DATETIME(6)").await,
            _ => Ok(()),
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DbBackend::Postgres => postgres_collate(manager, "\"default\"").await,
            DbBackend::MySql => mysql(manager, "", "DATETIME").await,
            _ => Ok(()),
        }
    }
}
