//! Every migration has a working `down`.

use gms_graph::{config::DatabaseConfig, db, seed};
use migration::{Migrator, MigratorTrait};
use sea_orm::ConnectionTrait;

#[tokio::test]
async fn migrations_go_down_and_up_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("gms.db").display());
    let db = db::connect(&DatabaseConfig::new(&url))
        .await
        .expect("connect");
    Migrator::up(&db, None).await.expect("up");
    seed::seed_if_empty(&db).await.expect("seed");

    Migrator::down(&db, None).await.expect("down");
    let tables = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations'",
        ))
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
