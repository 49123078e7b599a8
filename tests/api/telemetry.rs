//! OpenTelemetry traces over OTLP (`--otlp-endpoint`, see `telemetry`): received by an OTLP/HTTP
//! receiver on loopback that decodes what arrives with the protocol's own message types
//! (opentelemetry-proto), on every backend.

use std::sync::{Arc, Mutex, PoisonError};

use axum::{Router, body::Bytes, extract::State, routing};
use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::trace::v1::{Span, span::SpanKind, status::StatusCode};
use prost::Message as _;
use serde_json::{Value, json};

use crate::backend::{TestDatabase, backend};
use crate::helpers::{Served, TestApp};

/// An OTLP/HTTP receiver on a loopback port: every span exported to it, as received.
struct Receiver {
    url: String,
    spans: Arc<Mutex<Vec<Span>>>,
}

impl Receiver {
    async fn start() -> Self {
        async fn traces(
            State(spans): State<Arc<Mutex<Vec<Span>>>>,
            body: Bytes,
        ) -> ([(&'static str, &'static str); 1], Vec<u8>) {
            let request = ExportTraceServiceRequest::decode(body).expect("an OTLP trace export");
            let mut spans = spans.lock().unwrap_or_else(PoisonError::into_inner);
            for resource in request.resource_spans {
                let service = resource
                    .resource
                    .iter()
                    .flat_map(|r| &r.attributes)
                    .find(|kv| kv.key == "service.name")
                    .and_then(|kv| kv.value.as_ref()?.value.clone());
                assert_eq!(service, Some(AnyValue::StringValue("gms-graph".into())));
                for scope in resource.scope_spans {
                    spans.extend(scope.spans);
                }
            }
            (
                [("content-type", "application/x-protobuf")],
                ExportTraceServiceResponse::default().encode_to_vec(),
            )
        }
        let spans = Arc::new(Mutex::new(Vec::new()));
        let router = Router::new()
            .route("/v1/traces", routing::post(traces))
            .with_state(spans.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move { axum::serve(listener, router).await.ok() });
        Self { url, spans }
    }

    fn spans(&self) -> Vec<Span> {
        self.spans
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

fn attribute(span: &Span, key: &str) -> Option<String> {
    span.attributes
        .iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| match kv.value.as_ref()?.value.as_ref()? {
            AnyValue::StringValue(value) => Some(value.clone()),
            other => Some(format!("{other:?}")),
        })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the receiver was sent for the request span named `name`: it, and its children in start
/// order.
fn request_and_statements(spans: &[Span], name: &str) -> (Span, Vec<Span>) {
    let request = spans
        .iter()
        .find(|span| span.name == name)
        .unwrap_or_else(|| {
            let names: Vec<_> = spans.iter().map(|s| &s.name).collect();
            panic!("no span {name} among {names:?}")
        })
        .clone();
    let mut children: Vec<Span> = spans
        .iter()
        .filter(|span| span.parent_span_id == request.span_id)
        .cloned()
        .collect();
    children.sort_by_key(|span| span.start_time_unix_nano);
    (request, children)
}

/// A receiver, and a server exporting its spans there with `options`: and the exporter, to
/// send what is left before the spans are read.
async fn traced_app(
    options: gms_graph::http::AppOptions,
) -> (Receiver, gms_graph::telemetry::Telemetry, TestApp) {
    let receiver = Receiver::start().await;
    let telemetry =
        gms_graph::telemetry::Telemetry::start(&receiver.url).expect("the exporter starts");
    let app = TestApp::spawn_with(gms_graph::http::AppOptions {
        telemetry: Some(telemetry.clone()),
        ..options
    })
    .await;
    (receiver, telemetry, app)
}

/// POSTs `body` to the server at `base`, with a `traceparent` and a token if given: the answer,
/// which must have no errors.
async fn post(
    base: &str,
    body: Value,
    traceparent: Option<String>,
    token: Option<String>,
) -> Value {
    let mut request = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .json(&body);
    if let Some(traceparent) = traceparent {
        request = request.header("traceparent", traceparent);
    }
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let answer: Value = request
        .send()
        .await
        .expect("POST")
        .json()
        .await
        .expect("JSON");
    assert!(answer.get("errors").is_none(), "{answer:#}");
    answer
}

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_ID: &str = "00f067aa0ba902b7";

#[tokio::test]
async fn a_request_is_a_span_in_the_callers_trace_with_a_child_per_statement() {
    let (receiver, telemetry, app) = traced_app(Default::default()).await;
    let post = |body, traceparent, token| post(&app.url, body, traceparent, token);

    // A query in the caller's trace.
    let before = app.statements();
    post(
        json!({ "query": "query Traced { hubs(first: 2) { nodes { name leadTrust { odsCode } } } }" }),
        Some(format!("00-{TRACE_ID}-{PARENT_ID}-01")),
        None,
    )
    .await;
    let statements = app.statements() - before;
    // A mutation, its writes through the pool, in a trace of its own.
    let admin = app.token(entity::api_token::Role::Admin).await;
    let before = app.statements();
    post(
        json!({ "query": r#"mutation Rename { updateHub(id: "Hub:east", expectedVersion: 1, input: { name: "East GLH" }) { version } }"# }),
        None,
        Some(admin),
    )
    .await;
    let mutation_statements = app.statements() - before;
    telemetry.shutdown().await;
    let spans = receiver.spans();

    let (query, children) = request_and_statements(&spans, "query Traced");
    assert_eq!(hex(&query.trace_id), TRACE_ID, "the caller's trace");
    assert_eq!(hex(&query.parent_span_id), PARENT_ID, "the caller's span");
    assert_eq!(query.kind, SpanKind::Server as i32);
    assert_eq!(
        attribute(&query, "graphql.operation.name").as_deref(),
        Some("Traced")
    );
    assert_eq!(
        attribute(&query, "graphql.operation.type").as_deref(),
        Some("query")
    );
    assert_eq!(attribute(&query, "gms.outcome").as_deref(), Some("ok"));
    assert_ne!(
        query.status.as_ref().map(|s| s.code),
        Some(StatusCode::Error as i32)
    );
    assert!(statements > 0);
    assert_eq!(
        children.len(),
        statements,
        "a span per statement: {children:#?}"
    );
    let system = match backend() {
        sea_orm::DbBackend::Postgres => "postgresql",
        sea_orm::DbBackend::MySql => "mysql",
        _ => "sqlite",
    };
    for child in &children {
        assert_eq!(child.trace_id, query.trace_id);
        assert_eq!(child.kind, SpanKind::Client as i32);
        assert_eq!(child.name, "SELECT", "{child:#?}");
        assert_eq!(attribute(child, "db.system.name").as_deref(), Some(system));
        let sql = attribute(child, "db.query.text").expect("the statement's SQL");
        assert!(sql.to_ascii_uppercase().starts_with("SELECT"), "{sql}");
        assert!(
            query.start_time_unix_nano <= child.start_time_unix_nano
                && child.start_time_unix_nano <= child.end_time_unix_nano
                && child.end_time_unix_nano <= query.end_time_unix_nano,
            "a statement within its request"
        );
    }

    let (mutation, children) = request_and_statements(&spans, "mutation Rename");
    assert_ne!(
        hex(&mutation.trace_id),
        TRACE_ID,
        "no traceparent: a trace of its own"
    );
    assert!(mutation.parent_span_id.is_empty());
    assert_eq!(
        attribute(&mutation, "graphql.operation.type").as_deref(),
        Some("mutation")
    );
    // The token's lookup comes before the operation's span begins: one statement.
    assert_eq!(children.len(), mutation_statements - 1, "{children:#?}");
    assert!(
        children.iter().any(|child| child.name == "UPDATE"),
        "the write is among them: {children:#?}"
    );
}

#[tokio::test]
async fn an_error_is_the_spans_status_and_a_kept_answer_is_a_span_without_statements() {
    let (receiver, telemetry, app) = traced_app(gms_graph::http::AppOptions {
        response_cache_bytes: 1 << 20,
        ..Default::default()
    })
    .await;
    let refused = app
        .post(
            "query Refused { hubs(first: -1) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    // Kept from its second request, served from the third.
    for _ in 0..3 {
        app.data("query Kept { regions { totalCount } }").await;
    }
    telemetry.shutdown().await;
    let spans = receiver.spans();

    let (refused, _) = request_and_statements(&spans, "query Refused");
    assert_eq!(
        attribute(&refused, "gms.outcome").as_deref(),
        Some("BAD_USER_INPUT")
    );
    assert_eq!(
        refused.status.as_ref().map(|s| s.code),
        Some(StatusCode::Error as i32)
    );
    let kept: Vec<&Span> = spans.iter().filter(|s| s.name == "query Kept").collect();
    assert_eq!(kept.len(), 3);
    let statements_of = |span: &Span| {
        spans
            .iter()
            .filter(|s| s.parent_span_id == span.span_id && s.name == "SELECT")
            .filter(|s| attribute(s, "db.query.text").is_some_and(|sql| sql.contains("region")))
            .count()
    };
    assert!(statements_of(kept[0]) > 0, "the first computes");
    // MySQL/MariaDB cannot say when its data changed, and keeps no answers (see `responses`).
    if backend() == sea_orm::DbBackend::MySql {
        assert_eq!(statements_of(kept[2]), statements_of(kept[0]));
    } else {
        assert_eq!(
            statements_of(kept[1]),
            statements_of(kept[0]),
            "kept, not served"
        );
        assert_eq!(statements_of(kept[2]), 0, "the third is the kept answer");
    }
}

/// The flag through the real binary: the spans of its requests reach the collector, the last
/// of them as it shuts down; and an endpoint it cannot use is one line. (The receiver runs on
/// another worker while this one waits for the server to exit.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_exports_to_otlp_endpoint_and_sends_the_rest_on_shutdown() {
    let receiver = Receiver::start().await;
    let database = TestDatabase::create().await;
    let mut server = Served::start(&database.url, &["--otlp-endpoint", &receiver.url]);
    post(
        &format!("http://{}", server.addr),
        json!({ "query": "query FromTheBinary { regions { totalCount } }" }),
        Some(format!("00-{TRACE_ID}-{PARENT_ID}-01")),
        None,
    )
    .await;
    let exit = server.terminate();
    assert!(exit.success(), "{exit:?}");
    let spans = receiver.spans();
    assert!(!spans.is_empty(), "{:#?}", server.log());
    let (span, children) = request_and_statements(&spans, "query FromTheBinary");
    assert_eq!(hex(&span.trace_id), TRACE_ID);
    assert!(!children.is_empty());

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gms-graph"))
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--database-url",
            &database.url,
        ])
        .args(["--otlp-endpoint", "https://collector.example:4318"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(
        lines
            .last()
            .is_some_and(|l| l.contains("only http:// is supported")),
        "{err}"
    );
}
