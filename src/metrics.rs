//! Prometheus metrics, served at /metrics in the text exposition format: requests by operation
//! name and outcome, a latency histogram, and the database pool's use.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sea_orm::{DatabaseConnection, DbBackend};

use crate::db::Pools;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// Distinct operation names kept; past this, new names count as "other", so that clients
/// cannot grow the metrics without bound.
const MAX_OPERATIONS: usize = 200;

/// SQL statements this process has sent, through every set of pools `count_statements` was given.
static STATEMENTS: AtomicU64 = AtomicU64::new(0);

/// Counts the statements `pools` send, for `gms_db_statements_total`.
pub fn count_statements(pools: &mut Pools) {
    pools.count_statements(|_| {
        STATEMENTS.fetch_add(1, Ordering::Relaxed);
    });
}

#[derive(Default)]
struct Counts {
    requests: HashMap<(String, String), u64>,
    buckets: [u64; BUCKETS.len()],
    sum_seconds: f64,
    count: u64,
}

#[derive(Default)]
pub struct Metrics {
    counts: Mutex<Counts>,
    cache_hits: AtomicU64,
    cache_misses: AtomicU64,
    /// Requests refused by each rate limit: per token, per address, failed authentications.
    rate_limited: [AtomicU64; 3],
}

/// The rate limits, as `gms_rate_limited_total` labels them.
const RATE_LIMITS: [&str; 3] = ["token", "address", "auth_failures"];

/// An operation name fit for a label: letters, digits and `_`, at most 64; else "other".
fn operation_label(name: Option<&str>) -> String {
    match name {
        None => "anonymous".to_owned(),
        Some(n)
            if !n.is_empty()
                && n.len() <= 64
                && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
        {
            n.to_owned()
        }
        Some(_) => "other".to_owned(),
    }
}

impl Metrics {
    /// Counts one GraphQL operation: its name, its outcome (`ok` or the first error's code),
    /// and how long it took.
    pub fn record(&self, operation: Option<&str>, outcome: &str, elapsed: Duration) {
        let Ok(mut counts) = self.counts.lock() else {
            return;
        };
        let mut name = operation_label(operation);
        let known = counts.requests.keys().any(|(n, _)| *n == name);
        if !known && counts.requests.len() >= MAX_OPERATIONS {
            name = "other".to_owned();
        }
        *counts
            .requests
            .entry((name, outcome.to_owned()))
            .or_default() += 1;
        let seconds = elapsed.as_secs_f64();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                counts.buckets[i] += 1;
            }
        }
        counts.sum_seconds += seconds;
        counts.count += 1;
    }

    /// Counts a lookup in the response cache.
    pub fn cache_lookup(&self, hit: bool) {
        let counter = if hit {
            &self.cache_hits
        } else {
            &self.cache_misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a request refused by the rate limit named (one of [`RATE_LIMITS`]).
    pub fn rate_limited(&self, limit: &str) {
        if let Some(i) = RATE_LIMITS.iter().position(|l| *l == limit) {
            self.rate_limited[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The exposition text.
    pub fn render(&self, db: &DatabaseConnection) -> String {
        let mut out = String::new();
        if let Ok(counts) = self.counts.lock() {
            out.push_str(
                "# HELP gms_graphql_requests_total GraphQL operations by name and outcome.\n",
            );
            out.push_str("# TYPE gms_graphql_requests_total counter\n");
            let mut rows: Vec<_> = counts.requests.iter().collect();
            rows.sort();
            for ((operation, outcome), n) in rows {
                let _ = writeln!(
                    out,
                    "gms_graphql_requests_total{{operation=\"{operation}\",outcome=\"{outcome}\"}} {n}"
                );
            }
            out.push_str(
                "# HELP gms_graphql_request_duration_seconds Time to answer a GraphQL operation.\n",
            );
            out.push_str("# TYPE gms_graphql_request_duration_seconds histogram\n");
            for (bound, n) in BUCKETS.iter().zip(counts.buckets) {
                let _ = writeln!(
                    out,
                    "gms_graphql_request_duration_seconds_bucket{{le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "gms_graphql_request_duration_seconds_bucket{{le=\"+Inf\"}} {}",
                counts.count
            );
            let _ = writeln!(
                out,
                "gms_graphql_request_duration_seconds_sum {}",
                counts.sum_seconds
            );
            let _ = writeln!(
                out,
                "gms_graphql_request_duration_seconds_count {}",
                counts.count
            );
        }
        out.push_str(
            "# HELP gms_response_cache_lookups_total Queries looked up in the response cache.\n",
        );
        out.push_str("# TYPE gms_response_cache_lookups_total counter\n");
        for (result, counter) in [("hit", &self.cache_hits), ("miss", &self.cache_misses)] {
            let _ = writeln!(
                out,
                "gms_response_cache_lookups_total{{result=\"{result}\"}} {}",
                counter.load(Ordering::Relaxed)
            );
        }
        out.push_str(
            "# HELP gms_rate_limited_total Requests refused by a rate limit (429), by limit.\n",
        );
        out.push_str("# TYPE gms_rate_limited_total counter\n");
        for (limit, counter) in RATE_LIMITS.iter().zip(&self.rate_limited) {
            let _ = writeln!(
                out,
                "gms_rate_limited_total{{limit=\"{limit}\"}} {}",
                counter.load(Ordering::Relaxed)
            );
        }
        let (size, idle) = match db.get_database_backend() {
            DbBackend::Postgres => {
                let pool = db.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            }
            DbBackend::MySql => {
                let pool = db.get_mysql_connection_pool();
                (pool.size(), pool.num_idle())
            }
            _ => {
                let pool = db.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
        };
        out.push_str("# HELP gms_db_statements_total SQL statements sent to the database.\n");
        out.push_str("# TYPE gms_db_statements_total counter\n");
        let _ = writeln!(
            out,
            "gms_db_statements_total {}",
            STATEMENTS.load(Ordering::Relaxed)
        );
        out.push_str("# HELP gms_db_pool_connections Open database connections.\n");
        out.push_str("# TYPE gms_db_pool_connections gauge\n");
        let _ = writeln!(out, "gms_db_pool_connections {size}");
        out.push_str("# HELP gms_db_pool_idle_connections Open database connections not in use.\n");
        out.push_str("# TYPE gms_db_pool_idle_connections gauge\n");
        let _ = writeln!(out, "gms_db_pool_idle_connections {idle}");
        out
    }
}
