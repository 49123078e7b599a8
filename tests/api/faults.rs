//! The database going away under load (PostgreSQL): requests fail cleanly while it is gone,
//! /readyz says so, service resumes without a restart when it is back, and no committed write is
//! lost. Runs in the PostgreSQL run of the suite; the others say they skipped it.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use entity::api_token::Role;
use entity::{change_log, training_course};
use sea_orm::{
    ColumnTrait, ConnectionTrait, Database, DbBackend, EntityTrait, PaginatorTrait, QueryFilter,
    Statement,
};
use serde_json::{Value, json};

use crate::backend::backend;
use crate::helpers::TestApp;

const WRITERS: usize = 4;
const UPDATE: &str = r#"mutation($id: ID!, $v: Int!, $title: String!) {
    updateTrainingCourse(id: $id, expectedVersion: $v, input: { title: $title }) { version } }"#;
const READ: &str = r#"query($id: ID!) { trainingCourse(id: $id) { version } }"#;

/// What one writer saw.
#[derive(Default, Debug)]
struct Tally {
    ok: usize,
    conflicts: usize,
    failed: usize,
    unclean: Vec<String>,
}

async fn admin(sql: &str) {
    let server = std::env::var("GMS_TEST_DATABASE_URL").expect("a server");
    let db = Database::connect(format!("{}/postgres", server.trim_end_matches('/')))
        .await
        .expect("the server's admin database");
    db.execute_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
        .unwrap_or_else(|err| panic!("{sql}: {err}"));
    db.close().await.ok();
}

/// Polls `path` until it answers `status`, for at most 30 s.
async fn until_status(app: &TestApp, path: &str, status: u16) {
    for _ in 0..300 {
        if app.get(path).await.status().as_u16() == status {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{path} never answered {status}");
}

#[tokio::test]
async fn losing_the_database_under_load_fails_cleanly_and_loses_no_write() {
    if backend() != DbBackend::Postgres {
        writeln!(
            std::io::stderr(),
            "faults: skipped, it needs PostgreSQL (the suite's PostgreSQL run covers it)"
        )
        .ok();
        return;
    }
    let app = Arc::new(TestApp::spawn().await);
    let name = app
        .database_url()
        .rsplit('/')
        .next()
        .expect("a database name")
        .to_owned();
    let editor = Arc::new(app.token(Role::Editor).await);
    let slugs: Vec<String> = training_course::Entity::find()
        .all(&app.db)
        .await
        .expect("courses")
        .into_iter()
        .take(WRITERS)
        .map(|c| c.slug)
        .collect();
    let stop = Arc::new(AtomicBool::new(false));

    // Each writer updates its own course, re-reading its version after a failure.
    let mut writers = Vec::new();
    for slug in slugs.clone() {
        let (app, editor, stop) = (app.clone(), editor.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            let id = format!("TrainingCourse:{slug}");
            let mut tally = Tally::default();
            let mut version = 1;
            for round in 0..2_000 {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let variables =
                    json!({ "id": id, "v": version, "title": format!("Round {round}") });
                let (status, body) = app.post_as(Some(&editor), UPDATE, variables).await;
                let code = body["errors"][0]["extensions"]["code"]
                    .as_str()
                    .unwrap_or("");
                let message = body["errors"][0]["message"].as_str().unwrap_or("");
                match (status, code) {
                    (200, "") => {
                        tally.ok += 1;
                        version = body["data"]["updateTrainingCourse"]["version"]
                            .as_i64()
                            .expect("a version") as i32;
                        continue;
                    }
                    (200, "CONFLICT") => tally.conflicts += 1,
                    // Out of reach: said plainly, over GraphQL or, when the token cannot even
                    // be checked, as a 503.
                    (200 | 503, "SERVICE_UNAVAILABLE") if message.contains("out of reach") => {
                        tally.failed += 1;
                    }
                    _ => tally.unclean.push(format!("{status} {body}")),
                }
                // After a failure the write may or may not have committed: read the version.
                tokio::time::sleep(Duration::from_millis(20)).await;
                let read: Value = app.post(READ, json!({ "id": id })).await;
                if let Some(v) = read["data"]["trainingCourse"]["version"].as_i64() {
                    version = v as i32;
                }
            }
            tally
        }));
    }

    // Let the load run, then take the database away: no new connections, existing ones killed.
    tokio::time::sleep(Duration::from_millis(500)).await;
    admin(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false")).await;
    admin(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    ))
    .await;
    until_status(&app, "/readyz", 503).await;
    assert_eq!(
        app.get("/healthz").await.status(),
        200,
        "alive all the same"
    );
    let body = app.post("{ hubs { totalCount } }", json!({})).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "SERVICE_UNAVAILABLE",
        "a clean error while it is gone: {body}"
    );
    let said = body["errors"][0]["message"].as_str().unwrap_or("");
    assert!(
        said.contains("out of reach") && !said.contains("pg_"),
        "{said}"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Back: the same server serves again, without a restart.
    admin(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true")).await;
    until_status(&app, "/readyz", 200).await;
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    stop.store(true, Ordering::SeqCst);
    let mut tallies = Vec::new();
    for writer in writers {
        tallies.push(writer.await.expect("a writer"));
    }
    assert_eq!(
        app.data("{ hubs { totalCount } }").await["hubs"]["totalCount"],
        7
    );

    // No committed write lost: each course's version counts every success (and perhaps a write
    // whose answer was lost with its connection), and the change log holds each one.
    for (slug, tally) in slugs.iter().zip(&tallies) {
        assert!(tally.unclean.is_empty(), "{slug}: {:?}", tally.unclean);
        assert!(tally.ok > 0, "{slug}: the load ran: {tally:?}");
        let course = training_course::Entity::find()
            .filter(training_course::Column::Slug.eq(slug.as_str()))
            .one(&app.db)
            .await
            .expect("read")
            .expect("the course");
        let logged = change_log::Entity::find()
            .filter(change_log::Column::EntityId.eq(format!("TrainingCourse:{slug}")))
            .filter(change_log::Column::TokenId.is_not_null())
            .count(&app.db)
            .await
            .expect("count");
        let committed = (course.version - 1) as usize;
        assert!(
            committed >= tally.ok && committed <= tally.ok + tally.failed,
            "{slug}: version {} after {tally:?}",
            course.version
        );
        assert_eq!(logged as usize, committed, "{slug}: one log row per write");
    }
    let failed: usize = tallies.iter().map(|t| t.failed).sum();
    writeln!(
        std::io::stderr(),
        "faults: {} writes, {failed} failed cleanly while the database was gone",
        tallies.iter().map(|t| t.ok).sum::<usize>()
    )
    .ok();
}
