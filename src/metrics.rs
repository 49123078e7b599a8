//! Prometheus metrics, served at /metrics in the text exposition format: requests by operation
//! name and outcome, a latency histogram, and the database pool's use.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
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
    /// By operation name.
    durations: HashMap<String, Histogram>,
    subscriptions: HashMap<String, u64>,
    subscription_events: HashMap<(String, String), u64>,
}

/// A latency histogram: counts at or under each of [`BUCKETS`], their sum and their count.
#[derive(Default)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    sum_seconds: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                self.buckets[i] += 1;
            }
        }
        self.sum_seconds += seconds;
        self.count += 1;
    }
}

impl Counts {
    /// `operation`'s label: its name, unless the metrics already hold as many operations as
    /// they may and not this one: then "other".
    fn label(&self, operation: Option<&str>) -> String {
        let name = operation_label(operation);
        if self.durations.len() >= MAX_OPERATIONS && !self.durations.contains_key(&name) {
            "other".to_owned()
        } else {
            name
        }
    }
}

#[derive(Default)]
pub struct Metrics {
    counts: Mutex<Counts>,
    cache_hits: AtomicU64,
    cache_misses: AtomicU64,
    /// Requests refused by each rate limit: per token, per address, failed authentications.
    rate_limited: [AtomicU64; 3],
    /// Subscriptions running now.
    subscriptions_active: AtomicU64,
}

/// A subscription running, for the metrics, until it is dropped (with its stream).
pub struct Subscribed {
    metrics: Arc<Metrics>,
    operation: String,
}

impl Subscribed {
    /// Counts a message the subscription sends: an event, or the error that refused or ended
    /// it.
    pub fn event(&self, response: &async_graphql::Response) {
        let mut counts = self
            .metrics
            .counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *counts
            .subscription_events
            .entry((self.operation.clone(), outcome(response)))
            .or_default() += 1;
    }
}

impl Drop for Subscribed {
    fn drop(&mut self) {
        self.metrics
            .subscriptions_active
            .fetch_sub(1, Ordering::Relaxed);
    }
}

/// The `# HELP` and `# TYPE` lines of the metric `name`.
fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A counter's series by operation name and outcome, in order.
fn by_operation_and_outcome(out: &mut String, name: &str, counts: &HashMap<(String, String), u64>) {
    let mut rows: Vec<_> = counts.iter().collect();
    rows.sort();
    for ((operation, outcome), n) in rows {
        let _ = writeln!(
            out,
            "{name}{{operation=\"{operation}\",outcome=\"{outcome}\"}} {n}"
        );
    }
}

/// A response's outcome, as the metrics label it: `ok`, or its first error's code (`error`
/// without one).
pub fn outcome(response: &async_graphql::Response) -> String {
    response
        .errors
        .first()
        .map(|error| {
            match error
                .extensions
                .as_ref()
                .and_then(|extensions| extensions.get("code"))
            {
                Some(async_graphql::Value::String(code)) => code.clone(),
                Some(other) => other.to_string(),
                None => "error".to_owned(),
            }
        })
        .unwrap_or_else(|| "ok".to_owned())
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
    /// Counts one GraphQL query or mutation: its name, its outcome (`ok` or the first error's
    /// code), and how long it took.
    pub fn record(&self, operation: Option<&str>, outcome: &str, elapsed: Duration) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let name = counts.label(operation);
        *counts
            .requests
            .entry((name.clone(), outcome.to_owned()))
            .or_default() += 1;
        counts.durations.entry(name).or_default().observe(elapsed);
    }

    /// Counts a subscription asked for, and holds it as running until what is returned is
    /// dropped (with the subscription's stream), which counts its messages.
    pub fn subscription(self: &Arc<Self>, operation: Option<&str>) -> Subscribed {
        let name = {
            let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
            let name = counts.label(operation);
            // An operation is known by its durations' entry, even one that has none yet.
            counts.durations.entry(name.clone()).or_default();
            *counts.subscriptions.entry(name.clone()).or_default() += 1;
            name
        };
        self.subscriptions_active.fetch_add(1, Ordering::Relaxed);
        Subscribed {
            metrics: self.clone(),
            operation: name,
        }
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
        {
            let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
            header(
                &mut out,
                "gms_graphql_requests_total",
                "counter",
                "GraphQL queries and mutations by name and outcome.",
            );
            by_operation_and_outcome(&mut out, "gms_graphql_requests_total", &counts.requests);
            header(
                &mut out,
                "gms_graphql_request_duration_seconds",
                "histogram",
                "Time to answer a GraphQL query or mutation, by operation name.",
            );
            let mut operations: Vec<_> = counts
                .durations
                .iter()
                .filter(|(_, histogram)| histogram.count > 0)
                .collect();
            operations.sort_by(|a, b| a.0.cmp(b.0));
            for (operation, histogram) in operations {
                for (bound, n) in BUCKETS.iter().zip(histogram.buckets) {
                    let _ = writeln!(
                        out,
                        "gms_graphql_request_duration_seconds_bucket{{operation=\"{operation}\",le=\"{bound}\"}} {n}"
                    );
                }
                let _ = writeln!(
                    out,
                    "gms_graphql_request_duration_seconds_bucket{{operation=\"{operation}\",le=\"+Inf\"}} {}",
                    histogram.count
                );
                let _ = writeln!(
                    out,
                    "gms_graphql_request_duration_seconds_sum{{operation=\"{operation}\"}} {}",
                    histogram.sum_seconds
                );
                let _ = writeln!(
                    out,
                    "gms_graphql_request_duration_seconds_count{{operation=\"{operation}\"}} {}",
                    histogram.count
                );
            }
            header(
                &mut out,
                "gms_graphql_subscriptions_total",
                "counter",
                "GraphQL subscriptions asked for, by name (a refused one's error is among its events).",
            );
            let mut rows: Vec<_> = counts.subscriptions.iter().collect();
            rows.sort();
            for (operation, n) in rows {
                let _ = writeln!(
                    out,
                    "gms_graphql_subscriptions_total{{operation=\"{operation}\"}} {n}"
                );
            }
            header(
                &mut out,
                "gms_graphql_subscription_events_total",
                "counter",
                "Messages sent to subscribers, by subscription name and outcome (ok, or the error's code).",
            );
            by_operation_and_outcome(
                &mut out,
                "gms_graphql_subscription_events_total",
                &counts.subscription_events,
            );
        }
        header(
            &mut out,
            "gms_graphql_subscriptions_active",
            "gauge",
            "GraphQL subscriptions running.",
        );
        let _ = writeln!(
            out,
            "gms_graphql_subscriptions_active {}",
            self.subscriptions_active.load(Ordering::Relaxed)
        );
        header(
            &mut out,
            "gms_response_cache_lookups_total",
            "counter",
            "Queries looked up in the response cache.",
        );
        for (result, counter) in [("hit", &self.cache_hits), ("miss", &self.cache_misses)] {
            let _ = writeln!(
                out,
                "gms_response_cache_lookups_total{{result=\"{result}\"}} {}",
                counter.load(Ordering::Relaxed)
            );
        }
        header(
            &mut out,
            "gms_rate_limited_total",
            "counter",
            "Requests refused by a rate limit (429), by limit.",
        );
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
        header(
            &mut out,
            "gms_db_statements_total",
            "counter",
            "SQL statements sent to the database.",
        );
        let _ = writeln!(
            out,
            "gms_db_statements_total {}",
            STATEMENTS.load(Ordering::Relaxed)
        );
        header(
            &mut out,
            "gms_db_pool_connections",
            "gauge",
            "Open database connections.",
        );
        let _ = writeln!(out, "gms_db_pool_connections {size}");
        header(
            &mut out,
            "gms_db_pool_idle_connections",
            "gauge",
            "Open database connections not in use.",
        );
        let _ = writeln!(out, "gms_db_pool_idle_connections {idle}");
        out
    }
}
