//! Trusted documents: the README's operations as a manifest (`gms-graph trusted-documents`),
//! run by id over POST and GET; under `--trusted-documents-only`, any other operation refused
//! with PERSISTED_QUERY_NOT_IN_LIST over HTTP and WebSocket, admins exempt only when asked.

use std::sync::Arc;

use entity::api_token::Role;
use gms_graph::graphql::trusted::{Manifest, TrustedDocuments, sha256_hex};
use gms_graph::http;
use serde_json::{Value, json};

use crate::cli::{fails_with_one_line, gms_graph};
use crate::helpers::{TestApp, urlencode};

/// The manifest the binary prints.
fn printed_manifest() -> (String, Manifest) {
    let out = gms_graph(&["trusted-documents"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let manifest = serde_json::from_str(&text).expect("a manifest");
    (text, manifest)
}

fn id_of(manifest: &Manifest, name: &str) -> String {
    manifest
        .operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .id
        .clone()
}

async fn app_trusting(text: &str, only: bool, exempt_admins: bool) -> TestApp {
    let mut trusted = TrustedDocuments::from_manifest(text).expect("the manifest loads");
    trusted.only = only;
    trusted.exempt_admins = exempt_admins;
    TestApp::spawn_with(http::AppOptions {
        trusted: Some(Arc::new(trusted)),
        ..Default::default()
    })
    .await
}

/// POSTs an operation by id: the body.
async fn by_id(app: &TestApp, id: &str) -> Value {
    reqwest::Client::new()
        .post(format!("{}/graphql", app.url))
        .json(&json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": id } } }))
        .send()
        .await
        .expect("POST")
        .json()
        .await
        .expect("JSON")
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
}

const OTHER: &str = "query Other { regions { nodes { name } } }";

#[test]
fn the_readme_operations_print_as_a_manifest() {
    let (_, manifest) = printed_manifest();
    assert_eq!(manifest.format, "apollo-persisted-query-manifest");
    assert_eq!(manifest.version, 1);
    let named: Vec<(&str, &str)> = manifest
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o.kind.as_str()))
        .collect();
    assert_eq!(
        named,
        [
            ("MissionTraversal", "query"),
            ("CancerProjectsLedFromLondon", "query"),
            ("CoursesByFormat", "query"),
            ("WhoCoversLondon", "query"),
            ("SearchPharmacogenomics", "query"),
            ("CourseChanges", "subscription"),
        ]
    );
    for operation in &manifest.operations {
        assert_eq!(
            operation.id,
            sha256_hex(&operation.body),
            "{}",
            operation.name
        );
    }
}

#[tokio::test]
async fn only_trusted_operations_run_when_only_they_may() {
    let (text, manifest) = printed_manifest();
    let app = app_trusting(&text, true, false).await;
    let mission = id_of(&manifest, "MissionTraversal");

    // By id, over POST and GET, and by its text, character for character.
    let body = by_id(&app, &mission).await;
    assert_eq!(
        body["data"]["alliances"]["nodes"].as_array().map(Vec::len),
        Some(7),
        "{body:#}"
    );
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": mission } });
    let got: Value = app
        .get(&format!(
            "/graphql?extensions={}",
            urlencode(&extensions.to_string())
        ))
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(got, body);
    let body_text = &manifest.operations[0].body;
    assert_eq!(app.post(body_text, json!({})).await, body);

    // Anything else is refused before it runs: another text, the same one spaced otherwise, an
    // automatic persisted query, an id not in the list; a viewer's token changes nothing.
    let refused = app.post(OTHER, json!({})).await;
    assert_eq!(code(&refused), "PERSISTED_QUERY_NOT_IN_LIST", "{refused:#}");
    assert_eq!(refused["data"], Value::Null);
    let respaced = body_text.replacen("  ", "   ", 1);
    assert_eq!(
        code(&app.post(&respaced, json!({})).await),
        "PERSISTED_QUERY_NOT_IN_LIST"
    );
    let apq = reqwest::Client::new()
        .post(format!("{}/graphql", app.url))
        .json(&json!({ "query": OTHER, "extensions": { "persistedQuery": { "version": 1, "sha256Hash": sha256_hex(OTHER) } } }))
        .send()
        .await
        .expect("POST")
        .json::<Value>()
        .await
        .expect("JSON");
    assert_eq!(code(&apq), "PERSISTED_QUERY_NOT_IN_LIST", "{apq:#}");
    let never_sent = sha256_hex("query Never { regions { totalCount } }");
    assert_eq!(
        code(&by_id(&app, &never_sent).await),
        "PERSISTED_QUERY_NOT_FOUND"
    );
    let viewer = app.token(Role::Viewer).await;
    let (_, body) = app.post_as(Some(&viewer), OTHER, json!({})).await;
    assert_eq!(code(&body), "PERSISTED_QUERY_NOT_IN_LIST");
    // Admins are not exempt unless the server says so.
    let admin = app.token(Role::Admin).await;
    let (_, body) = app.post_as(Some(&admin), OTHER, json!({})).await;
    assert_eq!(code(&body), "PERSISTED_QUERY_NOT_IN_LIST");

    // The CSV export's own queries are the server's, and run.
    let csv = app.get("/export/Hub.csv").await;
    assert_eq!(csv.status().as_u16(), 200);
    let csv = csv.text().await.expect("CSV");
    assert!(csv.contains("North West Genomic Laboratory Hub"), "{csv}");

    // Over the WebSocket too.
    use futures_util::SinkExt;
    let mut socket = crate::hostile::socket(&app, json!({})).await;
    socket
        .send(crate::hostile::text(
            json!({ "id": "1", "type": "subscribe", "payload": { "query": OTHER } }),
        ))
        .await
        .expect("send");
    let message = crate::hostile::next_message(&mut socket).await;
    let errors = if message["type"] == "error" {
        message["payload"].clone()
    } else {
        message["payload"]["errors"].clone()
    };
    assert_eq!(
        errors[0]["extensions"]["code"], "PERSISTED_QUERY_NOT_IN_LIST",
        "{message:#}"
    );
}

#[tokio::test]
async fn admins_may_be_exempt_and_without_only_everything_runs() {
    let (text, manifest) = printed_manifest();
    let app = app_trusting(&text, true, true).await;
    let admin = app.token(Role::Admin).await;
    let (status, body) = app.post_as(Some(&admin), OTHER, json!({})).await;
    assert_eq!((status, &body["errors"]), (200, &Value::Null), "{body:#}");
    let editor = app.token(Role::Editor).await;
    let (_, body) = app.post_as(Some(&editor), OTHER, json!({})).await;
    assert_eq!(code(&body), "PERSISTED_QUERY_NOT_IN_LIST");

    let app = app_trusting(&text, false, false).await;
    assert_eq!(app.post(OTHER, json!({})).await["errors"], Value::Null);
    let body = by_id(&app, &id_of(&manifest, "CoursesByFormat")).await;
    assert!(body["data"]["trainingCourseStats"].is_array(), "{body:#}");
}

#[test]
fn a_manifest_that_will_not_load_stops_the_server_in_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("manifest.json");
    let database = format!("sqlite://{}?mode=rwc", dir.path().join("gms.db").display());
    std::fs::write(
        &path,
        r#"{"format":"apollo-persisted-query-manifest","version":1,"operations":[{"id":"x","name":"A","type":"query","body":"query A {"}]}"#,
    )
    .expect("write");
    let path = path.to_str().expect("a UTF-8 path");
    let out = gms_graph(&[
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--database-url",
        &database,
        "--trusted-documents",
        path,
    ]);
    let line = fails_with_one_line(&out);
    assert!(
        line.contains("operation 1") && line.contains("does not parse"),
        "{line}"
    );
    let out = gms_graph(&[
        "serve",
        "--database-url",
        &database,
        "--trusted-documents",
        "/nonexistent/manifest.json",
    ]);
    let line = fails_with_one_line(&out);
    assert!(line.contains("cannot read the trusted documents"), "{line}");
    // --trusted-documents-only needs a manifest.
    let out = gms_graph(&[
        "serve",
        "--database-url",
        &database,
        "--trusted-documents-only",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--trusted-documents"));
}
