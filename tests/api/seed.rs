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
    assert!(
        err.detail()
            .ends_with("field leadTrust: names unknown trust \"ZZZ\""),
        "{}",
        err.detail()
    );
    // All or nothing: the regions and trusts seeded before the bad hub were rolled back.
    let data = app
        .data("{ regions { totalCount } trusts { totalCount } }")
        .await;
    assert_eq!(data["regions"]["totalCount"], 0);
    assert_eq!(data["trusts"]["totalCount"], 0);
}

/// How many changes the change log holds.
async fn changes_logged(app: &TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    entity::change_log::Entity::find()
        .count(&app.db)
        .await
        .expect("count the change log")
}

#[tokio::test]
async fn every_record_the_seed_creates_is_in_the_change_log_and_a_reseed_writes_nothing() {
    let app = TestApp::spawn_empty().await;
    let data = Dataset::bundled().expect("bundled");
    seed(&app.db, &data).await.expect("first seed");
    let records = data.regions.len()
        + data.icbs.len()
        + data.trusts.len()
        + data.sites.len()
        + data.hubs.len()
        + data.alliances.len()
        + data.organisations.len()
        + data.hub_memberships.len()
        + data.networks_of_excellence.len()
        + data.genomic_medicine_centres.len()
        + data.timeline.len()
        + data.transformation_projects.len()
        + data.training_courses.len()
        + data.conflicts.len();
    // One creation per record: the links made with a record are part of its creation.
    assert_eq!(changes_logged(&app).await, records as u64);

    let editor = app.token(entity::api_token::Role::Editor).await;
    let query = r#"{ hubBySlug(slug: "north-west") { history { action actor version after } }
                     changes(first: 1) { totalCount } }"#;
    let (_, body) = app
        .post_as(Some(&editor), query, serde_json::json!({}))
        .await;
    let history = body["data"]["hubBySlug"]["history"]
        .as_array()
        .expect("history");
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0]["action"], "CREATE");
    assert_eq!(history[0]["actor"], "seed:data/network.json");
    assert_eq!(history[0]["version"], 1);
    assert_eq!(history[0]["after"]["slug"], "north-west");
    assert_eq!(
        history[0]["after"]["hub_region"]
            .as_array()
            .expect("the hub's region links")
            .len(),
        1
    );
    assert!(
        history[0]["after"]["hub_icb"]
            .as_array()
            .is_some_and(|links| !links.is_empty()),
        "{}",
        history[0]["after"]
    );
    assert_eq!(body["data"]["changes"]["totalCount"], records);

    let again = seed(&app.db, &data).await.expect("second seed");
    assert!(!again.changed(), "{again}");
    assert_eq!(changes_logged(&app).await, records as u64, "nothing new");
}

#[tokio::test]
async fn what_a_reseed_changes_is_in_the_history_of_each_record() {
    let app = TestApp::spawn().await;
    let logged = changes_logged(&app).await;
    let edited = BUNDLED
        .replace(
            "\"postcode\": \"B4 6NH\",\n      \"website\"",
            "\"postcode\": \"B4 6NX\",\n      \"website\"",
        )
        .replacen(
            "\"codes\": [\n          \"E40000010\"\n        ]",
            "\"codes\": [\n          \"E40000010\",\n          \"E40000011\"\n        ]",
            1,
        );
    let mut data = Dataset::parse(&edited).expect("edited dataset");
    data.origin = "edited.json".into();
    seed(&app.db, &data).await.expect("seed");
    // The trust's update, and the hub's new region link.
    assert_eq!(changes_logged(&app).await, logged + 2);

    let editor = app.token(entity::api_token::Role::Editor).await;
    let query = r#"{ trust(odsCode: "RQ3") { history { action actor version before after } }
                     hubBySlug(slug: "north-west") { version history { action actor version before after } } }"#;
    let (_, body) = app
        .post_as(Some(&editor), query, serde_json::json!({}))
        .await;
    let trust = body["data"]["trust"]["history"]
        .as_array()
        .expect("history");
    let update = trust.last().expect("an update");
    assert_eq!(update["action"], "UPDATE");
    assert_eq!(update["actor"], "seed:edited.json");
    assert_eq!(update["version"], 2);
    assert_eq!(update["before"]["postcode"], "B4 6NH");
    assert_eq!(update["after"]["postcode"], "B4 6NX");

    let hub = &body["data"]["hubBySlug"];
    let links = hub["history"].as_array().expect("history").last().cloned();
    let links = links.expect("the link change");
    assert_eq!(links["action"], "UPDATE");
    assert_eq!(
        hub["version"], 2,
        "a change of its links is a change of the hub"
    );
    assert_eq!(links["version"], hub["version"]);
    assert_eq!(
        links["before"]["hub_region"]
            .as_array()
            .expect("before")
            .len(),
        1
    );
    assert_eq!(
        links["after"]["hub_region"]
            .as_array()
            .expect("after")
            .len(),
        2
    );
    assert!(
        links["after"]["hub_region"][0].get("hub_id").is_none(),
        "a link's owner column is left out: {links}"
    );
}

#[tokio::test]
async fn a_record_that_does_not_parse_is_named_with_its_field() {
    let dated = BUNDLED.replacen("\"date\": \"2012-12-01\"", "\"date\": \"2012-13-01\"", 1);
    assert_ne!(dated, BUNDLED);
    let err = Dataset::parse(&dated).expect_err("refused");
    let message = err.detail();
    assert!(
        message.starts_with(
            "dataset: timeline[0] (slug \"2012-12-prime-minister-announces-the-100-000\"), field date: "
        ),
        "{message}"
    );

    let unsure = BUNDLED.replacen(
        "\"roleConfidence\": \"STATED\"",
        "\"roleConfidence\": \"SURE\"",
        1,
    );
    let message = Dataset::parse(&unsure).expect_err("refused").detail();
    assert!(
        message.starts_with(
            "dataset: hubMemberships[0] (slug \"central-and-south--rq3\"), field roleConfidence: unknown variant `SURE`"
        ),
        "{message}"
    );

    let extent = BUNDLED.replacen("\"coverage\": \"WHOLE\"", "\"coverage\": \"MOST\"", 1);
    let message = Dataset::parse(&extent).expect_err("refused").detail();
    assert!(
        message.contains("(slug \"central-and-south\"), field icbs[0].coverage: unknown variant"),
        "{message}"
    );
}

#[tokio::test]
async fn an_event_naming_no_record_is_refused_whole_with_nothing_logged() {
    let app = TestApp::spawn_empty().await;
    let mut data = Dataset::bundled().expect("bundled");
    let event = data
        .timeline
        .iter_mut()
        .find(|e| !e.concerns.is_empty())
        .expect("an event naming records");
    event.concerns.push("Hub:atlantis".into());
    let slug = event.slug.clone();
    let err = seed(&app.db, &data).await.expect_err("refused");
    assert_eq!(
        err.detail(),
        format!("dataset: timeline event {slug}: concerns: \"Hub:atlantis\" names no record")
    );
    let data = app.data("{ regions { totalCount } }").await;
    assert_eq!(data["regions"]["totalCount"], 0, "nothing is kept");
    assert_eq!(changes_logged(&app).await, 0, "nothing is logged");

    let mut data = Dataset::bundled().expect("bundled");
    data.conflicts[0].concerns.push("Atlantis".into());
    let slug = data.conflicts[0].slug.clone();
    let err = seed(&app.db, &data).await.expect_err("refused");
    assert_eq!(
        err.detail(),
        format!(
            "dataset: conflict {slug}: concerns: \"Atlantis\" is not a global id (<Type>:<key>)"
        )
    );
}

#[tokio::test]
async fn a_record_the_writes_would_refuse_is_refused_by_the_seed_too() {
    let app = TestApp::spawn_empty().await;
    let mut data = Dataset::bundled().expect("bundled");
    let hub = data.hubs.first_mut().expect("a hub");
    hub.valid_to = Some(chrono::NaiveDate::from_ymd_opt(2017, 1, 1).expect("a date"));
    hub.valid_to_precision = Some(entity::DatePrecision::Day);
    let slug = hub.slug.clone();
    let err = seed(&app.db, &data).await.expect_err("refused");
    assert_eq!(
        err.detail(),
        format!("dataset: hub {slug}, field validTo: must not be before the start")
    );

    let mut data = Dataset::bundled().expect("bundled");
    let event = data.timeline.first_mut().expect("an event");
    event.date_precision = None;
    let slug = event.slug.clone();
    let err = seed(&app.db, &data).await.expect_err("refused");
    assert_eq!(
        err.detail(),
        format!("dataset: timeline event {slug}, field datePrecision: must be given with a date")
    );

    let mut data = Dataset::bundled().expect("bundled");
    let member = data
        .hub_memberships
        .iter_mut()
        .find(|m| m.organisation.is_some())
        .expect("an organisation's membership");
    member.trust = Some("RGT".into());
    let err = seed(&app.db, &data).await.expect_err("refused");
    assert!(
        err.detail()
            .ends_with("field organisation: a member is a trust or an organisation, not both"),
        "{}",
        err.detail()
    );
    assert_eq!(changes_logged(&app).await, 0, "nothing is kept or logged");
}

/// On PostgreSQL a seed refreshes the planner's statistics: the network's smallest tables never
/// reach autovacuum's threshold (50 rows changed), and unanalyzed they were planned as if they
/// held hundreds of rows. The other backends are left as they are (`seed::analyze`).
#[tokio::test]
async fn a_seed_leaves_the_planner_statistics_of_what_it_wrote_on_postgres() {
    if crate::backend::backend() != sea_orm::DbBackend::Postgres {
        return;
    }
    let app = TestApp::spawn_empty().await;
    // Each table's row estimate in the catalogue, and its rows counted.
    let db = &app.db;
    let estimated = || async {
        let mut tables = Vec::new();
        let number = |sql: String| async move {
            let row = sea_orm::ConnectionTrait::query_one_raw(
                db,
                sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, sql),
            )
            .await
            .expect("a number")
            .expect("a row");
            row.try_get_by_index::<i64>(0).expect("an integer")
        };
        for table in ["alliance", "alliance_region", "hub", "hub_region", "region"] {
            let estimated = number(format!(
                "SELECT reltuples::bigint FROM pg_class WHERE relname = '{table}'"
            ))
            .await;
            let counted = number(format!("SELECT count(*) FROM {table}")).await;
            tables.push((table, estimated, counted));
        }
        tables
    };
    let before = estimated().await;
    assert_eq!(before.len(), 5, "{before:?}");
    assert!(
        before.iter().all(|(_, estimated, _)| *estimated <= 0),
        "an empty database has no statistics yet: {before:?}"
    );
    let report = seed(&app.db, &Dataset::bundled().expect("bundled"))
        .await
        .expect("seed");
    assert!(report.changed(), "{report}");
    let after = estimated().await;
    for (name, estimated, counted) in &after {
        assert!(*counted > 0, "{name} holds rows after the seed");
        assert_eq!(estimated, counted, "{name}'s statistics count its rows");
    }
}
