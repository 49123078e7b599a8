//! Connecting to the database, with the pool set explicitly.

use sea_orm::{
    ConnectOptions, Database, DatabaseConnection,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
};
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
        .max_connections(config.db_max_connections.max(1))
        .connect_timeout(config.timeout())
        .acquire_timeout(config.timeout())
        .sqlx_logging(false);
    if sqlite {
        // An in-memory database lives as long as its one connection.
        if url.contains(":memory:") || url.contains("mode=memory") {
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
    Database::connect(options)
        .await
        .map_err(|source| ConnectError::Connect {
            url: redacted(url),
            source,
        })
}
