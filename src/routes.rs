//! The HTTP surface: GraphQL over HTTP at /graphql (POST, and GET for queries; GraphiQL when a
//! browser GETs it bare), graphql-ws at /graphql/ws, /healthz, /readyz and /metrics.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_graphql::{
    BatchRequest, Data, Executor, Request, ServerError,
    dataloader::DataLoader,
    http::{ALL_WEBSOCKET_PROTOCOLS, GraphiQLSource},
};
use async_graphql_axum::GraphQLProtocol;
use axum::{
    Router,
    body::Bytes,
    extract::{DefaultBodyLimit, RawQuery, State, WebSocketUpgrade},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    response::{Html, IntoResponse, Response},
    routing::get,
};
use sea_orm::DatabaseConnection;
use serde_json::json;
use tower_http::cors::{AllowOrigin, CorsLayer};

pub use crate::config::MetricsAccess;
use crate::db::{Pools, Session};
use crate::error::AppError;
use crate::graphql::error_codes::with_code;
use crate::graphql::limits::Limits;
use crate::graphql::persisted::PersistedQueries;
use crate::graphql::responses::{Key, Lookup, Responses};
use crate::graphql::{Api, access::Access, loaders::Loaders};
use crate::metrics::Metrics;
use crate::service::auth;
use crate::service::version::Versions;

/// How the application runs.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    /// Reads need a token too.
    pub require_auth: bool,
    /// What one request may ask.
    pub limits: Limits,
    /// Browser origins allowed to call the API (CORS); `*` allows any.
    pub cors_origins: Vec<String>,
    /// Bytes of query answers kept while the data stays the same (see `graphql::responses`);
    /// 0 keeps none.
    pub response_cache_bytes: usize,
    /// Who may read /metrics.
    pub metrics: MetricsAccess,
}

#[derive(Clone)]
struct AppState {
    api: Api,
    db: DatabaseConnection,
    options: Arc<AppOptions>,
    persisted: Arc<PersistedQueries>,
    responses: Option<Arc<Responses>>,
    metrics: Arc<Metrics>,
    /// The tokens of open WebSockets, checked together.
    tokens: crate::websocket::TokenWatch,
    /// A permit for each GraphQL request parsed and run at once (see [`turn`]).
    running: Arc<tokio::sync::Semaphore>,
}

/// The whole application over `db`, with reads open: what the tests call.
pub fn app(db: DatabaseConnection) -> Router {
    app_with(db, AppOptions::default())
}

/// The whole application over `pools` (or one pool for all): what `serve` runs.
pub fn app_with(pools: impl Into<Pools>, options: AppOptions) -> Router {
    let pools = pools.into();
    let state = AppState {
        tokens: crate::websocket::TokenWatch::new(pools.read.clone()),
        db: pools.read.clone(),
        responses: responses(&pools, options.response_cache_bytes),
        api: Api::new(pools, &options.limits),
        persisted: Arc::new(PersistedQueries::default()),
        metrics: Arc::new(Metrics::default()),
        running: Arc::new(tokio::sync::Semaphore::new(
            options.limits.max_requests.max(1),
        )),
        options: Arc::new(options),
    };
    let body_limit = state.options.limits.max_body_bytes;
    let cors = cors(&state.options.cors_origins);
    let router = Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/graphql/ws", get(graphql_ws))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(state);
    match cors {
        Some(cors) => router.layer(cors),
        None => router,
    }
}

/// The response cache, if it has room and the database can say when its data changed.
fn responses(pools: &Pools, max_bytes: usize) -> Option<Arc<Responses>> {
    if max_bytes == 0 {
        return None;
    }
    match Versions::open(&pools.read, pools.sqlite_file.as_deref()) {
        Ok(Some(versions)) => Some(Arc::new(Responses::new(versions, max_bytes))),
        Ok(None) => {
            tracing::info!(
                "no response cache: this database cannot say cheaply when its data last changed"
            );
            None
        }
        Err(err) => {
            tracing::warn!(error = %err.detail(), "no response cache");
            None
        }
    }
}

/// CORS for the configured origins; none configured, no CORS headers at all.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o).ok())
                .collect::<Vec<_>>(),
        )
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION, header::ACCEPT])
            .max_age(Duration::from_secs(600)),
    )
}

/// The media type a client asked for: the GraphQL-over-HTTP one, or plain JSON (the default).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Media {
    GraphqlResponse,
    Json,
}

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

fn media(headers: &HeaderMap) -> Media {
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

/// A turn to parse and run a GraphQL request: one of `--max-requests` permits, so that what
/// the requests in progress hold (parsed variables, rows, answers) is bounded however many
/// clients send at once. Taken once the body has arrived, so that a client sending its body
/// slowly holds a connection (bounded by `--max-connections` and `--body-timeout-secs`) but not
/// a turn. A request that waits past the request time limit is a 503 `SERVER_BUSY`.
async fn turn(state: &AppState) -> Result<tokio::sync::OwnedSemaphorePermit, Response> {
    let wait = state.options.limits.timeout;
    match tokio::time::timeout(wait, state.running.clone().acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => {
            let mut response = request_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "SERVER_BUSY",
                format!(
                    "the server was busy with other requests for {} s; try again shortly",
                    wait.as_secs_f64()
                ),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            Err(response)
        }
    }
}

/// A response to a request that did not get as far as GraphQL: one error with a code.
fn request_error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    let body = json!({ "errors": [{ "message": message.into(), "extensions": { "code": code } }] });
    let mut response = (status, axum::Json(body)).into_response();
    if status == StatusCode::METHOD_NOT_ALLOWED {
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
    }
    response
}

/// The JSON of a GraphQL response, with the status and media type the client's Accept calls for:
/// under application/graphql-response+json, a request that never ran (no data) is a 400.
fn graphql_response(answer: Answer, ran: bool, media: Media) -> Response {
    let (status, content_type) = match media {
        Media::GraphqlResponse if !ran => (StatusCode::BAD_REQUEST, GRAPHQL_RESPONSE),
        Media::GraphqlResponse => (StatusCode::OK, GRAPHQL_RESPONSE),
        Media::Json => (StatusCode::OK, "application/json"),
    };
    let bytes = match (answer, ran) {
        (Answer::Bytes(bytes), _) => Ok(bytes),
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
        Err(_) => request_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_SERVER_ERROR",
            "internal server error",
        ),
    }
}

/// Why a request was refused before it ran.
struct Refusal(StatusCode, &'static str, String);

/// Runs one GraphQL request: its persisted query resolved, on GET only a query, within the time
/// limit, counted in the metrics; answered from the response cache when it can be, and its
/// answer kept there when it is a query's. Returns the response and whether it ran.
async fn run(
    state: &AppState,
    access: Access,
    mut request: Request,
    read_only: bool,
) -> Result<(Answer, bool), Refusal> {
    let started = Instant::now();
    if let Err((code, message)) = state.persisted.resolve(&mut request) {
        let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
        return Ok((Answer::Json(body), false));
    }
    if read_only && !is_query(&state.api, &request) {
        return Err(Refusal(
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
            "GET runs only queries: send mutations with POST".to_owned(),
        ));
    }
    let operation = request
        .operation_name
        .clone()
        .or_else(|| first_operation_name(&request.query));
    let responses = state.responses.as_ref();
    let timeout = state.options.limits.timeout;
    let miss = match responses {
        Some(responses) => match looked_up(responses, Key::of(&access, &request), timeout).await {
            Lookup::Hit(body) => {
                state.metrics.cache_lookup(true);
                state
                    .metrics
                    .record(operation.as_deref(), "ok", started.elapsed());
                return Ok((Answer::Bytes(body), true));
            }
            // Only a query's answer is kept: a mutation's is news once. On GET, the check above
            // has already found a query.
            Lookup::Miss(miss) if read_only || is_query(&state.api, &request) => {
                state.metrics.cache_lookup(false);
                Some(miss)
            }
            Lookup::Miss(_) | Lookup::Wait(_) | Lookup::Unknown => None,
        },
        None => None,
    };
    let request = request.data(access);
    let response = execute_within(&state.api, request, timeout).await;
    let ran = !(response.data == async_graphql::Value::Null && response.is_err());
    let outcome = response
        .errors
        .first()
        .and_then(|e| e.extensions.as_ref())
        .and_then(|x| x.get("code"))
        .map(|code| match code {
            async_graphql::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .unwrap_or_else(|| {
            if response.is_ok() {
                "ok".to_owned()
            } else {
                "error".to_owned()
            }
        });
    let answer = match (miss, responses) {
        (Some(miss), Some(responses)) if ran && response.errors.is_empty() => {
            match serde_json::to_vec(&response) {
                Ok(body) => {
                    let body = Bytes::from(body);
                    responses.keep(miss, body.clone()).await;
                    Answer::Bytes(body)
                }
                Err(_) => Answer::Response(response),
            }
        }
        _ => Answer::Response(response),
    };
    state
        .metrics
        .record(operation.as_deref(), &outcome, started.elapsed());
    Ok((answer, ran))
}

/// Runs `request` on a task of its own, answered within `timeout` whatever it does: work that
/// never yields (validation, a resolver that computes) cannot stall the timeout, and the task is
/// stopped at its next turn once its answer is no longer wanted (timed out, or the client gone).
/// A panic in it is an INTERNAL_SERVER_ERROR, not a dropped connection.
async fn execute_within(api: &Api, request: Request, timeout: Duration) -> async_graphql::Response {
    struct AbortOnDrop(tokio::task::AbortHandle);
    impl Drop for AbortOnDrop {
        fn drop(&mut self) {
            self.0.abort();
        }
    }
    let api = api.clone();
    let task = tokio::spawn(async move { api.execute(request).await });
    let _abort = AbortOnDrop(task.abort_handle());
    match tokio::time::timeout(timeout, task).await {
        Ok(Ok(response)) => response,
        Ok(Err(failed)) => {
            tracing::error!(error = %failed, "a request failed");
            async_graphql::Response::from_errors(vec![with_code(
                ServerError::new("internal server error", None),
                "INTERNAL_SERVER_ERROR",
            )])
        }
        Err(_) => async_graphql::Response::from_errors(vec![timed_out(timeout)]),
    }
}

/// The lookup of `key`, having waited (within `timeout`) for another request computing the same
/// answer: its answer if it kept one, else a second lookup, which waits no more.
async fn looked_up(responses: &Responses, key: Key, timeout: Duration) -> Lookup {
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

/// What a request got: a GraphQL response, an error made before GraphQL ran, or the bytes of a
/// response without errors (computed now or kept from before).
enum Answer {
    Response(async_graphql::Response),
    Json(serde_json::Value),
    Bytes(Bytes),
}

impl Answer {
    fn is_clean(&self) -> bool {
        match self {
            Self::Response(response) => response.errors.is_empty(),
            Self::Json(_) => false,
            Self::Bytes(_) => true,
        }
    }

    fn into_json(self) -> serde_json::Value {
        match self {
            Self::Response(response) => {
                serde_json::to_value(&response).unwrap_or_else(|_| internal_error())
            }
            Self::Json(value) => value,
            Self::Bytes(bytes) => {
                serde_json::from_slice(&bytes).unwrap_or_else(|_| internal_error())
            }
        }
    }
}

fn internal_error() -> serde_json::Value {
    json!({ "errors": [{ "message": "internal server error",
        "extensions": { "code": "INTERNAL_SERVER_ERROR" } }] })
}

/// The name of a document's first operation, read from the text without parsing it all (for
/// the metrics, when the request does not say which operation it runs).
fn first_operation_name(query: &str) -> Option<String> {
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

fn timed_out(timeout: Duration) -> ServerError {
    let message = format!(
        "the request took longer than {} s and was stopped; nothing it was writing was kept",
        timeout.as_secs_f64()
    );
    with_code(ServerError::new(message, None), "TIMEOUT")
}

/// Whether the operation a request selects is a query. One that is refused or does not parse
/// counts as a query here: executing it reports why. The document parsed here is the one the
/// request then runs.
fn is_query(api: &Api, request: &Request) -> bool {
    match api.document(&request.query) {
        Ok(parsed) => parsed.is_query(request.operation_name.as_deref()),
        Err(_) => true,
    }
}

/// GET /graphql: a query in the URL (cacheable when anonymous), or GraphiQL for a browser.
async fn graphql_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(query) = query.filter(|q| q.contains("query=") || q.contains("extensions=")) else {
        return graphiql().await.into_response();
    };
    let media = media(&headers);
    let _turn = match turn(&state).await {
        Ok(permit) => permit,
        Err(busy) => return busy,
    };
    let request = match async_graphql::http::parse_query_string(&query) {
        Ok(request) => request,
        Err(err) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                format!("the URL's GraphQL parameters are malformed: {err}"),
            );
        }
    };
    let access = match access(&state, authorization(&headers)).await {
        Ok(access) => access,
        Err(err) => return unauthenticated(err),
    };
    let anonymous = matches!(access, Access::Anonymous);
    match run(&state, access, request, true).await {
        Ok((answer, ran)) => {
            let clean = answer.is_clean();
            let mut response = graphql_response(answer, ran, media);
            let cache = if anonymous && clean {
                "public, max-age=60"
            } else {
                "private, no-store"
            };
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            response
        }
        Err(Refusal(status, code, message)) => request_error(status, code, message),
    }
}

fn authorization(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or(""))
}

/// POST /graphql: one request, or a batch (a JSON array) of at most `max_batch`.
async fn graphql_post(
    State(state): State<AppState>,
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
        return request_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "send the request as application/json",
        );
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
            return request_error(
                StatusCode::REQUEST_TIMEOUT,
                "REQUEST_TIMEOUT",
                format!(
                    "the body did not arrive within {} s",
                    body_timeout.as_secs_f64()
                ),
            );
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
                "PAYLOAD_TOO_LARGE"
            } else {
                "BAD_REQUEST"
            };
            return request_error(status, code, message);
        }
    };
    let _turn = match turn(&state).await {
        Ok(permit) => permit,
        Err(busy) => return busy,
    };
    let batch = match parse_body(&body, state.options.limits.max_batch) {
        Ok(batch) => batch,
        Err((code, message)) => return request_error(StatusCode::BAD_REQUEST, code, message),
    };
    let access = match access(&state, authorization(&headers)).await {
        Ok(access) => access,
        Err(err) => return unauthenticated(err),
    };
    match batch {
        BatchRequest::Single(request) => match run(&state, access, request, false).await {
            Ok((answer, ran)) => graphql_response(answer, ran, media),
            Err(Refusal(status, code, message)) => request_error(status, code, message),
        },
        BatchRequest::Batch(requests) => {
            let mut bodies = Vec::with_capacity(requests.len());
            for request in requests {
                match run(&state, access.clone(), request, false).await {
                    Ok((answer, _)) => bodies.push(answer.into_json()),
                    Err(Refusal(status, code, message)) => {
                        return request_error(status, code, message);
                    }
                }
            }
            graphql_response(Answer::Json(serde_json::Value::Array(bodies)), true, media)
        }
    }
}

/// A POST body: a request object or a non-empty array of at most `max_batch` of them.
fn parse_body(body: &[u8], max_batch: usize) -> Result<BatchRequest, (&'static str, String)> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err((
            "BAD_REQUEST",
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
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|err| ("BAD_REQUEST", format!("the body is not valid JSON: {err}")))?;
    let one = |value: serde_json::Value| -> Result<Request, (&'static str, String)> {
        if !value.is_object() {
            return Err((
                "BAD_REQUEST",
                "a request must be a JSON object with a `query`".to_owned(),
            ));
        }
        let request: Request = serde_json::from_value(value)
            .map_err(|err| ("BAD_REQUEST", format!("the request is malformed: {err}")))?;
        if request.query.is_empty() && !request.extensions.contains_key("persistedQuery") {
            return Err(("BAD_REQUEST", "the request has no `query`".to_owned()));
        }
        Ok(request)
    };
    match value {
        serde_json::Value::Array(items) => {
            if items.is_empty() {
                return Err(("BAD_REQUEST", "the batch is empty".to_owned()));
            }
            if items.len() > max_batch {
                return Err((
                    "BATCH_TOO_LARGE",
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

/// The request's credentials: none, or a live bearer token. A token that is not valid is refused
/// outright rather than ignored, and so is a request without one when reads need one.
async fn access(state: &AppState, authorization: Option<&str>) -> Result<Access, AppError> {
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
fn unauthenticated(err: AppError) -> Response {
    let mut response = match &err {
        AppError::Unauthenticated(message) => {
            request_error(StatusCode::UNAUTHORIZED, err.code(), message.clone())
        }
        other if other.is_unavailable() => {
            tracing::warn!(error = %other.detail(), "cannot check a token");
            request_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "SERVICE_UNAVAILABLE",
                "the database is out of reach at the moment; try again shortly",
            )
        }
        other => {
            tracing::error!(error = %other.detail(), "cannot check a token");
            request_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL_SERVER_ERROR",
                "internal server error",
            )
        }
    };
    if response.status() == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

/// Subscriptions over WebSocket (graphql-ws, and the older graphql-transport-ws). The token, if
/// any, comes in the `connection_init` payload as `{"Authorization": "Bearer <token>"}`.
async fn graphql_ws(
    State(state): State<AppState>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| async move {
            let api = state.api.clone();
            let tokens = state.tokens.clone();
            crate::websocket::serve(socket, api, protocol, tokens, move |payload| {
                connection_data(state, payload)
            })
            .await
        })
}

async fn connection_data(
    state: AppState,
    payload: serde_json::Value,
) -> async_graphql::Result<Data> {
    let authorization = ["Authorization", "authorization"]
        .iter()
        .find_map(|key| payload.get(*key).and_then(|v| v.as_str()));
    let access = access(&state, authorization).await?;
    let mut data = Data::default();
    data.insert(access);
    // Events arrive one by one, so this loader batches by time; it caches nothing.
    data.insert(DataLoader::new(
        Loaders::new(Session::pooled(state.db.clone())),
        tokio::spawn,
    ));
    Ok(data)
}

async fn graphiql() -> impl IntoResponse {
    Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .subscription_endpoint("/graphql/ws")
            .title("gms-graph")
            .finish(),
    )
}

/// Alive: the process answers.
async fn healthz() -> &'static str {
    "ok"
}

/// Ready: the database answers, within two seconds.
async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), state.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready").into_response(),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the database is not reachable",
        )
            .into_response(),
    }
}

async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match state.options.metrics {
        MetricsAccess::Open => {}
        MetricsAccess::Off => {
            return request_error(StatusCode::NOT_FOUND, "NOT_FOUND", "no metrics here");
        }
        MetricsAccess::Token => {
            let authorization = authorization(&headers).ok_or_else(|| {
                AppError::Unauthenticated(
                    "/metrics needs a token: send `Authorization: Bearer <token>`".into(),
                )
            });
            match authorization {
                Ok(authorization) => {
                    if let Err(err) = access(&state, Some(authorization)).await {
                        return unauthenticated(err);
                    }
                }
                Err(err) => return unauthenticated(err),
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
