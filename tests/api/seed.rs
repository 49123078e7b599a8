//! Seeding is idempotent and updates records by natural key.

use gms_graph::seed::{Dataset, dataset::BUNDLED, seed};

use crate::helpers::TestApp;

#[tokio::test]
async fn seeding_twice_changes_nothing() {
    let app = TestApp::spawn_empty().await;
    let data = Dataset::bundled().expect("bundled");
    let first = seed(&app.db, &data).await.expect("first seed");
    assert!(first.inserted > 50, "{first}");
    let second = seed(&app.db, &data).await.expect("second seed");
    assert!(!second.changed(), "{second}");
    assert_eq!(second.unchanged, first.inserted);
}

#[tokio::test]
async fn an_edited_file_updates_records_by_natural_key() {
    let app = TestApp::spawn().await;
    let edited = BUNDLED
        .replace(
            "\"postcode\": \"B4 6NH\",\n      \"website\"",
            "\"postcode\": \"B4 6NX\",\n      \"website\"",
        )
        // North West hub now also covers the Midlands, as a stated fact.
        .replacen(
            "\"codes\": [\n          \"E40000010\"\n        ]",
            "\"codes\": [\n          \"E40000010\",\n          \"E40000011\"\n        ]",
            1,
        );
    assert_ne!(edited, BUNDLED);
    let report = seed(&app.db, &Dataset::parse(&edited).expect("edited dataset"))
        .await
        .expect("seed");
    assert_eq!(
        (report.updated, report.inserted, report.deleted),
        (1, 1, 0),
        "{report}"
    );
    let data = app
        .data(r#"{ trust(odsCode: "RQ3") { id postcode version } hubBySlug(slug: "north-west") { regions { totalCount } } }"#)
        .await;
    assert_eq!(data["trust"]["id"], "Trust:RQ3");
    assert_eq!(data["trust"]["postcode"], "B4 6NX");
    assert_eq!(
        data["trust"]["version"], 2,
        "an update by seed bumps the version"
    );
    assert_eq!(data["hubBySlug"]["regions"]["totalCount"], 2);

    // Back to the bundled file: the extra link goes, the postcode comes back.
    let report = seed(&app.db, &Dataset::bundled().expect("bundled"))
        .await
        .expect("seed");
    assert_eq!(
        (report.updated, report.inserted, report.deleted),
        (1, 0, 1),
        "{report}"
    );
}

#[tokio::test]
async fn a_site_off_the_map_of_england_is_refused_whole_naming_the_site_and_the_field() {
    let app = TestApp::spawn_empty().await;
    let mut data = Dataset::bundled().expect("bundled");
    let last = data.sites.last_mut().expect("a site");
    last.latitude = Some(60.1);
    let code = last.ods_code.clone();
    let err = seed(&app.db, &data).await.expect_err("refused");
    assert!(
        err.detail()
            .contains(&format!("site {code} has latitude 60.1")),
        "{}",
        err.detail()
    );
    let data = app
        .data("{ regions { totalCount } sites { totalCount } }")
        .await;
    assert_eq!(data["regions"]["totalCount"], 0, "nothing is kept");
    assert_eq!(data["sites"]["totalCount"], 0);
}

#[tokio::test]
async fn a_dataset_with_a_dangling_reference_is_refused_whole() {
    let app = TestApp::spawn_empty().await;
    let broken = BUNDLED.replace("\"leadTrust\": \"RVJ\"", "\"leadTrust\": \"ZZZ\"");
    let err = seed(&app.db, &Dataset::parse(&broken).expect("parses"))
        .await
        .expect_err("refused");
    assert!(err.detail().contains("\"ZZZ\""), "{}", err.detail());
    // All or nothing: the regions and trusts seeded before the bad hub were rolled back.
    let data = app
        .data("{ regions { totalCount } trusts { totalCount } }")
        .await;
    assert_eq!(data["regions"]["totalCount"], 0);
    assert_eq!(data["trusts"]["totalCount"], 0);
}
