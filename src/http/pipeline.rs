//! What every GraphQL request over HTTP goes through: a turn among the requests running, its
//! persisted query resolved, the response cache, the time limit, and the metrics.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use async_graphql::{Request, ServerError};
use axum::response::IntoResponse as _;
use axum::{
    body::Bytes,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::Response,
};
use serde_json::json;

use crate::code::Code;
use crate::graphql::error_codes::coded;
use crate::graphql::{Api, Outcome, access::Access};
use crate::http::responses::{Answered, Key, Lookup, Responses};
use crate::telemetry::{self, Parent, RequestSpan};

use super::AppState;
use super::errors::HttpError;

/// A turn to parse and run a GraphQL request: one of `--max-requests` permits, so that what
/// the requests in progress hold (parsed variables, rows, answers) is bounded however many
/// clients send at once. Taken once the body has arrived, so that a client sending its body
/// slowly holds a connection (bounded by `--max-connections` and `--body-timeout-secs`) but not
/// a turn. A request that waits past the request time limit is a 503 `SERVER_BUSY`.
pub(super) async fn turn(state: &AppState) -> Result<tokio::sync::OwnedSemaphorePermit, Response> {
    let wait = state.options.limits.timeout;
    match tokio::time::timeout(wait, state.running.clone().acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => {
            let mut response = HttpError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                Code::ServerBusy,
                format!(
                    "the server was busy with other requests for {} s; try again shortly",
                    wait.as_secs_f64()
                ),
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            Err(response)
        }
    }
}

/// What running a request gave: its answer, whether it ran, and whether it was a query (not a
/// mutation), for its `Cache-Control` (see `http::cache_control`).
pub(super) struct Ran {
    pub answer: Answer,
    pub ran: bool,
    pub query: bool,
}

/// Runs one GraphQL request: its persisted query resolved, on GET only a query, within the time
/// limit, counted in the metrics; answered from the response cache when it can be, and its
/// answer kept there when it is a query's. Returns what it gave, or the refusal of a request
/// that could not run here.
pub(super) async fn run(
    state: &AppState,
    access: Access,
    mut request: Request,
    read_only: bool,
    before: Option<Before>,
) -> Result<Ran, HttpError> {
    let (started, began, looked) = match before {
        Some(before) => (before.started, before.began, Some(before.looked)),
        None => (Instant::now(), SystemTime::now(), None),
    };
    // A trusted operation named by id; else an automatic persisted query, if any.
    if !state.api.resolve_trusted(&mut request)
        && let Err((code, message)) = state.persisted.resolve(&mut request)
    {
        let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
        return Ok(Ran {
            answer: Answer::Json(body),
            ran: false,
            query: true,
        });
    }
    let kind = operation_type(&state.api, &request);
    // One that is refused or does not parse counts as a query: executing it reports why.
    let query = !matches!(kind, Some("mutation" | "subscription"));
    if read_only && !query {
        return Err(HttpError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            Code::MethodNotAllowed,
            "GET runs only queries: send mutations with POST",
        ));
    }
    let operation = request
        .operation_name
        .clone()
        .or_else(|| first_operation_name(&request.query));
    super::access_log::record_operation(operation.as_deref());
    let span = state.options.telemetry.as_ref().map(|telemetry| {
        let parent = request
            .data
            .get(&std::any::TypeId::of::<Parent>())
            .and_then(|parent| parent.downcast_ref::<Parent>());
        telemetry.request(parent, began, kind, operation.as_deref())
    });
    let answering = answer(state, access, request, query, operation, started, looked);
    let (ran, outcome) = telemetry::within(span.as_ref().map(RequestSpan::scope), answering).await;
    if let Some(span) = span {
        span.end(&outcome);
    }
    Ok(ran)
}

/// What the response cache said of a request before it ran.
pub(super) enum Looked {
    /// Nothing to look in: no response cache, or a request traced (an answer with a trace is of
    /// its run alone).
    Nowhere,
    /// Asked for the first time (as far as the cache remembers): computed, and not kept, with
    /// nothing read to look it up.
    First,
    Lookup(Lookup),
}

/// What a body naming an automatic persisted query contains.
const PERSISTED: &[u8] = b"\"persistedQuery\"";

/// A request looked up in the response cache by its POST body before it was parsed, and not
/// found there: when it began, and what the cache said.
pub(super) struct Before {
    started: Instant,
    began: SystemTime,
    looked: Looked,
}

/// A POST body of one request (a JSON object), looked up in the response cache by its bytes
/// before it is parsed (the parse of a large request's variables would cost a hit more than the
/// rest of it): the answer kept, counted, logged and traced as `run` does a hit; else what the
/// cache said, for `run` to go on from. A traced request, or one naming a persisted query, is not
/// looked up here.
pub(super) async fn by_body(
    state: &AppState,
    access: &Access,
    body: &[u8],
    headers: &HeaderMap,
) -> Result<Ran, Option<Before>> {
    let Some(responses) = responses_for(state, super::graphql::trace_asked(headers)) else {
        return Err(None);
    };
    // Resolving a persisted query is what registers its text (see `persisted`), which a client
    // that sent the text again counts on: such a body is looked up once parsed.
    if memchr::memmem::find(body, PERSISTED).is_some() {
        return Err(None);
    }
    let started = Instant::now();
    let began = SystemTime::now();
    let timeout = state.options.limits.timeout;
    match look(responses, Key::of_body(access, body), timeout).await {
        Looked::Lookup(Lookup::Hit(answered)) => {
            let operation = answered.operation.clone();
            super::access_log::record_operation(operation.as_deref());
            let span = state.options.telemetry.as_ref().map(|telemetry| {
                let parent = Parent::from_headers(headers);
                telemetry.request(parent.as_ref(), began, Some("query"), operation.as_deref())
            });
            let (ran, outcome) = hit(state, answered, started);
            if let Some(span) = span {
                span.end(&outcome);
            }
            Ok(ran)
        }
        looked => Err(Some(Before {
            started,
            began,
            looked,
        })),
    }
}

/// The response cache's word on `key` (see [`Looked`]).
pub(super) async fn look(responses: &Responses, key: Key, timeout: Duration) -> Looked {
    if responses.seen_before(key.hash()) {
        Looked::Lookup(looked_up(responses, key, timeout).await)
    } else {
        Looked::First
    }
}

/// The response cache a request may be answered from and kept in: none for a traced one.
pub(super) fn responses_for(state: &AppState, traced: bool) -> Option<&Responses> {
    state.responses.as_deref().filter(|_| !traced)
}

/// The answer to an admitted request, from the response cache (looked up already, as `looked`
/// says, or now by its parsed text) or computed (and kept), counted in the metrics; and its
/// outcome.
async fn answer(
    state: &AppState,
    access: Access,
    request: Request,
    query: bool,
    operation: Option<String>,
    started: Instant,
    looked: Option<Looked>,
) -> (Ran, String) {
    let responses = responses_for(state, crate::graphql::ftv1::asked(&request.data));
    let timeout = state.options.limits.timeout;
    let looked = match (looked, responses) {
        (Some(looked), _) => looked,
        (None, Some(responses)) => look(responses, Key::of(&access, &request), timeout).await,
        (None, None) => Looked::Nowhere,
    };
    let miss = match looked {
        Looked::Nowhere => None,
        Looked::First => {
            if query {
                state.metrics.cache_lookup(false);
            }
            None
        }
        Looked::Lookup(Lookup::Hit(answered)) => return hit(state, answered, started),
        // Only a query's answer is kept: a mutation's is news once. On GET, the check above has
        // already found a query.
        Looked::Lookup(Lookup::Miss(miss)) if query => {
            state.metrics.cache_lookup(false);
            Some(miss)
        }
        // Dropped here, not when the request ends: a request waiting on this one's flight (an
        // identical mutation, say) computes its own answer now rather than after this one.
        Looked::Lookup(unkept) => {
            drop(unkept);
            None
        }
    };
    let operation_name: Option<Arc<str>> = operation.as_deref().map(Arc::from);
    let request = request.data(access);
    let response = match execute_within(&state.api, request, timeout).await {
        Outcome::Response(response) => response,
        // A planned query's answer, without errors, kept as it is.
        Outcome::Written(written) => {
            let answered = Answered {
                body: Bytes::from(written.body),
                cache_control: written.cache_control,
                operation: operation_name,
            };
            if let (Some(miss), Some(responses)) = (miss, responses) {
                responses.keep(miss, answered.clone()).await;
            }
            return kept(state, operation.as_deref(), started, answered, query);
        }
    };
    let ran = !(response.data == async_graphql::Value::Null && response.is_err());
    let outcome = crate::metrics::outcome(&response);
    let answer = match (miss, responses) {
        (Some(miss), Some(responses)) if ran && response.errors.is_empty() => {
            match serde_json::to_vec(&response) {
                Ok(body) => {
                    let answered = Answered {
                        body: Bytes::from(body),
                        cache_control: response.cache_control,
                        operation: operation_name,
                    };
                    responses.keep(miss, answered.clone()).await;
                    Answer::Kept(answered)
                }
                Err(_) => Answer::Response(response),
            }
        }
        _ => Answer::Response(response),
    };
    state
        .metrics
        .record(operation.as_deref(), &outcome, started.elapsed());
    (Ran { answer, ran, query }, outcome)
}

/// An answer found in the response cache, counted as a hit and as an "ok" answer to the
/// operation it answers.
pub(super) fn hit(state: &AppState, answered: Answered, started: Instant) -> (Ran, String) {
    state.metrics.cache_lookup(true);
    let operation = answered.operation.clone();
    kept(state, operation.as_deref(), started, answered, true)
}

/// An answer as kept (served from the response cache, or a planned query's written bytes) as the
/// request's, counted as "ok".
fn kept(
    state: &AppState,
    operation: Option<&str>,
    started: Instant,
    answered: Answered,
    query: bool,
) -> (Ran, String) {
    state.metrics.record(operation, "ok", started.elapsed());
    let ran = Ran {
        answer: Answer::Kept(answered),
        ran: true,
        query,
    };
    (ran, "ok".to_owned())
}

/// What the operation a request selects is; `None` for one that is refused or does not parse.
/// The document parsed here is the one the request then runs.
fn operation_type(api: &Api, request: &Request) -> Option<&'static str> {
    let parsed = api.document(&request.query).ok()?;
    Some(
        match parsed.operation_type(request.operation_name.as_deref())? {
            async_graphql::parser::types::OperationType::Query => "query",
            async_graphql::parser::types::OperationType::Mutation => "mutation",
            async_graphql::parser::types::OperationType::Subscription => "subscription",
        },
    )
}

/// Runs `request` on a task of its own, answered within `timeout` whatever it does: work that
/// never yields (validation, a resolver that computes) cannot stall the timeout, and the task is
/// stopped at its next turn once its answer is no longer wanted (timed out, or the client gone).
/// A panic in it is an INTERNAL_SERVER_ERROR, not a dropped connection.
pub(super) async fn execute_within(api: &Api, request: Request, timeout: Duration) -> Outcome {
    struct AbortOnDrop(tokio::task::AbortHandle);
    impl Drop for AbortOnDrop {
        fn drop(&mut self) {
            self.0.abort();
        }
    }
    let api = api.clone();
    // The task's statements are spans of the request's, if it is traced.
    let scope = telemetry::current();
    let task = tokio::spawn(telemetry::within(scope, async move {
        api.answer(request).await
    }));
    let _abort = AbortOnDrop(task.abort_handle());
    match tokio::time::timeout(timeout, task).await {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(failed)) => {
            tracing::error!(error = %failed, "a request failed");
            Outcome::Response(async_graphql::Response::from_errors(vec![coded(
                "internal server error",
                Code::InternalServerError,
            )]))
        }
        Err(_) => Outcome::Response(async_graphql::Response::from_errors(vec![timed_out(
            timeout,
        )])),
    }
}

/// The lookup of `key`, having waited (within `timeout`) for another request computing the same
/// answer: its answer if it kept one, else a second lookup, which waits no more.
pub(super) async fn looked_up(responses: &Responses, key: Key, timeout: Duration) -> Lookup {
    let wait = match responses.lookup(key).await {
        Lookup::Wait(wait) => wait,
        lookup => return lookup,
    };
    match tokio::time::timeout(timeout, wait.answer()).await {
        Ok(Ok(body)) => Lookup::Hit(body),
        Ok(Err(key)) => match responses.lookup(key).await {
            Lookup::Wait(_) => Lookup::Unknown,
            lookup => lookup,
        },
        Err(_) => Lookup::Unknown,
    }
}

/// What a request got: a GraphQL response, an error made before GraphQL ran, or a response
/// without errors as the response cache keeps it (computed now or kept from before).
pub(super) enum Answer {
    Response(async_graphql::Response),
    Json(serde_json::Value),
    Kept(Answered),
}

impl Answer {
    pub(super) fn is_clean(&self) -> bool {
        match self {
            Self::Response(response) => response.errors.is_empty(),
            Self::Json(_) => false,
            Self::Kept(_) => true,
        }
    }

    /// The cache hints of what the answer read; none for an answer made before GraphQL ran.
    pub(super) fn cache_control(&self) -> Option<async_graphql::CacheControl> {
        match self {
            Self::Response(response) => Some(response.cache_control),
            Self::Json(_) => None,
            Self::Kept(answered) => Some(answered.cache_control),
        }
    }

    pub(super) fn into_json(self) -> serde_json::Value {
        match self {
            Self::Response(response) => {
                serde_json::to_value(&response).unwrap_or_else(|_| internal_error())
            }
            Self::Json(value) => value,
            Self::Kept(answered) => {
                serde_json::from_slice(&answered.body).unwrap_or_else(|_| internal_error())
            }
        }
    }
}

pub(super) fn internal_error() -> serde_json::Value {
    json!({ "errors": [{ "message": "internal server error",
        "extensions": { "code": Code::InternalServerError } }] })
}

/// The name of a document's first operation, read from the text without parsing it all (for
/// the metrics, when the request does not say which operation it runs).
pub(super) fn first_operation_name(query: &str) -> Option<String> {
    let mut rest = query.trim_start();
    while let Some(comment) = rest.strip_prefix('#') {
        rest = comment
            .split_once('\n')
            .map_or("", |(_, after)| after)
            .trim_start();
    }
    let rest = ["query", "mutation", "subscription"]
        .iter()
        .find_map(|keyword| rest.strip_prefix(keyword))?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let name: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

pub(super) fn timed_out(timeout: Duration) -> ServerError {
    let message = format!(
        "the request took longer than {} s and was stopped; nothing it was writing was kept",
        timeout.as_secs_f64()
    );
    coded(message, Code::Timeout)
}
