//! Writes to the kinds the whole network added: integrated care boards and sites (admins), hub
//! memberships, Networks of Excellence, Genomic Medicine Centres, timeline events and conflicts
//! between sources (editors and admins). Each is versioned, checked, in the change log, and
//! refused while another record names it.

use entity::api_token::Role;
use serde_json::{Value, json};

use crate::helpers::TestApp;

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<none>")
}

fn field(body: &Value) -> &str {
    body["errors"][0]["extensions"]["field"]
        .as_str()
        .unwrap_or("<none>")
}

const CREATE_EVENT: &str = r#"mutation($input: CreateTimelineEventInput!) {
    createTimelineEvent(input: $input) { id version date datePrecision concerns { id } } }"#;
const UPDATE_EVENT: &str = r#"mutation($id: ID!, $v: Int!, $input: UpdateTimelineEventInput!) {
    updateTimelineEvent(id: $id, expectedVersion: $v, input: $input) {
        version date datePrecision concerns { id } history { action actor version after } } }"#;
const DELETE_EVENT: &str = r#"mutation($id: ID!, $v: Int!) {
    deleteTimelineEvent(id: $id, expectedVersion: $v) { id } }"#;

#[tokio::test]
async fn editors_write_timeline_events_with_the_records_they_name() {
    let app = TestApp::spawn().await;
    let editor = app.token(Role::Editor).await;
    let viewer = app.token(Role::Viewer).await;
    let input = json!({
        "slug": "2027-01-east-hub-review",
        "date": "2027-01-01",
        "datePrecision": "MONTH",
        "event": "East hub review",
        "confidence": "STATED",
        "concerns": ["Hub:east", "Trust:RGT"],
        "sources": ["https://example.org/review"],
    });
    let (_, refused) = app
        .post_as(Some(&viewer), CREATE_EVENT, json!({ "input": input }))
        .await;
    assert_eq!(code(&refused), "FORBIDDEN");

    let (_, body) = app
        .post_as(Some(&editor), CREATE_EVENT, json!({ "input": input }))
        .await;
    let created = &body["data"]["createTimelineEvent"];
    assert_eq!(
        created["id"], "TimelineEvent:2027-01-east-hub-review",
        "{body:#}"
    );
    assert_eq!(created["datePrecision"], "MONTH");
    assert_eq!(
        created["concerns"],
        json!([{ "id": "Hub:east" }, { "id": "Trust:RGT" }])
    );
    // The hub lists it among its events.
    let data = app
        .data(r#"{ hubBySlug(slug: "east") { timelineEvents { event } } }"#)
        .await;
    assert!(
        data["hubBySlug"]["timelineEvents"]
            .as_array()
            .expect("events")
            .iter()
            .any(|e| e["event"] == "East hub review"),
        "{data}"
    );

    // A record that is not there, or not an id, is refused naming the input's place.
    let mut bad = input.clone();
    bad["slug"] = json!("2027-02-elsewhere");
    bad["concerns"] = json!(["Hub:east", "Hub:atlantis"]);
    let (_, body) = app
        .post_as(Some(&editor), CREATE_EVENT, json!({ "input": bad }))
        .await;
    assert_eq!(
        (code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.concerns.1"),
        "{body:#}"
    );

    let (_, body) = app
        .post_as(
            Some(&editor),
            UPDATE_EVENT,
            json!({ "id": "TimelineEvent:2027-01-east-hub-review", "v": 1,
                    "input": { "date": "2027-01-15", "concerns": ["Alliance:east"] } }),
        )
        .await;
    let updated = &body["data"]["updateTimelineEvent"];
    assert_eq!(updated["version"], 2, "{body:#}");
    assert_eq!(
        (updated["date"].clone(), updated["datePrecision"].clone()),
        (json!("2027-01-15"), json!("DAY")),
        "a new date without its precision is a day"
    );
    assert_eq!(updated["concerns"], json!([{ "id": "Alliance:east" }]));
    let history = updated["history"].as_array().expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[1]["actor"], "test Editor");
    assert_eq!(history[1]["after"]["concerns"], json!(["Alliance:east"]));

    // An event cannot name itself.
    let (_, body) = app
        .post_as(
            Some(&editor),
            UPDATE_EVENT,
            json!({ "id": "TimelineEvent:2027-01-east-hub-review", "v": 2,
                    "input": { "concerns": ["TimelineEvent:2027-01-east-hub-review"] } }),
        )
        .await;
    assert_eq!(
        (code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.concerns.0"),
        "{body:#}"
    );

    // A stale version is refused; the current one deletes.
    let (_, body) = app
        .post_as(
            Some(&editor),
            DELETE_EVENT,
            json!({ "id": "TimelineEvent:2027-01-east-hub-review", "v": 1 }),
        )
        .await;
    assert_eq!(code(&body), "CONFLICT");
    let (_, body) = app
        .post_as(
            Some(&editor),
            DELETE_EVENT,
            json!({ "id": "TimelineEvent:2027-01-east-hub-review", "v": 2 }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let data = app
        .data(r#"{ allianceBySlug(slug: "east") { timelineEvents { event } } }"#)
        .await;
    assert!(
        data["allianceBySlug"]["timelineEvents"]
            .as_array()
            .expect("events")
            .iter()
            .all(|e| e["event"] != "East hub review"),
        "{data}"
    );
}

#[tokio::test]
async fn a_conflict_between_sources_is_written_claim_by_claim_and_keeps_what_it_names() {
    let app = TestApp::spawn().await;
    let editor = app.token(Role::Editor).await;
    let admin = app.token(Role::Admin).await;
    let create = r#"mutation($input: CreateSourceConflictInput!) {
        createSourceConflict(input: $input) { id claims { claim sources } concerns { id } } }"#;
    let input = json!({
        "slug": "site-opening-year",
        "topic": "Site opening year",
        "detail": "opened 1990 (a) vs opened 1991 (b)",
        "claims": [
            { "claim": "opened 1990", "sources": ["https://example.org/a"] },
            { "claim": "opened 1991", "sources": ["https://example.org/b"] }
        ],
        "concerns": ["Site:RGT01"],
        "sources": ["https://example.org/a", "https://example.org/b"],
    });
    let (_, body) = app
        .post_as(Some(&editor), create, json!({ "input": input }))
        .await;
    assert_eq!(
        body["data"]["createSourceConflict"]["id"], "SourceConflict:site-opening-year",
        "{body:#}"
    );
    let data = app
        .data(r#"{ site(odsCode: "RGT01") { conflicts { topic claims { claim } } } }"#)
        .await;
    assert_eq!(
        data["site"]["conflicts"],
        json!([{ "topic": "Site opening year", "claims": [{ "claim": "opened 1990" }, { "claim": "opened 1991" }] }])
    );

    // A claim without its source is refused, naming it.
    let mut bad = input.clone();
    bad["slug"] = json!("unsourced");
    bad["claims"][1]["sources"] = json!([]);
    let (_, body) = app
        .post_as(Some(&editor), create, json!({ "input": bad }))
        .await;
    assert_eq!(
        (code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.claims.1.sources")
    );

    // The site stays while the conflict names it.
    let site = app.data(r#"{ site(odsCode: "RGT01") { version } }"#).await;
    let delete_site =
        r#"mutation($id: ID!, $v: Int!) { deleteSite(id: $id, expectedVersion: $v) { id } }"#;
    let (_, body) = app
        .post_as(
            Some(&admin),
            delete_site,
            json!({ "id": "Site:RGT01", "v": site["site"]["version"] }),
        )
        .await;
    assert_eq!(code(&body), "CONFLICT", "{body:#}");
    let message = body["errors"][0]["message"].as_str().expect("message");
    assert!(
        message.contains("SourceConflict:site-opening-year bears on it"),
        "{message}"
    );
}

#[tokio::test]
async fn admins_write_icbs_and_sites_within_their_bounds() {
    let app = TestApp::spawn().await;
    let editor = app.token(Role::Editor).await;
    let admin = app.token(Role::Admin).await;
    let create_icb = r#"mutation($input: CreateIcbInput!) {
        createIcb(input: $input) { id version region { code } validFrom validFromPrecision } }"#;
    let input = json!({
        "odsCode": "QZZ",
        "code": "E54000999",
        "name": "NHS Test Integrated Care Board",
        "regionId": "Region:E40000003",
        "validFrom": "2022-07-01",
        "sources": ["https://example.org/icb"],
    });
    let (_, body) = app
        .post_as(Some(&editor), create_icb, json!({ "input": input }))
        .await;
    assert_eq!(code(&body), "FORBIDDEN", "ICBs are the admins'");
    let (_, body) = app
        .post_as(Some(&admin), create_icb, json!({ "input": input }))
        .await;
    let icb = &body["data"]["createIcb"];
    assert_eq!(icb["id"], "Icb:QZZ", "{body:#}");
    assert_eq!(icb["region"]["code"], "E40000003");
    assert_eq!(icb["validFromPrecision"], "DAY");

    let update_icb = r#"mutation($id: ID!, $v: Int!, $input: UpdateIcbInput!) {
        updateIcb(id: $id, expectedVersion: $v, input: $input) { version validTo validToPrecision } }"#;
    let (_, body) = app
        .post_as(
            Some(&admin),
            update_icb,
            json!({ "id": "Icb:QZZ", "v": 1, "input": { "validTo": "2020-01-01" } }),
        )
        .await;
    assert_eq!(
        (code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.validTo"),
        "an end before the start: {body:#}"
    );
    // An end known only to its year lasts the year: 2022 ends after a start in July 2022.
    let (_, body) = app
        .post_as(
            Some(&admin),
            update_icb,
            json!({ "id": "Icb:QZZ", "v": 1, "input": { "validTo": "2022-01-01", "validToPrecision": "YEAR" } }),
        )
        .await;
    assert_eq!(body["data"]["updateIcb"]["version"], 2, "{body:#}");
    let (_, body) = app
        .post_as(
            Some(&admin),
            update_icb,
            json!({ "id": "Icb:QZZ", "v": 2, "input": { "validTo": "2026-01-01", "validToPrecision": "YEAR" } }),
        )
        .await;
    assert_eq!(
        body["data"]["updateIcb"],
        json!({ "version": 3, "validTo": "2026-01-01", "validToPrecision": "YEAR" })
    );
    // In force on a day of 2024, not on one of 2027: activeOn reads what the admin wrote.
    let active = |day: &str| {
        format!(
            r#"{{ icbs(activeOn: "{day}", filter: {{ odsCode: {{ eq: "QZZ" }} }}) {{ totalCount }} }}"#
        )
    };
    assert_eq!(
        app.data(&active("2024-05-01")).await["icbs"]["totalCount"],
        1
    );
    assert_eq!(
        app.data(&active("2027-05-01")).await["icbs"]["totalCount"],
        0
    );

    // A site off the map is refused; one in England is a site of its trust.
    let create_site = r#"mutation($input: CreateSiteInput!) {
        createSite(input: $input) { id trust { odsCode } servingHubs { edges { node { slug } } } } }"#;
    let site = json!({
        "odsCode": "RGT99",
        "name": "Test Site",
        "trustId": "Trust:RGT",
        "latitude": 60.2,
        "longitude": 0.1,
    });
    let (_, body) = app
        .post_as(Some(&admin), create_site, json!({ "input": site }))
        .await;
    assert_eq!(
        (code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.latitude"),
        "{body:#}"
    );
    let mut site = site;
    site["latitude"] = json!(52.17);
    let (_, body) = app
        .post_as(Some(&admin), create_site, json!({ "input": site }))
        .await;
    assert_eq!(
        body["data"]["createSite"]["trust"]["odsCode"], "RGT",
        "{body:#}"
    );
    assert_eq!(
        body["data"]["createSite"]["servingHubs"]["edges"][0]["node"]["slug"],
        "east"
    );

    // An ICB with trusts in it stays; the new one goes.
    let delete_icb =
        r#"mutation($id: ID!, $v: Int!) { deleteIcb(id: $id, expectedVersion: $v) { id } }"#;
    let (_, body) = app
        .post_as(Some(&admin), delete_icb, json!({ "id": "Icb:QUE", "v": 1 }))
        .await;
    assert_eq!(code(&body), "CONFLICT", "{body:#}");
    let (_, body) = app
        .post_as(Some(&admin), delete_icb, json!({ "id": "Icb:QZZ", "v": 3 }))
        .await;
    assert_eq!(body["data"]["deleteIcb"]["id"], "Icb:QZZ", "{body:#}");
}

#[tokio::test]
async fn editors_confirm_a_network_lead_and_date_a_centre_and_a_membership() {
    let app = TestApp::spawn().await;
    let editor = app.token(Role::Editor).await;
    let network = app
        .data(r#"{ node(id: "NetworkOfExcellence:prenatal") { ... on NetworkOfExcellence { version leadConfidence } } }"#)
        .await;
    assert_eq!(network["node"]["leadConfidence"], "UNCONFIRMED");
    let update = r#"mutation($id: ID!, $v: Int!, $input: UpdateNetworkOfExcellenceInput!) {
        updateNetworkOfExcellence(id: $id, expectedVersion: $v, input: $input) {
            version lead leadConfidence leadAlliances { slug } } }"#;
    let (_, body) = app
        .post_as(
            Some(&editor),
            update,
            json!({ "id": "NetworkOfExcellence:prenatal", "v": network["node"]["version"],
                    "input": { "leadAllianceIds": ["Alliance:nowhere"] } }),
        )
        .await;
    assert_eq!(
        (code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.leadAllianceIds.0"),
        "{body:#}"
    );
    let (_, body) = app
        .post_as(
            Some(&editor),
            update,
            json!({ "id": "NetworkOfExcellence:prenatal", "v": network["node"]["version"],
                    "input": { "lead": "North Thames GMSA", "leadConfidence": "STATED",
                               "leadAllianceIds": ["Alliance:north-thames"] } }),
        )
        .await;
    assert_eq!(
        body["data"]["updateNetworkOfExcellence"],
        json!({ "version": 2, "lead": "North Thames GMSA", "leadConfidence": "STATED",
                "leadAlliances": [{ "slug": "north-thames" }] }),
        "{body:#}"
    );

    // A centre's end, as a source would date it: out of force after it.
    let update_centre = r#"mutation($id: ID!, $v: Int!, $input: UpdateGenomicMedicineCentreInput!) {
        updateGenomicMedicineCentre(id: $id, expectedVersion: $v, input: $input) { version validTo validToPrecision } }"#;
    let (_, body) = app
        .post_as(
            Some(&editor),
            update_centre,
            json!({ "id": "GenomicMedicineCentre:oxford", "v": 1,
                    "input": { "validTo": "2020-01-01", "validToPrecision": "YEAR" } }),
        )
        .await;
    assert_eq!(
        body["data"]["updateGenomicMedicineCentre"],
        json!({ "version": 2, "validTo": "2020-01-01", "validToPrecision": "YEAR" }),
        "{body:#}"
    );
    let centres = |day: &str| {
        format!(
            r#"{{ genomicMedicineCentres(activeOn: "{day}", filter: {{ slug: {{ eq: "oxford" }} }}) {{ totalCount }} }}"#
        )
    };
    assert_eq!(
        app.data(&centres("2020-12-31")).await["genomicMedicineCentres"]["totalCount"],
        1
    );
    assert_eq!(
        app.data(&centres("2021-01-01")).await["genomicMedicineCentres"]["totalCount"],
        0
    );

    // A new partner of a hub, then gone again.
    let create = r#"mutation($input: CreateHubMembershipInput!) {
        createHubMembership(input: $input) { id version hub { slug } trust { odsCode } role } }"#;
    let input = json!({
        "slug": "east--rgp",
        "hubId": "Hub:east",
        "trustId": "Trust:RGP",
        "nameAsStated": "James Paget University Hospitals NHS Foundation Trust",
        "role": "PARTNER",
        "roleConfidence": "STATED",
        "sources": ["https://example.org/partners"],
    });
    let (_, body) = app
        .post_as(Some(&editor), create, json!({ "input": input }))
        .await;
    assert_eq!(
        body["data"]["createHubMembership"],
        json!({ "id": "HubMembership:east--rgp", "version": 1, "hub": { "slug": "east" },
                "trust": { "odsCode": "RGP" }, "role": "PARTNER" }),
        "{body:#}"
    );
    let (_, body) = app
        .post_as(Some(&editor), create, json!({ "input": input }))
        .await;
    assert_eq!(code(&body), "CONFLICT", "the slug is taken");
    let delete = r#"mutation($id: ID!, $v: Int!) { deleteHubMembership(id: $id, expectedVersion: $v) { id } }"#;
    let (_, body) = app
        .post_as(
            Some(&editor),
            delete,
            json!({ "id": "HubMembership:east--rgp", "v": 1 }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
}

#[tokio::test]
async fn admins_date_a_hub_and_an_alliance() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin).await;
    let update = r#"mutation($id: ID!, $v: Int!, $input: UpdateHubInput!) {
        updateHub(id: $id, expectedVersion: $v, input: $input) { version validFrom validTo validToPrecision } }"#;
    let (_, body) = app
        .post_as(
            Some(&admin),
            update,
            json!({ "id": "Hub:east", "v": 1, "input": { "validTo": "2017-01-01" } }),
        )
        .await;
    assert_eq!(
        (code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.validTo"),
        "before the hubs were announced: {body:#}"
    );
    let (_, body) = app
        .post_as(
            Some(&admin),
            update,
            json!({ "id": "Hub:east", "v": 1, "input": { "validTo": "2030-01-01", "validToPrecision": "YEAR" } }),
        )
        .await;
    assert_eq!(
        body["data"]["updateHub"],
        json!({ "version": 2, "validFrom": "2018-10-02", "validTo": "2030-01-01", "validToPrecision": "YEAR" }),
        "{body:#}"
    );
    let hubs = |day: &str| format!(r#"{{ hubs(activeOn: "{day}") {{ totalCount }} }}"#);
    assert_eq!(app.data(&hubs("2030-12-31")).await["hubs"]["totalCount"], 7);
    assert_eq!(app.data(&hubs("2031-01-01")).await["hubs"]["totalCount"], 6);

    let update = r#"mutation($id: ID!, $v: Int!, $input: UpdateAllianceInput!) {
        updateAlliance(id: $id, expectedVersion: $v, input: $input) { validFrom validFromPrecision } }"#;
    let (_, body) = app
        .post_as(
            Some(&admin),
            update,
            json!({ "id": "Alliance:east", "v": 1, "input": { "validFrom": "2020-10-01", "validFromPrecision": "MONTH" } }),
        )
        .await;
    assert_eq!(
        body["data"]["updateAlliance"],
        json!({ "validFrom": "2020-10-01", "validFromPrecision": "MONTH" }),
        "{body:#}"
    );
}

#[tokio::test]
async fn an_organisation_is_written_by_editors_and_stays_while_a_membership_names_it() {
    let app = TestApp::spawn().await;
    let editor = app.token(Role::Editor).await;
    let create = r#"mutation($input: CreateOrganisationInput!) {
        createOrganisation(input: $input) { id version odsCode } }"#;
    let (_, body) = app
        .post_as(
            Some(&editor),
            create,
            json!({ "input": { "slug": "test-laboratory", "name": "Test Laboratory", "odsCode": "not a code" } }),
        )
        .await;
    assert_eq!(
        (code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.odsCode"),
        "{body:#}"
    );
    let (_, body) = app
        .post_as(
            Some(&editor),
            create,
            json!({ "input": { "slug": "test-laboratory", "name": "Test Laboratory", "sources": ["https://example.org/lab"] } }),
        )
        .await;
    assert_eq!(
        body["data"]["createOrganisation"],
        json!({ "id": "Organisation:test-laboratory", "version": 1, "odsCode": null }),
        "{body:#}"
    );

    let member = r#"mutation($input: CreateHubMembershipInput!) {
        createHubMembership(input: $input) { id organisation { name } trust { odsCode } } }"#;
    let input = json!({
        "slug": "east--test-laboratory",
        "hubId": "Hub:east",
        "trustId": "Trust:RGT",
        "organisationId": "Organisation:test-laboratory",
        "nameAsStated": "Test Laboratory",
        "role": "PARTNER_LABORATORY",
        "roleConfidence": "STATED",
    });
    let (_, body) = app
        .post_as(Some(&editor), member, json!({ "input": input }))
        .await;
    assert_eq!(
        (code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.organisationId"),
        "a trust and an organisation: {body:#}"
    );
    let mut input = input;
    input.as_object_mut().expect("input").remove("trustId");
    let (_, body) = app
        .post_as(Some(&editor), member, json!({ "input": input }))
        .await;
    assert_eq!(
        body["data"]["createHubMembership"],
        json!({ "id": "HubMembership:east--test-laboratory", "organisation": { "name": "Test Laboratory" }, "trust": null }),
        "{body:#}"
    );

    let delete = r#"mutation($id: ID!, $v: Int!) { deleteOrganisation(id: $id, expectedVersion: $v) { id } }"#;
    let (_, body) = app
        .post_as(
            Some(&editor),
            delete,
            json!({ "id": "Organisation:test-laboratory", "v": 1 }),
        )
        .await;
    assert_eq!(code(&body), "CONFLICT", "{body:#}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .expect("message")
            .contains("HubMembership:east--test-laboratory names it"),
        "{body:#}"
    );
}

#[tokio::test]
async fn a_trust_a_centre_names_as_partner_stays() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin).await;
    let trust = r#"mutation { createTrust(input: { odsCode: "RZZ", name: "Test Trust",
        regionId: "Region:E40000003", sources: ["https://example.org/t"] }) { id } }"#;
    let (_, body) = app.post_as(Some(&admin), trust, json!({})).await;
    assert_eq!(body["data"]["createTrust"]["id"], "Trust:RZZ", "{body:#}");
    let centre = r#"mutation { createGenomicMedicineCentre(input: { slug: "test-centre",
        name: "Test GMC", leadConfidence: UNCONFIRMED,
        partners: [{ nameAsStated: "Test Trust", odsCode: "RZZ", confidence: STATED }] }) { id } }"#;
    let (_, body) = app.post_as(Some(&admin), centre, json!({})).await;
    assert_eq!(
        body["data"]["createGenomicMedicineCentre"]["id"], "GenomicMedicineCentre:test-centre",
        "{body:#}"
    );
    let delete = r#"mutation { deleteTrust(id: "Trust:RZZ", expectedVersion: 1) { id } }"#;
    let (_, body) = app.post_as(Some(&admin), delete, json!({})).await;
    assert_eq!(code(&body), "CONFLICT", "{body:#}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .expect("message")
            .contains("GenomicMedicineCentre:test-centre names it"),
        "{body:#}"
    );
}

/// A write naming a record by id takes a share lock on it, so a deletion in progress (which
/// locks the record first) makes it wait, and it then sees the record gone: no event names a
/// record deleted meanwhile. Row locks are PostgreSQL's and MySQL's; SQLite's writers queue.
#[tokio::test]
async fn a_write_naming_a_record_waits_for_its_deletion_in_progress() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait};
    let backend = crate::backend::backend();
    if backend == DbBackend::Sqlite {
        return;
    }
    let app = TestApp::spawn().await;
    let editor = app.token(Role::Editor).await;
    let deleting = app.db.begin().await.expect("a transaction");
    deleting
        .execute_raw(Statement::from_string(
            backend,
            "SELECT id FROM site WHERE ods_code = 'RGT01' FOR UPDATE",
        ))
        .await
        .expect("lock the site");
    let url = format!("{}/graphql", app.url);
    let writer = tokio::spawn(async move {
        reqwest::Client::new()
            .post(&url)
            .bearer_auth(editor)
            .json(&json!({ "query": CREATE_EVENT, "variables": { "input": {
                "slug": "naming-a-site", "event": "A site named", "confidence": "STATED",
                "concerns": ["Site:RGT01"] } } }))
            .send()
            .await
            .expect("send")
            .json::<Value>()
            .await
            .expect("json")
    });
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        !writer.is_finished(),
        "the write went ahead while the site was locked for deletion"
    );
    // The deletion goes ahead: the waiting write then finds no site.
    deleting
        .execute_raw(Statement::from_string(
            backend,
            "DELETE FROM site WHERE ods_code = 'RGT01'",
        ))
        .await
        .expect("delete the site");
    deleting.commit().await.expect("commit");
    let body = writer.await.expect("the write");
    assert_eq!(
        (code(&body), field(&body)),
        ("BAD_USER_INPUT", "input.concerns.0"),
        "{body:#}"
    );
}
