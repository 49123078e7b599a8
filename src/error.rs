//! The one error type of the library, and its mapping to GraphQL error codes.
//!
//! `AppError` deliberately has no `Display`: that keeps async-graphql's blanket
//! `From<T: Display>` away from it, so that `?` in a resolver always goes through the mapping
//! below and every error a client sees carries `extensions.code`.

use std::sync::Arc;

use async_graphql::ErrorExtensions;
use sea_orm::DbErr;

/// What can go wrong while serving a request. Cloneable, so that a DataLoader can hand the same
/// failure to every field that waited on its batch.
#[derive(Clone, Debug)]
pub enum AppError {
    /// The request's arguments are wrong; the message says which and how.
    BadUserInput(String),
    /// The database failed. Logged once; clients see a generic message.
    Database(Arc<DbErr>),
    /// Data that the database's constraints should have ruled out (a dangling reference).
    Internal(String),
}

impl AppError {
    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::BadUserInput(message.into())
    }

    /// The `extensions.code` a client sees.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadUserInput(_) => "BAD_USER_INPUT",
            Self::Database(_) | Self::Internal(_) => "INTERNAL_SERVER_ERROR",
        }
    }

    /// The message for logs and the command line, with the cause.
    pub fn detail(&self) -> String {
        match self {
            Self::BadUserInput(message) => message.clone(),
            Self::Database(err) => format!("database error: {err}"),
            Self::Internal(message) => format!("internal error: {message}"),
        }
    }
}

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        Self::Database(Arc::new(err))
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        let message = match &err {
            AppError::BadUserInput(message) => message.clone(),
            AppError::Database(_) | AppError::Internal(_) => {
                tracing::error!(error = %err.detail(), "request failed");
                "internal server error".to_owned()
            }
        };
        let code = err.code();
        async_graphql::Error::new(message).extend_with(|_, ext| ext.set("code", code))
    }
}

pub type AppResult<T> = Result<T, AppError>;
