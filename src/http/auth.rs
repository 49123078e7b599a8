//! A request's credentials, from its `Authorization` header or a WebSocket's `connection_init`.

use axum::response::IntoResponse as _;
use axum::{
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::Response,
};

use crate::code::Code;
use crate::error::AppError;
use crate::graphql::access::Access;
use crate::service::auth;

use super::AppState;
use super::errors::HttpError;

pub(super) fn authorization(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or(""))
}

/// The request's credentials: none, or a live bearer token. A token that is not valid is refused
/// outright rather than ignored, and so is a request without one when reads need one.
pub(super) async fn access(
    state: &AppState,
    authorization: Option<&str>,
) -> Result<Access, AppError> {
    let Some(value) = authorization else {
        return if state.options.require_auth {
            Err(AppError::Unauthenticated(
                "this server needs a token: send `Authorization: Bearer <token>`".into(),
            ))
        } else {
            Ok(Access::Anonymous)
        };
    };
    // The scheme is case-insensitive (RFC 9110, 11.1).
    let token = value
        .trim_start()
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .ok_or_else(|| {
            AppError::Unauthenticated("the Authorization header must be `Bearer <token>`".into())
        })?;
    match auth::authenticate(&state.db, token).await? {
        Some(principal) => Ok(Access::Token(principal)),
        None => Err(AppError::Unauthenticated("the token is not valid".into())),
    }
}

/// 401 with a GraphQL error body (500 if the check itself failed, without its details).
pub(super) fn unauthenticated(err: AppError) -> Response {
    let mut response = match &err {
        AppError::Unauthenticated(message) => {
            HttpError::new(StatusCode::UNAUTHORIZED, err.code(), message.clone()).into_response()
        }
        other if other.is_unavailable() => {
            tracing::warn!(error = %other.detail(), "cannot check a token");
            HttpError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                Code::ServiceUnavailable,
                "the database is out of reach at the moment; try again shortly",
            )
            .into_response()
        }
        other => {
            tracing::error!(error = %other.detail(), "cannot check a token");
            HttpError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                Code::InternalServerError,
                "internal server error",
            )
            .into_response()
        }
    };
    if response.status() == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}
