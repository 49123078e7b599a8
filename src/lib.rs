//! gms-graph: a GraphQL API over the NHS Genomic Medicine Service network.
//!
//! The binary is a thin shell over [`startup::run`]; tests build the same app with
//! [`routes::app`] and the same schema with [`graphql::build_schema`], behind [`graphql::Api`].

pub mod config;
pub mod connections;
pub mod db;
pub mod error;
pub mod graphql;
pub mod metrics;
pub mod routes;
pub mod seed;
pub mod service;
pub mod startup;
pub mod websocket;
