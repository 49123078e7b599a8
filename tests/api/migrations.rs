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
