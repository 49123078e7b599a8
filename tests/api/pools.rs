//! The pools, set explicitly: on SQLite, WAL, synchronous=NORMAL, a busy timeout and foreign
//! keys on every connection, and writes through a writer of one connection.

use std::io::Write;

use gms_graph::config::DatabaseConfig;
use gms_graph::db;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use crate::backend::{TestDatabase, backend};

async fn pragma(db: &DatabaseConnection, name: &str) -> String {
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!("PRAGMA {name}"),
        ))
        .await
        .expect("pragma")
        .expect("a row");
    row.try_get_by_index::<String>(0)
        .or_else(|_| row.try_get_by_index::<i64>(0).map(|n| n.to_string()))
        .expect("a value")
}

#[tokio::test]
async fn sqlite_connections_are_tuned_and_writes_have_one_connection() {
    if backend() != DbBackend::Sqlite {
        writeln!(
            std::io::stderr(),
            "pools: the SQLite tuning is checked in the SQLite run"
        )
        .ok();
        return;
    }
    let database = TestDatabase::create().await;
    let mut config = DatabaseConfig::new(&database.url);
    config.db_max_connections = Some(3);
    config.db_timeout_secs = 7;
    let read = db::connect(&config).await.expect("connect");
    let pools = db::pools(&config, read).await.expect("pools");
    for (name, pool) in [("read", &pools.read), ("write", &pools.write)] {
        assert_eq!(pragma(pool, "journal_mode").await, "wal", "{name}");
        assert_eq!(pragma(pool, "synchronous").await, "1", "{name}: NORMAL");
        assert_eq!(pragma(pool, "foreign_keys").await, "1", "{name}");
        assert_eq!(pragma(pool, "busy_timeout").await, "5000", "{name}");
    }
    let read = pools.read.get_sqlite_connection_pool();
    let write = pools.write.get_sqlite_connection_pool();
    assert_eq!(read.options().get_max_connections(), 3);
    assert_eq!(write.options().get_max_connections(), 1, "one writer");
    assert_eq!(
        read.options().get_acquire_timeout(),
        std::time::Duration::from_secs(7)
    );
    // A server's: a request waits for a connection for up to its time limit, not less.
    let server = DatabaseConfig {
        db_max_connections: None,
        statement_timeout: Some(std::time::Duration::from_secs(30)),
        ..config
    };
    let read = db::connect(&server).await.expect("connect");
    let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
    let read = read.get_sqlite_connection_pool();
    assert_eq!(
        read.options().get_max_connections() as usize,
        cpus.clamp(2, 8),
        "one reader per CPU"
    );
    assert_eq!(
        read.options().get_acquire_timeout(),
        std::time::Duration::from_secs(30)
    );
}
