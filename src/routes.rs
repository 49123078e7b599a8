//! The HTTP surface: POST /graphql, GraphiQL at GET /graphql, GET /healthz.

use async_graphql::http::GraphiQLSource;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::{
    Router,
    extract::State,
    response::{Html, IntoResponse},
    routing::get,
};
use sea_orm::DatabaseConnection;

use crate::graphql::{AppSchema, build_schema, execute};

#[derive(Clone)]
struct AppState {
    schema: AppSchema,
    db: DatabaseConnection,
}

/// The whole application over `db`: what `serve` runs and what the tests call.
pub fn app(db: DatabaseConnection) -> Router {
    let state = AppState {
        schema: build_schema(db.clone()),
        db,
    };
    Router::new()
        .route("/graphql", get(graphiql).post(graphql))
        .route("/healthz", get(healthz))
        .with_state(state)
}

async fn graphql(State(state): State<AppState>, request: GraphQLRequest) -> GraphQLResponse {
    execute(&state.schema, &state.db, request.into_inner())
        .await
        .into()
}

async fn graphiql() -> impl IntoResponse {
    Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .title("gms-graph")
            .finish(),
    )
}

async fn healthz() -> &'static str {
    "ok"
}
