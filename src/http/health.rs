//! /healthz (the process answers), /readyz (the database answers) and /metrics.

use std::time::Duration;

use axum::{
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use crate::code::Code;
use crate::config::MetricsAccess;
use crate::error::AppError;

use super::AppState;
use super::auth::{Caller, access, authorization, refusal};
use super::errors::HttpError;
use super::rate_limit::Peer;

/// Alive: the process answers.
pub(super) async fn healthz() -> &'static str {
    "ok"
}

/// Ready: the database answers, within two seconds.
pub(super) async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), state.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready").into_response(),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the database is not reachable",
        )
            .into_response(),
    }
}

pub(super) async fn metrics(
    State(state): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
) -> Response {
    match state.options.metrics {
        MetricsAccess::Open => {}
        MetricsAccess::Off => {
            return HttpError::new(StatusCode::NOT_FOUND, Code::NotFound, "no metrics here")
                .into_response();
        }
        MetricsAccess::Token => {
            let authorization = authorization(&headers).ok_or_else(|| {
                AppError::Unauthenticated(
                    "/metrics needs a token: send `Authorization: Bearer <token>`".into(),
                )
            });
            match authorization {
                Ok(authorization) => {
                    let caller = Caller {
                        authorization: Some(authorization),
                        peer,
                    };
                    if let Err(err) = access(&state, caller, 1).await {
                        return refusal(err);
                    }
                }
                Err(err) => return refusal(err),
            }
        }
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4"),
        )],
        state.metrics.render(&state.db),
    )
        .into_response()
}
