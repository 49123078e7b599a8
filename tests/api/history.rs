//! The Genomic Networks of Excellence, the Genomic Medicine Centres of the 100,000 Genomes
//! Project and the timeline, as data/reference/gms-structure.json gives them.

use serde_json::{Value, json};

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

/// The network on a day: what had begun by then and not ended before it. A bound no source
/// gives excludes nothing: the Genomic Medicine Centres, whose end no source dates, stay.
#[tokio::test]
async fn active_on_gives_the_network_of_a_day() {
    let app = TestApp::spawn().await;
    let query = r#"query($day: Date) {
        icbs(activeOn: $day) { totalCount }
        hubs(activeOn: $day) { totalCount }
        alliances(activeOn: $day) { totalCount nodes { validFrom validFromPrecision validTo } }
        genomicMedicineCentres(activeOn: $day) { totalCount }
        trusts(activeOn: $day) { totalCount }
        transformationProjects(activeOn: $day, first: 100) { totalCount nodes { slug } }
        lynch: transformationProjects(activeOn: $day, filter: { slug: { eq: "universal-lynch-syndrome-testing" } }) { totalCount }
    }"#;
    let counts = |data: &Value| {
        [
            "icbs",
            "hubs",
            "alliances",
            "genomicMedicineCentres",
            "trusts",
            "transformationProjects",
            "lynch",
        ]
        .map(|root| data[root]["totalCount"].as_u64().unwrap_or(u64::MAX))
    };
    // 2016: the 100,000 Genomes Project's centres; no hub (announced October 2018), no alliance
    // (2020), no ICB (1 July 2022); only the undated projects.
    let y2016 = app.data_with(query, json!({ "day": "2016-06-01" })).await;
    assert_eq!(counts(&y2016), [0, 0, 0, 13, 143, 10, 0]);
    // 2021: hubs and alliances, the Lynch project (2021-2025), still no ICB.
    let y2021 = app.data_with(query, json!({ "day": "2021-06-01" })).await;
    assert_eq!(counts(&y2021), [0, 7, 7, 13, 143, 11, 1]);
    assert_eq!(
        y2021["alliances"]["nodes"][0],
        json!({ "validFrom": "2020-01-01", "validFromPrecision": "YEAR", "validTo": null })
    );
    // 2024: the 42 ICBs; PROGRESS (June 2023) and the Jewish BRCA programme (January 2023)
    // have begun, the Lynch app (October 2024) not yet.
    let y2024 = app.data_with(query, json!({ "day": "2024-06-01" })).await;
    assert_eq!(counts(&y2024), [42, 7, 7, 13, 143, 13, 1]);
    let projects: Vec<&str> = y2024["transformationProjects"]["nodes"]
        .as_array()
        .expect("projects")
        .iter()
        .filter_map(|p| p["slug"].as_str())
        .collect();
    assert!(projects.contains(&"progress-pharmacogenetics-in-primary-care"));
    assert!(!projects.contains(&"lynch-syndrome-app"));
    // An end known only to its year holds through that year.
    let late_2025 = app.data_with(query, json!({ "day": "2025-12-31" })).await;
    assert_eq!(late_2025["lynch"]["totalCount"], 1);
    let y2026 = app.data_with(query, json!({ "day": "2026-01-01" })).await;
    assert_eq!(y2026["lynch"]["totalCount"], 0);
    // Without a day, everything.
    let all = app.data_with(query, json!({})).await;
    assert_eq!(counts(&all), [42, 7, 7, 13, 143, 14, 1]);
    // A day that is not a date is refused.
    let codes = app
        .error_codes(r#"{ hubs(activeOn: "2024-13-01") { totalCount } }"#)
        .await;
    assert_eq!(codes, ["BAD_USER_INPUT"]);
}
