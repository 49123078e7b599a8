//! One line per request at info (target `gms_graph::access`): method, path, status, the
//! operation's name and the time taken, and never the caller's token; buffered, and all
//! written by the time the server has stopped.

use serde_json::{Value, json};

use crate::helpers::{Served, cli_token};

#[tokio::test]
async fn every_request_gets_one_line_with_its_operation_and_never_its_token() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("gms.db").display());
    let token = cli_token(&url, "logged");
    let mut server = Served::start(&url, &["--log-json"]);
    let base = format!("http://{}", server.addr);
    let client = reqwest::Client::new();
    let answer: Value = client
        .post(format!("{base}/graphql"))
        .bearer_auth(&token)
        .json(&json!({ "query": "query Mission { hubs(first: 1) { totalCount } }" }))
        .send()
        .await
        .expect("POST")
        .json()
        .await
        .expect("json");
    assert_eq!(answer["data"]["hubs"]["totalCount"], 7, "{answer}");
    let missing = client
        .get(format!("{base}/nothing-here?secret=1"))
        .send()
        .await
        .expect("GET");
    assert_eq!(missing.status(), 404);
    // Stopped as a service manager stops it: the lines still buffered are written on the way out.
    let exit = server.terminate();
    assert!(exit.success(), "{exit:?}");
    let log = server.log();

    let lines: Vec<Value> = log
        .iter()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["target"] == "gms_graph::access")
        .collect();
    assert_eq!(lines.len(), 2, "one line per request: {log:#?}");
    let graphql = &lines[0];
    assert_eq!(graphql["fields"]["method"], "POST", "{graphql}");
    assert_eq!(graphql["fields"]["path"], "/graphql", "{graphql}");
    assert_eq!(graphql["fields"]["operation"], "Mission", "{graphql}");
    assert_eq!(graphql["fields"]["status"], 200, "{graphql}");
    assert!(graphql["fields"]["ms"].as_f64().is_some(), "{graphql}");
    let other = &lines[1];
    assert_eq!(
        other["fields"]["path"], "/nothing-here",
        "no query string: {other}"
    );
    assert_eq!(other["fields"]["status"], 404, "{other}");
    assert!(
        log.iter().all(|line| !line.contains(&token)),
        "a token was logged: {log:#?}"
    );
}
