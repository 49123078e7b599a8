//! Single lookups, unknown keys and global ids.

use std::collections::HashSet;

use serde_json::Value;

use crate::helpers::{TestApp, pluck};

#[tokio::test]
async fn lookups_by_every_key() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ region(code: "E40000010") { id name }
                 trust(odsCode: "R0A") { id name }
                 hub(id: "Hub:north-west") { id slug }
                 hubBySlug(slug: "north-west") { id }
                 alliance(id: "Alliance:east") { name }
                 allianceBySlug(slug: "east") { id }
                 transformationProject(id: "TransformationProject:lynch-syndrome-app") { title leadAlliance { slug } }
                 transformationProjectBySlug(slug: "lynch-syndrome-app") { id }
                 trainingCourse(id: "TrainingCourse:consent-and-ethics") { title }
                 trainingCourseBySlug(slug: "consent-and-ethics") { id } }"#,
        )
        .await;
    assert_eq!(data["region"]["id"], "Region:E40000010");
    assert_eq!(data["region"]["name"], "North West");
    assert_eq!(data["trust"]["id"], "Trust:R0A");
    assert_eq!(
        data["trust"]["name"],
        "Manchester University NHS Foundation Trust"
    );
    assert_eq!(data["hub"]["slug"], "north-west");
    assert_eq!(data["hubBySlug"]["id"], "Hub:north-west");
    assert_eq!(
        data["alliance"]["name"],
        "East Genomic Medicine Service Alliance"
    );
    assert_eq!(data["allianceBySlug"]["id"], "Alliance:east");
    assert_eq!(
        data["transformationProject"]["title"],
        "Lynch Syndrome patient app"
    );
    assert_eq!(
        data["transformationProject"]["leadAlliance"]["slug"],
        "east"
    );
    assert_eq!(
        data["transformationProjectBySlug"]["id"],
        "TransformationProject:lynch-syndrome-app"
    );
    assert_eq!(data["trainingCourse"]["title"], "Consent & Ethics");
    assert_eq!(
        data["trainingCourseBySlug"]["id"],
        "TrainingCourse:consent-and-ethics"
    );
}

#[tokio::test]
async fn unknown_keys_are_null() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ region(code: "E99999999") { id } trust(odsCode: "XXX") { id }
                 hub(id: "Hub:nowhere") { id } hubBySlug(slug: "nowhere") { id }
                 alliance(id: "Alliance:nowhere") { id } allianceBySlug(slug: "nowhere") { id }
                 transformationProject(id: "TransformationProject:nothing") { id }
                 transformationProjectBySlug(slug: "nothing") { id }
                 trainingCourse(id: "TrainingCourse:nothing") { id } trainingCourseBySlug(slug: "nothing") { id }
                 otherType: hub(id: "Alliance:north-west") { id } }"#,
        )
        .await;
    for (field, value) in data.as_object().expect("object") {
        assert_eq!(value, &Value::Null, "{field} should be null");
    }
}

#[tokio::test]
async fn a_malformed_id_is_bad_user_input() {
    let app = TestApp::spawn().await;
    for query in [
        r#"{ hub(id: "north-west") { id } }"#,
        r#"{ alliance(id: "Planet:earth") { id } }"#,
        r#"{ hub(id: "Hub:") { id } }"#,
    ] {
        assert_eq!(app.error_codes(query).await, ["BAD_USER_INPUT"], "{query}");
    }
}

const ALL_IDS: &str = "{ regions { nodes { id } } icbs(first: 500) { nodes { id } }
    trusts(first: 500) { nodes { id } } sites(first: 500) { nodes { id } } hubs { nodes { id } }
    alliances { nodes { id } } hubMemberships(first: 500) { nodes { id } }
    transformationProjects { nodes { id } } trainingCourses { nodes { id } } }";

fn ids(data: &Value) -> Vec<String> {
    [
        "regions",
        "icbs",
        "trusts",
        "sites",
        "hubs",
        "alliances",
        "hubMemberships",
        "transformationProjects",
        "trainingCourses",
    ]
    .iter()
    .flat_map(|root| pluck(&data[*root]["nodes"], "id"))
    .collect()
}

#[tokio::test]
async fn ids_are_unique_and_stable_across_fresh_databases() {
    let first = TestApp::spawn().await;
    let second = TestApp::spawn().await;
    let a = ids(&first.data(ALL_IDS).await);
    let b = ids(&second.data(ALL_IDS).await);
    assert_eq!(a.len(), 7 + 42 + 143 + 318 + 7 + 7 + 35 + 14 + 11);
    assert_eq!(a, b);
    assert_eq!(
        a.iter().collect::<HashSet<_>>().len(),
        a.len(),
        "ids are globally unique"
    );
    assert!(a.contains(&"Hub:north-west".to_owned()));
    assert!(a.contains(&"Trust:RQ3".to_owned()));
}

#[tokio::test]
async fn ids_survive_reseeding() {
    let app = TestApp::spawn().await;
    let before = ids(&app.data(ALL_IDS).await);
    let data = gms_graph::seed::Dataset::bundled().expect("bundled dataset");
    let report = gms_graph::seed::seed(&app.db, &data).await.expect("reseed");
    assert!(!report.changed(), "{report}");
    assert_eq!(ids(&app.data(ALL_IDS).await), before);
}

#[tokio::test]
async fn every_error_carries_a_code() {
    let app = TestApp::spawn().await;
    assert_eq!(app.error_codes("{ hubs { ").await, ["GRAPHQL_PARSE_FAILED"]);
    assert_eq!(
        app.error_codes("").await,
        ["BAD_REQUEST"],
        "no query at all"
    );
    assert_eq!(
        app.error_codes("{ nope }").await,
        ["GRAPHQL_VALIDATION_FAILED"]
    );
    assert_eq!(
        app.error_codes(r#"{ hubs(first: "ten") { totalCount } }"#)
            .await,
        ["BAD_USER_INPUT"]
    );
    let body = app
        .post(
            "query($n: Int) { hubs(first: $n) { totalCount } }",
            serde_json::json!({ "n": "ten" }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body:#}"
    );
    // Raised while executing, by async-graphql rather than a resolver.
    let body = app
        .post(
            "query($r: [_Any!]!) { _entities(representations: $r) { __typename } }",
            serde_json::json!({ "r": [{ "__typename": "Hub", "slug": "north-west" }] }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body:#}"
    );
}

/// The scalar fields of each type, and one relation through a foreign key where it has one.
const FIELDS: [(&str, &str, &str); 6] = [
    (
        "regions",
        "Region",
        "id code odsCode name version note sources",
    ),
    (
        "trusts",
        "Trust",
        "id odsCode name address postcode website version note sources region { code }",
    ),
    (
        "hubs",
        "Hub",
        "id slug name coverageDescription version note sources leadTrust { odsCode }",
    ),
    (
        "alliances",
        "Alliance",
        "id slug name website version note sources hub { slug } hostTrust { odsCode }",
    ),
    (
        "transformationProjects",
        "TransformationProject",
        "id slug title summary theme status startDate endDate website version note sources leadAlliance { slug }",
    ),
    (
        "trainingCourses",
        "TrainingCourse",
        "id slug title provider format audience durationMinutes credits website version note sources alliance { slug } hub { slug }",
    ),
];

#[tokio::test]
async fn one_lookup_of_every_record_of_every_type_matches_the_listings_in_one_statement() {
    let app = TestApp::spawn().await;
    let listings: String = FIELDS
        .iter()
        .map(|(root, _, fields)| format!("{root}(first: 500) {{ nodes {{ {fields} }} }} "))
        .collect();
    let listed = app.data(&format!("{{ {listings} }}")).await;
    let lists: Vec<&Vec<Value>> = FIELDS
        .iter()
        .map(|(root, _, _)| listed[root]["nodes"].as_array().expect("nodes"))
        .collect();
    assert!(lists.iter().all(|nodes| !nodes.is_empty()));
    // Interleaved, so that each table's keys arrive among the others'.
    let longest = lists.iter().map(|nodes| nodes.len()).max().unwrap_or(0);
    let expected: Vec<Value> = (0..longest)
        .flat_map(|i| lists.iter().filter_map(move |nodes| nodes.get(i).cloned()))
        .collect();
    let ids: Vec<Value> = expected.iter().map(|node| node["id"].clone()).collect();

    let fragments: String = FIELDS
        .iter()
        .map(|(_, kind, fields)| format!("... on {kind} {{ {fields} }} "))
        .collect();
    let query = format!("query($ids: [ID!]!) {{ nodes(ids: $ids) {{ {fragments} }} }}");
    let variables = serde_json::json!({ "ids": ids });
    let found = app.data_with(&query, variables.clone()).await;
    assert_eq!(found["nodes"], Value::Array(expected));

    let ids_only = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }";
    let (statements, _) = app.statements_of_with(ids_only, variables).await;
    assert_eq!(statements, 1, "six tables' records in one statement");
}
