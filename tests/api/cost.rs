//! What an operation costs is what Apollo Router estimates from the SDL's `@listSize` and
//! `@cost`, and the server refuses, before anything runs, what costs more than `--max-cost`,
//! saying the cost. tests/federation/cost.test.js computes the same figures from the composed
//! supergraph, as the router does.

use serde_json::{Value, json};

use crate::helpers::TestApp;

async fn app_with_max_cost(max_cost: usize) -> TestApp {
    let mut options = gms_graph::http::AppOptions::default();
    options.limits.max_cost = max_cost;
    TestApp::spawn_with(options).await
}

/// The cost the server refuses `query` for, under a limit of 0.
async fn refused_cost(app: &TestApp, query: &str, variables: Value) -> u64 {
    let (status, body) = app.post_as(None, query, variables).await;
    assert_eq!(status, 200, "{body}");
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["code"], "QUERY_TOO_COMPLEX", "{body:#}");
    assert_eq!(error["extensions"]["maxCost"], 0);
    assert_eq!(body["data"], Value::Null, "nothing ran");
    error["extensions"]["cost"].as_u64().expect("a cost")
}

#[tokio::test]
async fn the_cost_is_the_routers_estimate_and_refusals_say_it() {
    let app = app_with_max_cost(0).await;
    let page =
        "{ alliances(first: 7) { nodes { regions(first: 2) { totalCount nodes { id name } } } } }";
    // The page 1; 7 alliances, each 1, with its regions' page 1, their count 1 and 2 regions.
    assert_eq!(
        refused_cost(&app, page, json!({})).await,
        1 + 7 * (1 + 1 + 1 + 2)
    );
    // Without `first`, the default page (50); with it in a variable, what the variable says,
    // and the operation's default when the request leaves it out.
    assert_eq!(
        refused_cost(&app, "{ hubs { nodes { id } } }", json!({})).await,
        1 + 50
    );
    let sized = "query($n: Int = 3) { hubs(first: $n) { edges { node { id } } } }";
    assert_eq!(
        refused_cost(&app, sized, json!({ "n": 9 })).await,
        1 + 9 * 2
    );
    assert_eq!(refused_cost(&app, sized, json!({})).await, 1 + 3 * 2);
    // An input object costs 1, and each input object within it.
    let filtered =
        r#"{ hubs(first: 1, filter: { name: { contains: "North" } }) { nodes { id } } }"#;
    assert_eq!(refused_cost(&app, filtered, json!({})).await, 1 + 1 + 2);
    // A list of a record's is assumed to hold as many as the largest page; `nodes` as many
    // as it may be given.
    assert_eq!(
        refused_cost(
            &app,
            "{ hub(id: \"Hub:x\") { conflicts { id } } }",
            json!({})
        )
        .await,
        1 + 500
    );
    assert_eq!(
        refused_cost(&app, "{ nodes(ids: [\"Hub:x\"]) { id } }", json!({})).await,
        1000
    );
    // A mutation costs 10 more.
    let mutation = r#"mutation { deleteHub(id: "Hub:x", expectedVersion: 1) { id } }"#;
    assert_eq!(refused_cost(&app, mutation, json!({})).await, 10 + 1);
    // `_entities` counts the representations given.
    let entities = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Hub { name leadTrust { name } } } }";
    let two = json!({ "r": [{ "__typename": "Hub", "id": "Hub:a" }, { "__typename": "Hub", "id": "Hub:b" }] });
    assert_eq!(refused_cost(&app, entities, two).await, 2 * (1 + 1));
    // One representation sent alone is a list of one, as GraphQL coerces it.
    let one = json!({ "r": { "__typename": "Hub", "id": "Hub:a" } });
    assert_eq!(refused_cost(&app, entities, one).await, 1 + 1);
    let inline = "{ _entities(representations: { __typename: \"Hub\", id: \"Hub:a\" }) { ... on Hub { name } } }";
    assert_eq!(refused_cost(&app, inline, json!({})).await, 1);
    // A variable left out counts at its own operation's default, not another's.
    let two_operations = "query A($n: Int = 1) { hubs(first: $n) { nodes { id } } } \
                          query B($n: Int) { alliances(first: $n) { nodes { id } } }";
    let body = json!({ "query": two_operations, "operationName": "B" }).to_string();
    let (_, body) = app.raw_post("application/json", body).await;
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["errors"][0]["extensions"]["cost"], 1 + 50, "{body}");
    // What costs nothing runs under any limit.
    let (_, body) = app.post_as(None, "{ __typename }", json!({})).await;
    assert_eq!(body["data"]["__typename"], "Query");
}

#[tokio::test]
async fn an_operation_at_the_limit_runs_and_one_over_it_does_not() {
    let query =
        "{ alliances(first: 7) { nodes { regions(first: 2) { totalCount nodes { id } } } } }";
    let at = app_with_max_cost(36).await;
    let body = at.post(query, json!({})).await;
    assert!(body.get("errors").is_none(), "{body:#}");
    assert_eq!(
        body["data"]["alliances"]["nodes"].as_array().map(Vec::len),
        Some(7)
    );
    let over = app_with_max_cost(35).await;
    let (_, body) = over.post_as(None, query, json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["cost"], 36);
    assert_eq!(body["errors"][0]["extensions"]["maxCost"], 35);
    // By the default limit, the mission traversal with default pages runs, 500 × 500 × 500
    // does not.
    let default = TestApp::spawn().await;
    let deep =
        "{ alliances { nodes { regions { nodes { hubs { nodes { leadTrust { name } } } } } } } }";
    assert!(default.post(deep, json!({})).await.get("errors").is_none());
    let wide = "{ alliances(first: 500) { nodes { regions(first: 500) { nodes { hubs(first: 500) { nodes { id } } } } } } }";
    let (_, body) = default.post_as(None, wide, json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX");
    assert!(body["errors"][0]["extensions"]["cost"].as_u64() > Some(100_000_000));
}

#[tokio::test]
async fn spreads_of_a_fragment_not_there_are_refused_before_anything_walks_them() {
    let app = TestApp::spawn().await;
    // Each fragment spreads the next twice, and the last a fragment the document lacks: no
    // fields to count, 2^40 spreads to follow.
    let mut query = String::from("{ ...F0 _service { sdl } }");
    for i in 0..40 {
        query.push_str(&format!(
            " fragment F{i} on Query {{ ...F{0} ...F{0} }}",
            i + 1
        ));
    }
    query.push_str(" fragment F40 on Query { ...Missing }");
    let (status, body) = app.post_as(None, &query, json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED",
        "{body}"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Missing"),
        "{body}"
    );
}
