//! Connecting to the database, with the pool set explicitly.

pub mod session;

pub use session::{Bounds, OnStatement, Session, is_over_row_limit};

use sea_orm::{
    ConnectOptions, Database, DatabaseConnection,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::config::DatabaseConfig;

/// Why the database could not be reached, in one line.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("unsupported database URL (expected sqlite:, postgres:// or mysql://): {0}")]
    Scheme(String),
    #[error("cannot connect to the database at {url}: {source}")]
    Connect { url: String, source: sea_orm::DbErr },
}

/// The URL without its password, for messages.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// The pools a server uses: reads share a pool; API writes go through `write`. On SQLite, which
/// takes one writer at a time, that is a pool of one connection of its own, so that writers
/// queue in the process instead of contending for the file's lock; elsewhere it is the same pool.
#[derive(Clone)]
pub struct Pools {
    pub read: DatabaseConnection,
    pub write: DatabaseConnection,
    /// The SQLite file both open, when they open one.
    pub sqlite_file: Option<PathBuf>,
    /// Told of every statement sent (see [`Pools::count_statements`]).
    pub on_statement: Option<OnStatement>,
}

impl Pools {
    /// Calls `count` with the SQL of every statement sent through either pool, or through a
    /// session holding a connection of theirs. A statement a pool sent for a traced request is
    /// a span of the request's too (see `telemetry`).
    pub fn count_statements(&mut self, count: impl Fn(&str) + Send + Sync + 'static) {
        let count: OnStatement = Arc::new(count);
        for pool in [&mut self.read, &mut self.write] {
            let count = count.clone();
            let backend = pool.get_database_backend();
            pool.set_metric_callback(move |info| {
                count(&info.statement.sql);
                crate::telemetry::statement(
                    backend,
                    &info.statement.sql,
                    info.elapsed,
                    info.failed,
                );
            });
        }
        self.on_statement = Some(count);
    }
}

impl From<DatabaseConnection> for Pools {
    /// One pool for both.
    fn from(db: DatabaseConnection) -> Self {
        Self {
            read: db.clone(),
            write: db,
            sqlite_file: None,
            on_statement: None,
        }
    }
}

fn in_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// The server's pools for `config`: `read` is `db`, and on a SQLite file a one-connection
/// writer is opened beside it.
pub async fn pools(config: &DatabaseConfig, db: DatabaseConnection) -> Result<Pools, ConnectError> {
    let url = config.database_url.as_str();
    if !url.starts_with("sqlite:") || in_memory(url) {
        return Ok(db.into());
    }
    let writer = DatabaseConfig {
        db_max_connections: Some(1),
        ..config.clone()
    };
    let file = db
        .get_sqlite_connection_pool()
        .connect_options()
        .get_filename()
        .to_owned();
    Ok(Pools {
        write: connect(&writer).await?,
        read: db,
        sqlite_file: Some(file),
        on_statement: None,
    })
}

/// How long a pooled connection may sit unused before it is checked with a ping when taken.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(1);

/// Has the database itself stop any statement that runs longer than `limit`, so that no
/// statement outlives the request that sent it by more than the request's own time limit, even
/// when the request was dropped or the server has gone. PostgreSQL: `statement_timeout`, set
/// when each connection starts. MySQL/MariaDB: `max_statement_time` (MariaDB) or
/// `max_execution_time` (MySQL) set on each new connection, with `optimizer_search_depth` 0
/// so that a statement with many nested subqueries is planned in reasonable time rather than by
/// an exhaustive search. SQLite has no such setting: a query's session interrupts its own
/// statements at its deadline (see `session`).
fn statement_timeout(options: &mut ConnectOptions, url: &str, limit: Duration) {
    let millis = limit.as_millis().max(1);
    if url.starts_with("postgres") {
        options.map_sqlx_postgres_opts(move |opts| {
            opts.options([("statement_timeout", format!("{millis}ms"))])
        });
    } else if url.starts_with("mysql") || url.starts_with("mariadb") {
        options.map_sqlx_mysql_pool_opts(move |pool| {
            pool.after_connect(move |conn, _| {
                Box::pin(async move {
                    use sea_orm::sqlx::{AssertSqlSafe, Executor};
                    let seconds = millis as f64 / 1000.0;
                    let mariadb = format!(
                        "SET SESSION max_statement_time = {seconds}, optimizer_search_depth = 0"
                    );
                    if conn.execute(AssertSqlSafe(mariadb)).await.is_err() {
                        let mysql = format!(
                            "SET SESSION max_execution_time = {millis}, optimizer_search_depth = 0"
                        );
                        conn.execute(AssertSqlSafe(mysql)).await?;
                    }
                    Ok(())
                })
            })
        });
    }
}

pub async fn connect(config: &DatabaseConfig) -> Result<DatabaseConnection, ConnectError> {
    let url = config.database_url.as_str();
    let sqlite = url.starts_with("sqlite:");
    if !(sqlite
        || ["postgres://", "postgresql://", "mysql://", "mariadb://"]
            .iter()
            .any(|s| url.starts_with(s)))
    {
        return Err(ConnectError::Scheme(redacted(url)));
    }
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(config.max_connections())
        .connect_timeout(config.timeout())
        .acquire_timeout(config.timeout())
        // A connection in steady use is not pinged each time it is taken from the pool (that was
        // a round trip per statement); one that sat idle is, as the server or a proxy may have
        // dropped it meanwhile. A connection that breaks in use is closed, not returned.
        .test_before_acquire_if_idle_for(IDLE_BEFORE_PING)
        .sqlx_logging(false);
    if sqlite {
        // A server's SQLite readers are few (one per CPU unless told): a request waits for one
        // as it waits for its turn to run (`--max-requests`), for up to its time limit, rather
        // than failing after `--db-timeout-secs` behind slower requests.
        if let Some(limit) = config.statement_timeout {
            options.acquire_timeout(limit.max(config.timeout()));
        }
        // An in-memory database lives as long as its one connection.
        if in_memory(url) {
            options
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None::<Duration>)
                .max_lifetime(None::<Duration>);
        }
        options.map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
        });
    }
    if let Some(limit) = config.statement_timeout {
        statement_timeout(&mut options, url, limit);
    }
    Database::connect(options)
        .await
        .map_err(|source| ConnectError::Connect {
            url: redacted(url),
            source,
        })
}
