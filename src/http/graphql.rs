//! GraphQL over HTTP at /graphql: POST (one request or a batch), GET for queries, and GraphiQL
//! for a browser that GETs it bare; the answer in the media type the client accepts.

use async_graphql::{BatchRequest, Request};
use axum::{
    body::Bytes,
    extract::{RawQuery, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use crate::code::Code;
use crate::graphql::access::Access;
use crate::graphql::ftv1;
use crate::telemetry::Parent;

use super::AppState;
use super::auth::{Caller, access, refusal};
use super::cache_control::{cache_control, set};
use super::errors::HttpError;
use super::pipeline::{Answer, Before, Ran, by_body, run, turn};
use super::rate_limit::Peer;

/// The media type a client asked for: the GraphQL-over-HTTP one, or plain JSON (the default).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Media {
    GraphqlResponse,
    Json,
}

pub(super) const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

pub(super) fn media(headers: &HeaderMap) -> Media {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if accept.contains(GRAPHQL_RESPONSE) {
        Media::GraphqlResponse
    } else {
        Media::Json
    }
}

/// The JSON of a GraphQL response, with the status and media type the client's Accept calls for:
/// under application/graphql-response+json, a request that never ran (no data) is a 400.
pub(super) fn graphql_response(answer: Answer, ran: bool, media: Media) -> Response {
    let (status, content_type) = match media {
        Media::GraphqlResponse if !ran => (StatusCode::BAD_REQUEST, GRAPHQL_RESPONSE),
        Media::GraphqlResponse => (StatusCode::OK, GRAPHQL_RESPONSE),
        Media::Json => (StatusCode::OK, "application/json"),
    };
    let bytes = match (answer, ran) {
        (Answer::Kept(answered), _) => Ok(answered.body),
        // The common case, straight to bytes.
        (Answer::Response(response), true) => serde_json::to_vec(&response).map(Bytes::from),
        // A request that never ran has no `data` entry at all, as the GraphQL spec has it.
        (answer, _) => {
            let mut body = answer.into_json();
            if !ran && let Some(map) = body.as_object_mut() {
                map.remove("data");
            }
            serde_json::to_vec(&body).map(Bytes::from)
        }
    };
    match bytes {
        Ok(bytes) => (
            status,
            [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
            bytes,
        )
            .into_response(),
        Err(_) => HttpError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            Code::InternalServerError,
            "internal server error",
        )
        .into_response(),
    }
}

/// `request` with what its headers say of how to trace it: marked when a router asked for
/// Apollo's inline trace (see `graphql::ftv1`), and with the caller's trace context when spans
/// are exported (see `telemetry`).
pub(super) fn traced(state: &AppState, headers: &HeaderMap, request: Request) -> Request {
    let request = if trace_asked(headers) {
        request.data(ftv1::IncludeTrace)
    } else {
        request
    };
    match state
        .options
        .telemetry
        .as_ref()
        .and_then(|_| Parent::from_headers(headers))
    {
        Some(parent) => request.data(parent),
        None => request,
    }
}

/// Whether a router asked for Apollo's inline trace (see `graphql::ftv1`).
pub(super) fn trace_asked(headers: &HeaderMap) -> bool {
    headers
        .get(ftv1::HEADER)
        .is_some_and(|value| value.as_bytes() == ftv1::FTV1.as_bytes())
}

/// GET /graphql: a query in the URL (cacheable when anonymous), or GraphiQL for a browser.
pub(super) async fn graphql_get(
    State(state): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(query) = query.filter(|q| q.contains("query=") || q.contains("extensions=")) else {
        return super::explorer::graphiql().await;
    };
    let media = media(&headers);
    let _turn = match turn(&state).await {
        Ok(permit) => permit,
        Err(busy) => return busy,
    };
    let request = match async_graphql::http::parse_query_string(&query) {
        Ok(request) => request,
        Err(err) => {
            return HttpError::new(
                StatusCode::BAD_REQUEST,
                Code::BadRequest,
                format!("the URL's GraphQL parameters are malformed: {err}"),
            )
            .into_response();
        }
    };
    let access = match access(&state, Caller::new(&headers, peer), 1).await {
        Ok(access) => access,
        Err(err) => return refusal(err),
    };
    let request = traced(&state, &headers, request);
    answer_one(&state, access, request, true, media, None).await
}

/// One request's answer over HTTP, with its `Cache-Control` (only queries when `read_only`).
async fn answer_one(
    state: &AppState,
    access: Access,
    request: Request,
    read_only: bool,
    media: Media,
    before: Option<Before>,
) -> Response {
    let anonymous = matches!(access, Access::Anonymous);
    match run(state, access, request, read_only, before).await {
        Ok(ran) => respond(ran, anonymous, media),
        Err(refusal) => refusal.into_response(),
    }
}

/// What one request gave, over HTTP, with its `Cache-Control`.
fn respond(ran: Ran, anonymous: bool, media: Media) -> Response {
    let cache = cache_control(&ran, anonymous);
    let mut response = graphql_response(ran.answer, ran.ran, media);
    set(response.headers_mut(), cache);
    response
}

/// POST /graphql: one request, or a batch (a JSON array) of at most `max_batch`.
pub(super) async fn graphql_post(
    State(state): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    request: axum::extract::Request,
) -> Response {
    let media = media(&headers);
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence != "application/json" {
        return HttpError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Code::UnsupportedMediaType,
            "send the request as application/json",
        )
        .into_response();
    }
    // The whole body within its deadline: a client trickling it, or promising more than it
    // sends, is cut off.
    let body_timeout = state.options.limits.body_timeout;
    let body = match tokio::time::timeout(
        body_timeout,
        <Bytes as axum::extract::FromRequest<AppState>>::from_request(request, &state),
    )
    .await
    {
        Err(_) => {
            return HttpError::new(
                StatusCode::REQUEST_TIMEOUT,
                Code::RequestTimeout,
                format!(
                    "the body did not arrive within {} s",
                    body_timeout.as_secs_f64()
                ),
            )
            .into_response();
        }
        Ok(Ok(body)) => body,
        Ok(Err(rejection)) => {
            let status = rejection.status();
            let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                format!(
                    "the body is larger than {} bytes",
                    state.options.limits.max_body_bytes
                )
            } else {
                "the body could not be read".to_owned()
            };
            let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
                Code::PayloadTooLarge
            } else {
                Code::BadRequest
            };
            return HttpError::new(status, code, message).into_response();
        }
    };
    let _turn = match turn(&state).await {
        Ok(permit) => permit,
        Err(busy) => return busy,
    };
    // A body of one request (an object) is parsed only if the response cache has no answer kept
    // for its bytes; a batch (an array) is parsed first, for its number of operations.
    let one = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let parse = |body: &[u8]| {
        parse_body(body, state.options.limits.max_batch)
            .map_err(|(code, message)| HttpError::new(StatusCode::BAD_REQUEST, code, message))
    };
    let parsed = if one {
        None
    } else {
        match parse(&body) {
            Ok(batch) => Some(batch),
            Err(malformed) => return malformed.into_response(),
        }
    };
    let operations = match &parsed {
        None | Some(BatchRequest::Single(_)) => 1,
        Some(BatchRequest::Batch(requests)) => u32::try_from(requests.len()).unwrap_or(u32::MAX),
    };
    let access = match access(&state, Caller::new(&headers, peer), operations).await {
        Ok(access) => access,
        Err(err) => return refusal(err),
    };
    let before = if one {
        match by_body(&state, &access, &body, &headers).await {
            Ok(ran) => return respond(ran, matches!(access, Access::Anonymous), media),
            Err(before) => before,
        }
    } else {
        None
    };
    let batch = match parsed.map_or_else(|| parse(&body), Ok) {
        Ok(batch) => batch,
        Err(malformed) => return malformed.into_response(),
    };
    match batch {
        BatchRequest::Single(request) => {
            let request = traced(&state, &headers, request);
            answer_one(&state, access, request, false, media, before).await
        }
        BatchRequest::Batch(requests) => {
            let mut bodies = Vec::with_capacity(requests.len());
            for request in requests {
                let request = traced(&state, &headers, request);
                match run(&state, access.clone(), request, false, None).await {
                    Ok(ran) => bodies.push(ran.answer.into_json()),
                    Err(refusal) => return refusal.into_response(),
                }
            }
            let mut response =
                graphql_response(Answer::Json(serde_json::Value::Array(bodies)), true, media);
            set(response.headers_mut(), HeaderValue::from_static("no-store"));
            response
        }
    }
}

/// A POST body: a request object or a non-empty array of at most `max_batch` of them.
pub(super) fn parse_body(body: &[u8], max_batch: usize) -> Result<BatchRequest, (Code, String)> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err((
            Code::BadRequest,
            "the body is empty: send {\"query\": \"…\"}".to_owned(),
        ));
    }
    // The common case, one well-formed request, straight into a `Request`; anything else goes
    // the long way, which says what is wrong.
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
        && let Ok(request) = serde_json::from_slice::<Request>(body)
        && (!request.query.is_empty() || request.extensions.contains_key("persistedQuery"))
    {
        return Ok(BatchRequest::Single(request));
    }
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|err| {
        (
            Code::BadRequest,
            format!("the body is not valid JSON: {err}"),
        )
    })?;
    let one = |value: serde_json::Value| -> Result<Request, (Code, String)> {
        if !value.is_object() {
            return Err((
                Code::BadRequest,
                "a request must be a JSON object with a `query`".to_owned(),
            ));
        }
        let request: Request = serde_json::from_value(value)
            .map_err(|err| (Code::BadRequest, format!("the request is malformed: {err}")))?;
        if request.query.is_empty() && !request.extensions.contains_key("persistedQuery") {
            return Err((Code::BadRequest, "the request has no `query`".to_owned()));
        }
        Ok(request)
    };
    match value {
        serde_json::Value::Array(items) => {
            if items.is_empty() {
                return Err((Code::BadRequest, "the batch is empty".to_owned()));
            }
            if items.len() > max_batch {
                return Err((
                    Code::BatchTooLarge,
                    format!(
                        "the batch has {} operations; at most {max_batch} are allowed",
                        items.len()
                    ),
                ));
            }
            Ok(BatchRequest::Batch(
                items.into_iter().map(one).collect::<Result<_, _>>()?,
            ))
        }
        other => Ok(BatchRequest::Single(one(other)?)),
    }
}
