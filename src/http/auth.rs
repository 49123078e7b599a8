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
use super::rate_limit::{Peer, Refused, retry_seconds};

pub(super) fn authorization(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or(""))
}

/// Who is asking: a request's `Authorization`, if any, and the address it came from.
#[derive(Clone, Copy, Debug)]
pub(super) struct Caller<'a> {
    pub authorization: Option<&'a str>,
    pub peer: Peer,
}

impl<'a> Caller<'a> {
    pub(super) fn new(headers: &'a HeaderMap, peer: Peer) -> Self {
        Self {
            authorization: authorization(headers),
            peer,
        }
    }
}

/// The request's credentials: none, or a live bearer token. A token that is not valid is refused
/// outright rather than ignored, and so is a request without one when reads need one. The
/// request then takes `cost` (its operations) from the allowance of its token, or of its
/// address without one (see [`super::rate_limit`]); an address that has failed to authenticate
/// too often may not try a token for a while.
pub(super) async fn access(
    state: &AppState,
    caller: Caller<'_>,
    cost: u32,
) -> Result<Access, AppError> {
    let Peer(peer) = caller.peer;
    let Some(value) = caller.authorization else {
        if state.options.require_auth {
            return Err(AppError::Unauthenticated(
                "this server needs a token: send `Authorization: Bearer <token>`".into(),
            ));
        }
        limited(state, state.limiter.request(None, peer, cost))?;
        return Ok(Access::Anonymous);
    };
    // A failure is counted before the token is looked up, so that many tried at once cannot
    // all be looked up, and given back if the token is valid.
    limited(state, state.limiter.attempt(peer))?;
    match principal(state, value).await {
        Ok(principal) => {
            state.limiter.authenticated(peer);
            limited(
                state,
                state.limiter.request(Some(principal.token_id), peer, cost),
            )?;
            Ok(Access::Token(principal))
        }
        Err(other) => {
            if !matches!(other, AppError::Unauthenticated(_)) {
                // Not a failed authentication: the check itself failed.
                state.limiter.authenticated(peer);
            }
            Err(other)
        }
    }
}

/// A refusal counted in the metrics, as the error the client sees.
fn limited(state: &AppState, result: Result<(), Refused>) -> Result<(), AppError> {
    result.map_err(|refused| {
        state.metrics.rate_limited(refused.limit);
        refused.error()
    })
}

/// The principal of an `Authorization` header's bearer token.
async fn principal(state: &AppState, value: &str) -> Result<auth::Principal, AppError> {
    // The scheme is case-insensitive (RFC 9110, 11.1).
    let token = value
        .trim_start()
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .ok_or_else(|| {
            AppError::Unauthenticated("the Authorization header must be `Bearer <token>`".into())
        })?;
    auth::authenticate(&state.db, token)
        .await?
        .ok_or_else(|| AppError::Unauthenticated("the token is not valid".into()))
}

/// The refusal of a request whose credentials were not accepted, with a GraphQL error body:
/// 401, 429 past a rate limit (with `Retry-After`), 503 or 500 if the check itself failed
/// (without its details).
pub(super) fn refusal(err: AppError) -> Response {
    let mut response = match &err {
        AppError::Unauthenticated(message) => {
            HttpError::new(StatusCode::UNAUTHORIZED, err.code(), message.clone()).into_response()
        }
        AppError::RateLimited {
            message,
            retry_after,
        } => {
            let mut response =
                HttpError::new(StatusCode::TOO_MANY_REQUESTS, err.code(), message.clone())
                    .into_response();
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_seconds(*retry_after)),
            );
            response
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
