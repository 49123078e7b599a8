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
