//! The response cache: a repeated query is answered without computing it again, and never with
//! data older than the last commit, whoever made it.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use axum::body::Bytes;
use entity::api_token::Role;
use gms_graph::config::DatabaseConfig;
use gms_graph::db::{self, Pools};
use gms_graph::graphql::access::Access;
use gms_graph::http::AppOptions;
use gms_graph::http::responses::{Answered, Key, Lookup, Miss, Responses, Wait};
use gms_graph::service::data_version::DataVersions;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use sha2::Digest as _;

/// An answer to keep, with the cache hints of a query of the network's records.
fn answered(body: &'static [u8]) -> Answered {
    Answered {
        body: Bytes::from_static(body),
        operation: None,
        cache_control: async_graphql::CacheControl {
            public: true,
            max_age: 60,
        },
    }
}

use crate::backend::backend;
use crate::helpers::TestApp;

const COURSE: &str =
    r#"query($id: ID!) { trainingCourse(id: $id) { title version alliance { name } } }"#;
const UPDATE: &str = r#"mutation($id: ID!, $v: Int!, $title: String!) {
    updateTrainingCourse(id: $id, expectedVersion: $v, input: { title: $title }) { version } }"#;
const HISTORY: &str = r#"{ hub(id: "Hub:east") { name history { action } } }"#;

async fn cached() -> TestApp {
    TestApp::spawn_with(AppOptions {
        response_cache_bytes: 1 << 20,
        ..AppOptions::default()
    })
    .await
}

/// Whether this backend can say when its data changed; MySQL/MariaDB cannot, and keeps nothing.
fn keeps() -> bool {
    backend() != DbBackend::MySql
}

/// Statements a repeated query costs when answered from the cache: PostgreSQL reads its
/// snapshot; SQLite reads its data version on a connection of its own, outside the pool.
fn hit_statements() -> usize {
    usize::from(backend() == DbBackend::Postgres)
}

/// The app's pools, as `serve` opens them, and its data version; `None` where it has none.
async fn versions_of(app: &TestApp) -> Option<(Pools, DataVersions)> {
    let config = DatabaseConfig::new(app.database_url());
    let pools = db::pools(&config, app.db.clone()).await.expect("pools");
    let versions =
        DataVersions::open(&pools.read, pools.sqlite_file.as_deref()).expect("open the versions");
    assert_eq!(
        versions.is_some(),
        keeps(),
        "only MySQL/MariaDB has no data version"
    );
    versions.map(|versions| (pools, versions))
}

async fn course(app: &TestApp, id: &str) -> (usize, Value) {
    app.statements_of_with(COURSE, json!({ "id": id })).await
}

#[tokio::test]
async fn a_repeated_query_costs_no_statements_of_its_own_until_a_write_commits() {
    let app = cached().await;
    let id = "TrainingCourse:consent-and-ethics";
    // Asked for the first time: computed, and neither looked up nor kept.
    let (first, answer) = course(&app, id).await;
    assert!(first > 0, "computed: {first}");
    // The second time: looked up, computed and kept (a version read before and after).
    let (second, same) = course(&app, id).await;
    assert_eq!(same, answer);
    assert_eq!(second, first + 2 * hit_statements());
    let (again, same) = course(&app, id).await;
    assert_eq!(same, answer);
    if keeps() {
        assert_eq!(again, hit_statements(), "answered from the cache");
    } else {
        assert_eq!(again, first, "MySQL/MariaDB keeps nothing");
    }
    // Other variables are another answer.
    let (_, other) = course(&app, "TrainingCourse:masters-in-genomic-medicine").await;
    assert_ne!(other, answer);

    // A write through the API: the next answer shows it.
    let editor = app.token(Role::Editor).await;
    let version = answer["trainingCourse"]["version"].clone();
    let (status, body) = app
        .post_as(
            Some(&editor),
            UPDATE,
            json!({ "id": id, "v": version, "title": "Through the API" }),
        )
        .await;
    assert_eq!(status, 200, "{body:#}");
    assert!(body.get("errors").is_none(), "{body:#}");
    let (_, after_api) = course(&app, id).await;
    assert_eq!(after_api["trainingCourse"]["title"], "Through the API");

    // The same answer is then kept again ...
    let (again, _) = course(&app, id).await;
    if keeps() {
        assert_eq!(again, hit_statements());
    }
    // ... and a write that bypasses this server (another replica, the command line, SQL) retires
    // it as well.
    app.execute_sql(
        "UPDATE training_course SET title = 'Outside the API' WHERE slug = 'consent-and-ethics'",
    )
    .await;
    let (_, after_sql) = course(&app, id).await;
    assert_eq!(after_sql["trainingCourse"]["title"], "Outside the API");
}

#[tokio::test]
async fn a_mutation_is_never_answered_from_the_cache() {
    let app = cached().await;
    let editor = app.token(Role::Editor).await;
    let variables = json!({ "id": "TrainingCourse:consent-and-ethics", "v": 1, "title": "Once" });
    let (_, first) = app.post_as(Some(&editor), UPDATE, variables.clone()).await;
    assert_eq!(
        first["data"]["updateTrainingCourse"]["version"], 2,
        "{first:#}"
    );
    // The same request again runs again, and meets the version it moved on.
    let (_, second) = app.post_as(Some(&editor), UPDATE, variables).await;
    assert_eq!(
        second["errors"][0]["extensions"]["code"], "CONFLICT",
        "{second:#}"
    );
}

#[tokio::test]
async fn answers_are_kept_per_role_and_errors_are_not_kept() {
    let app = cached().await;
    let editor = app.token(Role::Editor).await;
    let viewer = app.token(Role::Viewer).await;
    for _ in 0..2 {
        let (_, anonymous) = app.post_as(None, HISTORY, json!({})).await;
        assert_eq!(
            anonymous["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
            "{anonymous:#}"
        );
        let (_, as_editor) = app.post_as(Some(&editor), HISTORY, json!({})).await;
        assert!(as_editor.get("errors").is_none(), "{as_editor:#}");
        assert!(as_editor["data"]["hub"]["history"].is_array());
        let (_, as_viewer) = app.post_as(Some(&viewer), HISTORY, json!({})).await;
        assert_eq!(
            as_viewer["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{as_viewer:#}"
        );
    }
    // A clean answer is kept (from its second request); one with errors is computed each time.
    let clean = r#"{ hub(id: "Hub:east") { name } }"#;
    let (once, _) = app.statements_of(clean).await;
    assert_eq!(once, 1, "the first request is not looked up");
    let (first, _) = app.statements_of(clean).await;
    let (second, _) = app.statements_of(clean).await;
    let mut refused = Vec::new();
    for _ in 0..2 {
        let before = app.statements();
        let (_, body) = app.post_as(None, HISTORY, json!({})).await;
        assert!(body.get("errors").is_some(), "{body:#}");
        refused.push(app.statements() - before);
    }
    if keeps() {
        assert_eq!(
            (first, second),
            (1 + 2 * hit_statements(), hit_statements())
        );
    }
    assert_eq!(refused[0], refused[1], "{refused:?}");
    assert!(
        refused[1] > hit_statements(),
        "the hub looked up again: {refused:?}"
    );
}

#[tokio::test]
async fn the_cache_is_counted_in_the_metrics_and_can_be_turned_off() {
    let app = cached().await;
    for _ in 0..3 {
        app.data(r#"{ hub(id: "Hub:east") { name } }"#).await;
    }
    // A mutation is not looked up as a query is.
    let editor = app.token(Role::Editor).await;
    let variables =
        json!({ "id": "TrainingCourse:consent-and-ethics", "v": 1, "title": "Counted" });
    let (_, body) = app.post_as(Some(&editor), UPDATE, variables).await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let counted = (
        cache_lookups(&app, "hit").await,
        cache_lookups(&app, "miss").await,
    );
    // The first is a miss not looked up, the second a miss kept, the third a hit.
    if keeps() {
        assert_eq!(counted, (Some(1), Some(2)));
    } else {
        assert_eq!(counted, (Some(0), Some(0)));
    }

    // Off (the default of `AppOptions`, as the rest of the suite runs): every query computed.
    let off = TestApp::spawn().await;
    let query = r#"{ hub(id: "Hub:east") { name } }"#;
    let (first, _) = off.statements_of(query).await;
    let (second, _) = off.statements_of(query).await;
    assert_eq!((first, second), (1, 1));
}

/// The version the cache checks: still while nothing is written, moved by every commit.
#[tokio::test]
async fn the_data_version_moves_with_every_commit_and_only_then() {
    let app = TestApp::spawn().await;
    let Some((pools, versions)) = versions_of(&app).await else {
        return;
    };
    let current = || async { versions.current().await.expect("the version") };
    let start = current().await;
    app.data(r#"{ hubs { nodes { name leadTrust { name } } } }"#)
        .await;
    assert_eq!(current().await, start, "a read moves nothing");

    let write = |sql: String| {
        let db = pools.write.clone();
        async move {
            db.execute_raw(Statement::from_string(backend(), sql))
                .await
                .expect("write")
        }
    };
    let mut last = start;
    for (table, column) in [
        ("region", "name"),
        ("trust", "name"),
        ("hub", "name"),
        ("alliance", "name"),
        ("transformation_project", "title"),
        ("training_course", "title"),
    ] {
        write(format!("UPDATE {table} SET {column} = {column} || '.'")).await;
        let now = current().await;
        assert_ne!(now, last, "a write to {table}");
        last = now;
    }
    write("DELETE FROM hub_region WHERE hub_id = (SELECT min(id) FROM hub)".into()).await;
    assert_ne!(current().await, last, "a write to a link table");
}

/// On PostgreSQL, every table an answer is read from counts its writes: a table added without
/// the trigger would let the cache serve answers its writes made stale.
#[tokio::test]
async fn every_table_but_the_tokens_counts_its_writes_on_postgres() {
    if backend() != DbBackend::Postgres {
        return;
    }
    let app = TestApp::spawn().await;
    let names = |sql: &'static str| {
        let db = app.db.clone();
        async move {
            let rows = db
                .query_all_raw(Statement::from_string(DbBackend::Postgres, sql))
                .await
                .expect("catalogue");
            let mut names: Vec<String> = rows
                .iter()
                .map(|row| row.try_get_by_index(0).expect("a name"))
                .collect();
            names.sort();
            names.dedup();
            names
        }
    };
    let tables = names(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() \
         AND table_type = 'BASE TABLE' \
         AND table_name NOT IN ('api_token', 'seaql_migrations', 'gms_data_version')",
    )
    .await;
    let counted = names(
        "SELECT event_object_table::text FROM information_schema.triggers \
         WHERE trigger_schema = current_schema() AND trigger_name = 'gms_data_version_bump'",
    )
    .await;
    assert_eq!(counted, tables);
    // The catalogue query found the tables (a kind added later adds to them).
    assert!(
        tables.len() >= 15 && tables.contains(&"hub_membership".to_owned()),
        "{tables:?}"
    );
}

/// An answer computed while a write commits may show the data before it or after it: it is never
/// served once the write has committed. One computed while nothing commits is kept and served.
#[tokio::test]
async fn an_answer_computed_across_a_commit_is_never_served_after_it() {
    let app = TestApp::spawn().await;
    let Some((pools, versions)) = versions_of(&app).await else {
        return;
    };
    let responses = Responses::new(versions, 1 << 20);
    let key = || {
        Key::of(
            &Access::Anonymous,
            &async_graphql::Request::new("{ hubs { nodes { name } } }"),
        )
    };
    let miss = |lookup: Lookup| match lookup {
        Lookup::Miss(miss) => miss,
        Lookup::Hit(_) => panic!("a hit where nothing is kept"),
        Lookup::Wait(_) => panic!("a wait where nothing is being computed"),
        Lookup::Unknown => panic!("no version"),
    };

    let computing = miss(responses.lookup(key()).await);
    pools
        .write
        .execute_raw(Statement::from_string(
            backend(),
            "UPDATE hub SET name = 'Renamed meanwhile' WHERE slug = 'east'",
        ))
        .await
        .expect("a write while the answer is computed");
    responses
        .keep(computing, answered(b"computed before the write"))
        .await;
    // Not the answer computed across the write.
    let computing = miss(responses.lookup(key()).await);
    responses
        .keep(computing, answered(b"computed after it"))
        .await;
    match responses.lookup(key()).await {
        Lookup::Hit(kept) => assert_eq!(&kept.body[..], b"computed after it"),
        _ => panic!("an answer computed while nothing committed is kept"),
    }
}

/// A key is looked up only from its second request: the first costs what it costs with the cache
/// off, and only its hash is noted; a kept answer's key counts as seen even once another key has
/// taken its slot in the table of hashes.
#[tokio::test]
async fn a_query_asked_once_costs_what_it_costs_with_the_cache_off() {
    let app = cached().await;
    let off = TestApp::spawn().await;
    for id in [
        "TrainingCourse:consent-and-ethics",
        "TrainingCourse:masters-in-genomic-medicine",
    ] {
        let (cost, answer) = course(&app, id).await;
        let (cost_off, answer_off) = course(&off, id).await;
        assert_eq!((cost, answer), (cost_off, answer_off), "{id}");
    }

    let Some((_, versions)) = versions_of(&app).await else {
        return;
    };
    let responses = Responses::new(versions, 1 << 20);
    let request = |variables: Value| {
        async_graphql::Request::new(COURSE)
            .variables(async_graphql::Variables::from_json(variables))
    };
    let asked = request(json!({ "id": "TrainingCourse:consent-and-ethics" }));
    let hash = Key::of(&Access::Anonymous, &asked).hash();
    assert_eq!(hash, Key::of(&Access::Anonymous, &asked).hash());
    let viewer = Access::Token(gms_graph::service::auth::Principal {
        token_id: 1,
        name: "viewer".to_owned(),
        role: Role::Viewer,
    });
    for other in [
        Key::of(&viewer, &asked).hash(),
        Key::of(
            &Access::Anonymous,
            &request(json!({ "id": "TrainingCourse:x" })),
        )
        .hash(),
        Key::of(&Access::Anonymous, &{
            let mut named = request(json!({ "id": "TrainingCourse:consent-and-ethics" }));
            named.operation_name = Some("Other".to_owned());
            named
        })
        .hash(),
    ] {
        assert_ne!(other, hash, "role, variables and operation are the key");
    }
    assert!(!responses.seen_before(hash), "new");
    assert!(responses.seen_before(hash), "seen");

    // Kept, then its slot taken by another hash: still seen, as its answer is kept.
    let Lookup::Miss(miss) = responses.lookup(Key::of(&Access::Anonymous, &asked)).await else {
        panic!("nothing kept yet");
    };
    responses.keep(miss, answered(b"kept")).await;
    let same_slot = hash ^ (1 << 63);
    assert!(!responses.seen_before(same_slot));
    assert!(responses.seen_before(hash), "kept under its hash");
    // One not kept whose slot was taken is new again.
    assert!(!responses.seen_before(same_slot));
    let unkept = hash ^ (1 << 62);
    assert!(!responses.seen_before(unkept));
    assert!(!responses.seen_before(same_slot), "its slot was taken");
}

fn alliances() -> Key {
    Key::of(
        &Access::Anonymous,
        &async_graphql::Request::new("{ alliances { nodes { name } } }"),
    )
}

/// A store over the app's data version, with one request computing the answer to
/// [`alliances`] and a second one waiting for it; `None` where there is no data version.
async fn computing_and_waiting(app: &TestApp) -> Option<(Responses, Miss, Wait)> {
    let (_, versions) = versions_of(app).await?;
    let responses = Responses::new(versions, 1 << 20);
    let Lookup::Miss(computing) = responses.lookup(alliances()).await else {
        panic!("the first lookup computes");
    };
    let Lookup::Wait(waiting) = responses.lookup(alliances()).await else {
        panic!("the second waits for the first");
    };
    Some((responses, computing, waiting))
}

/// While one request computes an answer, another missing it waits, and gets the answer kept.
#[tokio::test]
async fn a_request_waits_for_the_answer_another_is_computing() {
    let app = TestApp::spawn().await;
    let Some((responses, computing, waiting)) = computing_and_waiting(&app).await else {
        return;
    };
    let other = Key::of(
        &Access::Anonymous,
        &async_graphql::Request::new("{ hubs { nodes { name } } }"),
    );
    assert!(
        matches!(responses.lookup(other).await, Lookup::Miss(_)),
        "another query computes its own"
    );
    let waited = tokio::spawn(waiting.answer());
    responses.keep(computing, answered(b"computed once")).await;
    let body = waited
        .await
        .expect("the waiter")
        .ok()
        .expect("the kept answer");
    assert_eq!(&body.body[..], b"computed once");
}

/// An answer not kept (an error, a commit meanwhile, a request stopped) leaves those waiting to
/// compute it themselves: the next lookup is a miss of its own.
#[tokio::test]
async fn a_wait_ends_when_the_answer_is_not_kept() {
    let app = TestApp::spawn().await;
    let Some((responses, computing, waiting)) = computing_and_waiting(&app).await else {
        return;
    };
    let waited = tokio::spawn(waiting.answer());
    drop(computing);
    let key_back = waited
        .await
        .expect("the waiter")
        .expect_err("no answer: it was not kept");
    assert!(key_back == alliances());
    assert!(
        matches!(responses.lookup(key_back).await, Lookup::Miss(_)),
        "the waiter computes it now"
    );
}

/// The store's room counts what an entry holds, its key included: a short answer to a long
/// request takes the room of both, the store never holds more than its room, and an entry that
/// would take over a quarter of it is not kept.
#[tokio::test]
async fn kept_answers_count_their_keys_against_the_room() {
    let app = TestApp::spawn().await;
    let Some((_, versions)) = versions_of(&app).await else {
        return;
    };
    let room = 64 * 1024;
    let responses = Responses::new(versions, room);
    let request = |i: usize, padding: usize| {
        let mut body = format!(r#"{{"query":"{{ __typename }}","variables":{{"i":{i}}}}}"#);
        body.push_str(&" ".repeat(padding));
        Key::of_body(&Access::Anonymous, body.as_bytes())
    };
    let answer = b"{\"data\":{\"__typename\":\"Query\"}}";
    let mut most = 0;
    for i in 0..40 {
        let Lookup::Miss(miss) = responses.lookup(request(i, 4096)).await else {
            panic!("request {i} is new");
        };
        responses.keep(miss, answered(answer)).await;
        let held = responses.held();
        assert!(held <= room, "{held} bytes held in a room of {room}");
        if i == 0 {
            assert!(
                held > 4096 + answer.len(),
                "the key's 4 KiB are counted: {held}"
            );
            assert!(
                matches!(responses.lookup(request(0, 4096)).await, Lookup::Hit(_)),
                "kept"
            );
        }
        most = most.max(held);
    }
    assert!(most > room / 2, "the room is used: at most {most} bytes");
    // A key of over a quarter of the room is not kept, however short its answer.
    let Lookup::Miss(miss) = responses.lookup(request(100, room / 4)).await else {
        panic!("a new request");
    };
    responses.keep(miss, answered(answer)).await;
    assert!(
        matches!(
            responses.lookup(request(100, room / 4)).await,
            Lookup::Miss(_)
        ),
        "not kept"
    );
}

/// Many clients asking the same query at once, right after a write, get the same answer, and
/// it is computed once. (Whether their requests overlap is up to the scheduler: the two tests
/// above show the waiting itself.)
#[tokio::test]
async fn concurrent_requests_for_one_answer_compute_it_once() {
    let app = cached().await;
    let query = "{ alliances { nodes { name regions { nodes { hubs { nodes { leadTrust { name } } } } } } } }";
    let expected = app.data(query).await;
    app.execute_sql("UPDATE alliance SET website = 'https://example.org' WHERE slug = 'east'")
        .await;
    let misses_before = cache_lookups(&app, "miss").await;
    let asks = (0..16).map(|_| app.data(query));
    for data in futures_util::future::join_all(asks).await {
        assert_eq!(data, expected);
    }
    let misses = cache_lookups(&app, "miss").await.unwrap_or(0) - misses_before.unwrap_or(0);
    assert_eq!(misses, u64::from(keeps()), "one computation, or none kept");
}

/// The server's count of response cache lookups with `result`, if /metrics shows one.
async fn cache_lookups(app: &TestApp, result: &str) -> Option<u64> {
    let metrics = app.get("/metrics").await.text().await.expect("metrics");
    let line = format!("gms_response_cache_lookups_total{{result=\"{result}\"}} ");
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(&line))
        .map(|n| n.trim().parse().expect("a count"))
}

/// On PostgreSQL, callers asking at once share a read of the version instead of a statement each.
#[tokio::test]
async fn concurrent_callers_share_reads_of_the_version_on_postgres() {
    if backend() != DbBackend::Postgres {
        return;
    }
    let app = TestApp::spawn().await;
    let sent = Arc::new(AtomicUsize::new(0));
    let mut db = app.db.clone();
    let counter = sent.clone();
    db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let versions = DataVersions::open(&db, None)
        .expect("open the versions")
        .expect("PostgreSQL has a data version");
    let read = futures_util::future::join_all((0..64).map(|_| versions.current())).await;
    let statements = sent.load(Ordering::SeqCst);
    assert!(read.iter().all(Result::is_ok));
    assert!(
        (1..8).contains(&statements),
        "64 callers, {statements} statements"
    );
    // A caller after a commit reads again, and sees it.
    let last = read[63].clone().expect("a version");
    app.execute_sql("UPDATE hub SET name = name || '.'").await;
    assert_ne!(versions.current().await.expect("a version"), last);
}

/// A query sent with GET is kept and served again as one sent with POST is.
#[tokio::test]
async fn a_query_sent_with_get_is_kept_too() {
    let app = cached().await;
    let path = "/graphql?query=%7B%20hub(id%3A%20%22Hub%3Aeast%22)%20%7B%20name%20%7D%20%7D";
    let mut cost = Vec::new();
    for _ in 0..3 {
        let before = app.statements();
        let body: Value = app.get(path).await.json().await.expect("a JSON body");
        assert_eq!(
            body["data"]["hub"]["name"], "East Genomic Laboratory Hub",
            "{body:#}"
        );
        cost.push(app.statements() - before);
    }
    if keeps() {
        assert_eq!(cost[2], hit_statements(), "{cost:?}");
    } else {
        assert_eq!(cost[0], cost[2], "{cost:?}");
    }
}

/// The `Cache-Control` of an answer: the smallest max-age among what it read, `public` without
/// a token and `private` with one, and the same when it comes from the kept answers; never kept
/// for the change log, a mutation, an answer with errors or a batch.
#[tokio::test]
async fn answers_say_how_long_they_may_be_kept() {
    let app = TestApp::spawn_with(AppOptions {
        response_cache_bytes: 1 << 20,
        ..Default::default()
    })
    .await;
    let post = |token: Option<String>, body: Value| {
        let mut request = reqwest::Client::new()
            .post(format!("{}/graphql", app.url))
            .json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move {
            let response = request.send().await.expect("POST");
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned()
            };
            (header("cache-control"), header("vary"))
        }
    };
    let hubs = json!({ "query": "{ hubs { nodes { name } } }" });
    // Computed, then from the kept answers: the same.
    for _ in 0..2 {
        let (cache, vary) = post(None, hubs.clone()).await;
        assert_eq!(cache, "public, max-age=60");
        assert!(
            vary.to_ascii_lowercase().contains("authorization"),
            "{vary}"
        );
    }
    // What a router's entity cache reads on an entity fetch.
    let entities = json!({
        "query": "query($r: [_Any!]!) { _entities(representations: $r) { ... on Hub { name } } }",
        "variables": { "r": [{ "__typename": "Hub", "id": "Hub:east" }] },
    });
    assert_eq!(post(None, entities).await.0, "public, max-age=60");
    let editor = app.token(Role::Editor).await;
    assert_eq!(
        post(Some(editor.clone()), hubs.clone()).await.0,
        "private, max-age=60"
    );
    // The change log is read by editors and is news once.
    let changes = json!({ "query": "{ changes(first: 1) { nodes { id } } }" });
    assert_eq!(
        post(Some(editor.clone()), changes).await.0,
        "private, no-cache"
    );
    let history = json!({ "query": "{ hub(id: \"Hub:east\") { name history { action } } }" });
    assert_eq!(
        post(Some(editor.clone()), history).await.0,
        "private, no-cache"
    );
    // Never kept: a mutation, an answer with errors, a batch.
    let mutation = json!({ "query": "mutation { deleteTrainingCourse(id: \"TrainingCourse:nope\", expectedVersion: 1) { id } }" });
    assert_eq!(post(Some(editor), mutation).await.0, "no-store");
    let error = json!({ "query": "{ hub(id: \"garbage\") { name } }" });
    assert_eq!(post(None, error).await.0, "no-store");
    assert_eq!(post(None, json!([hubs.clone(), hubs])).await.0, "no-store");
}

/// A POST of one request is looked up by its body's bytes before the body is parsed: the same
/// bytes are served what was kept, with the same `Cache-Control`, counted under the operation they
/// ask for; the same request in other bytes is another key, computed once more; a traced request
/// is computed; a body naming a persisted query is parsed first (resolving it registers the
/// query), and found by its parsed key; a body that does not parse is still refused.
#[tokio::test]
async fn a_post_body_is_looked_up_by_its_bytes() {
    let app = cached().await;
    if !keeps() {
        return; // MySQL/MariaDB keeps nothing (shown above)
    }
    let client = reqwest::Client::new();
    // Statements sent, `Cache-Control`, and the answer's text.
    let send = |body: String, traced: bool| {
        let (app, client) = (&app, &client);
        async move {
            let before = app.statements();
            let mut request = client
                .post(format!("{}/graphql", app.url))
                .header("content-type", "application/json")
                .body(body);
            if traced {
                request = request.header("apollo-federation-include-trace", "ftv1");
            }
            let response = request.send().await.expect("POST /graphql");
            assert_eq!(response.status(), 200);
            let cache = response.headers().get("cache-control").cloned();
            let text = response.text().await.expect("a body");
            (app.statements() - before, cache, text)
        }
    };
    let query = "query Leads { hubs { nodes { name leadTrust { odsCode } } } }";
    let body = json!({ "query": query }).to_string();
    let (first, cache, answer) = send(body.clone(), false).await;
    assert!(first > 0 && answer.contains("\"odsCode\""), "{answer}");
    assert!(cache.is_some());
    let (second, _, same) = send(body.clone(), false).await;
    assert_eq!((second, &same), (first + 2 * hit_statements(), &answer));

    let hits = cache_lookups(&app, "hit").await.unwrap_or(0);
    let leads = answered_ok(&app, "Leads").await;
    let (third, same_cache, same) = send(body.clone(), false).await;
    assert_eq!(
        (third, &same),
        (hit_statements(), &answer),
        "served as kept"
    );
    assert_eq!(same_cache, cache);
    assert_eq!(cache_lookups(&app, "hit").await, Some(hits + 1));
    assert_eq!(
        answered_ok(&app, "Leads").await,
        leads + 1,
        "counted under its operation"
    );

    let spaced = format!("{{ \"query\": {} }}", json!(query));
    assert_ne!(spaced, body);
    let (other, _, same) = send(spaced, false).await;
    assert_eq!(
        (other, &same),
        (first, &answer),
        "other bytes: another key, computed"
    );

    let (_, _, traced) = send(body.clone(), true).await;
    assert!(
        traced.contains("\"ftv1\""),
        "a traced answer, computed: {traced}"
    );

    // A persisted query, sent whole three times, then re-spaced: the parsed key finds it.
    let hash = format!("{:x}", sha2::Sha256::digest(query.as_bytes()));
    let persisted = |spacing: &str| {
        format!(
            "{{\"query\":{}, \"extensions\":{spacing}{{\"persistedQuery\":{{\"version\":1,\"sha256Hash\":\"{hash}\"}}}}}}",
            json!(query)
        )
    };
    for _ in 0..3 {
        send(persisted(""), false).await;
    }
    let (again, _, same) = send(persisted("  "), false).await;
    assert_eq!(
        (again, &same),
        (hit_statements(), &answer),
        "found by its parsed key"
    );

    let (status, text) = app.raw_post("application/json", "{\"query\": ").await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("BAD_REQUEST"), "{text}");
}

/// How many requests for `operation` the metrics count as answered "ok".
async fn answered_ok(app: &TestApp, operation: &str) -> u64 {
    let metrics = app.get("/metrics").await.text().await.expect("metrics");
    let line = format!("gms_graphql_requests_total{{operation=\"{operation}\",outcome=\"ok\"}} ");
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(&line))
        .map_or(0, |n| n.trim().parse().expect("a count"))
}
