//! /export/<Kind>.csv: a kind's rows as CSV, with the filter, ordering, day and page the API
//! takes, and the same refusals.

use serde_json::{Value, json};

use crate::helpers::{TestApp, urlencode};

/// CSV as RFC 4180 writes it: rows of fields.
fn parse(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

async fn csv(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    if status == 200 {
        assert_eq!(
            response.headers()["content-type"],
            "text/csv; charset=utf-8"
        );
    }
    (status, response.text().await.expect("body"))
}

fn column<'a>(rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let at = rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", rows[0]));
    rows[1..].iter().map(|r| r[at].as_str()).collect()
}

#[tokio::test]
async fn every_row_of_a_kind_with_its_references() {
    let app = TestApp::spawn().await;
    let data = app
        .data("{ trusts(first: 500) { totalCount nodes { id name sources region { id name } icb { id } } } sites { totalCount } }")
        .await;
    let (status, text) = csv(&app, "/export/Trust.csv").await;
    assert_eq!(status, 200, "{text}");
    let rows = parse(&text);
    let trusts = data["trusts"]["nodes"].as_array().expect("trusts");
    assert_eq!(rows.len() - 1, trusts.len());
    assert_eq!(
        column(&rows, "id"),
        trusts
            .iter()
            .map(|t| t["id"].as_str().expect("id"))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        column(&rows, "region.name"),
        trusts
            .iter()
            .map(|t| t["region"]["name"].as_str().expect("a region"))
            .collect::<Vec<_>>()
    );
    // A list is joined with " | "; a missing reference is an empty field.
    let first_sources: Vec<&str> = trusts[0]["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s.as_str().expect("a source"))
        .collect();
    assert_eq!(column(&rows, "sources")[0], first_sources.join(" | "));
    assert!(
        trusts
            .iter()
            .zip(column(&rows, "icb.id"))
            .all(|(t, cell)| t["icb"]["id"].as_str().unwrap_or("") == cell)
    );
    // More rows than one statement's page: every one, each once.
    let (_, sites) = csv(&app, "/export/Site.csv").await;
    let sites = parse(&sites);
    assert_eq!(
        sites.len() - 1,
        data["sites"]["totalCount"].as_u64().expect("a count") as usize
    );
    let mut ids = column(&sites, "id");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), sites.len() - 1);
}

#[tokio::test]
async fn the_same_filter_order_day_and_page_as_the_api() {
    let app = TestApp::spawn().await;
    let filter = json!({ "name": { "contains": "Hospital" } });
    let order = json!([{ "field": "NAME", "direction": "DESC" }]);
    let page = app
        .data_with(
            "query($f: TrustFilter, $o: [TrustOrder!]) { trusts(filter: $f, orderBy: $o, first: 10) { pageInfo { endCursor } nodes { id } } next: trusts(filter: $f, orderBy: $o, first: 10) { nodes { id } } }",
            json!({ "f": filter, "o": order }),
        )
        .await;
    let ids = |v: &Value| -> Vec<String> {
        v["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .map(|n| n["id"].as_str().expect("id").to_owned())
            .collect()
    };
    let query = |extra: &str| {
        format!(
            "/export/Trust.csv?filter={}&orderBy={}&first=10{extra}",
            urlencode(&filter.to_string()),
            urlencode(&order.to_string())
        )
    };
    let (status, text) = csv(&app, &query("")).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(column(&parse(&text), "id"), ids(&page["trusts"]));
    let cursor = page["trusts"]["pageInfo"]["endCursor"]
        .as_str()
        .expect("a cursor");
    let after = app
        .data_with(
            "query($f: TrustFilter, $o: [TrustOrder!], $a: String) { trusts(filter: $f, orderBy: $o, first: 10, after: $a) { nodes { id } } }",
            json!({ "f": filter, "o": order, "a": cursor }),
        )
        .await;
    let (_, text) = csv(&app, &query(&format!("&after={}", urlencode(cursor)))).await;
    assert_eq!(column(&parse(&text), "id"), ids(&after["trusts"]));

    // activeOn: the centres of 2016, and no alliance.
    let day = app
        .data(r#"{ genomicMedicineCentres(activeOn: "2016-06-01") { nodes { id } } }"#)
        .await;
    let (_, text) = csv(
        &app,
        "/export/GenomicMedicineCentre.csv?activeOn=2016-06-01",
    )
    .await;
    assert_eq!(
        column(&parse(&text), "id"),
        ids(&day["genomicMedicineCentres"])
    );
    assert!(!ids(&day["genomicMedicineCentres"]).is_empty());
    let (_, text) = csv(&app, "/export/Alliance.csv?activeOn=2016-06-01").await;
    assert_eq!(parse(&text).len(), 1, "the header alone: {text}");
}

#[tokio::test]
async fn bad_parameters_are_refused_with_a_code() {
    let app = TestApp::spawn().await;
    for (path, status, code) in [
        ("/export/Nothing.csv", 404, "NOT_FOUND"),
        ("/export/Trust.json", 404, "NOT_FOUND"),
        ("/export/Trust.csv?filter=%7Bnot%20json", 400, "BAD_REQUEST"),
        ("/export/Trust.csv?colour=red", 400, "BAD_REQUEST"),
        ("/export/Trust.csv?first=0", 400, "BAD_REQUEST"),
        ("/export/Trust.csv?first=many", 400, "BAD_REQUEST"),
        (
            "/export/Trust.csv?filter=%7B%22bogus%22%3A1%7D",
            400,
            "BAD_USER_INPUT",
        ),
        (
            "/export/Trust.csv?activeOn=yesterday",
            400,
            "BAD_USER_INPUT",
        ),
        (
            "/export/Trust.csv?after=not-a-cursor",
            400,
            "BAD_USER_INPUT",
        ),
    ] {
        let (got, text) = csv(&app, path).await;
        assert_eq!(got, status, "{path}: {text}");
        let body: Value = serde_json::from_str(&text).expect("a JSON error");
        assert_eq!(
            body["errors"][0]["extensions"]["code"], code,
            "{path}: {text}"
        );
    }
}

#[tokio::test]
async fn under_require_auth_it_needs_a_token_as_the_api_does() {
    let app = TestApp::spawn_with(gms_graph::http::AppOptions {
        require_auth: true,
        ..Default::default()
    })
    .await;
    let (status, text) = csv(&app, "/export/Hub.csv").await;
    assert_eq!(status, 401, "{text}");
    let token = app.token(entity::api_token::Role::Viewer).await;
    let response = reqwest::Client::new()
        .get(format!("{}/export/Hub.csv", app.url))
        .bearer_auth(&token)
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    let rows = parse(&response.text().await.expect("body"));
    assert_eq!(rows.len() - 1, 7);
}
