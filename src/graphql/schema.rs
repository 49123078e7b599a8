//! The one schema builder, used by the server, the tests and `export-schema`.

use async_graphql::{EmptyMutation, EmptySubscription, Schema};
use sea_orm::DatabaseConnection;

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
