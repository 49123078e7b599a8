//! SIGTERM: the server stops taking requests at once, lets the ones in flight finish, and exits
//! cleanly. The process under test is the real binary, logging JSON.

use std::process::Command;
use std::time::Duration;

use sea_orm::{
    ConnectionTrait, Database, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use serde_json::{Value, json};

use crate::helpers::{Served, cli_token};

#[tokio::test]
async fn sigterm_lets_requests_in_flight_finish_and_refuses_new_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("gms.db").display());
    let token = cli_token(&url, "shutdown");
    let mut server = Served::start(&url, &["--log-json"]);
    let addr = server.addr.clone();
    let graphql = format!("http://{addr}/graphql");

    // Another process holds SQLite's write lock, so that a write is kept in flight.
    let db = Database::connect(&url).await.expect("connect");
    let lock = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await
        .expect("hold the write lock");
    let client = reqwest::Client::new();
    let in_flight = tokio::spawn({
        let (client, graphql, token) = (client.clone(), graphql.clone(), token.clone());
        async move {
            client
                .post(graphql)
                .bearer_auth(token)
                .json(&json!({ "query": r#"mutation { updateTrainingCourse(id: "TrainingCourse:consent-and-ethics", expectedVersion: 1, input: { title: "Finished" }) { version title } }"# }))
                .send()
                .await
                .expect("the request in flight is answered")
                .json::<Value>()
                .await
                .expect("json")
        }
    });
    // Long enough for the request to reach the server on a loaded machine (500 ms was not,
    // with a build beside it), short of SQLite's busy timeout (5 s) with what follows.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill")
            .success()
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let refused = reqwest::Client::new()
        .post(&graphql)
        .json(&json!({ "query": "{ __typename }" }))
        .timeout(Duration::from_secs(5))
        .send()
        .await;
    assert!(refused.is_err(), "a new request after SIGTERM is refused");

    lock.rollback().await.expect("release the lock");
    let answer = in_flight.await.expect("the request in flight");
    assert_eq!(
        answer["data"]["updateTrainingCourse"],
        json!({ "version": 2, "title": "Finished" }),
        "{answer:#}"
    );
    let status = server.child.wait().expect("exit");
    assert!(status.success(), "exits cleanly: {status}");
    let log = server.log();
    assert!(log.iter().any(|l| l.contains("stopped")), "{log:?}");
    // --log-json: one JSON object a line; and never a token, whatever the level.
    for line in &log {
        serde_json::from_str::<Value>(line).unwrap_or_else(|_| panic!("not JSON: {line}"));
        assert!(!line.contains(&token), "a token in the log: {line}");
    }
    let kept = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM training_course WHERE slug = 'consent-and-ethics'",
        ))
        .await
        .expect("read")
        .expect("the course");
    assert_eq!(kept.try_get::<i32>("", "version").expect("version"), 2);
}
