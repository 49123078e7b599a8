//! OpenTelemetry traces, exported over OTLP/HTTP (protobuf) when `--otlp-endpoint` names a
//! collector. A GraphQL request over HTTP is a span (kind server) named after its operation,
//! `query Dashboard`, with `graphql.operation.type` and `graphql.operation.name`, continuing the
//! trace of the caller's W3C `traceparent` (and `tracestate`); each SQL statement it sends is a
//! child span (kind client) named after the statement's verb, with `db.system.name` and
//! `db.query.text` (the SQL with its parameters as placeholders: no values). Spans are sent in
//! batches from a task on the runtime, and what is left is sent at shutdown.
//!
//! Without `--otlp-endpoint` nothing here runs: no span is made, and a statement's only cost is
//! looking for a request's scope that is not there.

use std::time::{Duration, SystemTime};

use axum::http::HeaderMap;
use opentelemetry::propagation::{Extractor, TextMapPropagator as _};
use opentelemetry::trace::{
    Span as _, SpanBuilder, SpanKind, Status, TraceContextExt as _, TracerProvider as _,
};
use opentelemetry::{Context, KeyValue};
use opentelemetry_otlp::WithExportConfig as _;
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::span_processor_with_async_runtime::BatchSpanProcessor;
use opentelemetry_sdk::trace::{SdkTracer, SdkTracerProvider};
use sea_orm::DbBackend;

/// Where spans go, and what makes them. Clones share the exporter.
#[derive(Clone)]
pub struct Telemetry {
    provider: SdkTracerProvider,
    tracer: SdkTracer,
}

impl std::fmt::Debug for Telemetry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Telemetry")
    }
}

/// Longest the spans left at shutdown may take to be sent.
const SHUTDOWN_WAIT: Duration = Duration::from_secs(10);

/// The path OTLP/HTTP takes traces at, below the collector's address.
const TRACES_PATH: &str = "/v1/traces";

/// The URL traces are sent to, from the collector's address as `--otlp-endpoint` gives it.
fn traces_url(endpoint: &str) -> Result<String, String> {
    let endpoint = endpoint.trim().trim_end_matches('/');
    if endpoint.starts_with("https://") {
        return Err(format!(
            "--otlp-endpoint {endpoint}: only http:// is supported (send to a collector on the \
             same host or network, which forwards over TLS)"
        ));
    }
    let Some(rest) = endpoint.strip_prefix("http://") else {
        return Err(format!(
            "--otlp-endpoint {endpoint}: give the collector's address, e.g. http://127.0.0.1:4318"
        ));
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!(
            "--otlp-endpoint {endpoint}: the address has no host"
        ));
    }
    Ok(if endpoint.ends_with(TRACES_PATH) {
        endpoint.to_owned()
    } else {
        format!("{endpoint}{TRACES_PATH}")
    })
}

impl Telemetry {
    /// Exports spans to the collector at `endpoint`; on the tokio runtime, whose tasks send
    /// them. The error says, in one line, what is wrong with `endpoint`.
    pub fn start(endpoint: &str) -> Result<Self, String> {
        let url = traces_url(endpoint)?;
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .with_endpoint(url)
            .build()
            .map_err(|err| format!("--otlp-endpoint {endpoint}: {err}"))?;
        let processor =
            BatchSpanProcessor::builder(exporter, opentelemetry_sdk::runtime::Tokio).build();
        let resource = Resource::builder()
            .with_service_name("gms-graph")
            .with_attribute(KeyValue::new("service.version", env!("CARGO_PKG_VERSION")))
            .build();
        let provider = SdkTracerProvider::builder()
            .with_span_processor(processor)
            .with_resource(resource)
            .build();
        let tracer = provider.tracer("gms-graph");
        Ok(Self { provider, tracer })
    }

    /// Sends the spans not sent yet, and stops exporting; gives up after [`SHUTDOWN_WAIT`], as
    /// a collector that has gone away would otherwise hold the process for each batch left.
    pub async fn shutdown(&self) {
        let provider = self.provider.clone();
        // The processor's shutdown blocks its thread until its task has sent what is left.
        let shut = tokio::task::spawn_blocking(move || provider.shutdown());
        match tokio::time::timeout(SHUTDOWN_WAIT, shut).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(err))) => {
                tracing::warn!(error = %err, "the last spans were not all exported");
            }
            Ok(Err(_)) | Err(_) => {
                tracing::warn!("the last spans were not exported within {SHUTDOWN_WAIT:?}");
            }
        }
    }

    /// The span of a GraphQL request that began at `began`, in the trace of `parent`; named
    /// after its operation, as far as it is known (`operation_type`: query, mutation or
    /// subscription).
    pub fn request(
        &self,
        parent: Option<&Parent>,
        began: SystemTime,
        operation_type: Option<&'static str>,
        operation: Option<&str>,
    ) -> RequestSpan {
        let name = match (operation_type, operation) {
            (Some(kind), Some(name)) => format!("{kind} {name}"),
            (Some(kind), None) => kind.to_owned(),
            (None, _) => "GraphQL request".to_owned(),
        };
        let mut attributes = Vec::with_capacity(2);
        if let Some(kind) = operation_type {
            attributes.push(KeyValue::new("graphql.operation.type", kind));
        }
        if let Some(operation) = operation {
            attributes.push(KeyValue::new(
                "graphql.operation.name",
                operation.to_owned(),
            ));
        }
        let root = Context::new();
        let parent_cx = parent.map_or(&root, |parent| &parent.0);
        let span = SpanBuilder::from_name(name)
            .with_kind(SpanKind::Server)
            .with_start_time(began)
            .with_attributes(attributes)
            .start_with_context(&self.tracer, parent_cx);
        let cx = Context::new().with_remote_span_context(span.span_context().clone());
        RequestSpan {
            span,
            scope: Scope {
                tracer: self.tracer.clone(),
                cx,
            },
        }
    }
}

/// The caller's trace, from its `traceparent` and `tracestate` headers (W3C Trace Context).
#[derive(Clone)]
pub struct Parent(Context);

impl Parent {
    /// The trace `headers` continue, if they name one.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        headers
            .contains_key("traceparent")
            .then(|| Self(TraceContextPropagator::new().extract(&HeaderExtractor(headers))))
    }
}

struct HeaderExtractor<'h>(&'h HeaderMap);

impl Extractor for HeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|value| value.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|name| name.as_str()).collect()
    }
}

/// A request's span, open until [`RequestSpan::end`].
pub struct RequestSpan {
    span: opentelemetry_sdk::trace::Span,
    scope: Scope,
}

/// What a statement's span needs of its request's: the tracer, and the request span as parent.
#[derive(Clone)]
pub struct Scope {
    tracer: SdkTracer,
    cx: Context,
}

tokio::task_local! {
    /// The request whose statements the task is sending, if it is traced.
    static CURRENT: Scope;
}

impl RequestSpan {
    /// Where the request's statements find their parent: pass it to [`within`].
    pub fn scope(&self) -> Scope {
        self.scope.clone()
    }

    /// Ends the span with the request's outcome (`ok`, or its first error's code, which makes
    /// the span's status an error).
    pub fn end(mut self, outcome: &str) {
        self.span
            .set_attribute(KeyValue::new("gms.outcome", outcome.to_owned()));
        if outcome != "ok" {
            self.span.set_status(Status::error(outcome.to_owned()));
        }
        self.span.end();
    }
}

/// Whether this task is running a traced request.
pub fn tracing() -> bool {
    CURRENT.try_with(|_| ()).is_ok()
}

/// The scope of the request this task is running, if it is traced: for a task it spawns.
pub fn current() -> Option<Scope> {
    CURRENT.try_with(Clone::clone).ok()
}

/// Runs `work` with its statements' spans under `scope`'s request, if there is one.
pub async fn within<F: Future>(scope: Option<Scope>, work: F) -> F::Output {
    match scope {
        Some(scope) => CURRENT.scope(scope, work).await,
        None => work.await,
    }
}

/// A statement this task sent and has finished (`elapsed` after it began): a span under the
/// request's, if the task is running a traced request.
pub fn statement(backend: DbBackend, sql: &str, elapsed: Duration, failed: bool) {
    let _ = CURRENT.try_with(|scope| {
        let end = SystemTime::now();
        let start = end.checked_sub(elapsed).unwrap_or(end);
        let verb = sql
            .split_whitespace()
            .next()
            .unwrap_or("SQL")
            .to_ascii_uppercase();
        let system = match backend {
            DbBackend::Postgres => "postgresql",
            DbBackend::MySql => "mysql",
            _ => "sqlite",
        };
        let mut span = SpanBuilder::from_name(verb)
            .with_kind(SpanKind::Client)
            .with_start_time(start)
            .with_attributes([
                KeyValue::new("db.system.name", system),
                KeyValue::new("db.query.text", sql.to_owned()),
            ])
            .start_with_context(&scope.tracer, &scope.cx);
        if failed {
            span.set_status(Status::error("the statement failed"));
        }
        span.end_with_timestamp(end);
    });
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_traces_url_is_below_the_collectors_address() {
        assert_eq!(
            traces_url("http://127.0.0.1:4318").unwrap(),
            "http://127.0.0.1:4318/v1/traces"
        );
        assert_eq!(
            traces_url("http://collector:4318/").unwrap(),
            "http://collector:4318/v1/traces"
        );
        assert_eq!(
            traces_url("http://collector:4318/v1/traces").unwrap(),
            "http://collector:4318/v1/traces"
        );
        for bad in ["https://collector:4318", "collector:4318", "http://", ""] {
            assert!(traces_url(bad).is_err(), "{bad}");
        }
    }
}
