//! PostgreSQL: the data version is bumped once per writing transaction, not once per writing
//! statement, and its table is compacted.
//!
//! Every update of a row leaves its old version behind until the transaction that wrote it has
//! ended; only then can PostgreSQL prune it. A transaction of many writing statements (the seed
//! writes the whole network in one) updated its shard once per statement, and each version stayed
//! on disk: after a seed, the 16-row table filled about a hundred pages, and every read of the
//! version (one per request the response cache answers) scanned all of them, for as long as no
//! VACUUM ran.
//!
//! The trigger now notes in a transaction-local setting that its transaction has bumped the
//! count, and does nothing on later statements. The setting follows the transaction's own
//! fate: a savepoint rolled back takes the bump and the note with it, and the next writing
//! statement bumps again. The version still changes exactly when the transaction commits, and a
//! transaction still takes its shard's row before any row of the data.
//!
//! The table is then rewritten with the counts it holds, so a database seeded before this
//! migration reads one page again. Nothing here on SQLite or MySQL/MariaDB.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TRIGGER: &str = crate::table::DATA_VERSION_TRIGGER;

/// The rows the count is spread over, as `m20261124_000005_data_version` made them.
const SHARDS: u32 = 16;

/// The transaction-local setting that says this transaction has bumped its shard.
const BUMPED: &str = "gms.data_version_bumped";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN
                   IF current_setting('{BUMPED}', true) IS DISTINCT FROM 'yes' THEN
                     UPDATE gms_data_version SET writes = writes + 1
                       WHERE shard = (pg_current_xact_id()::text::bigint % {SHARDS});
                     PERFORM set_config('{BUMPED}', 'yes', true);
                   END IF;
                   RETURN NULL;
                 END $$;
                 LOCK TABLE gms_data_version IN ACCESS EXCLUSIVE MODE;
                 CREATE TEMPORARY TABLE gms_data_version_counts ON COMMIT DROP AS
                   SELECT shard, writes FROM gms_data_version;
                 TRUNCATE gms_data_version;
                 INSERT INTO gms_data_version SELECT shard, writes FROM gms_data_version_counts;"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN
                   UPDATE gms_data_version SET writes = writes + 1
                     WHERE shard = (pg_current_xact_id()::text::bigint % {SHARDS});
                   RETURN NULL;
                 END $$;"
            ))
            .await?;
        Ok(())
    }
}
