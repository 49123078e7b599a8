//! The one error type of the library, and its mapping to GraphQL error codes.
//!
//! `AppError` deliberately has no `Display`: that keeps async-graphql's blanket
//! `From<T: Display>` away from it, so that `?` in a resolver always goes through the mapping
//! below and every error a client sees carries `extensions.code`.

use crate::code::Code;
use std::sync::Arc;

use async_graphql::ErrorExtensions;
use sea_orm::DbErr;

/// What can go wrong while serving a request. Cloneable, so that a DataLoader can hand the same
/// failure to every field that waited on its batch.
#[derive(Clone, Debug)]
pub enum AppError {
    /// The request's arguments are wrong; the message says which and how.
    BadUserInput(String),
    /// One input field is wrong: its path (e.g. `input.title`) and why.
    Invalid { field: String, message: String },
    /// No credentials, or credentials that are not valid.
    Unauthenticated(String),
    /// The client has made more requests, or failed more authentications, than it may for now;
    /// it may try again after `retry_after`.
    RateLimited {
        message: String,
        retry_after: std::time::Duration,
    },
    /// Valid credentials whose role may not do this.
    Forbidden(String),
    /// The request clashes with the data: a stale version, a duplicate key, a record still
    /// referenced.
    Conflict(String),
    /// What the request names does not exist.
    NotFound(String),
    /// The database failed. Logged once; clients see a generic message.
    Database(Arc<DbErr>),
    /// Data that the database's constraints should have ruled out (a dangling reference).
    Internal(String),
}

impl AppError {
    /// A record's stored sources that are not a JSON list of strings.
    pub fn stored(err: serde_json::Error) -> Self {
        Self::Internal(format!("stored sources are not a list of strings: {err}"))
    }

    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::BadUserInput(message.into())
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The `extensions.code` a client sees.
    pub fn code(&self) -> Code {
        match self {
            Self::BadUserInput(_) | Self::Invalid { .. } => Code::BadUserInput,
            Self::Unauthenticated(_) => Code::Unauthenticated,
            Self::RateLimited { .. } => Code::RateLimited,
            Self::Forbidden(_) => Code::Forbidden,
            Self::Conflict(_) => Code::Conflict,
            Self::NotFound(_) => Code::NotFound,
            Self::Database(err) if unreachable(err) => Code::ServiceUnavailable,
            Self::Database(err) if stopped_at_deadline(err) => Code::Timeout,
            Self::Database(err) if crate::db::is_over_row_limit(err) => Code::TooManyRows,
            Self::Database(_) | Self::Internal(_) => Code::InternalServerError,
        }
    }

    /// Whether the database could not be reached: worth retrying in a moment.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Database(err) if unreachable(err))
    }

    /// The message for logs and the command line, with the cause.
    pub fn detail(&self) -> String {
        match self {
            Self::BadUserInput(message)
            | Self::Unauthenticated(message)
            | Self::Forbidden(message)
            | Self::Conflict(message)
            | Self::NotFound(message)
            | Self::RateLimited { message, .. } => message.clone(),
            Self::Invalid { field, message } => format!("{field}: {message}"),
            Self::Database(err) => format!("database error: {err}"),
            Self::Internal(message) => format!("internal error: {message}"),
        }
    }
}

/// Whether a database error means the database is out of reach (no connection, a connection
/// lost, a server shutting down) rather than that a statement failed.
fn unreachable(err: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, sqlx};
    let runtime = match err {
        DbErr::ConnectionAcquire(_) => return true,
        DbErr::Conn(e) | DbErr::Exec(e) | DbErr::Query(e) => e,
        _ => return false,
    };
    let RuntimeErr::SqlxError(err) = runtime else {
        return matches!(err, DbErr::Conn(_));
    };
    match err.as_ref() {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Tls(_) => true,
        // SQLSTATE classes 08 (connection exception) and 57P (operator intervention, e.g. the
        // server shutting down or the connection terminated), and 55000 when the database no
        // longer allows connections.
        sqlx::Error::Database(e) => e
            .code()
            .is_some_and(|c| c.starts_with("08") || c.starts_with("57P") || c == "55000"),
        _ => false,
    }
}

/// Whether the database stopped a statement because its request ran out of time (see
/// `db::connect`): PostgreSQL's `statement_timeout` (SQLSTATE 57014), MariaDB's
/// `max_statement_time` and MySQL's `max_execution_time` (70100, 3024), SQLite interrupted by
/// the request's deadline.
fn stopped_at_deadline(err: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, sqlx};
    let (DbErr::Exec(RuntimeErr::SqlxError(err)) | DbErr::Query(RuntimeErr::SqlxError(err))) = err
    else {
        return false;
    };
    let sqlx::Error::Database(e) = err.as_ref() else {
        return false;
    };
    let message = e.message();
    e.code()
        .is_some_and(|c| c == "57014" || c == "70100" || c == "HY000" && message.contains("max_"))
        || message.contains("interrupted")
        || message.contains("maximum statement execution time exceeded")
}

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        Self::Database(Arc::new(err))
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        let message = match &err {
            AppError::Database(_) if err.is_unavailable() => {
                tracing::warn!(error = %err.detail(), "the database is out of reach");
                "the database is out of reach at the moment; try again shortly".to_owned()
            }
            AppError::Database(_) if err.code() == Code::Timeout => {
                "the request ran out of time and its statement was stopped".to_owned()
            }
            AppError::Database(_) if err.code() == Code::TooManyRows => {
                "the request would read more rows than one request may (--max-rows); ask for \
                 smaller pages or fewer lists"
                    .to_owned()
            }
            AppError::Database(_) | AppError::Internal(_) => {
                tracing::error!(error = %err.detail(), "request failed");
                "internal server error".to_owned()
            }
            other => other.detail(),
        };
        let code = err.code();
        let field = match &err {
            AppError::Invalid { field, .. } => Some(field.clone()),
            _ => None,
        };
        async_graphql::Error::new(message).extend_with(|_, ext| {
            ext.set("code", code);
            if let Some(field) = &field {
                ext.set("field", field.as_str());
            }
        })
    }
}

pub type AppResult<T> = Result<T, AppError>;
