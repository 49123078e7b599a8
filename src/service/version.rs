//! What the database has committed, as a value that differs whenever anything has committed a
//! change since, whoever wrote it: this process, another replica, or the command line.
//!
//! - PostgreSQL: the count of writes that triggers keep in `gms_data_version` (see the migration
//!   `m20261124_000005_data_version`), bumped inside each writing transaction, so that it changes
//!   exactly when the transaction's data becomes visible.
//! - A SQLite file: `PRAGMA data_version` on a read-only connection of its own, which never
//!   writes, so that every commit to the file is another connection's and changes the value.
//! - MySQL/MariaDB and an in-memory SQLite database: none; nothing built on this works there.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use crate::error::{AppError, AppResult};

/// The committed state of the database at one moment; equal values, equal data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Version {
    Writes(i64),
    DataVersion(i64),
}

/// Reads the [`Version`] of one database.
pub enum Versions {
    Postgres(DatabaseConnection),
    SqliteFile(Mutex<Connection>),
}

impl Versions {
    /// The reader for `db`, whose SQLite file, if it has one, is `sqlite_file`; `None` where the
    /// backend has no such version.
    pub fn open(db: &DatabaseConnection, sqlite_file: Option<&Path>) -> AppResult<Option<Self>> {
        match (db.get_database_backend(), sqlite_file) {
            (DbBackend::Postgres, _) => Ok(Some(Self::Postgres(db.clone()))),
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
    pub async fn current(&self) -> AppResult<Version> {
        match self {
            Self::Postgres(db) => {
                let row = db
                    .query_one_raw(Statement::from_string(
                        DbBackend::Postgres,
                        "SELECT sum(writes)::bigint FROM gms_data_version",
                    ))
                    .await?
                    .ok_or_else(|| AppError::Internal("no data version from PostgreSQL".into()))?;
                Ok(Version::Writes(row.try_get_by_index::<i64>(0)?))
            }
            Self::SqliteFile(connection) => {
                let connection = connection
                    .lock()
                    .map_err(|_| AppError::Internal("the data version reader panicked".into()))?;
                connection
                    .prepare_cached("PRAGMA data_version")
                    .and_then(|mut statement| statement.query_row([], |row| row.get(0)))
                    .map(Version::DataVersion)
                    .map_err(|err| AppError::Internal(format!("PRAGMA data_version: {err}")))
            }
        }
    }
}
