//! A query's reads run on one connection, taken at its first statement and given back when the
//! query is done; a mutation holds none (src/db/session.rs).

use gms_graph::{
    config::DatabaseConfig,
    db,
    db::{Bounds, Session},
    http, seed,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};
use serde_json::json;
use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use crate::backend::TestDatabase;
use crate::helpers::TestApp;

fn sql(db: &impl ConnectionTrait, text: &str) -> Statement {
    Statement::from_string(db.get_database_backend(), text)
}

/// A table only the connection that made it can see.
fn create_temporary(db: &impl ConnectionTrait) -> Statement {
    sql(
        db,
        match db.get_database_backend() {
            DbBackend::MySql => "CREATE TEMPORARY TABLE held_here (n INT)",
            _ => "CREATE TEMP TABLE held_here (n INTEGER)",
        },
    )
}

async fn pool_of_one(database: &TestDatabase) -> DatabaseConnection {
    let mut config = DatabaseConfig::new(&database.url);
    config.db_max_connections = Some(1);
    config.db_timeout_secs = 1;
    db::connect(&config).await.expect("connect")
}

#[tokio::test]
async fn a_session_reads_on_one_connection_and_gives_it_back_when_dropped() {
    let database = TestDatabase::create().await;
    let pool = pool_of_one(&database).await;
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    let session = Session::holding(
        pool.clone(),
        Some(Arc::new(move |_: &str| {
            counter.fetch_add(1, Ordering::SeqCst);
        })),
    );

    session
        .query_all_raw(create_temporary(&session))
        .await
        .expect("a temporary table");
    for _ in 0..3 {
        session
            .query_all_raw(sql(&session, "SELECT n FROM held_here"))
            .await
            .expect("every statement on the connection that made the table");
    }
    assert_eq!(
        sent.load(Ordering::SeqCst),
        4,
        "each statement counted once"
    );

    // The pool's one connection is the session's until the session is dropped.
    let taken = pool.query_all_raw(sql(&pool, "SELECT 1")).await;
    assert!(
        matches!(taken, Err(DbErr::ConnectionAcquire(_))),
        "the pool had a connection while the session held its only one: {taken:?}"
    );
    drop(session);
    pool.query_all_raw(sql(&pool, "SELECT n FROM held_here"))
        .await
        .expect("the same connection, back in the pool");
}

#[tokio::test]
async fn statements_of_one_session_may_be_asked_for_at_once() {
    let database = TestDatabase::create().await;
    let pool = pool_of_one(&database).await;
    let session = Session::holding(pool, None);
    let asks = (0..8).map(|n| {
        let session = session.clone();
        async move {
            session
                .query_all_raw(sql(&session, &format!("SELECT 'answer {n}'")))
                .await
        }
    });
    for (n, rows) in futures_util::future::join_all(asks)
        .await
        .into_iter()
        .enumerate()
    {
        let rows = rows.expect("a turn on the held connection");
        let value: String = rows[0].try_get_by_index(0).expect("a text");
        assert_eq!(value, format!("answer {n}"));
    }
}

#[tokio::test]
async fn queries_and_mutations_run_on_a_pool_of_one_connection() {
    // A mutation reads and writes through the same pool on PostgreSQL and MySQL: were its reads
    // to hold the pool's only connection, its write would wait for it until the timeout. (On
    // PostgreSQL the change listener has a connection of its own, outside the pool.)
    let app = TestApp::spawn_empty_on(http::AppOptions::default(), |config| {
        config.db_max_connections = Some(1);
        config.db_timeout_secs = 1;
    })
    .await;
    seed::seed_if_empty(&app.db).await.expect("seed");
    let token = app.token(entity::api_token::Role::Editor).await;
    let (_, before) = app
        .post_as(
            None,
            r#"{ trainingCourse(id: "TrainingCourse:fh-genetics-for-pharmacists") { version } }"#,
            json!({}),
        )
        .await;
    let course = &before["data"]["trainingCourse"];
    let version = course["version"]
        .as_i64()
        .unwrap_or_else(|| panic!("a course: {before:#}"));
    for round in 0..3 {
        // Two writes in one mutation, the first answering with related records: the second
        // write needs a connection after the first one's answer was read.
        let v = version + 2 * round;
        let (status, body) = app
            .post_as(
                Some(&token),
                r#"mutation($v: Int!, $w: Int!, $t: String!) {
                    first: updateTrainingCourse(id: "TrainingCourse:fh-genetics-for-pharmacists",
                                                expectedVersion: $v, input: { title: $t }) {
                        version alliance { name regions { nodes { name } } } }
                    second: updateTrainingCourse(id: "TrainingCourse:fh-genetics-for-pharmacists",
                                                 expectedVersion: $w, input: { title: $t }) {
                        version } }"#,
                json!({ "v": v, "w": v + 1, "t": format!("Course {round}") }),
            )
            .await;
        assert_eq!(status, 200);
        assert!(body.get("errors").is_none(), "round {round}: {body:#}");
        assert_eq!(body["data"]["second"]["version"], json!(v + 2));
        let data = app
            .data("{ alliances { nodes { name regions { nodes { hubs { nodes { name } } } } } } }")
            .await;
        assert_eq!(data["alliances"]["nodes"].as_array().map(Vec::len), Some(7));
    }
}

/// SQLite has no statement time limit of its own: a session's deadline interrupts what its
/// connection runs, and the connection goes back to the pool without it.
#[tokio::test]
async fn a_sessions_deadline_stops_its_statement_and_not_the_next_holders() {
    let database = TestDatabase::create().await;
    let pool = pool_of_one(&database).await;
    if pool.get_database_backend() != DbBackend::Sqlite {
        return; // PostgreSQL and MySQL stop statements themselves: see hostile.rs.
    }
    let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) \
                   SELECT count(*) FROM c";
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(300);
    let bounds = Bounds {
        deadline: Some(deadline),
        max_rows: None,
    };
    let session = Session::holding_within(pool.clone(), None, bounds);
    let stopped = session.query_all_raw(sql(&session, endless)).await;
    assert!(
        stopped
            .as_ref()
            .is_err_and(|e| e.to_string().contains("interrupt")),
        "{stopped:?}"
    );
    assert!(std::time::Instant::now() < deadline + std::time::Duration::from_secs(5));
    drop(session);
    // The pool's one connection, given back, runs a statement past the old deadline.
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let counted = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) \
                   SELECT count(*) FROM c";
    let next = Session::holding(pool.clone(), None);
    next.query_all_raw(sql(&next, counted))
        .await
        .expect("no deadline left on the connection");
}

/// A session's budget of rows stops the statement that would read one more, refuses every later
/// statement, and leaves its connection fit for the next holder, on every backend.
#[tokio::test]
async fn a_sessions_row_budget_stops_the_statement_that_exceeds_it() {
    let database = TestDatabase::create().await;
    let pool = pool_of_one(&database).await;
    let rows = |n: usize| {
        format!(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {n}) \
             SELECT x FROM c"
        )
    };
    let bounds = Bounds {
        deadline: None,
        max_rows: Some(10),
    };
    let session = Session::holding_within(pool.clone(), None, bounds);
    let six = session.query_all_raw(sql(&session, &rows(6))).await;
    assert_eq!(six.expect("6 rows, within 10").len(), 6);
    assert!(!session.over_row_limit());
    let five = session.query_all_raw(sql(&session, &rows(5))).await;
    assert!(
        five.as_ref().is_err_and(db::is_over_row_limit),
        "6 + 5 rows is over a budget of 10: {five:?}"
    );
    assert!(session.over_row_limit());
    let one = session.query_all_raw(sql(&session, "SELECT 1")).await;
    assert!(
        one.as_ref().is_err_and(db::is_over_row_limit),
        "a statement after the budget is spent is refused: {one:?}"
    );
    drop(session);
    // The statement stopped midway left nothing on the pool's one connection.
    let next = Session::holding(pool.clone(), None);
    let all = next
        .query_all_raw(sql(&next, &rows(900)))
        .await
        .expect("the connection, given back, runs the next holder's statement");
    assert_eq!(all.len(), 900);
    drop(next);

    // Through the pool (a mutation's reads), the rows are counted when they arrive.
    let pooled = Session::pooled_within(pool.clone(), Some(10));
    let eleven = pooled.query_all_raw(sql(&pooled, &rows(11))).await;
    assert!(
        eleven.as_ref().is_err_and(db::is_over_row_limit),
        "{eleven:?}"
    );
    assert!(pooled.over_row_limit());
}
