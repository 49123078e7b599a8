//! Rate limits: per token, per address without a token, and failed authentications from an
//! address more tightly; a refusal is a 429 with `Retry-After` and `RATE_LIMITED`, counted on
//! /metrics.

use entity::api_token::Role;
use gms_graph::http::{
    self,
    rate_limit::{Rate, RateLimits},
};
use serde_json::{Value, json};

use crate::helpers::TestApp;

const QUERY: &str = "{ regions(first: 1) { totalCount } }";

fn limited(requests: Option<Rate>, auth_failures: Option<Rate>) -> http::AppOptions {
    http::AppOptions {
        rate_limits: RateLimits {
            requests,
            auth_failures,
        },
        ..Default::default()
    }
}

/// A minute's allowance of `burst` at once: nothing comes back within a test's time.
fn burst(burst: u32) -> Option<Rate> {
    Rate::new(1, burst)
}

/// POSTs `body` with an optional token: the status, `Retry-After` and the body.
async fn send(app: &TestApp, token: Option<&str>, body: Value) -> (u16, Option<u64>, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("{}/graphql", app.url))
        .json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("POST /graphql");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().expect("ASCII").parse().expect("whole seconds"));
    (status, retry_after, response.json().await.expect("JSON"))
}

async fn query(app: &TestApp, token: Option<&str>) -> (u16, Option<u64>, Value) {
    send(app, token, json!({ "query": QUERY })).await
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
}

/// The count /metrics gives for refusals by `limit`.
async fn refused(app: &TestApp, limit: &str) -> u64 {
    let text = app.get("/metrics").await.text().await.expect("metrics");
    let line = format!("gms_rate_limited_total{{limit=\"{limit}\"}} ");
    text.lines()
        .find_map(|l| l.strip_prefix(&line))
        .unwrap_or_else(|| panic!("no {line:?} in {text}"))
        .parse()
        .expect("a count")
}

#[tokio::test]
async fn a_token_past_its_allowance_is_refused_with_429_and_retry_after() {
    let app = TestApp::spawn_with(limited(burst(3), None)).await;
    let token = app.token(Role::Viewer).await;
    for _ in 0..3 {
        let (status, _, body) = query(&app, Some(&token)).await;
        assert_eq!((status, &body["errors"]), (200, &Value::Null), "{body:#}");
    }
    let (status, retry_after, body) = query(&app, Some(&token)).await;
    assert_eq!(status, 429, "{body:#}");
    assert_eq!(code(&body), "RATE_LIMITED", "{body:#}");
    assert!(body.get("data").is_none(), "{body:#}");
    // One a minute: the next comes back within a minute, not at once.
    let wait = retry_after.expect("a Retry-After");
    assert!((1..=60).contains(&wait), "Retry-After: {wait}");

    // Another token, and the address without a token, each have their own allowance.
    let other = app.token(Role::Viewer).await;
    assert_eq!(query(&app, Some(&other)).await.0, 200);
    assert_eq!(query(&app, None).await.0, 200);
    assert_eq!(refused(&app, "token").await, 1);
    assert_eq!(refused(&app, "address").await, 0);
}

#[tokio::test]
async fn an_address_without_a_token_has_an_allowance_and_a_batch_costs_each_operation() {
    let app = TestApp::spawn_with(limited(burst(5), None)).await;
    let batch = |n: usize| Value::Array(vec![json!({ "query": QUERY }); n]);
    let (status, _, body) = send(&app, None, batch(4)).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(body.as_array().map(Vec::len), Some(4), "{body:#}");
    // One left: a batch of two is refused whole, and takes nothing.
    let (status, retry_after, body) = send(&app, None, batch(2)).await;
    assert_eq!((status, code(&body)), (429, "RATE_LIMITED"), "{body:#}");
    assert!(retry_after.is_some());
    assert_eq!(query(&app, None).await.0, 200);
    // GET is held to the same allowance.
    let response = app
        .get(&format!(
            "/graphql?query={}",
            crate::helpers::urlencode(QUERY)
        ))
        .await;
    assert_eq!(response.status().as_u16(), 429);
    assert!(response.headers().contains_key("retry-after"));
    assert_eq!(refused(&app, "address").await, 2);
}

#[tokio::test]
async fn failed_authentications_are_limited_more_tightly_than_valid_ones() {
    // A valid token may make 50 requests at once; an address may fail to authenticate 3 times.
    let app = TestApp::spawn_with(limited(burst(50), burst(3))).await;
    let token = app.token(Role::Viewer).await;
    for _ in 0..10 {
        assert_eq!(query(&app, Some(&token)).await.0, 200);
    }
    let bad = "gms_not-a-token-at-all";
    for _ in 0..3 {
        let (status, _, body) = query(&app, Some(bad)).await;
        assert_eq!((status, code(&body)), (401, "UNAUTHENTICATED"), "{body:#}");
    }
    // The fourth failure is refused before the token is looked at, and so is any credential
    // from the address, a valid token too, until its allowance comes back; a request without
    // one is not held back.
    for authorization in [
        format!("Bearer {bad}"),
        "Basic abc".to_owned(),
        format!("Bearer {token}"),
    ] {
        let response = reqwest::Client::new()
            .post(format!("{}/graphql", app.url))
            .header("authorization", &authorization)
            .json(&json!({ "query": QUERY }))
            .send()
            .await
            .expect("POST /graphql");
        assert_eq!(response.status().as_u16(), 429, "{authorization}");
        assert!(response.headers().contains_key("retry-after"));
        let body: Value = response.json().await.expect("JSON");
        assert_eq!(code(&body), "RATE_LIMITED", "{body:#}");
        assert_eq!(query(&app, None).await.0, 200);
    }
    // A token checked on /metrics and /export is held to the same.
    let response = reqwest::Client::new()
        .get(format!("{}/export/Region.csv", app.url))
        .bearer_auth(bad)
        .send()
        .await
        .expect("GET /export");
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(refused(&app, "auth_failures").await, 4);
    assert_eq!(refused(&app, "token").await, 0);
}

#[tokio::test]
async fn without_limits_nothing_is_refused() {
    let app = TestApp::spawn().await;
    for _ in 0..40 {
        assert_eq!(query(&app, Some("gms_bad")).await.0, 401);
    }
    assert_eq!(refused(&app, "auth_failures").await, 0);
}

/// The flags reach the server the binary runs: `--rate-limit` with its burst for requests,
/// `--auth-failure-limit` with its burst for failed authentications.
#[tokio::test]
async fn the_command_line_sets_the_limits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("gms.db").display());
    let server = crate::helpers::Served::start(
        &url,
        &[
            "--rate-limit",
            "1",
            "--rate-limit-burst",
            "2",
            "--auth-failure-limit",
            "1",
            "--auth-failure-burst",
            "1",
        ],
    );
    let client = reqwest::Client::new();
    let post = |token: Option<&'static str>| {
        let mut request = client
            .post(format!("http://{}/graphql", server.addr))
            .json(&json!({ "query": QUERY }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { request.send().await.expect("POST").status().as_u16() }
    };
    assert_eq!(post(Some("gms_bad")).await, 401);
    assert_eq!(post(Some("gms_bad")).await, 429);
    assert_eq!(post(None).await, 200);
    assert_eq!(post(None).await, 200);
    assert_eq!(post(None).await, 429);
}
