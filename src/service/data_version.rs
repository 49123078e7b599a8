//! What the database has committed, as a value that differs whenever anything has committed a
//! change since, whoever wrote it: this process, another replica, or the command line.
//!
//! - PostgreSQL: the count of writing transactions that triggers keep in `gms_data_version` (see
//!   the migrations `m20261124_000005_data_version` and
//!   `m20261207_000014_data_version_once_per_transaction`), bumped once inside each writing
//!   transaction, so that it changes exactly when the transaction's data becomes visible.
//! - A SQLite file: `PRAGMA data_version` on a read-only connection of its own, which never
//!   writes, so that every commit to the file is another connection's and changes the value.
//! - MySQL/MariaDB and an in-memory SQLite database: none; nothing built on this works there.
//!
//! On PostgreSQL the version is a round trip, so concurrent callers share reads, as a group
//! commit shares a flush: one read at a time, and a caller takes the result of the first read
//! that started after it asked. Every caller still gets a version read after it asked.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::{Connection, OpenFlags};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use crate::error::{AppError, AppResult};

/// The committed state of the database at one moment; equal values, equal data. Data versions of
/// one database compare; versions of different ones mean nothing to each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataVersion(i64);

/// Reads the [`DataVersion`] of one database.
pub enum DataVersions {
    Postgres(Shared),
    SqliteFile(Mutex<Connection>),
}

/// PostgreSQL's version, read once for every caller waiting.
pub struct Shared {
    db: DatabaseConnection,
    /// Reads started so far; a read's number is its count once started.
    started: AtomicU64,
    /// Held while a read runs, callers queueing on it in turn: the number and result of the last
    /// read that finished.
    last: tokio::sync::Mutex<Option<(u64, DataVersion)>>,
}

impl Shared {
    async fn current(&self) -> AppResult<DataVersion> {
        let asked = self.started.load(Ordering::SeqCst);
        let mut last = self.last.lock().await;
        if let Some((read, version)) = *last
            && read > asked
        {
            // That read started after this caller asked.
            return Ok(version);
        }
        let read = self.started.fetch_add(1, Ordering::SeqCst) + 1;
        let version = read_writes(&self.db).await?;
        *last = Some((read, version));
        Ok(version)
    }
}

async fn read_writes(db: &DatabaseConnection) -> AppResult<DataVersion> {
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT sum(writes)::bigint FROM gms_data_version",
        ))
        .await?
        .ok_or_else(|| AppError::Internal("no data version from PostgreSQL".into()))?;
    Ok(DataVersion(row.try_get_by_index::<i64>(0)?))
}

impl DataVersions {
    /// The reader for `db`, whose SQLite file, if it has one, is `sqlite_file`; `None` where the
    /// backend has no such version.
    pub fn open(db: &DatabaseConnection, sqlite_file: Option<&Path>) -> AppResult<Option<Self>> {
        match (db.get_database_backend(), sqlite_file) {
            (DbBackend::Postgres, _) => Ok(Some(Self::Postgres(Shared {
                db: db.clone(),
                started: AtomicU64::new(0),
                last: tokio::sync::Mutex::new(None),
            }))),
            (DbBackend::Sqlite, Some(file)) => {
                let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let connection = Connection::open_with_flags(file, flags).map_err(|err| {
                    AppError::Internal(format!(
                        "cannot open {} to read its data version: {err}",
                        file.display()
                    ))
                })?;
                Ok(Some(Self::SqliteFile(Mutex::new(connection))))
            }
            _ => Ok(None),
        }
    }

    /// The database's version now.
    pub async fn current(&self) -> AppResult<DataVersion> {
        match self {
            Self::Postgres(shared) => shared.current().await,
            Self::SqliteFile(connection) => {
                let connection = connection
                    .lock()
                    .map_err(|_| AppError::Internal("the data version reader panicked".into()))?;
                connection
                    .prepare_cached("PRAGMA data_version")
                    .and_then(|mut statement| statement.query_row([], |row| row.get(0)))
                    .map(DataVersion)
                    .map_err(|err| AppError::Internal(format!("PRAGMA data_version: {err}")))
            }
        }
    }
}
