//! The HTTP surface: POST /graphql, GraphiQL at GET /graphql, GET /healthz.

use async_graphql::{
    Data, ServerError,
    dataloader::DataLoader,
    http::{ALL_WEBSOCKET_PROTOCOLS, GraphiQLSource},
};
use async_graphql_axum::{GraphQLProtocol, GraphQLRequest, GraphQLResponse, GraphQLWebSocket};
use axum::{
    Router,
    extract::{State, WebSocketUpgrade},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Response},
    routing::get,
};
use sea_orm::DatabaseConnection;

use crate::error::AppError;
use crate::graphql::{AppSchema, access::Access, build_schema, execute, loaders::Loaders};
use crate::service::auth;

/// How the application runs.
#[derive(Clone, Copy, Debug, Default)]
pub struct AppOptions {
    /// Reads need a token too.
    pub require_auth: bool,
}

#[derive(Clone)]
struct AppState {
    schema: AppSchema,
    db: DatabaseConnection,
    options: AppOptions,
}

/// The whole application over `db`, with reads open: what the tests call.
pub fn app(db: DatabaseConnection) -> Router {
    app_with(db, AppOptions::default())
}

/// The whole application over `db`: what `serve` runs.
pub fn app_with(db: DatabaseConnection, options: AppOptions) -> Router {
    let state = AppState {
        schema: build_schema(db.clone()),
        db,
        options,
    };
    Router::new()
        .route("/graphql", get(graphiql).post(graphql))
        .route("/graphql/ws", get(graphql_ws))
        .route("/healthz", get(healthz))
        .with_state(state)
}

async fn graphql(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: GraphQLRequest,
) -> Response {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or(""));
    let access = match access(&state, authorization).await {
        Ok(access) => access,
        Err(err) => return unauthenticated(err),
    };
    let request = request.into_inner().data(access);
    GraphQLResponse::from(execute(&state.schema, &state.db, request).await).into_response()
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
    let token = value
        .strip_prefix("Bearer ")
        .map(str::trim)
        .ok_or_else(|| {
            AppError::Unauthenticated("the Authorization header must be `Bearer <token>`".into())
        })?;
    match auth::authenticate(&state.db, token).await? {
        Some(principal) => Ok(Access::Token(principal)),
        None => Err(AppError::Unauthenticated("the token is not valid".into())),
    }
}

/// 401 with a GraphQL error body (500 if the check itself failed).
fn unauthenticated(err: AppError) -> Response {
    let status = match err {
        AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let error = async_graphql::Error::from(err).into_server_error(Default::default());
    let body = async_graphql::Response::from_errors(vec![ServerError {
        locations: Vec::new(),
        ..error
    }]);
    let mut response = GraphQLResponse::from(body).into_response();
    *response.status_mut() = status;
    if status == StatusCode::UNAUTHORIZED {
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
            let schema = state.schema.clone();
            GraphQLWebSocket::new(socket, schema, protocol)
                .on_connection_init(move |payload| connection_data(state, payload))
                .serve()
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
        Loaders::new(state.db.clone()),
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

async fn healthz() -> &'static str {
    "ok"
}
