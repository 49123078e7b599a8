//! The bundled network is the one the reference facts describe.

use serde_json::Value;

use crate::helpers::{TestApp, pluck};

/// Hub, lead trust (ODS code and name) and alliance, as the facts give them.
const HUBS: [(&str, &str, &str, &str); 7] = [
    (
        "Central and South Genomic Laboratory Hub",
        "RQ3",
        "Birmingham Women's and Children's NHS Foundation Trust",
        "Central and South Genomic Medicine Service Alliance",
    ),
    (
        "East Genomic Laboratory Hub",
        "RGT",
        "Cambridge University Hospitals NHS Foundation Trust",
        "East Genomic Medicine Service Alliance",
    ),
    (
        "North East and Yorkshire Genomic Laboratory Hub",
        "RTD",
        "The Newcastle upon Tyne Hospitals NHS Foundation Trust",
        "North East and Yorkshire Genomic Medicine Service Alliance",
    ),
    (
        "North Thames Genomic Laboratory Hub",
        "RP4",
        "Great Ormond Street Hospital for Children NHS Foundation Trust",
        "North Thames Genomic Medicine Service Alliance",
    ),
    (
        "North West Genomic Laboratory Hub",
        "R0A",
        "Manchester University NHS Foundation Trust",
        "North West Genomic Medicine Service Alliance",
    ),
    (
        "South East Genomic Laboratory Hub",
        "RJ1",
        "Guy's and St Thomas' NHS Foundation Trust",
        "South East Genomic Medicine Service Alliance",
    ),
    (
        "South West Genomic Laboratory Hub",
        "RVJ",
        "North Bristol NHS Trust",
        "South West Genomic Medicine Service Alliance",
    ),
];

#[tokio::test]
async fn the_seven_hubs_have_their_exact_lead_trusts_and_alliances() {
    let app = TestApp::spawn().await;
    let data = app
        .data("{ hubs { totalCount nodes { name leadTrust { odsCode name } alliance { name hub { name } } } } }")
        .await;
    assert_eq!(data["hubs"]["totalCount"], 7);
    let nodes = data["hubs"]["nodes"].as_array().expect("nodes");
    let found: Vec<_> = nodes
        .iter()
        .map(|hub| {
            assert_eq!(
                hub["alliance"]["hub"]["name"], hub["name"],
                "alliance points back at its hub"
            );
            (
                hub["name"].as_str().unwrap_or_default(),
                hub["leadTrust"]["odsCode"].as_str().unwrap_or_default(),
                hub["leadTrust"]["name"].as_str().unwrap_or_default(),
                hub["alliance"]["name"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(found, HUBS);
}

#[tokio::test]
async fn regions_and_trusts_match_the_facts() {
    let app = TestApp::spawn().await;
    let data = app
        .data("{ regions { nodes { code odsCode name } } trusts { nodes { odsCode postcode region { code } } } }")
        .await;
    let regions: Vec<(String, String, String)> = data["regions"]["nodes"]
        .as_array()
        .expect("regions")
        .iter()
        .map(|r| (s(&r["code"]), s(&r["odsCode"]), s(&r["name"])))
        .collect();
    let expected = [
        ("E40000003", "Y56", "London"),
        ("E40000005", "Y59", "South East"),
        ("E40000006", "Y58", "South West"),
        ("E40000007", "Y61", "East of England"),
        ("E40000010", "Y62", "North West"),
        ("E40000011", "Y60", "Midlands"),
        ("E40000012", "Y63", "North East and Yorkshire"),
    ];
    assert_eq!(
        regions,
        expected.map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    );
    let trusts: Vec<(String, String, String)> = data["trusts"]["nodes"]
        .as_array()
        .expect("trusts")
        .iter()
        .map(|t| (s(&t["odsCode"]), s(&t["postcode"]), s(&t["region"]["code"])))
        .collect();
    let expected = [
        ("R0A", "M13 9WL", "E40000010"),
        ("RGT", "CB2 0QQ", "E40000007"),
        ("RJ1", "SE1 7EH", "E40000003"),
        ("RP4", "WC1N 3JH", "E40000003"),
        ("RQ3", "B4 6NH", "E40000011"),
        ("RTD", "NE7 7DN", "E40000012"),
        ("RVJ", "BS10 5NB", "E40000006"),
    ];
    assert_eq!(
        trusts,
        expected.map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    );
}

#[tokio::test]
async fn every_record_carries_its_sources() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            "{ regions { nodes { sources } } trusts { nodes { sources } } hubs { nodes { sources } }
               alliances { nodes { sources } } transformationProjects { nodes { sources } }
               trainingCourses { totalCount nodes { sources } } }",
        )
        .await;
    for root in [
        "regions",
        "trusts",
        "hubs",
        "alliances",
        "transformationProjects",
        "trainingCourses",
    ] {
        for node in data[root]["nodes"].as_array().expect("nodes") {
            let sources = node["sources"].as_array().expect("sources");
            assert!(!sources.is_empty(), "{root}: a record without sources");
        }
    }
    assert_eq!(data["trainingCourses"]["totalCount"], 11);
}

#[tokio::test]
async fn coverage_links_say_how_sure_they_are() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ nw: hubBySlug(slug: "north-west") { regions { edges { confidence sources node { code } } } }
                 cs: hubBySlug(slug: "central-and-south") { regions { edges { confidence node { code } } } } }"#,
        )
        .await;
    let nw = &data["nw"]["regions"]["edges"];
    assert_eq!(nw[0]["confidence"], "STATED");
    assert_eq!(nw[0]["node"]["code"], "E40000010");
    assert!(!nw[0]["sources"].as_array().expect("sources").is_empty());
    let cs = &data["cs"]["regions"]["edges"];
    let codes: Vec<_> = cs
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| s(&e["node"]["code"]))
        .collect();
    assert_eq!(codes, ["E40000005", "E40000006", "E40000011"]);
    assert!(
        cs.as_array()
            .expect("edges")
            .iter()
            .all(|e| e["confidence"] == "INFERRED")
    );
    assert_eq!(
        pluck(&data["nw"]["regions"]["edges"], "confidence"),
        ["STATED"]
    );
}

fn s(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_owned()
}
