//! Every migration has a working `down`.

use gms_graph::{config::DatabaseConfig, db, seed};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DbBackend};

use crate::backend::TestDatabase;

#[tokio::test]
async fn migrations_go_down_and_up_again() {
    let database = TestDatabase::create().await;
    let db = db::connect(&DatabaseConfig::new(&database.url))
        .await
        .expect("connect");
    Migrator::up(&db, None).await.expect("up");
    seed::seed_if_empty(&db).await.expect("seed");

    Migrator::down(&db, None).await.expect("down");
    let backend = db.get_database_backend();
    let list = match backend {
        DbBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations'"
        }
        DbBackend::Postgres => {
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'seaql_migrations'"
        }
        _ => {
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name <> 'seaql_migrations'"
        }
    };
    let tables = db
        .query_all_raw(sea_orm::Statement::from_string(backend, list))
        .await
        .expect("list tables");
    assert!(tables.is_empty(), "down leaves no tables behind");

    Migrator::up(&db, None).await.expect("up again");
    let report = seed::seed_if_empty(&db)
        .await
        .expect("seed again")
        .expect("seeded");
    assert!(report.inserted > 50);
}

/// Replicas starting together on one empty database: all of them migrate and come up.
#[tokio::test]
async fn replicas_migrating_together_take_turns() {
    let database = TestDatabase::create().await;
    let config = DatabaseConfig::new(&database.url);
    let starts = (0..4).map(|_| gms_graph::startup::connect_and_migrate(&config));
    let dbs = futures_util::future::join_all(starts).await;
    for db in dbs {
        let db = db.unwrap_or_else(|err| panic!("a replica failed to migrate: {err:#}"));
        seed::seed_if_empty(&db).await.expect("seed");
        db.close().await.ok();
    }
}

/// The tables no answer is read from: the migrations' own, the data version's, and tokens
/// (checked per request, answering nothing).
const UNREAD: &[&str] = &["seaql_migrations", "gms_data_version", "api_token"];

async fn rows(db: &sea_orm::DatabaseConnection, sql: &str) -> Vec<String> {
    db.query_all_raw(sea_orm::Statement::from_string(
        db.get_database_backend(),
        sql,
    ))
    .await
    .unwrap_or_else(|err| panic!("{sql}: {err}"))
    .iter()
    .map(|row| row.try_get_by_index::<String>(0).expect("a name"))
    .collect()
}

/// On PostgreSQL every table an answer reads from bumps the data version on every write;
/// one that did not would leave kept answers stale after a write to it.
#[tokio::test]
async fn every_table_answers_read_from_bumps_the_data_version() {
    if crate::backend::backend() != DbBackend::Postgres {
        return; // the data version is PostgreSQL's; SQLite has its own, MySQL none
    }
    let database = TestDatabase::create().await;
    let db = db::connect(&DatabaseConfig::new(&database.url))
        .await
        .expect("connect");
    Migrator::up(&db, None).await.expect("up");
    let tables = rows(
        &db,
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1",
    )
    .await;
    let triggered = rows(
        &db,
        &format!(
            "SELECT c.relname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
             WHERE t.tgname = '{}' ORDER BY 1",
            migration::table::DATA_VERSION_TRIGGER
        ),
    )
    .await;
    let missing: Vec<&String> = tables
        .iter()
        .filter(|t| !UNREAD.contains(&t.as_str()) && !triggered.contains(t))
        .collect();
    assert!(tables.len() > UNREAD.len(), "tables: {tables:?}");
    assert!(
        missing.is_empty(),
        "tables without the data-version trigger: {missing:?}"
    );
}

/// A table made by the shared helper gets, on each backend, what the older migrations gave
/// theirs one by one: code-point text, and on PostgreSQL the data-version trigger.
#[tokio::test]
async fn a_new_table_gets_the_collation_and_the_trigger() {
    use migration::{Alias, ColumnDef, SchemaManager, Table, table};

    let database = TestDatabase::create().await;
    let db = db::connect(&DatabaseConfig::new(&database.url))
        .await
        .expect("connect");
    Migrator::up(&db, None).await.expect("up");
    let manager = SchemaManager::new(&db);
    let name = "scratch_kind";
    table::create(
        &manager,
        Table::create()
            .table(Alias::new(name))
            .col(
                ColumnDef::new(Alias::new("id"))
                    .integer()
                    .not_null()
                    .auto_increment()
                    .primary_key(),
            )
            .col(
                ColumnDef::new(Alias::new("slug"))
                    .string()
                    .not_null()
                    .unique_key(),
            )
            .col(table::version())
            .to_owned(),
    )
    .await
    .expect("create through the helper");
    let backend = db.get_database_backend();
    db.execute_unprepared(&format!(
        "INSERT INTO {name} (slug) VALUES ('b'), ('B'), ('a')"
    ))
    .await
    .expect("rows differing in case are different keys");
    let order = rows(&db, &format!("SELECT slug FROM {name} ORDER BY slug")).await;
    assert_eq!(order, ["B", "a", "b"], "text sorts by code point");
    let version = rows(
        &db,
        &format!("SELECT CAST(version AS CHAR(4)) FROM {name} LIMIT 1"),
    )
    .await;
    assert_eq!(version.first().map(|v| v.trim()), Some("1"));
    if backend == DbBackend::Postgres {
        let before = rows(&db, "SELECT SUM(writes)::text FROM gms_data_version").await;
        db.execute_unprepared(&format!("UPDATE {name} SET version = version + 1"))
            .await
            .expect("update");
        let after = rows(&db, "SELECT SUM(writes)::text FROM gms_data_version").await;
        assert_ne!(
            before, after,
            "a write to the new table bumps the data version"
        );
    }
    table::drop(&manager, Alias::new(name)).await.expect("drop");
}

/// On PostgreSQL a transaction bumps the data version once, however many statements it writes.
/// Bumped once per statement, a transaction of many (the seed writes the whole network in one)
/// left an old row version behind per statement, and every read of the version scanned them all.
/// A savepoint rolled back takes its bump with it, and the transaction's next write bumps again;
/// a value of the note set beforehand in the session does not turn the bump off.
#[tokio::test]
async fn a_transaction_bumps_the_data_version_once() {
    if crate::backend::backend() != DbBackend::Postgres {
        return; // the data version is PostgreSQL's; SQLite has its own, MySQL none
    }
    // Under the migrations before the one that bumps once per transaction, a seed leaves the
    // table on several pages (what the page count below would show).
    let before = TestDatabase::create().await;
    let db = db::connect(&DatabaseConfig::new(&before.url))
        .await
        .expect("connect");
    let before_once = Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261207_000014_data_version_once_per_transaction")
        .expect("the migration");
    Migrator::up(&db, Some(u32::try_from(before_once).expect("a count")))
        .await
        .expect("up to the one before");
    seed::seed_if_empty(&db)
        .await
        .expect("seed")
        .expect("seeded");
    let bloated: u64 = pages(&db).await[0].parse().expect("pages");
    assert!(bloated > 1, "the old trigger left {bloated} page(s)");

    // One connection: every transaction below follows the last on the same session, so a note
    // that outlived its transaction would show.
    let database = TestDatabase::create().await;
    let one = DatabaseConfig {
        db_max_connections: Some(1),
        ..DatabaseConfig::new(&database.url)
    };
    let db = db::connect(&one).await.expect("connect");
    Migrator::up(&db, None).await.expect("up");
    seed::seed_if_empty(&db)
        .await
        .expect("seed")
        .expect("seeded");
    assert_eq!(pages(&db).await, ["1"], "a seed leaves one page");
    let seeded = write_count(&db).await;

    let statements = "UPDATE region SET version = version; ".repeat(200);
    let after_many = count_after(&db, &format!("BEGIN; {statements} COMMIT;")).await;
    assert_eq!(after_many, seeded + 1);
    assert_eq!(pages(&db).await, ["1"], "200 writes leave one page");

    let after_savepoint = count_after(
        &db,
        "BEGIN; SAVEPOINT s; UPDATE region SET version = version; ROLLBACK TO SAVEPOINT s; \
         UPDATE trust SET version = version; COMMIT;",
    )
    .await;
    assert_eq!(
        after_savepoint,
        seeded + 2,
        "the write after the rolled-back savepoint bumps the version"
    );

    let after_preset = count_after(
        &db,
        "SET gms.data_version_bumped_by = 'yes'; UPDATE region SET version = version;",
    )
    .await;
    assert_eq!(after_preset, seeded + 3, "a preset note bumps all the same");
}

/// The data version's count of writes, over every shard (PostgreSQL).
async fn write_count(db: &sea_orm::DatabaseConnection) -> i64 {
    writes(db).await[0].parse().expect("a count")
}

/// [`write_count`] after `sql` has run.
async fn count_after(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    db.execute_unprepared(sql)
        .await
        .unwrap_or_else(|err| panic!("{sql}: {err}"));
    write_count(db).await
}

/// The pages the data version's table takes on disk (PostgreSQL).
async fn pages(db: &sea_orm::DatabaseConnection) -> Vec<String> {
    rows(
        db,
        "SELECT (pg_relation_size('gms_data_version') \
         / current_setting('block_size')::bigint)::text",
    )
    .await
}

/// The data version's count (PostgreSQL).
async fn writes(db: &sea_orm::DatabaseConnection) -> Vec<String> {
    rows(db, "SELECT SUM(writes)::text FROM gms_data_version").await
}
