//! The GraphQL API: one schema builder, the root queries, the API types and their loaders.

pub mod loaders;
pub mod query;
pub mod schema;
pub mod types;

pub use schema::{AppSchema, build_schema, sdl};
