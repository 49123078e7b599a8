//! gms-graph: a GraphQL API over the NHS Genomic Medicine Service network.
//!
//! The binary is a thin shell over [`startup::run`]; tests build the same app with
//! [`http::app`] and the same schema with [`graphql::build_schema`], behind [`graphql::Api`].

// The root Query merges every kind's root fields: its resolver nests deeper than rustc's default
// limit allows when computing its future's layout.
#![recursion_limit = "256"]

pub mod code;
pub mod config;
pub mod db;
pub mod error;
pub mod graphql;
pub mod http;
pub mod logs;
pub mod metrics;
pub mod seed;
pub mod service;
pub mod startup;
pub mod telemetry;
