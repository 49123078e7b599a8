//! The GraphQL API: one schema builder, the root queries, the API types and their loaders.

pub mod access;
mod batch;
pub mod census;
pub mod cost;
pub mod documents;
pub(crate) mod error_codes;
pub mod filters;
pub mod ftv1;
pub mod inputs;
pub mod limits;
pub mod loaders;
pub mod mutation;
mod order;
pub(crate) mod plan;
pub mod query;
pub mod schema;
pub mod sdl;
pub mod subscription;
pub mod trusted;
pub mod types;
pub mod values;

pub use schema::{Api, AppSchema, Outcome, Written, build_schema, plan_mismatches};
pub use sdl::{SdlOptions, client_schema, sdl, subgraph_schema};
