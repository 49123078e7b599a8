//! Hand-made hostile input that any anonymous client can send: each is refused with a clear
//! code, or answered rightly, and the server is still serving afterwards.

use serde_json::{Value, json};

use crate::helpers::TestApp;

fn codes(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    e["extensions"]["code"]
                        .as_str()
                        .unwrap_or("<none>")
                        .to_owned()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn message(body: &Value) -> String {
    body["errors"][0]["message"]
        .as_str()
        .unwrap_or("<none>")
        .to_owned()
}

/// The server still answers its liveness check and a real query.
async fn still_serving(app: &TestApp) {
    assert_eq!(app.get("/healthz").await.status(), 200);
    let data = app.data("{ hubs { totalCount } }").await;
    assert_eq!(data["hubs"]["totalCount"], 7);
}

/// `n` filters, each on one slug, the first of them a real course's.
fn slugs(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| json!({ "slug": { "eq": format!("s{i}") } }))
        .collect()
}

const COURSES_BY_FILTER: &str =
    "query($f: TrainingCourseFilter) { trainingCourses(filter: $f) { totalCount } }";

#[tokio::test]
async fn a_wide_filter_is_refused_naming_its_argument_and_the_server_stays_up() {
    let app = TestApp::spawn().await;
    for logic in ["or", "and"] {
        let body = app
            .post(COURSES_BY_FILTER, json!({ "f": { logic: slugs(8_000) } }))
            .await;
        assert_eq!(codes(&body), ["BAD_USER_INPUT"], "{logic}: {body:#}");
        assert!(
            message(&body).contains("trainingCourses(filter:)")
                && message(&body).contains("--max-filter-terms"),
            "{body:#}"
        );
        assert_eq!(body["data"], Value::Null);
    }
    still_serving(&app).await;
}

#[tokio::test]
async fn a_filter_as_wide_as_allowed_is_answered_on_every_backend() {
    let app = TestApp::spawn().await;
    let slug = app
        .data("{ trainingCourses(first: 1) { nodes { slug } } }")
        .await["trainingCourses"]["nodes"][0]["slug"]
        .clone();
    let mut wide = slugs(999);
    wide.push(json!({ "slug": { "eq": slug } }));
    let data = app
        .data_with(COURSES_BY_FILTER, json!({ "f": { "or": wide } }))
        .await;
    assert_eq!(data["trainingCourses"]["totalCount"], 1);
    // Written in the query text too (within its 20 KB), the same.
    let items: Vec<String> = (0..700)
        .map(|i| format!("{{slug:{{eq:\"s{i}\"}}}}"))
        .collect();
    let query = format!(
        "{{ trainingCourses(filter: {{or: [{}, {{slug: {{eq: {slug}}}}}]}}) {{ totalCount }} }}",
        items.join(",")
    );
    let data = app.data(&query).await;
    assert_eq!(data["trainingCourses"]["totalCount"], 1);
}

#[tokio::test]
async fn inputs_too_big_are_refused_before_any_sql_naming_the_argument() {
    let app = TestApp::spawn().await;
    let many = |n: usize| (0..n).map(|i| format!("v{i}")).collect::<Vec<_>>();
    // `regions(filter: {hubs: {some: {regions: {some: …}}}})`, `hops` relations deep.
    let chain = |hops: usize| {
        let mut filter = json!({ "name": { "contains": "a" } });
        for hop in 0..hops {
            let relation = if hop % 2 == 0 { "regions" } else { "hubs" };
            filter = json!({ relation: { "some": filter } });
        }
        filter
    };
    let statements_before = app.statements();
    for (name, query, variables, flag) in [
        (
            "in: 32,767 values",
            "query($v: [String!]) { trainingCourses(filter: {slug: {in: $v}}) { totalCount } }",
            json!({ "v": many(32_767) }),
            "--max-filter-terms",
        ),
        (
            "notIn: 65,536 values",
            "query($f: TrustFilter) { trusts(filter: $f) { totalCount } }",
            json!({ "f": { "odsCode": { "notIn": many(65_536) } } }),
            "--max-filter-terms",
        ),
        (
            "a `some` chain 22 deep",
            "query($f: RegionFilter) { regions(filter: $f) { totalCount } }",
            json!({ "f": chain(22) }),
            "--max-filter-depth",
        ),
        (
            "orderBy with 3,000 keys",
            "query($o: [TrainingCourseOrder!]) { trainingCourses(orderBy: $o) { totalCount } }",
            json!({ "o": vec![json!({ "field": "TITLE" }); 3_000] }),
            "--max-order-keys",
        ),
        (
            "groupBy with 5,000 keys",
            "query($g: [TrainingCourseGroupBy!]!) { trainingCourseStats(groupBy: $g) { count } }",
            json!({ "g": vec!["FORMAT"; 5_000] }),
            "--max-group-keys",
        ),
        (
            "nodes with 60,000 ids",
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            json!({ "ids": many(60_000) }),
            "--max-list-length",
        ),
    ] {
        let body = app.post(query, variables).await;
        assert_eq!(codes(&body), ["BAD_USER_INPUT"], "{name}: {body:#}");
        assert!(message(&body).contains(flag), "{name}: {body:#}");
        assert_eq!(body["data"], Value::Null, "{name}");
    }
    assert_eq!(app.statements(), statements_before, "no SQL was sent");
    // Written in the query text, the same: the 20 KB text holds a `some` chain 22 deep.
    let written = format!(
        "{{ regions(filter: {}) {{ totalCount }} }}",
        graphql_literal(&chain(22))
    );
    let body = app.post(&written, json!({})).await;
    assert_eq!(codes(&body), ["BAD_USER_INPUT"], "{body:#}");
    // Within the limits, the same shapes run: three relations deep is eight objects.
    let data = app
        .data_with(
            "query($f: HubFilter) { hubs(filter: $f) { totalCount } }",
            json!({ "f": chain(3) }),
        )
        .await;
    assert!(data["hubs"]["totalCount"].is_number());
    let data = app
        .data_with(
            "query($v: [String!]) { trainingCourses(filter: {slug: {in: $v}}) { totalCount } }",
            json!({ "v": many(1_000) }),
        )
        .await;
    assert_eq!(data["trainingCourses"]["totalCount"], 0);
    still_serving(&app).await;
}

/// A JSON value as a GraphQL input literal.
fn graphql_literal(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let fields: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}: {}", graphql_literal(v)))
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(graphql_literal).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// Each fragment spreads the one below it twice, `levels` deep: about a kilobyte that expands
/// to 2^levels fields.
fn doubling(levels: usize) -> String {
    let mut query = String::from("{ ...F0 }");
    for n in 0..levels {
        query += &format!(" fragment F{n} on Query {{ ...F{} ...F{} }}", n + 1, n + 1);
    }
    query + &format!(" fragment F{levels} on Query {{ __typename }}")
}

#[tokio::test]
async fn exponential_fragments_are_refused_before_they_are_expanded() {
    let app = TestApp::spawn().await;
    for levels in [24, 30, 60] {
        let body = app.post(&doubling(levels), json!({})).await;
        assert_eq!(codes(&body), ["TOO_MANY_FIELDS"], "{levels}: {body:#}");
        assert_eq!(body["data"], Value::Null);
    }
    // Ten levels expand to 1,024 fields: within the limit, answered.
    let data = app.data(&doubling(10)).await;
    assert_eq!(data["__typename"], "Query");
    still_serving(&app).await;
}

#[tokio::test]
async fn a_fragment_cycle_is_a_validation_failure() {
    let app = TestApp::spawn().await;
    for query in [
        "{ ...A } fragment A on Query { ...A }",
        "{ ...A } fragment A on Query { hubs { nodes { ...B } } } fragment B on Hub { alliance { hub { ...C } } } fragment C on Hub { ...B }",
    ] {
        let body = app.post(query, json!({})).await;
        assert_eq!(codes(&body), ["GRAPHQL_VALIDATION_FAILED"], "{body:#}");
        assert!(message(&body).contains("spreads itself"), "{body:#}");
    }
}

#[tokio::test]
async fn text_with_a_nul_character_is_refused_alike_on_every_backend() {
    let app = TestApp::spawn().await;
    let editor = app.token(entity::api_token::Role::Editor).await;
    let count = "{ trainingCourses { totalCount } }";
    let before = app.data(count).await;
    for (name, query, variables) in [
        (
            "contains, written",
            r#"{ trainingCourses(filter: {title: {contains: "\u0000"}}) { totalCount } }"#,
            json!({}),
        ),
        (
            "contains, passed",
            COURSES_BY_FILTER,
            json!({ "f": { "title": { "contains": "\u{0}" } } }),
        ),
        (
            "eq on an id",
            r#"query($id: ID!) { node(id: $id) { id } }"#,
            json!({ "id": "Hub:\u{0}" }),
        ),
        (
            "search",
            r#"query($t: String!) { search(text: $t) { totalCount } }"#,
            json!({ "t": "genomic\u{0}" }),
        ),
    ] {
        let body = app.post(query, variables).await;
        assert_eq!(codes(&body), ["BAD_USER_INPUT"], "{name}: {body:#}");
        assert!(message(&body).contains("NUL"), "{name}: {body:#}");
    }
    let (status, body) = app
        .post_as(
            Some(&editor),
            r#"mutation($input: CreateTrainingCourseInput!) { createTrainingCourse(input: $input) { id } }"#,
            json!({ "input": { "slug": "nul-course", "title": "Genomics\u{0}", "provider": "East GMSA",
                    "format": "WEBINAR", "sources": ["https://example.org/course"] } }),
        )
        .await;
    assert_eq!(
        (status, codes(&body)),
        (200, vec!["BAD_USER_INPUT".to_owned()]),
        "{body:#}"
    );
    assert_eq!(app.data(count).await, before, "nothing was written");
}

#[tokio::test]
async fn text_starting_or_ending_with_whitespace_is_refused_not_trimmed() {
    let app = TestApp::spawn().await;
    let editor = app.token(entity::api_token::Role::Editor).await;
    let create = r#"mutation($input: CreateTrainingCourseInput!) { createTrainingCourse(input: $input) { title sources } }"#;
    let course = |title: &str, source: &str| {
        json!({ "input": { "slug": "spaced-course", "title": title, "provider": "East GMSA",
                "format": "WEBINAR", "sources": [source] } })
    };
    for (title, source, field) in [
        (" Genomics", "https://example.org/course", "title"),
        ("Genomics\n", "https://example.org/course", "title"),
        ("Genomics", " https://example.org/course", "sources"),
    ] {
        let (_, body) = app
            .post_as(Some(&editor), create, course(title, source))
            .await;
        assert_eq!(
            codes(&body),
            ["BAD_USER_INPUT"],
            "{title:?} {source:?}: {body:#}"
        );
        assert!(message(&body).contains(field), "{body:#}");
    }
    let (_, body) = app
        .post_as(
            Some(&editor),
            create,
            course("Genomics", "https://example.org/course"),
        )
        .await;
    assert_eq!(
        body["data"]["createTrainingCourse"]["title"], "Genomics",
        "{body:#}"
    );
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let app = TestApp::spawn().await;
    let viewer = app.token(entity::api_token::Role::Viewer).await;
    let client = reqwest::Client::new();
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let response = client
            .post(format!("{}/graphql", app.url))
            .header("authorization", format!("{scheme} {viewer}"))
            .json(&json!({ "query": "{ hubs { totalCount } }" }))
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status(), 200, "{scheme}");
    }
    for wrong in [
        format!("Basic {viewer}"),
        format!("Bearer{viewer}"),
        "bearer".to_owned(),
    ] {
        let response = client
            .post(format!("{}/graphql", app.url))
            .header("authorization", wrong.clone())
            .json(&json!({ "query": "{ hubs { totalCount } }" }))
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status(), 401, "{wrong}");
    }
}

#[tokio::test]
async fn metrics_can_be_closed() {
    use gms_graph::http::{AppOptions, MetricsAccess};
    let open = TestApp::spawn().await;
    assert_eq!(open.get("/metrics").await.status(), 200);
    let closed = TestApp::spawn_with(AppOptions {
        require_auth: true,
        metrics: MetricsAccess::Token,
        ..AppOptions::default()
    })
    .await;
    assert_eq!(closed.get("/metrics").await.status(), 401);
    let viewer = closed.token(entity::api_token::Role::Viewer).await;
    let response = reqwest::Client::new()
        .get(format!("{}/metrics", closed.url))
        .bearer_auth(&viewer)
        .send()
        .await
        .expect("GET /metrics");
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .expect("text")
            .contains("gms_graphql_requests_total")
    );
    let off = TestApp::spawn_with(AppOptions {
        metrics: MetricsAccess::Off,
        ..AppOptions::default()
    })
    .await;
    assert_eq!(off.get("/metrics").await.status(), 404);
}

/// The server's statements on `table` still running, as the database sees them.
async fn running_on(app: &TestApp, table: &str) -> i64 {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let backend = app.db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => format!(
            "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() \
             AND state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%{table}%'"
        ),
        _ => format!(
            "SELECT COUNT(*) AS n FROM information_schema.processlist WHERE db = DATABASE() \
             AND command <> 'Sleep' AND id <> CONNECTION_ID() AND info LIKE '%{table}%'"
        ),
    };
    let row = app
        .db
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .expect("the database's own list of statements")
        .expect("a row");
    row.try_get::<i64>("", "n").expect("a count")
}

/// Another client's transaction holding the courses: on PostgreSQL and MySQL/MariaDB a lock on
/// the whole table (reads wait too), on SQLite the file's write lock (readers do not wait).
async fn lock_courses(app: &TestApp) -> sea_orm::DatabaseTransaction {
    use sea_orm::{
        ConnectionTrait, DbBackend, SqliteTransactionMode, TransactionOptions, TransactionTrait,
    };
    let holder = app
        .db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await
        .expect("a transaction");
    let lock = match app.db.get_database_backend() {
        DbBackend::Postgres => "LOCK TABLE training_course IN ACCESS EXCLUSIVE MODE",
        DbBackend::MySql => "LOCK TABLES training_course WRITE",
        // BEGIN IMMEDIATE has taken SQLite's write lock.
        _ => return holder,
    };
    holder
        .execute_unprepared(lock)
        .await
        .expect("lock the courses");
    holder
}

/// Lets go of what `lock_courses` holds.
async fn unlock_courses(holder: sea_orm::DatabaseTransaction) {
    use sea_orm::{ConnectionTrait, DbBackend};
    if holder.get_database_backend() == DbBackend::MySql {
        holder
            .execute_unprepared("UNLOCK TABLES")
            .await
            .expect("unlock");
    }
    holder.rollback().await.expect("release the lock");
}

/// A request that runs out of time takes its statement with it: the database stops it at the
/// request's time limit, even while the statement is still waiting, here on a lock another
/// client holds on the table for longer.
#[tokio::test]
async fn a_statement_does_not_outlive_its_request() {
    use sea_orm::DbBackend;
    let mut options = gms_graph::http::AppOptions::default();
    options.limits.timeout = std::time::Duration::from_secs(1);
    options.response_cache_bytes = 0;
    let app = TestApp::spawn_with(options).await;
    if app.db.get_database_backend() == DbBackend::Sqlite {
        // SQLite readers do not wait on a writer (WAL); its sessions' deadline is shown in
        // sessions.rs.
        return;
    }
    let holder = lock_courses(&app).await;
    let started = std::time::Instant::now();
    let body = app
        .post("{ trainingCourses { totalCount } }", json!({}))
        .await;
    assert_eq!(codes(&body), ["TIMEOUT"], "{body:#}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    // Give the database a moment past the limit, while the lock is still held.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    let running = running_on(&app, "training_course").await;
    // Released before asserting, so that a failure does not leave the database locked.
    unlock_courses(holder).await;
    assert_eq!(
        running, 0,
        "the request's statement was still running in the database"
    );
    still_serving(&app).await;
}

/// Work that never waits on anything still answers at the time limit: here a document that
/// expands to half a million fields, let through by raising the field limit, which async-graphql
/// validates and resolves without yielding. On a runtime of several threads, as the server's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_time_limit_holds_for_work_that_never_yields() {
    let mut options = gms_graph::http::AppOptions::default();
    options.limits.max_fields = usize::MAX;
    options.limits.timeout = std::time::Duration::from_millis(20);
    let app = TestApp::spawn_with(options).await;
    let body = app.post(&doubling(19), json!({})).await;
    assert_eq!(codes(&body), ["TIMEOUT"], "{body:#}");
    assert_eq!(app.get("/healthz").await.status(), 200);
}

fn bounded(max_rows: usize, max_response_bytes: usize) -> gms_graph::http::AppOptions {
    let mut options = gms_graph::http::AppOptions::default();
    options.limits.max_rows = max_rows;
    options.limits.max_response_bytes = max_response_bytes;
    options.response_cache_bytes = 0;
    options
}

/// Courses, as many pages of them as `aliases`, every field that holds text.
fn course_pages(aliases: usize) -> String {
    let pages: Vec<String> = (0..aliases)
        .map(|i| {
            format!(
                "a{i}: trainingCourses(first: {}) {{ nodes {{ slug title provider audience \
                 note sources website }} }}",
                50 - i
            )
        })
        .collect();
    format!("{{ {} }}", pages.join(" "))
}

/// What one query may read is bounded: the statement that would read one row more than the
/// budget stops there, the query gets one error with a limit code in place of its data, and the
/// server goes on serving. Within the budget, the same query is answered.
#[tokio::test]
async fn a_query_that_would_read_too_many_rows_is_refused_with_a_limit_code() {
    // The bundled network has 11 courses: three pages of them read 33 rows, and more to count.
    let app = TestApp::spawn_with(bounded(30, usize::MAX)).await;
    let body = app.post(&course_pages(3), json!({})).await;
    assert_eq!(codes(&body), ["TOO_MANY_ROWS"], "{body:#}");
    assert_eq!(body["data"], Value::Null, "{body:#}");
    assert!(message(&body).contains("--max-rows"), "{body:#}");
    let one = app.post(&course_pages(1), json!({})).await;
    assert_eq!(one["errors"], Value::Null, "11 rows are within 30: {one:#}");
    assert_eq!(
        one["data"]["a0"]["nodes"].as_array().map(Vec::len),
        Some(11)
    );
    still_serving(&app).await;

    // The default budget takes the heaviest query of the benchmarks.
    let app = TestApp::spawn().await;
    let mission = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/queries/q2.graphql"),
    )
    .expect("bench/queries/q2.graphql");
    let body = app.post(&mission, json!({})).await;
    assert_eq!(body["errors"], Value::Null, "{body:#}");
}

pub(crate) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub(crate) fn text(value: Value) -> tokio_tungstenite::tungstenite::Message {
    tokio_tungstenite::tungstenite::Message::Text(value.to_string().into())
}

/// A graphql-transport-ws socket to `app`, acknowledged after `connection_init` with `payload`.
pub(crate) async fn socket(app: &TestApp, payload: Value) -> Socket {
    use futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let url = format!("{}/graphql/ws", app.url.replacen("http", "ws", 1));
    let mut request = url.into_client_request().expect("a ws request");
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().expect("a header value"),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("connect");
    socket
        .send(text(
            json!({ "type": "connection_init", "payload": payload }),
        ))
        .await
        .expect("init");
    let ack = next_message(&mut socket).await;
    assert_eq!(ack["type"], "connection_ack", "{ack:#}");
    socket
}

/// The next JSON message on `socket`, within 10 s.
pub(crate) async fn next_message(socket: &mut Socket) -> Value {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    loop {
        let message = tokio::time::timeout(std::time::Duration::from_secs(10), socket.next())
            .await
            .expect("a message within 10 s")
            .expect("the socket open")
            .expect("a message");
        if let Message::Text(text) = message {
            return serde_json::from_str(&text).expect("JSON");
        }
    }
}

/// The same budget holds for a query sent over the WebSocket, which runs as it would over HTTP.
#[tokio::test]
async fn a_query_over_the_websocket_has_the_same_row_budget() {
    use futures_util::SinkExt;
    let app = TestApp::spawn_with(bounded(30, usize::MAX)).await;
    let mut socket = socket(&app, json!({})).await;
    let mut answers = Vec::new();
    for (id, query) in [("over", course_pages(3)), ("within", course_pages(1))] {
        socket
            .send(text(
                json!({ "id": id, "type": "subscribe", "payload": { "query": query } }),
            ))
            .await
            .expect("subscribe");
        loop {
            let value = next_message(&mut socket).await;
            if value["type"] == "next" {
                answers.push(value["payload"].clone());
            }
            if value["type"] == "complete" || value["type"] == "error" {
                break;
            }
        }
    }
    assert_eq!(answers.len(), 2, "{answers:#?}");
    assert_eq!(codes(&answers[0]), ["TOO_MANY_ROWS"], "{:#}", answers[0]);
    assert_eq!(answers[1]["errors"], Value::Null, "{:#}", answers[1]);
}

/// The tokens of open sockets are checked again together: twenty sockets with tokens cost the
/// server one statement each half second between them, not one each.
#[tokio::test]
async fn open_sockets_tokens_are_checked_together() {
    let app = TestApp::spawn().await;
    let mut sockets = Vec::new();
    for _ in 0..20 {
        let token = app.token(entity::api_token::Role::Viewer).await;
        let payload = json!({ "Authorization": format!("Bearer {token}") });
        sockets.push(socket(&app, payload).await);
    }
    let before = app.statements();
    tokio::time::sleep(std::time::Duration::from_millis(2_000)).await;
    let checks = app.statements() - before;
    // Four or five turns of the check in two seconds; a check per socket would be about 80.
    assert!(
        (1..=8).contains(&checks),
        "{checks} statements in 2 s for 20 open sockets"
    );
    drop(sockets);
}

/// A mutation's writes are kept even when what its answer asks would read past the budget: the
/// field whose reads went over has the error, and the write is there to read.
#[tokio::test]
async fn a_mutation_over_the_row_budget_keeps_its_write_and_says_which_field() {
    let app = TestApp::spawn_with(bounded(1, usize::MAX)).await;
    let editor = app.token(entity::api_token::Role::Editor).await;
    let (_, body) = app
        .post_as(
            Some(&editor),
            r#"mutation { updateTrainingCourse(id: "TrainingCourse:consent-and-ethics",
                expectedVersion: 1, input: { title: "Consent and Ethics (revised)", hubId: "Hub:east" })
                { version hub { regions { nodes { name } } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["updateTrainingCourse"]["version"], 2,
        "{body:#}"
    );
    assert!(
        codes(&body).iter().all(|c| c == "TOO_MANY_ROWS"),
        "{body:#}"
    );
    assert!(!codes(&body).is_empty(), "{body:#}");
    let app_default =
        app.data(r#"{ trainingCourse(id: "TrainingCourse:consent-and-ethics") { title } }"#);
    assert_eq!(
        app_default.await["trainingCourse"]["title"],
        "Consent and Ethics (revised)"
    );
}

/// What one query's answer may weigh is bounded: past it, one error with a limit code in place
/// of the data; within it, the same query is answered.
#[tokio::test]
async fn an_answer_larger_than_allowed_is_refused_with_a_limit_code() {
    let app = TestApp::spawn_with(bounded(usize::MAX, 4_000)).await;
    let body = app.post(&course_pages(2), json!({})).await;
    assert_eq!(codes(&body), ["RESPONSE_TOO_LARGE"], "{body:#}");
    assert_eq!(body["data"], Value::Null, "{body:#}");
    assert!(message(&body).contains("--max-response-bytes"), "{body:#}");
    let small = app
        .post(
            "{ a0: trainingCourses(first: 2) { nodes { slug } } }",
            json!({}),
        )
        .await;
    assert_eq!(small["errors"], Value::Null, "{small:#}");
    still_serving(&app).await;
}

/// No more than `--max-requests` GraphQL requests run at once: with one turn, a request waits
/// while another holds it, in the order they came, and one that waits past the time limit is a
/// 503 `SERVER_BUSY` to be tried again. Here two writes wait on a lock the test holds on the
/// courses, each until the time limit.
#[tokio::test]
async fn no_more_requests_than_allowed_run_at_once() {
    let mut options = gms_graph::http::AppOptions::default();
    options.limits.max_requests = 1;
    options.limits.timeout = std::time::Duration::from_secs(3);
    options.response_cache_bytes = 0;
    let app = std::sync::Arc::new(TestApp::spawn_with(options).await);
    let editor = app.token(entity::api_token::Role::Editor).await;
    let holder = lock_courses(&app).await;
    let started = std::time::Instant::now();
    let write = |title: &'static str| {
        let (app, editor) = (app.clone(), editor.clone());
        tokio::spawn(async move {
            let query = format!(
                r#"mutation {{ updateTrainingCourse(id: "TrainingCourse:consent-and-ethics",
                   expectedVersion: 1, input: {{ title: "{title}" }}) {{ version }} }}"#
            );
            app.post_as(Some(&editor), &query, json!({})).await
        })
    };
    let first = write("First");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let second = write("Second");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    // Waits behind both: the first runs to the limit (3 s), the second then has the turn.
    let (status, body) = app
        .post_as(None, "{ hubs { totalCount } }", json!({}))
        .await;
    let waited = started.elapsed();
    assert_eq!(status, 503, "{body:#}");
    assert_eq!(codes(&body), ["SERVER_BUSY"], "{body:#}");
    assert!(
        waited >= std::time::Duration::from_millis(3_500),
        "refused after {waited:?}, before its wait was up"
    );
    let (_, first) = first.await.expect("the first write");
    assert_eq!(codes(&first), ["TIMEOUT"], "{first:#}");
    unlock_courses(holder).await;
    let (_, second) = second.await.expect("the second write");
    assert!(
        codes(&second).is_empty() || codes(&second) == ["TIMEOUT"],
        "{second:#}"
    );
    // Turns free again: answered at once.
    assert_eq!(
        app.data("{ hubs { totalCount } }").await["hubs"]["totalCount"],
        7
    );
}

/// The value of the metric line that begins with `series` in `/metrics`, if there is one.
async fn metric(app: &TestApp, series: &str) -> Option<f64> {
    let text = app.get("/metrics").await.text().await.expect("text");
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

/// The metric's value once it is `wanted`, or the last one read after two seconds.
async fn metric_once(app: &TestApp, series: &str, wanted: f64) -> Option<f64> {
    let mut value = None;
    for _ in 0..100 {
        value = metric(app, series).await;
        if value == Some(wanted) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    value
}

/// Over the WebSocket, a query is counted as over HTTP, by name and in the duration histogram;
/// a subscription is counted as asked for and as running until it ends, and each message it
/// sends by outcome, a refused one's error included.
#[tokio::test]
async fn websocket_operations_and_subscriptions_are_counted() {
    use futures_util::SinkExt;
    let app = TestApp::spawn().await;
    let mut socket = socket(&app, json!({})).await;
    let send = |id: &str, query: &str| {
        text(json!({ "id": id, "type": "subscribe", "payload": { "query": query } }))
    };
    socket
        .send(send("q", "query OverTheSocket { hubs { totalCount } }"))
        .await
        .expect("subscribe");
    loop {
        if next_message(&mut socket).await["type"] == "complete" {
            break;
        }
    }
    assert_eq!(
        metric(
            &app,
            "gms_graphql_requests_total{operation=\"OverTheSocket\",outcome=\"ok\"}"
        )
        .await,
        Some(1.0)
    );
    assert_eq!(
        metric(
            &app,
            "gms_graphql_request_duration_seconds_count{operation=\"OverTheSocket\"}"
        )
        .await,
        Some(1.0)
    );

    let active = "gms_graphql_subscriptions_active";
    assert_eq!(metric(&app, active).await, Some(0.0));
    socket
        .send(send(
            "s",
            "subscription Watching { entityChanged(types: [HUB]) { entityId } }",
        ))
        .await
        .expect("subscribe");
    // Running once the server has it: wait for it, bounded.
    let running = metric_once(&app, active, 1.0).await;
    assert_eq!(
        running,
        Some(1.0),
        "{}",
        app.get("/metrics").await.text().await.expect("text")
    );
    assert_eq!(
        metric(
            &app,
            "gms_graphql_subscriptions_total{operation=\"Watching\"}"
        )
        .await,
        Some(1.0)
    );
    // An event: a hub changed through the API.
    let admin = app.token(entity::api_token::Role::Admin).await;
    let (_, updated) = app
        .post_as(
            Some(&admin),
            r#"mutation { updateHub(id: "Hub:east", expectedVersion: 1, input: { name: "East GLH" }) { version } }"#,
            json!({}),
        )
        .await;
    assert!(updated.get("errors").is_none(), "{updated:#}");
    loop {
        let message = next_message(&mut socket).await;
        if message["id"] == "s" && message["type"] == "next" {
            break;
        }
    }
    assert_eq!(
        metric(
            &app,
            "gms_graphql_subscription_events_total{operation=\"Watching\",outcome=\"ok\"}"
        )
        .await,
        Some(1.0)
    );
    socket
        .send(text(json!({ "id": "s", "type": "complete" })))
        .await
        .expect("complete");
    assert_eq!(metric_once(&app, active, 0.0).await, Some(0.0));

    // Refused: a subscription asked for, whose one message is its error.
    socket
        .send(send(
            "r",
            "subscription Refused { entityChanged(types: [NOPE]) { entityId } }",
        ))
        .await
        .expect("subscribe");
    loop {
        let message = next_message(&mut socket).await;
        if message["id"] == "r" && matches!(message["type"].as_str(), Some("error" | "complete")) {
            break;
        }
    }
    let refused = metric(
        &app,
        "gms_graphql_subscription_events_total{operation=\"Refused\",outcome=\"BAD_USER_INPUT\"}",
    )
    .await;
    assert_eq!(
        refused,
        Some(1.0),
        "{}",
        app.get("/metrics").await.text().await.expect("text")
    );
}
