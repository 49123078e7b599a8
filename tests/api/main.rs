//! Integration tests through HTTP, each against a fresh database: SQLite, or the PostgreSQL or
//! MySQL/MariaDB server `GMS_TEST_DATABASE_URL` names (see `backend`).

// A test fails by panicking: `expect` says where and why.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod access_log;
mod authorization;
mod backend;
mod cli;
mod conflicts;
mod cost;
mod edits;
mod explorer;
mod export;
mod faults;
mod federation;
mod hardening;
mod helpers;
mod history;
mod hostile;
mod kinds;
mod layering;
mod lookups;
mod migrations;
mod network;
mod pagination;
mod partition;
mod planned;
mod pools;
mod query;
mod rate_limits;
mod readme;
mod responses;
mod schema;
mod seed;
mod serving;
mod sessions;
mod shutdown;
mod slow_clients;
mod statements;
mod synthetic;
mod telemetry;
mod traversal;
mod trusted;
mod writes;
