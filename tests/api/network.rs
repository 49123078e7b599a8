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
        .data(
            r#"{ regions { nodes { code odsCode name } }
                 trusts(filter: { ledHubs: { some: {} } }) { nodes { odsCode postcode region { code } } } }"#,
        )
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
            "{ regions { nodes { sources } } icbs(first: 500) { nodes { sources } }
               trusts(first: 500) { nodes { sources } } sites(first: 500) { nodes { sources } }
               hubs { nodes { sources } } alliances { nodes { sources } }
               hubMemberships(first: 500) { nodes { sources } }
               transformationProjects { nodes { sources } }
               trainingCourses { totalCount nodes { sources } }
               organisations(first: 500) { nodes { sources } }
               networksOfExcellence { nodes { sources } }
               genomicMedicineCentres { nodes { sources } }
               timelineEvents(first: 500) { nodes { sources } }
               sourceConflicts(first: 500) { nodes { sources } } }",
        )
        .await;
    for root in [
        "regions",
        "icbs",
        "trusts",
        "sites",
        "hubs",
        "alliances",
        "hubMemberships",
        "transformationProjects",
        "trainingCourses",
        "organisations",
        "networksOfExcellence",
        "genomicMedicineCentres",
        "timelineEvents",
        "sourceConflicts",
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
    // No source names a hub's regions: each link is worked out from the areas the hub names.
    let nw = &data["nw"]["regions"]["edges"];
    assert_eq!(nw[0]["confidence"], "INFERRED");
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
        ["INFERRED"]
    );
}

/// The reference's organisations file, which the bundled network is built from.
fn organisations() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/reference/organisations.json"
    );
    let text = std::fs::read_to_string(path).expect("data/reference/organisations.json");
    serde_json::from_str(&text).expect("organisations.json is JSON")
}

#[tokio::test]
async fn every_region_icb_trust_and_site_of_the_reference_is_a_record() {
    let app = TestApp::spawn().await;
    let data = app
        .data("{ regions { totalCount } icbs { totalCount } trusts { totalCount } sites { totalCount } }")
        .await;
    let reference = organisations();
    for root in ["regions", "icbs", "trusts", "sites"] {
        let expected = reference[root].as_array().expect(root).len();
        assert_eq!(data[root]["totalCount"], expected, "{root}");
    }
    assert_eq!(data["icbs"]["totalCount"], 42);
    assert_eq!(data["regions"]["totalCount"], 7);
}

#[tokio::test]
async fn each_trust_is_in_its_icb_and_the_icb_in_the_trust_s_region() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            "{ trusts(first: 500) { nodes { odsCode region { code } icb { odsCode region { code } } } } }",
        )
        .await;
    let reference = organisations();
    let expected: std::collections::HashMap<&str, &str> = reference["trusts"]
        .as_array()
        .expect("trusts")
        .iter()
        .map(|t| {
            (
                t["ods_code"].as_str().expect("code"),
                t["icbs"][0].as_str().expect("icb"),
            )
        })
        .collect();
    let trusts = data["trusts"]["nodes"].as_array().expect("trusts");
    assert_eq!(trusts.len(), expected.len());
    for trust in trusts {
        let code = s(&trust["odsCode"]);
        assert_eq!(trust["icb"]["odsCode"], expected[code.as_str()], "{code}");
        assert_eq!(
            trust["icb"]["region"]["code"], trust["region"]["code"],
            "{code}"
        );
    }
}

#[tokio::test]
async fn salisbury_is_in_the_south_west_with_its_icb_and_its_site() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ trust(odsCode: "RNZ") { name icb { id odsCode code region { code name } }
                   sites { nodes { id odsCode trust { odsCode } } } }
                 icb(odsCode: "QOX") { trusts(first: 100) { nodes { odsCode } } region { icbs { totalCount } } } }"#,
        )
        .await;
    let trust = &data["trust"];
    assert_eq!(trust["name"], "Salisbury NHS Foundation Trust");
    assert_eq!(trust["icb"]["id"], "Icb:QOX");
    assert_eq!(trust["icb"]["code"], "E54000040");
    assert_eq!(trust["icb"]["region"]["name"], "South West");
    assert_eq!(pluck(&trust["sites"]["nodes"], "odsCode"), ["RNZ02"]);
    assert_eq!(trust["sites"]["nodes"][0]["trust"]["odsCode"], "RNZ");
    assert!(pluck(&data["icb"]["trusts"]["nodes"], "odsCode").contains(&"RNZ".to_owned()));
    assert_eq!(data["icb"]["region"]["icbs"]["totalCount"], 7);
}

#[tokio::test]
async fn every_site_is_on_the_map_of_england() {
    let app = TestApp::spawn().await;
    let data = app
        .data("{ sites(first: 500) { nodes { odsCode postcode latitude longitude trust { odsCode } } } }")
        .await;
    let sites = data["sites"]["nodes"].as_array().expect("sites");
    assert!(!sites.is_empty());
    for site in sites {
        let code = s(&site["odsCode"]);
        let (lat, lon) = (
            site["latitude"].as_f64().expect("latitude"),
            site["longitude"].as_f64().expect("longitude"),
        );
        assert!((49.8..=55.9).contains(&lat), "{code}: latitude {lat}");
        assert!((-6.5..=1.8).contains(&lon), "{code}: longitude {lon}");
        assert!(site["trust"]["odsCode"].is_string(), "{code}: no trust");
    }
}

fn s(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_owned()
}

#[tokio::test]
async fn an_organisation_without_an_ods_code_is_a_record_of_its_own() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ organisations(first: 50) { totalCount nodes { id name odsCode sources } }
                 hubMemberships(first: 100) { nodes { nameAsStated odsCode organisation { id name } } }
                 christie: organisationBySlug(slug: "the-christie-nhs-foundation-trust") {
                   hubMemberships { nodes { hub { slug } role } } } }"#,
        )
        .await;
    assert_eq!(data["organisations"]["totalCount"], 11);
    for organisation in data["organisations"]["nodes"].as_array().expect("nodes") {
        assert_eq!(organisation["odsCode"], Value::Null, "{organisation}");
        assert!(
            !organisation["sources"]
                .as_array()
                .expect("sources")
                .is_empty(),
            "{organisation}"
        );
    }
    // Every member without a trust is an organisation, under the name the source gives.
    let members: Vec<&Value> = data["hubMemberships"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter(|m| m["organisation"].is_object())
        .collect();
    assert_eq!(members.len(), 11);
    for member in members {
        assert_eq!(member["odsCode"], Value::Null);
        assert_eq!(
            member["organisation"]["name"], member["nameAsStated"],
            "{member}"
        );
    }
    assert_eq!(
        data["christie"]["hubMemberships"]["nodes"][0]["hub"]["slug"],
        "north-west"
    );
}
