//! The one schema builder, used by the server, the tests and `export-schema`.

use async_graphql::{EmptyMutation, EmptySubscription, Request, Response, Schema};
use sea_orm::DatabaseConnection;

use super::batch::{batched_loader, drive};
use super::loaders::Loaders;
use super::query::Query;

pub type AppSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// The schema, serving from `db`.
pub fn build_schema(db: DatabaseConnection) -> AppSchema {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .data(db)
        .finish()
}

/// The SDL that schema.graphql holds.
pub fn sdl() -> String {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .finish()
        .sdl()
}

/// Executes one request with a fresh DataLoader, batched level by level (see `batch`).
/// Every way into the schema goes through here: a DataLoader's fetches run only while driven.
pub async fn execute(schema: &AppSchema, db: &DatabaseConnection, request: Request) -> Response {
    let (loader, queue) = batched_loader(Loaders::new(db.clone()));
    drive(schema.execute(request.data(loader)), queue).await
}
