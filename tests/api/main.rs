//! Integration tests through HTTP against a fresh SQLite database each.

// A test fails by panicking: `expect` says where and why.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod cli;
mod federation;
mod helpers;
mod lookups;
mod migrations;
mod network;
mod pagination;
mod query;
mod readme;
mod schema;
mod seed;
mod statements;
mod synthetic;
mod traversal;
mod writes;
