//! Which hub serves a trust, a site or an ICB, and what each answer rests on: a stated
//! membership, the ICB's coverage, or only the region. Shown on the bundled network, whose
//! links come from data/reference/gms-structure.json.

use serde_json::Value;

use crate::helpers::{TestApp, pluck};

const SERVING: &str = "servingHubs { edges { basis coverage confidence ambiguous explanation sources node { slug } } }";

fn edges(connection: &Value) -> Vec<&Value> {
    connection["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("no edges in {connection}"))
        .iter()
        .collect()
}

fn hubs(connection: &Value) -> Vec<String> {
    edges(connection)
        .iter()
        .map(|e| e["node"]["slug"].as_str().expect("slug").to_owned())
        .collect()
}

#[tokio::test]
async fn every_hub_s_lead_trust_is_its_lead_member_and_unlisted_members_are_still_records() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ hubs { nodes { slug leadTrust { odsCode }
                   memberships(first: 100) { totalCount nodes { id role roleConfidence odsCode nameAsStated quote sources trust { odsCode } } } } }
                 hubMemberships(first: 500) { totalCount } }"#,
        )
        .await;
    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/reference/gms-structure.json"
        ))
        .expect("gms-structure.json"),
    )
    .expect("JSON");
    let named: usize = reference["glhs"]
        .as_array()
        .expect("glhs")
        .iter()
        .map(|g| g["organisations"].as_array().expect("organisations").len())
        .sum();
    assert_eq!(data["hubMemberships"]["totalCount"], named);
    for hub in data["hubs"]["nodes"].as_array().expect("hubs") {
        let members = hub["memberships"]["nodes"].as_array().expect("members");
        let leads: Vec<_> = members.iter().filter(|m| m["role"] == "LEAD").collect();
        assert_eq!(leads.len(), 1, "{}: one lead", hub["slug"]);
        assert_eq!(leads[0]["trust"]["odsCode"], hub["leadTrust"]["odsCode"]);
        assert_eq!(leads[0]["roleConfidence"], "STATED");
        for m in members {
            assert!(!m["sources"].as_array().expect("sources").is_empty(), "{m}");
            assert_eq!(m["odsCode"], m["trust"]["odsCode"], "{m}");
        }
    }
    let nw = data["hubs"]["nodes"]
        .as_array()
        .expect("hubs")
        .iter()
        .find(|h| h["slug"] == "north-west")
        .expect("north-west");
    let christie = nw["memberships"]["nodes"]
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["nameAsStated"] == "The Christie NHS Foundation Trust")
        .expect("The Christie is a member of the North West hub");
    assert_eq!(
        christie["id"],
        "HubMembership:north-west--the-christie-nhs-foundation-trust"
    );
    assert!(christie["odsCode"].is_null() && christie["trust"].is_null());
    assert_eq!(christie["role"], "PARTNER");
}

#[tokio::test]
async fn the_south_west_hub_covers_its_region_in_part_and_dorset_is_central_and_south_s() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ sw: hubBySlug(slug: "south-west") {
                   regions { edges { confidence coverage node { code } } }
                   icbs(first: 100) { edges { coverage confidence basis node { odsCode } } } }
                 dorset: icb(odsCode: "QVV") { hubs { edges { coverage confidence node { slug } } }
                   servingHubs { edges { ambiguous confidence node { slug } } } } }"#,
        )
        .await;
    let region = &data["sw"]["regions"]["edges"][0];
    assert_eq!(region["node"]["code"], "E40000006");
    assert_eq!(region["confidence"], "INFERRED");
    assert_eq!(region["coverage"], "PART");
    let icbs = edges(&data["sw"]["icbs"]);
    let qvv = icbs
        .iter()
        .find(|e| e["node"]["odsCode"] == "QVV")
        .expect("the South West hub's link to Dorset");
    assert_eq!(
        (&qvv["coverage"], &qvv["confidence"]),
        (&"UNCLEAR".into(), &"UNCONFIRMED".into())
    );
    assert!(icbs.iter().all(|e| e["confidence"] != "STATED" && !e["basis"].as_str().expect("basis").is_empty()));
    let dorset = edges(&data["dorset"]["hubs"]);
    let cas = dorset
        .iter()
        .find(|e| e["node"]["slug"] == "central-and-south")
        .expect("Central and South serves Dorset");
    assert_eq!(cas["coverage"], "WHOLE");
    // One hub serves it whole, so Dorset is not ambiguous.
    assert!(
        edges(&data["dorset"]["servingHubs"])
            .iter()
            .all(|e| e["ambiguous"] == false)
    );
}

#[tokio::test]
async fn salisbury_is_served_by_central_and_south_as_its_member_and_so_is_its_hospital() {
    let app = TestApp::spawn().await;
    let query = format!(
        r#"{{ trust(odsCode: "RNZ") {{ {SERVING} hubMemberships {{ nodes {{ role hub {{ slug }} }} }} }}
             site(odsCode: "RNZ02") {{ {SERVING} }} }}"#
    );
    let data = app.data(&query).await;
    let trust = &data["trust"];
    assert_eq!(hubs(&trust["servingHubs"]), ["central-and-south"]);
    let edge = edges(&trust["servingHubs"])[0];
    assert_eq!(edge["basis"], "MEMBERSHIP");
    assert!(edge["coverage"].is_null());
    assert_eq!(edge["ambiguous"], false);
    assert!(!edge["sources"].as_array().expect("sources").is_empty());
    assert_eq!(
        pluck(&trust["hubMemberships"]["nodes"], "role"),
        ["PARTNER_LABORATORY"]
    );
    assert_eq!(data["site"]["servingHubs"], trust["servingHubs"]);
}

#[tokio::test]
async fn a_trust_in_an_icb_two_hubs_serve_in_part_is_ambiguous_and_neither_is_picked() {
    let app = TestApp::spawn().await;
    let query = format!(
        r#"{{ bath: trust(odsCode: "RD1") {{ {SERVING} }} icb(odsCode: "QOX") {{ {SERVING} }} }}"#
    );
    let data = app.data(&query).await;
    let bath = &data["bath"]["servingHubs"];
    assert_eq!(hubs(bath), ["central-and-south", "south-west"]);
    for edge in edges(bath) {
        assert_eq!(edge["basis"], "ICB");
        assert_eq!(edge["coverage"], "PART");
        // Whether Bath is in the part each hub serves, no source says.
        assert_eq!(edge["confidence"], "UNCONFIRMED");
        assert_eq!(edge["ambiguous"], true);
    }
    for edge in edges(&data["icb"]["servingHubs"]) {
        assert_eq!(edge["ambiguous"], true);
        assert_eq!(edge["confidence"], "INFERRED");
    }
}

#[tokio::test]
async fn a_trust_in_an_icb_one_hub_serves_whole_is_not_ambiguous() {
    let app = TestApp::spawn().await;
    // Blackpool (QE1, Lancashire and South Cumbria): the North West hub serves the ICB whole;
    // the North East and Yorkshire hub's "Cumbria" may or may not reach it.
    let query = format!(r#"{{ trust(odsCode: "RXL") {{ {SERVING} }} }}"#);
    let data = app.data(&query).await;
    let edges = edges(&data["trust"]["servingHubs"]);
    let nw = edges
        .iter()
        .find(|e| e["node"]["slug"] == "north-west")
        .expect("north-west serves Blackpool");
    assert_eq!(
        (&nw["coverage"], &nw["confidence"]),
        (&"WHOLE".into(), &"INFERRED".into())
    );
    let ney = edges
        .iter()
        .find(|e| e["node"]["slug"] == "north-east-and-yorkshire")
        .expect("the unconfirmed link is shown, so the gap is visible");
    assert_eq!(ney["confidence"], "UNCONFIRMED");
    assert!(
        edges
            .iter()
            .all(|e| e["ambiguous"] == false && e["basis"] == "ICB")
    );
}

#[tokio::test]
async fn every_trust_and_site_has_a_serving_hub_and_filters_follow_them() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ trusts(first: 500) { totalCount nodes { odsCode servingHubs { totalCount } } }
                 unserved: trusts(filter: { servingHubs: { none: {} } }) { totalCount }
                 cas: sites(filter: { servingHubs: { some: { slug: { eq: "central-and-south" } } } }, first: 500) { totalCount }
                 salisbury: sites(filter: { trust: { odsCode: { eq: "RNZ" } } }) { nodes { odsCode } } }"#,
        )
        .await;
    for trust in data["trusts"]["nodes"].as_array().expect("trusts") {
        assert!(
            trust["servingHubs"]["totalCount"].as_u64().unwrap_or(0) >= 1,
            "{} has no serving hub",
            trust["odsCode"]
        );
    }
    assert_eq!(data["unserved"]["totalCount"], 0);
    let cas = data["cas"]["totalCount"].as_u64().expect("count");
    assert!(cas > 0, "Central and South serves sites");
    assert_eq!(pluck(&data["salisbury"]["nodes"], "odsCode"), ["RNZ02"]);
}

#[tokio::test]
async fn trusts_and_sites_count_by_region_icb_trust_and_serving_hub() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ byRegion: trustStats(groupBy: [REGION]) { count region { code } icb { odsCode } }
                 byIcb: trustStats(groupBy: [ICB]) { count icb { odsCode region { code } } }
                 byHub: trustStats(groupBy: [SERVING_HUB]) { count servingHub { slug } }
                 sitesByRegion: siteStats(groupBy: [REGION, ICB]) { count region { code } icb { odsCode } }
                 salisbury: siteStats(groupBy: [TRUST], filter: { trust: { odsCode: { eq: "RNZ" } } }) { count trust { odsCode } }
                 all: siteStats(groupBy: []) { count }
                 trusts { totalCount } sites { totalCount } }"#,
        )
        .await;
    let sum = |groups: &Value| -> u64 {
        groups
            .as_array()
            .expect("groups")
            .iter()
            .map(|g| g["count"].as_u64().expect("count"))
            .sum()
    };
    let trusts = data["trusts"]["totalCount"].as_u64().expect("trusts");
    let sites = data["sites"]["totalCount"].as_u64().expect("sites");
    assert_eq!(sum(&data["byRegion"]), trusts);
    assert_eq!(data["byRegion"].as_array().expect("groups").len(), 7);
    assert!(data["byRegion"][0]["icb"].is_null(), "ICB not grouped by");
    assert_eq!(sum(&data["byIcb"]), trusts);
    assert_eq!(data["byIcb"].as_array().expect("groups").len(), 42);
    // A trust served ambiguously counts under each of its candidates, so the groups add up to
    // at least every trust, and every hub serves some.
    assert!(sum(&data["byHub"]) >= trusts);
    assert_eq!(data["byHub"].as_array().expect("groups").len(), 7);
    assert_eq!(sum(&data["sitesByRegion"]), sites);
    assert_eq!(data["all"][0]["count"], sites);
    assert_eq!(data["salisbury"][0]["count"], 1);
    assert_eq!(data["salisbury"][0]["trust"]["odsCode"], "RNZ");
    // Biggest group first.
    let counts: Vec<u64> = data["byIcb"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| g["count"].as_u64().expect("count"))
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
}
