//! PostgreSQL: the data version is bumped once per writing transaction, not once per writing
//! statement.
//!
//! Every update of a row leaves its old version behind until the transaction that wrote it has
//! ended; only then can PostgreSQL prune it. A transaction of many writing statements (the seed
//! writes the whole network in one, about 900 statements) updated its shard once per statement,
//! and each old version stayed on disk: after a seed the 16-row table took 5 pages, and every read
//! of the version scanned them all until a VACUUM ran.
//!
//! The trigger now notes in a transaction-local setting the id of the transaction that has bumped
//! the count, and does nothing on that transaction's later statements. The setting follows the
//! transaction's own fate: a savepoint rolled back takes the bump and the note with it, and the
//! next writing statement bumps again. A value set beforehand in the session or for the role
//! cannot match a transaction's id, so it cannot turn the bump off. The version still changes
//! exactly when the transaction commits, and a transaction still takes its shard's row before any
//! row of the data.
//!
//! A table a seed left on several pages stays so until VACUUM (autovacuum does it); this migration
//! takes no lock on it. Nothing here on SQLite or MySQL/MariaDB.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TRIGGER: &str = crate::table::DATA_VERSION_TRIGGER;

/// The rows the count is spread over, as `m20261124_000005_data_version` made them.
const SHARDS: u32 = 16;

/// The transaction-local setting that holds the id of the transaction that bumped its shard.
const BUMPED: &str = "gms.data_version_bumped_by";

/// Replaces the bump function's body on PostgreSQL (`body`: its declarations and its block);
/// nothing elsewhere.
async fn replace_bump(manager: &SchemaManager<'_>, body: &str) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    manager
        .get_connection()
        .execute_unprepared(&format!(
            "CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ {body} $$;"
        ))
        .await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace_bump(
            manager,
            &format!(
                "DECLARE
                   this text := pg_current_xact_id()::text;
                 BEGIN
                   IF current_setting('{BUMPED}', true) IS DISTINCT FROM this THEN
                     UPDATE gms_data_version SET writes = writes + 1
                       WHERE shard = (this::bigint % {SHARDS});
                     PERFORM set_config('{BUMPED}', this, true);
                   END IF;
                   RETURN NULL;
                 END"
            ),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace_bump(
            manager,
            &format!(
                "BEGIN
                   UPDATE gms_data_version SET writes = writes + 1
                     WHERE shard = (pg_current_xact_id()::text::bigint % {SHARDS});
                   RETURN NULL;
                 END"
            ),
        )
        .await
    }
}
