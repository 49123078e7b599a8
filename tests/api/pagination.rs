//! Pages, cursors and their limits.

use serde_json::{Value, json};

use gms_graph::service::{Cursor, page::CursorValue};

use crate::helpers::{TestApp, pluck};

/// A well-formed hub cursor that sorts after every hub.
fn beyond_every_hub() -> String {
    Cursor {
        ordering: "name:asc,slug:asc".into(),
        key: vec![
            CursorValue::Text("zzz".into()),
            CursorValue::Text("zzz".into()),
        ],
    }
    .encode()
}

const HUB_PAGE: &str = "query($first: Int, $after: String) { hubs(first: $first, after: $after) {
    totalCount nodes { slug } edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";

async fn hub_page(app: &TestApp, first: Option<i64>, after: Option<&str>) -> Value {
    app.data_with(HUB_PAGE, json!({ "first": first, "after": after }))
        .await["hubs"]
        .clone()
}

#[tokio::test]
async fn walking_the_pages_returns_every_hub_once_in_order() {
    let app = TestApp::spawn().await;
    let all = pluck(&hub_page(&app, None, None).await["nodes"], "slug");
    assert_eq!(all.len(), 7);

    let mut walked = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..10 {
        let page = hub_page(&app, Some(3), after.as_deref()).await;
        assert_eq!(page["totalCount"], 7);
        assert_eq!(page["pageInfo"]["hasPreviousPage"], after.is_some());
        let edges = page["edges"].as_array().expect("edges");
        assert_eq!(page["pageInfo"]["startCursor"], edges[0]["cursor"]);
        assert_eq!(
            page["pageInfo"]["endCursor"],
            edges[edges.len() - 1]["cursor"]
        );
        walked.extend(pluck(&page["nodes"], "slug"));
        if page["pageInfo"]["hasNextPage"] == false {
            // The last page holds the remainder.
            assert_eq!(edges.len(), 1);
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(walked, all);
}

#[tokio::test]
async fn an_empty_page_still_says_what_follows() {
    let app = TestApp::spawn().await;
    let page = hub_page(&app, Some(0), None).await;
    assert_eq!(page["nodes"], json!([]));
    assert_eq!(page["totalCount"], 7);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    assert_eq!(page["pageInfo"]["startCursor"], Value::Null);

    // After the last hub there is nothing.
    let all = hub_page(&app, Some(7), None).await;
    assert_eq!(all["pageInfo"]["hasNextPage"], false);
    let end = all["pageInfo"]["endCursor"].as_str().expect("end cursor");
    let past = hub_page(&app, Some(5), Some(end)).await;
    assert_eq!(past["nodes"], json!([]));
    assert_eq!(past["pageInfo"]["hasNextPage"], false);
    assert_eq!(past["pageInfo"]["hasPreviousPage"], true);
}

#[tokio::test]
async fn relation_connections_page_per_parent() {
    let app = TestApp::spawn().await;
    let query = r#"query($after: String) { regions { nodes { code hubs(first: 1, after: $after) {
        totalCount nodes { slug } pageInfo { hasNextPage hasPreviousPage endCursor } } } } }"#;
    let data = app.data_with(query, json!({})).await;
    let london = data["regions"]["nodes"]
        .as_array()
        .expect("regions")
        .iter()
        .find(|r| r["code"] == "E40000003")
        .expect("London")
        .clone();
    assert_eq!(london["hubs"]["totalCount"], 2);
    assert_eq!(pluck(&london["hubs"]["nodes"], "slug"), ["north-thames"]);
    assert_eq!(london["hubs"]["pageInfo"]["hasNextPage"], true);
    assert_eq!(london["hubs"]["pageInfo"]["hasPreviousPage"], false);
    // Every region's first page is one hub, counted in full.
    for region in data["regions"]["nodes"].as_array().expect("regions") {
        assert_eq!(region["hubs"]["nodes"].as_array().expect("hubs").len(), 1);
    }

    let cursor = london["hubs"]["pageInfo"]["endCursor"]
        .as_str()
        .expect("cursor");
    let next = app
        .data_with(
            r#"query($after: String) { region(code: "E40000003") { hubs(first: 1, after: $after) {
                totalCount nodes { slug } pageInfo { hasNextPage hasPreviousPage } } } }"#,
            json!({ "after": cursor }),
        )
        .await;
    let hubs = &next["region"]["hubs"];
    assert_eq!(pluck(&hubs["nodes"], "slug"), ["south-east"]);
    assert_eq!(
        hubs["totalCount"], 2,
        "the total does not shrink past the cursor"
    );
    assert_eq!(hubs["pageInfo"]["hasNextPage"], false);
    assert_eq!(hubs["pageInfo"]["hasPreviousPage"], true);

    // A parent whose rows all lie before the cursor still reports its total.
    let past = app
        .data_with(
            r#"query($after: String) { region(code: "E40000003") { hubs(first: 5, after: $after) {
                totalCount nodes { slug } pageInfo { hasPreviousPage hasNextPage } } } }"#,
            json!({ "after": beyond_every_hub() }),
        )
        .await;
    assert_eq!(past["region"]["hubs"]["nodes"], json!([]));
    assert_eq!(past["region"]["hubs"]["totalCount"], 2);
    assert_eq!(past["region"]["hubs"]["pageInfo"]["hasPreviousPage"], true);
}

#[tokio::test]
async fn page_limits_and_bad_cursors_are_bad_user_input() {
    let app = TestApp::spawn().await;
    for query in [
        "{ hubs(first: 501) { totalCount } }",
        "{ hubs(first: -1) { totalCount } }",
        r#"{ hubs(after: "not a cursor") { totalCount } }"#,
        r#"{ hubs(after: "e30") { totalCount } }"#,
        r#"{ regions { nodes { trusts(first: 1000) { totalCount } } } }"#,
    ] {
        let codes = app.error_codes(query).await;
        assert!(
            !codes.is_empty() && codes.iter().all(|c| c == "BAD_USER_INPUT"),
            "{query}: {codes:?}"
        );
    }
    // 500 is allowed.
    let data = app.data("{ hubs(first: 500) { totalCount } }").await;
    assert_eq!(data["hubs"]["totalCount"], 7);
}

#[tokio::test]
async fn a_cursor_from_another_ordering_is_refused() {
    let app = TestApp::spawn().await;
    let trusts = app
        .data("{ trusts(first: 1) { pageInfo { endCursor } } }")
        .await;
    let cursor = trusts["trusts"]["pageInfo"]["endCursor"]
        .as_str()
        .expect("cursor");
    let body = app
        .post(
            "query($after: String) { hubs(after: $after) { totalCount } }",
            json!({ "after": cursor }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body:#}"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("ordering")
    );
}

/// Walks a connection backward from its end, `last` at a time: the ids in order, and each
/// page's `hasPreviousPage` / `hasNextPage`.
async fn walked_backward(
    app: &TestApp,
    token: Option<&str>,
    query: &str,
    field: &str,
    id: &str,
    last: i64,
) -> Vec<String> {
    let mut pages: Vec<Vec<String>> = Vec::new();
    let mut before: Option<String> = None;
    for _ in 0..200 {
        let (_, body) = app
            .post_as(token, query, json!({ "last": last, "before": before }))
            .await;
        assert_eq!(body["errors"], Value::Null, "{body:#}");
        let page = &body["data"][field];
        assert_eq!(
            page["pageInfo"]["hasNextPage"],
            before.is_some(),
            "{page:#}"
        );
        let ids: Vec<String> = page["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .map(|e| {
                e["node"][id]
                    .as_str()
                    .map_or_else(|| e["node"][id].to_string(), str::to_owned)
            })
            .collect();
        assert!(ids.len() as i64 <= last);
        pages.push(ids);
        if page["pageInfo"]["hasPreviousPage"] == false {
            return pages.into_iter().rev().flatten().collect();
        }
        before = page["pageInfo"]["startCursor"].as_str().map(str::to_owned);
    }
    panic!("more than 200 pages backward");
}

/// `search` and `changes` page backward (`last`, `before`) as every other connection does: the
/// pages from the end, put together, are the whole list forward; and a page between two cursors
/// holds what lies between them.
#[tokio::test]
async fn search_and_changes_page_backward_too() {
    let app = TestApp::spawn().await;
    let search = r#"query($first: Int, $after: String, $last: Int, $before: String) {
        search(text: "genomic", first: $first, after: $after, last: $last, before: $before) {
        edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor } } }"#;
    let forward = app.data_with(search, json!({ "first": 500 })).await["search"]["edges"].clone();
    let ids: Vec<String> = forward
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(ids.len() > 20, "{ids:?}");
    assert_eq!(
        walked_backward(&app, None, search, "search", "id", 7).await,
        ids
    );
    // Between the 3rd and the 9th: the 4th to the 8th, from either end.
    let (from, to) = (&forward[2]["cursor"], &forward[8]["cursor"]);
    for (first, last) in [(Some(500), None), (None, Some(500))] {
        let page = &app
            .data_with(
                search,
                json!({ "first": first, "last": last, "after": from, "before": to }),
            )
            .await["search"];
        let between: Vec<&str> = page["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .map(|e| e["node"]["id"].as_str().unwrap_or_default())
            .collect();
        assert_eq!(between, ids[3..8], "{first:?} {last:?}");
    }

    let editor = app.token(entity::api_token::Role::Editor).await;
    let changes = r#"query($first: Int, $last: Int, $before: String) {
        changes(first: $first, last: $last, before: $before) {
        edges { node { id } } pageInfo { hasNextPage hasPreviousPage startCursor } } }"#;
    let mut forward = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let (_, body) = app
            .post_as(
                Some(&editor),
                r#"query($after: String) { changes(first: 500, after: $after) {
                    nodes { id } pageInfo { hasNextPage endCursor } } }"#,
                json!({ "after": after }),
            )
            .await;
        let page = &body["data"]["changes"];
        forward.extend(pluck(&page["nodes"], "id"));
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert!(forward.len() > 100, "{}", forward.len());
    assert_eq!(
        walked_backward(&app, Some(&editor), changes, "changes", "id", 97).await,
        forward
    );
}

/// The keys a cursor carries, decoded.
fn cursor_keys(cursor: &Value) -> Vec<CursorValue> {
    Cursor::decode(cursor.as_str().expect("a cursor"))
        .expect("a cursor of ours")
        .key
}

/// Cursors carry the ordering's values and end with the natural key: no internal row id, on
/// root and related connections alike, whatever the ordering.
#[tokio::test]
async fn cursors_reveal_no_internal_ids() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{
            hubs(first: 3) { edges { cursor node { slug } } }
            byName: trusts(first: 3, orderBy: [{ field: NAME, direction: DESC }]) { edges { cursor node { odsCode name } } }
            regions(first: 2) { edges { cursor node { code hubs { edges { cursor node { slug } } } } } }
        }"#,
        )
        .await;
    for edge in data["hubs"]["edges"].as_array().expect("hubs") {
        let keys = cursor_keys(&edge["cursor"]);
        assert_eq!(
            keys.last(),
            Some(&CursorValue::Text(
                edge["node"]["slug"].as_str().expect("slug").into()
            ))
        );
        assert!(
            !keys.iter().any(|k| matches!(k, CursorValue::Int(_))),
            "{keys:?}"
        );
    }
    for edge in data["byName"]["edges"].as_array().expect("trusts") {
        let keys = cursor_keys(&edge["cursor"]);
        let node = &edge["node"];
        assert_eq!(
            keys,
            [
                CursorValue::Text(node["name"].as_str().expect("name").into()),
                CursorValue::Text(node["odsCode"].as_str().expect("odsCode").into()),
            ]
        );
    }
    for region in data["regions"]["edges"].as_array().expect("regions") {
        let keys = cursor_keys(&region["cursor"]);
        assert_eq!(
            keys,
            [CursorValue::Text(
                region["node"]["code"].as_str().expect("code").into()
            )]
        );
        for hub in region["node"]["hubs"]["edges"].as_array().expect("hubs") {
            let keys = cursor_keys(&hub["cursor"]);
            assert_eq!(
                keys.last(),
                Some(&CursorValue::Text(
                    hub["node"]["slug"].as_str().expect("slug").into()
                ))
            );
            assert!(
                !keys.iter().any(|k| matches!(k, CursorValue::Int(_))),
                "{keys:?}"
            );
        }
    }
}
