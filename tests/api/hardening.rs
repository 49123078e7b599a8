//! A public endpoint meets hostile and broken requests: each limit refuses with a clear GraphQL
//! error and a code, malformed requests get the right status, and the server stays up.

use std::time::Duration;

use entity::training_course;
use gms_graph::graphql::limits::Limits;
use gms_graph::http::AppOptions;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::{TestApp, urlencode};

fn with_limits(change: impl FnOnce(&mut Limits)) -> AppOptions {
    let mut options = AppOptions::default();
    change(&mut options.limits);
    options
}

fn first_code(body: &Value) -> String {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<none>")
        .to_owned()
}

/// `depth` levels of hub → alliance → hub → …
fn nested(depth: usize) -> String {
    let mut query = String::from("id");
    for level in 0..depth {
        // From the inside out, so that the outermost, under a hub, is its alliance.
        let field = if (depth - 1 - level).is_multiple_of(2) {
            "alliance"
        } else {
            "hub"
        };
        query = format!("{field} {{ {query} }}");
    }
    format!("{{ hubs {{ nodes {{ {query} }} }} }}")
}

#[tokio::test]
async fn every_limit_refuses_with_its_code_and_nothing_runs() {
    let app = TestApp::spawn().await;
    let aliases = (0..31)
        .map(|i| format!("a{i}: __typename"))
        .collect::<Vec<_>>()
        .join(" ");
    let long = format!("{{ __typename {} }}", " ".repeat(20_001));
    for (name, query, code) in [
        ("too deep", nested(20), "QUERY_TOO_DEEP"),
        (
            "too costly: 500 × 500 × 500 rows",
            "{ alliances(first: 500) { nodes { regions(first: 500) { nodes { hubs(first: 500) { nodes { id } } } } } } }".to_owned(),
            "QUERY_TOO_COMPLEX",
        ),
        ("too many aliases", format!("{{ {aliases} }}"), "TOO_MANY_ALIASES"),
        (
            "too many directives on a field",
            "{ __typename @include(if: true) @include(if: true) @skip(if: false) @skip(if: false) @include(if: true) @skip(if: false) }".to_owned(),
            "TOO_MANY_DIRECTIVES",
        ),
        ("too long", long, "QUERY_TOO_LARGE"),
    ] {
        let (status, body) = app.post_as(None, &query, json!({})).await;
        assert_eq!((status, first_code(&body).as_str()), (200, code), "{name}: {body:#}");
        assert_eq!(body["data"], Value::Null, "{name}: nothing ran");
    }
    // Within the limits, the same shapes run.
    assert!(
        app.post(&nested(8), json!({}))
            .await
            .get("errors")
            .is_none()
    );
    let fine = "{ alliances(first: 7) { nodes { regions(first: 10) { nodes { hubs(first: 10) { nodes { id } } } } } } }";
    assert!(app.post(fine, json!({})).await.get("errors").is_none());

    // Batches: up to the limit, each answered in order; over it, refused whole.
    let batch = |n: usize| {
        json!(
            (0..n)
                .map(|i| json!({ "query": format!("{{ n{i}: __typename }}") }))
                .collect::<Vec<_>>()
        )
    };
    let (status, body) = app
        .raw_post("application/json", batch(10).to_string())
        .await;
    assert_eq!(status, 200, "{body}");
    let answers: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(answers[9]["data"]["n9"], "Query");
    let (status, body) = app
        .raw_post("application/json", batch(11).to_string())
        .await;
    assert_eq!(status, 400);
    assert!(body.contains("BATCH_TOO_LARGE"), "{body}");
    assert_eq!(
        app.data("{ hubs { totalCount } }").await["hubs"]["totalCount"],
        7
    );
}

#[tokio::test]
async fn a_request_past_its_time_is_stopped_and_writes_nothing() {
    let app = TestApp::spawn_with(with_limits(|l| l.timeout = Duration::from_secs(1))).await;
    let editor = app.token(entity::api_token::Role::Editor).await;
    // Another writer holds the course (on SQLite, the write lock), for longer than the limit.
    let blocker = app
        .db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await
        .expect("begin");
    if blocker.get_database_backend() != DbBackend::Sqlite {
        training_course::Entity::find()
            .filter(training_course::Column::Slug.eq("consent-and-ethics"))
            .lock_exclusive()
            .one(&blocker)
            .await
            .expect("lock the row");
    }
    let update = r#"mutation { updateTrainingCourse(id: "TrainingCourse:consent-and-ethics", expectedVersion: 1, input: { title: "Late" }) { version } }"#;
    let (status, body) = app.post_as(Some(&editor), update, json!({})).await;
    assert_eq!(
        (status, first_code(&body).as_str()),
        (200, "TIMEOUT"),
        "{body:#}"
    );
    blocker.rollback().await.expect("release");
    let course = app
        .data(r#"{ trainingCourse(id: "TrainingCourse:consent-and-ethics") { title version } }"#)
        .await;
    assert_eq!(course["trainingCourse"]["version"], 1, "nothing was kept");
    assert_ne!(course["trainingCourse"]["title"], "Late");
}

#[tokio::test]
async fn introspection_can_be_turned_off_and_suggestions_go_with_it() {
    let open = TestApp::spawn().await;
    let closed = TestApp::spawn_with(with_limits(|l| l.introspection = false)).await;
    let introspect = "{ __schema { queryType { name } } }";
    assert_eq!(
        open.data(introspect).await["__schema"]["queryType"]["name"],
        "Query"
    );
    let body = closed.post(introspect, json!({})).await;
    assert_eq!(first_code(&body), "INTROSPECTION_DISABLED", "{body:#}");
    assert!(body["data"].is_null(), "{body:#}");

    let typo = "{ hubz { totalCount } }";
    let suggested = open.post(typo, json!({})).await;
    assert!(
        suggested["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("Did you mean"),
        "{suggested:#}"
    );
    let silent = closed.post(typo, json!({})).await;
    let message = silent["errors"][0]["message"].as_str().unwrap_or("");
    assert!(!message.contains("Did you mean"), "{message}");
    assert_eq!(first_code(&silent), "GRAPHQL_VALIDATION_FAILED");
}

#[tokio::test]
async fn malformed_requests_get_the_right_status_and_the_server_stays_up() {
    let app = TestApp::spawn_with(with_limits(|l| l.max_body_bytes = 64 * 1024)).await;
    // Deep, yet short enough to pass the length limit.
    let deep = format!("{{ hubs {}", "{ nodes ".repeat(1_500));
    let huge = json!({ "query": format!("{{ __typename }} #{}", "x".repeat(100_000)) }).to_string();
    let cases: Vec<(&str, &str, Vec<u8>, u16, &str)> = vec![
        ("invalid JSON", "application/json", b"{ \"query\": ".to_vec(), 400, "BAD_REQUEST"),
        ("wrong content type", "text/plain", br#"{"query":"{ __typename }"}"#.to_vec(), 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("empty body", "application/json", Vec::new(), 400, "BAD_REQUEST"),
        ("not an object", "application/json", b"42".to_vec(), 400, "BAD_REQUEST"),
        ("query not a string", "application/json", br#"{"query": 7}"#.to_vec(), 400, "BAD_REQUEST"),
        ("a huge body", "application/json", huge.into_bytes(), 413, "PAYLOAD_TOO_LARGE"),
        (
            "a deeply nested query",
            "application/json",
            json!({ "query": deep }).to_string().into_bytes(),
            200,
            "QUERY_TOO_DEEP",
        ),
        (
            "an unknown operationName",
            "application/json",
            br#"{"query":"query A { __typename }","operationName":"B"}"#.to_vec(),
            200,
            "OPERATION_RESOLUTION_FAILURE",
        ),
        (
            "variables of the wrong type",
            "application/json",
            br#"{"query":"query($n: Int) { hubs(first: $n) { totalCount } }","variables":{"n":"ten"}}"#.to_vec(),
            200,
            "BAD_USER_INPUT",
        ),
        (
            "variables not an object",
            "application/json",
            br#"{"query":"{ __typename }","variables":[1]}"#.to_vec(),
            400,
            "BAD_REQUEST",
        ),
        (
            "invalid UTF-8",
            "application/json",
            b"{\"query\":\"{ \xff\xfe }\"}".to_vec(),
            400,
            "BAD_REQUEST",
        ),
    ];
    for (name, content_type, body, status, code) in cases {
        let (got, text) = app.raw_post(content_type, body).await;
        let parsed: Value = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("{name}: a JSON body, got {text:?}"));
        assert_eq!(
            (got, first_code(&parsed).as_str()),
            (status, code),
            "{name}: {parsed:#}"
        );
        assert!(
            !text.contains("panicked") && !text.contains("SELECT"),
            "{name}: {text}"
        );
        // Still up, still right.
        assert_eq!(
            app.data("{ regions { totalCount } }").await["regions"]["totalCount"],
            7,
            "after {name}"
        );
    }
}

#[tokio::test]
async fn get_runs_queries_only_and_persisted_queries_shorten_them() {
    let app = TestApp::spawn().await;
    let query = "{ hub(id: \"Hub:east\") { name } }";
    let response = app
        .get(&format!("/graphql?query={}", urlencode(query)))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("public, max-age=60")
    );
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["data"]["hub"]["name"], "East Genomic Laboratory Hub");

    // A mutation over GET is refused, 405, and nothing is written.
    let mutation = "mutation { deleteTrainingCourse(id: \"TrainingCourse:consent-and-ethics\", expectedVersion: 1) { id } }";
    let response = app
        .get(&format!("/graphql?query={}", urlencode(mutation)))
        .await;
    assert_eq!(response.status(), 405);
    assert_eq!(
        response
            .headers()
            .get("allow")
            .and_then(|v| v.to_str().ok()),
        Some("POST")
    );
    // A bare GET is GraphiQL, for a browser.
    let page = app.get("/graphql").await.text().await.expect("text");
    assert!(page.contains("graphiql"), "{page:.200}");

    // Persisted queries: unknown hash, then the query with its hash, then the hash alone by GET.
    let hash: String = Sha256::digest(query.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    let (_, text) = app
        .raw_post(
            "application/json",
            json!({ "extensions": extensions }).to_string(),
        )
        .await;
    assert!(text.contains("PERSISTED_QUERY_NOT_FOUND"), "{text}");
    let (_, text) = app
        .raw_post(
            "application/json",
            json!({ "query": "{ __typename }", "extensions": extensions }).to_string(),
        )
        .await;
    assert!(text.contains("not the SHA-256 of the query"), "{text}");
    let (_, text) = app
        .raw_post(
            "application/json",
            json!({ "query": query, "extensions": extensions }).to_string(),
        )
        .await;
    assert!(text.contains("East Genomic Laboratory Hub"), "{text}");
    let body: Value = app
        .get(&format!(
            "/graphql?extensions={}",
            urlencode(&extensions.to_string())
        ))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(body["data"]["hub"]["name"], "East Genomic Laboratory Hub");
}

#[tokio::test]
async fn cors_answers_only_the_configured_origins() {
    let app = TestApp::spawn_with(AppOptions {
        cors_origins: vec!["https://dashboard.example.org".to_owned()],
        ..Default::default()
    })
    .await;
    let client = reqwest::Client::new();
    for (origin, allowed) in [
        ("https://dashboard.example.org", true),
        ("https://elsewhere.example.org", false),
    ] {
        let response = client
            .request(reqwest::Method::OPTIONS, format!("{}/graphql", app.url))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type, authorization",
            )
            .send()
            .await
            .expect("preflight");
        let allow = response
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        assert_eq!(
            allow.as_deref() == Some(origin),
            allowed,
            "{origin}: {allow:?}"
        );
    }
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/readyz").await.status(), 200);
    app.post("query Dashboard { hubs { totalCount } }", json!({}))
        .await;
    app.post("query Broken { nope }", json!({})).await;
    let metrics = app.get("/metrics").await.text().await.expect("text");
    for line in [
        "gms_graphql_requests_total{operation=\"Dashboard\",outcome=\"ok\"} 1",
        "gms_graphql_requests_total{operation=\"Broken\",outcome=\"GRAPHQL_VALIDATION_FAILED\"} 1",
        "gms_graphql_request_duration_seconds_count{operation=\"Dashboard\"} 1",
        "gms_graphql_request_duration_seconds_count{operation=\"Broken\"} 1",
        "gms_graphql_request_duration_seconds_bucket{operation=\"Dashboard\",le=\"+Inf\"} 1",
        "gms_db_pool_connections ",
    ] {
        assert!(metrics.contains(line), "{line} in:\n{metrics}");
    }
    // The database gone: not ready, though alive.
    app.db.clone().close().await.expect("close");
    assert_eq!(app.get("/readyz").await.status(), 503);
    assert_eq!(app.get("/healthz").await.status(), 200);
}

/// A panic in any handler is answered, 500 with a code, and the server goes on serving: the
/// layers every route goes through, around a route that panics.
#[tokio::test]
async fn a_panic_in_a_handler_is_a_500_with_a_code() {
    async fn boom(axum::extract::Path(n): axum::extract::Path<usize>) -> String {
        // Out of bounds for any n: the handler panics.
        let none: [&str; 0] = [];
        none[n].to_owned()
    }
    let router = gms_graph::http::layers(
        axum::Router::new()
            .route("/boom/{n}", axum::routing::get(boom))
            .route("/fine", axum::routing::get(|| async { "fine" })),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    let response = reqwest::get(format!("http://{addr}/boom/0"))
        .await
        .expect("an answer, not a dropped connection");
    assert_eq!(response.status(), 500);
    let body: serde_json::Value = response.json().await.expect("a JSON body");
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "INTERNAL_SERVER_ERROR",
        "{body:#}"
    );
    let fine = reqwest::get(format!("http://{addr}/fine"))
        .await
        .expect("still serving");
    assert_eq!(fine.status(), 200);
    server.abort();
}
