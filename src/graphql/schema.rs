//! The one schema builder, used by the server, the tests and `export-schema`.

use async_graphql::{Request, Response, Schema, SchemaBuilder, registry::SDLExportOptions};
use sea_orm::DatabaseConnection;

use super::batch::{batched_loader, drive};
use super::error_codes::ErrorCodes;
use super::limits::{self, Limits};
use super::loaders::Loaders;
use super::mutation::Mutation;
use super::query::{Query, Writer};
use super::subscription::Subscription;
use crate::db::Pools;
use crate::service::events::ChangeBus;

pub type AppSchema = Schema<Query, Mutation, Subscription>;

fn builder() -> SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(Query::default(), Mutation::default(), Subscription)
        .enable_federation()
        .enable_subscription_in_federation()
        .extension(ErrorCodes)
}

/// The schema, reading and writing through `pools` within `limits`: an Apollo Federation v2
/// subgraph.
pub fn build_schema(pools: Pools, limits: &Limits) -> AppSchema {
    let bus = ChangeBus::start(&pools.read);
    limits::apply(builder(), limits)
        .data(pools.read)
        .data(Writer(pools.write))
        .data(bus)
        .finish()
}

/// The federation SDL that schema.graphql holds: what `_service { sdl }` returns.
pub fn sdl() -> String {
    builder()
        .finish()
        .sdl_with_options(SDLExportOptions::new().federation().compose_directive())
}

/// Executes one request with a fresh DataLoader, batched level by level (see `batch`).
/// Every way into the schema goes through here: a DataLoader's fetches run only while driven.
pub async fn execute(schema: &AppSchema, db: &DatabaseConnection, request: Request) -> Response {
    let (loader, queue) = batched_loader(Loaders::new(db.clone()));
    drive(schema.execute(request.data(loader)), queue).await
}
