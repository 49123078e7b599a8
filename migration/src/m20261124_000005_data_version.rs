//! PostgreSQL: a count of committed writes for this database, kept by triggers, so that a server
//! can tell in one cheap statement whether anything has changed since it last looked (the
//! response cache serves a kept answer only while it has not). It counts every write, whoever
//! makes it: any replica, the command line, or SQL from outside.
//!
//! The count is spread over a few rows: a transaction bumps one, picked by its transaction id,
//! so concurrent writers rarely wait on each other, and the version is the sum. The triggers run
//! before each writing statement, so a transaction takes its row before any row of the data and
//! cannot deadlock on it. A table added later gets the trigger from [`crate::table::create`].
//!
//! SQLite has this built in (`PRAGMA data_version`); MySQL/MariaDB get nothing here.
//!
//! Since `m20261207_000014_data_version_once_per_transaction` the function bumps once per
//! transaction rather than once per statement.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every table an answer is read from (tokens are checked per request and answer nothing).
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
    "change_log",
];

/// Rows the count is spread over.
const SHARDS: u32 = 16;

const TRIGGER: &str = crate::table::DATA_VERSION_TRIGGER;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "CREATE TABLE gms_data_version (shard integer PRIMARY KEY, writes bigint NOT NULL);
             INSERT INTO gms_data_version SELECT s, 0 FROM generate_series(0, {last}) AS s;
             CREATE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
               UPDATE gms_data_version SET writes = writes + 1
                 WHERE shard = (pg_current_xact_id()::text::bigint % {SHARDS});
               RETURN NULL;
             END $$;",
            last = SHARDS - 1
        ))
        .await?;
        for table in TABLES {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} \
                 FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for table in TABLES {
            db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {TRIGGER} ON {table}"))
                .await?;
        }
        db.execute_unprepared(&format!(
            "DROP FUNCTION IF EXISTS {TRIGGER}(); DROP TABLE IF EXISTS gms_data_version;"
        ))
        .await?;
        Ok(())
    }
}
