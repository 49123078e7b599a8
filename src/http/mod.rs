//! The HTTP surface: GraphQL over HTTP at /graphql (POST, and GET for queries; GraphiQL when a
//! browser GETs it bare), graphql-ws at /graphql/ws, /healthz, /readyz and /metrics; the
//! explorer at / with its views, and the assets of both under /assets/; CSV at /export/.

pub mod access_log;
mod auth;
mod cache_control;
pub mod connections;
mod errors;
mod explorer;
mod export;
mod graphql;
mod health;
pub mod persisted;
mod pipeline;
pub mod rate_limit;
pub mod responses;
pub mod websocket;

use std::sync::Arc;
use std::time::Duration;

use axum::response::IntoResponse as _;
use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderValue, Method, header},
    routing::get,
};
use sea_orm::DatabaseConnection;
use tower_http::cors::{AllowOrigin, CorsLayer};

pub use crate::config::MetricsAccess;
use crate::db::Pools;
use crate::graphql::Api;
use crate::graphql::limits::Limits;
use crate::http::persisted::PersistedQueries;
use crate::http::responses::Responses;
use crate::metrics::Metrics;
use crate::service::data_version::DataVersions;

use graphql::{graphql_get, graphql_post};
use health::{healthz, metrics, readyz};
use websocket::graphql_ws;

/// How the application runs.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    /// Reads need a token too.
    pub require_auth: bool,
    /// The subgraph SDL carries authorization (see `graphql::sdl`).
    pub federation_auth: bool,
    /// Queries are answered through the resolvers only, never by their plans (see
    /// `graphql::plan`).
    pub resolvers_only: bool,
    /// Each planned answer is computed again through the resolvers and must be the same (what
    /// the tests run with; see `graphql::Api::with_plan_check`).
    pub check_plans: bool,
    /// What one request may ask.
    pub limits: Limits,
    /// Browser origins allowed to call the API (CORS); `*` allows any.
    pub cors_origins: Vec<String>,
    /// Bytes of query answers kept while the data stays the same (see `http::responses`);
    /// 0 keeps none.
    pub response_cache_bytes: usize,
    /// Who may read /metrics.
    pub metrics: MetricsAccess,
    /// How many requests a token or an address may make, and failed authentications an
    /// address (see `http::rate_limit`).
    pub rate_limits: rate_limit::RateLimits,
    /// The operations trusted, and whether only they may run (see `graphql::trusted`).
    pub trusted: Option<Arc<crate::graphql::trusted::TrustedDocuments>>,
    /// Where requests' spans go, if anywhere (see `telemetry`).
    pub telemetry: Option<crate::telemetry::Telemetry>,
}

impl AppOptions {
    /// What the subgraph SDL says beyond the schema's types.
    pub fn sdl(&self) -> crate::graphql::SdlOptions {
        crate::graphql::SdlOptions {
            auth: self.federation_auth,
            reads_need_token: self.require_auth,
            max_ids: self.limits.inputs.max_list_length,
        }
    }
}

#[derive(Clone)]
struct AppState {
    api: Api,
    db: DatabaseConnection,
    options: Arc<AppOptions>,
    persisted: Arc<PersistedQueries>,
    responses: Option<Arc<Responses>>,
    metrics: Arc<Metrics>,
    /// What each token and address has left of its allowance.
    limiter: Arc<rate_limit::Limiter>,
    /// The tokens of open WebSockets, checked together.
    tokens: websocket::TokenWatch,
    /// A permit for each GraphQL request parsed and run at once (see `pipeline::turn`).
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
        tokens: websocket::TokenWatch::new(pools.read.clone()),
        db: pools.read.clone(),
        responses: responses(&pools, options.response_cache_bytes),
        api: Api::new(pools, &options.limits, &options.sdl())
            .with_trusted(options.trusted.clone())
            .with_planned_reads(!options.resolvers_only)
            .with_plan_check(options.check_plans),
        persisted: Arc::new(PersistedQueries::default()),
        metrics: Arc::new(Metrics::default()),
        limiter: Arc::new(rate_limit::Limiter::new(options.rate_limits)),
        running: Arc::new(tokio::sync::Semaphore::new(
            options.limits.max_requests.max(1),
        )),
        options: Arc::new(options),
    };
    let body_limit = state.options.limits.max_body_bytes;
    let cors = cors(&state.options.cors_origins);
    let router = Router::new()
        .route("/", get(explorer::explorer))
        .route("/search", get(explorer::explorer))
        .route("/record/{*id}", get(explorer::explorer))
        .route("/token", get(explorer::explorer))
        .route("/table", get(explorer::explorer))
        .route("/table/{kind}", get(explorer::explorer))
        .route("/timeline", get(explorer::explorer))
        .route("/export/{file}", get(export::export))
        .route("/assets/{version}/{*path}", get(explorer::asset))
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/graphql/ws", get(graphql_ws))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .fallback(nowhere)
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(state);
    let router = match cors {
        Some(cors) => router.layer(cors),
        None => router,
    };
    layers(router)
}

/// What every request goes through, whatever its route: a panic in its handler is a 500 with
/// code `INTERNAL_SERVER_ERROR`, not a dropped connection; and its line in the log (see
/// [`access_log`]), the panic's 500 included. The log's filter is set for the life of the
/// process, so where it turns the lines off the middleware is left out, and costs nothing.
pub fn layers(router: Router) -> Router {
    let router = router.layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked));
    if tracing::enabled!(target: access_log::TARGET, tracing::Level::INFO) {
        router.layer(axum::middleware::from_fn(access_log::log))
    } else {
        router
    }
}

/// The answer to a path nothing is served at.
async fn nowhere() -> axum::response::Response {
    errors::HttpError::new(
        axum::http::StatusCode::NOT_FOUND,
        crate::code::Code::NotFound,
        "nothing is served at this path",
    )
    .into_response()
}

/// The answer to a request whose handler panicked.
fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    tracing::error!("a request's handler panicked");
    errors::HttpError::new(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        crate::code::Code::InternalServerError,
        "internal server error",
    )
    .into_response()
}

/// The response cache, if it has room and the database can say when its data changed.
fn responses(pools: &Pools, max_bytes: usize) -> Option<Arc<Responses>> {
    if max_bytes == 0 {
        return None;
    }
    match DataVersions::open(&pools.read, pools.sqlite_file.as_deref()) {
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
