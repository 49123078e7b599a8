//! Where sources disagree, and what the timeline's events concern: each contradiction of the
//! reference is a record with its claims and their sources, listed on the records it bears on,
//! and each event names the records its words name, both ways.

use serde_json::Value;

use crate::helpers::{TestApp, pluck};

fn structure() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/reference/gms-structure.json"
    );
    let text = std::fs::read_to_string(path).expect("data/reference/gms-structure.json");
    serde_json::from_str(&text).expect("gms-structure.json is JSON")
}

#[tokio::test]
async fn every_contradiction_of_the_reference_is_a_conflict_with_sourced_claims() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            "{ sourceConflicts(first: 50) { totalCount nodes {
                id topic detail sources claims { claim sources } concerns { id }
            } } }",
        )
        .await;
    let reference = structure();
    let topics: Vec<String> = reference["contradictions"]
        .as_array()
        .expect("contradictions")
        .iter()
        .map(|c| c["topic"].as_str().expect("topic").to_owned())
        .collect();
    assert_eq!(data["sourceConflicts"]["totalCount"], topics.len());
    let nodes = data["sourceConflicts"]["nodes"].as_array().expect("nodes");
    let mut found = pluck(&data["sourceConflicts"]["nodes"], "topic");
    let mut expected = topics.clone();
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
    for conflict in nodes {
        let claims = conflict["claims"].as_array().expect("claims");
        assert!(!claims.is_empty(), "{conflict}");
        for claim in claims {
            assert!(
                !claim["sources"].as_array().expect("sources").is_empty(),
                "a claim without a source: {conflict}"
            );
            assert!(
                !claim["claim"].as_str().expect("claim").contains("(source"),
                "a claim keeps a source number: {claim}"
            );
        }
        assert!(
            !conflict["concerns"]
                .as_array()
                .expect("concerns")
                .is_empty(),
            "a conflict on no record: {conflict}"
        );
        assert!(
            !conflict["detail"]
                .as_str()
                .expect("detail")
                .contains("(source"),
            "the detail keeps a source number: {conflict}"
        );
    }
}

#[tokio::test]
async fn the_lynch_project_shows_the_chosen_dates_and_lists_the_other_claims() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ transformationProjectBySlug(slug: "universal-lynch-syndrome-testing") {
                startDate endDate
                conflicts { id topic claims { claim sources } concerns { __typename id } }
            } }"#,
        )
        .await;
    let project = &data["transformationProjectBySlug"];
    // The value shown is the one the reference chose: 2021 to 2025.
    assert_eq!(project["startDate"], "2021-01-01");
    assert_eq!(project["endDate"], "2025-01-01");
    let conflicts = project["conflicts"].as_array().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "{project}");
    let conflict = &conflicts[0];
    assert_eq!(
        conflict["id"],
        "SourceConflict:lynch-syndrome-project-dates"
    );
    let claims = pluck(&conflict["claims"], "claim");
    assert!(claims.contains(&"ran 2021-2025".to_owned()), "{claims:?}");
    assert!(claims.contains(&"ran 2019-2024".to_owned()), "{claims:?}");
    let earlier = conflict["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["claim"] == "ran 2019-2024")
        .expect("the earlier dates");
    assert_eq!(
        earlier["sources"][0],
        "https://centralsouthgenomics.nhs.uk/healthcare-professionals/projects-research/lynch-syndrome-transformation-project"
    );
    let concerned = pluck(&conflict["concerns"], "id");
    assert!(
        concerned.contains(&"TransformationProject:universal-lynch-syndrome-testing".to_owned())
    );
    assert!(
        conflict["concerns"]
            .as_array()
            .expect("concerns")
            .iter()
            .any(|r| r["__typename"] == "TimelineEvent"),
        "{conflict}"
    );
}

#[tokio::test]
async fn a_contested_lead_is_listed_on_its_centre_and_a_record_without_one_lists_none() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ a: node(id: "GenomicMedicineCentre:north-west-coast") {
                ... on GenomicMedicineCentre { leadAsStated conflicts { topic claims { claim } } }
              }
              b: node(id: "Region:E40000003") { ... on Region { conflicts { topic } } } }"#,
        )
        .await;
    let topics = pluck(&data["a"]["conflicts"], "topic");
    assert!(
        topics.contains(&"North West Coast GMC lead".to_owned()),
        "{topics:?}"
    );
    let lead = data["a"]["conflicts"]
        .as_array()
        .expect("conflicts")
        .iter()
        .find(|c| c["topic"] == "North West Coast GMC lead")
        .expect("the lead conflict");
    assert_eq!(
        pluck(&lead["claims"], "claim"),
        [
            "Liverpool Women's NHS FT",
            "Central Manchester University Hospitals"
        ]
    );
    assert_eq!(data["b"]["conflicts"], serde_json::json!([]));
}

#[tokio::test]
async fn timeline_events_name_the_records_they_concern_both_ways() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ timeline(from: "2014-01-01", to: "2021-12-31") { nodes { date event concerns { __typename id } } }
                 hubBySlug(slug: "north-west") { timelineEvents { date event } }
                 southEast: hubBySlug(slug: "south-east") { timelineEvents { date event } } }"#,
        )
        .await;
    let events = data["timeline"]["nodes"].as_array().expect("events");
    let concerns_of = |start: &str| -> Vec<String> {
        let event = events
            .iter()
            .find(|e| e["event"].as_str().expect("event").starts_with(start))
            .unwrap_or_else(|| panic!("no event {start:?}"));
        pluck(&event["concerns"], "id")
    };
    let hubs = concerns_of("NHS England announces the seven Genomic Laboratory Hubs");
    assert_eq!(hubs.len(), 7, "{hubs:?}");
    assert!(hubs.iter().all(|id| id.starts_with("Hub:")), "{hubs:?}");
    let centres = concerns_of("Eleven NHS Genomic Medicine Centres announced");
    assert_eq!(centres.len(), 11, "{centres:?}");
    assert_eq!(
        concerns_of("Yorkshire and the Humber and West of England GMCs announced"),
        [
            "GenomicMedicineCentre:yorkshire-humber",
            "GenomicMedicineCentre:west-of-england"
        ]
    );
    assert_eq!(
        concerns_of("National Lynch syndrome project team"),
        ["TransformationProject:universal-lynch-syndrome-testing"]
    );
    assert!(concerns_of("GMS rolled out across England").is_empty());

    // Back: the North West hub's events, oldest first.
    let back = data["hubBySlug"]["timelineEvents"]
        .as_array()
        .expect("events");
    let dates: Vec<&str> = back.iter().filter_map(|e| e["date"].as_str()).collect();
    assert_eq!(dates, ["2018-10-02", "2019-04-01", "2019-08-01"]);
    // Undated events come last: the South East hub's renaming has no date.
    let dates: Vec<Value> = data["southEast"]["timelineEvents"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["date"].clone())
        .collect();
    assert_eq!(
        dates,
        [
            Value::from("2018-10-02"),
            Value::from("2019-04-01"),
            Value::Null
        ]
    );
}

#[tokio::test]
async fn conflicts_and_events_cost_one_statement_a_level_whatever_the_rows() {
    let mut options = gms_graph::http::AppOptions::default();
    options.limits.max_cost = usize::MAX;
    let app = TestApp::spawn_with(options).await;
    // trusts; their conflicts and events (one statement each); the conflicts' and events' links
    // (one each); the records those name (one, whatever their types).
    let query = "{ trusts(first: 500) { nodes {
        conflicts { topic concerns { id } }
        timelineEvents { event concerns { id } }
    } } }";
    let (statements, data) = app.statements_of(query).await;
    let trusts = data["trusts"]["nodes"].as_array().expect("trusts");
    assert_eq!(trusts.len(), 143);
    let with_conflicts = trusts
        .iter()
        .filter(|t| !t["conflicts"].as_array().expect("conflicts").is_empty())
        .count();
    let with_events = trusts
        .iter()
        .filter(|t| !t["timelineEvents"].as_array().expect("events").is_empty())
        .count();
    assert_eq!((with_conflicts, with_events), (2, 1));
    assert_eq!(statements, 6);
}
