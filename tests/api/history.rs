//! The Genomic Networks of Excellence, the Genomic Medicine Centres of the 100,000 Genomes
//! Project and the timeline, as data/reference/gms-structure.json gives them.

use serde_json::Value;

use crate::helpers::{TestApp, pluck};

fn structure() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/reference/gms-structure.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("gms-structure.json")).expect("JSON")
}

#[tokio::test]
async fn eight_networks_of_excellence_and_most_leads_unconfirmed() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ networksOfExcellence { totalCount nodes { id topic lead leadConfidence sources leadAlliances { slug } } }
                 unconfirmed: networksOfExcellence(filter: { leadConfidence: { eq: UNCONFIRMED } }) { totalCount nodes { lead leadAlliances { slug } } }
                 pgx: networkOfExcellenceBySlug(slug: "pharmacogenomics") { topic lead leadConfidence leadQuote leadAlliances { slug name } } }"#,
        )
        .await;
    let reference = structure();
    assert_eq!(data["networksOfExcellence"]["totalCount"], 8);
    assert_eq!(
        reference["networks_of_excellence"]["networks"]
            .as_array()
            .expect("networks")
            .len(),
        8
    );
    for n in data["networksOfExcellence"]["nodes"]
        .as_array()
        .expect("nodes")
    {
        assert!(!n["sources"].as_array().expect("sources").is_empty(), "{n}");
    }
    // No source read names these leads: nothing is presented in their place.
    let unconfirmed = data["unconfirmed"]["nodes"].as_array().expect("nodes");
    assert_eq!(data["unconfirmed"]["totalCount"], 6);
    assert!(
        unconfirmed
            .iter()
            .all(|n| n["lead"].is_null() && n["leadAlliances"] == serde_json::json!([]))
    );
    let pgx = &data["pgx"];
    assert_eq!(pgx["leadConfidence"], "STATED");
    assert_eq!(pluck(&pgx["leadAlliances"], "slug"), ["north-west"]);
    assert!(
        pgx["leadQuote"]
            .as_str()
            .expect("quote")
            .contains("leading")
    );
}

#[tokio::test]
async fn thirteen_genomic_medicine_centres_with_their_leads_and_designation_dates() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ genomicMedicineCentres { totalCount nodes { slug validFrom validFromPrecision validTo sources } }
                 wessex: genomicMedicineCentreBySlug(slug: "wessex") { name leadTrust { odsCode } leadConfidence validFrom }
                 liverpool: genomicMedicineCentreBySlug(slug: "north-west-coast") { leadTrust { odsCode } leadAsStated leadOdsMapping note }
                 east: genomicMedicineCentreBySlug(slug: "east-of-england") { partners { nameAsStated odsCode confidence trust { odsCode name } } }
                 later: genomicMedicineCentres(filter: { validFrom: { gt: "2015-01-01" } }) { nodes { slug validFrom } }
                 trust(odsCode: "RHM") { ledGenomicMedicineCentres { nodes { slug } } } }"#,
        )
        .await;
    assert_eq!(data["genomicMedicineCentres"]["totalCount"], 13);
    for c in data["genomicMedicineCentres"]["nodes"]
        .as_array()
        .expect("nodes")
    {
        assert!(!c["sources"].as_array().expect("sources").is_empty(), "{c}");
        assert_eq!(c["validFromPrecision"], "DAY", "{c}");
        // No source read dates their end.
        assert!(c["validTo"].is_null(), "{c}");
    }
    assert_eq!(data["wessex"]["leadTrust"]["odsCode"], "RHM");
    assert_eq!(data["wessex"]["validFrom"], "2014-12-22");
    // A lead the ODS data here does not list is named, not invented.
    assert!(data["liverpool"]["leadTrust"].is_null());
    assert_eq!(
        data["liverpool"]["leadAsStated"],
        "Liverpool Women's NHS Foundation Trust"
    );
    let partners = data["east"]["partners"].as_array().expect("partners");
    assert!(partners.iter().any(|p| p["trust"]["odsCode"] == "RWE"));
    assert!(
        partners
            .iter()
            .all(|p| p["odsCode"] == p["trust"]["odsCode"])
    );
    let later = data["later"]["nodes"].as_array().expect("later");
    assert_eq!(later.len(), 2, "two more were announced in December 2015");
    assert!(later.iter().all(|c| c["validFrom"] == "2015-12-16"));
    assert_eq!(
        pluck(&data["trust"]["ledGenomicMedicineCentres"]["nodes"], "slug"),
        ["wessex"]
    );
}

#[tokio::test]
async fn the_timeline_between_two_dates_with_each_date_s_precision() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ year2018: timeline(from: "2018-01-01", to: "2018-12-31") { totalCount nodes { date datePrecision event confidence sources } }
                 all: timelineEvents(first: 100) { totalCount nodes { date datePrecision } }
                 open: timeline(from: "2025-01-01") { nodes { date } }
                 inferred: timelineEvents(filter: { confidence: { eq: INFERRED } }) { nodes { event date datePrecision } } }"#,
        )
        .await;
    let reference = structure();
    let events = reference["timeline"].as_array().expect("timeline");
    assert_eq!(data["all"]["totalCount"], events.len());
    let in_2018: Vec<&Value> = events
        .iter()
        .filter(|e| e["date"].as_str().is_some_and(|d| d.starts_with("2018")))
        .collect();
    assert_eq!(data["year2018"]["totalCount"], in_2018.len());
    let dates = pluck(&data["year2018"]["nodes"], "date");
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "oldest first");
    // "2018-10" is a month: it counts as its first day, and says so.
    let october = data["year2018"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .find(|e| e["datePrecision"] == "MONTH")
        .expect("an event dated by its month");
    assert_eq!(october["date"], "2018-10-01");
    // Undated events close the full list and stay out of date ranges.
    let all = data["all"]["nodes"].as_array().expect("all");
    assert!(all.last().expect("last")["date"].is_null());
    assert!(
        pluck(&data["open"]["nodes"], "date")
            .iter()
            .all(|d| d.as_str() >= "2025-01-01")
    );
    // The Networks of Excellence's launch year is worked out, not stated.
    let inferred = data["inferred"]["nodes"].as_array().expect("inferred");
    assert!(inferred.iter().any(|e| {
        e["event"]
            .as_str()
            .expect("event")
            .contains("Networks of Excellence")
            && e["datePrecision"] == "YEAR"
    }));
}
