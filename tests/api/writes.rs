//! Safe writes: roles, versions, validation, the change log, concurrent writers.

use entity::api_token::Role;
use entity::change_log::{self, Action};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::helpers::TestApp;

const CREATE_COURSE: &str = r#"mutation($input: CreateTrainingCourseInput!) {
    createTrainingCourse(input: $input) { id version title durationMinutes alliance { slug } } }"#;
const UPDATE_COURSE: &str = r#"mutation($id: ID!, $v: Int!, $input: UpdateTrainingCourseInput!) {
    updateTrainingCourse(id: $id, expectedVersion: $v, input: $input) { id version title durationMinutes website } }"#;
const DELETE_COURSE: &str =
    r#"mutation($id: ID!, $v: Int!) { deleteTrainingCourse(id: $id, expectedVersion: $v) { id } }"#;
const CREATE_PROJECT: &str = r#"mutation($input: CreateTransformationProjectInput!) {
    createTransformationProject(input: $input) { id version participatingAlliances { nodes { slug } } } }"#;
const UPDATE_PROJECT: &str = r#"mutation($id: ID!, $v: Int!, $input: UpdateTransformationProjectInput!) {
    updateTransformationProject(id: $id, expectedVersion: $v, input: $input) { id version status endDate } }"#;
const DELETE_PROJECT: &str = r#"mutation($id: ID!, $v: Int!) { deleteTransformationProject(id: $id, expectedVersion: $v) { id } }"#;

fn course(slug: &str) -> Value {
    json!({ "slug": slug, "title": "Genomics for nurses", "provider": "East GMSA", "format": "WEBINAR",
            "durationMinutes": 60, "allianceId": "Alliance:east", "sources": ["https://example.org/course"] })
}

fn project(slug: &str) -> Value {
    json!({ "slug": slug, "title": "Rapid exome pilot", "summary": "A pilot.", "theme": "RARE_DISEASE",
            "status": "PLANNED", "startDate": "2026-01-01", "leadAllianceId": "Alliance:south-west",
            "participatingAllianceIds": ["Alliance:south-west", "Alliance:east"] })
}

/// What a caller gets: refused outright (HTTP status, code), or let in with a role.
#[derive(Clone, Copy)]
enum Gets {
    Refused(u16, &'static str),
    Role(Role),
}

/// Who calls, with which token, and what they get.
type Caller<'a> = (&'a str, Option<&'a str>, Gets);

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<none>")
}

/// The changes made through the API: the seed's own (by `seed:<file>`, with no token) aside.
async fn changes(app: &TestApp) -> Vec<change_log::Model> {
    change_log::Entity::find()
        .filter(change_log::Column::TokenId.is_not_null())
        .order_by_asc(change_log::Column::Id)
        .all(&app.db)
        .await
        .expect("change log")
}

const CREATE_REGION: &str =
    r#"mutation($input: CreateRegionInput!) { createRegion(input: $input) { id version } }"#;
const UPDATE_REGION: &str = r#"mutation($id: ID!, $v: Int!, $input: UpdateRegionInput!) {
    updateRegion(id: $id, expectedVersion: $v, input: $input) { id version name } }"#;
const DELETE_REGION: &str =
    r#"mutation($id: ID!, $v: Int!) { deleteRegion(id: $id, expectedVersion: $v) { id } }"#;
const CREATE_TRUST: &str =
    r#"mutation($input: CreateTrustInput!) { createTrust(input: $input) { id version } }"#;
const UPDATE_TRUST: &str = r#"mutation($id: ID!, $v: Int!, $input: UpdateTrustInput!) {
    updateTrust(id: $id, expectedVersion: $v, input: $input) { id version } }"#;
const DELETE_TRUST: &str =
    r#"mutation($id: ID!, $v: Int!) { deleteTrust(id: $id, expectedVersion: $v) { id } }"#;
const CREATE_HUB: &str = r#"mutation($input: CreateHubInput!) { createHub(input: $input) {
    id version name leadTrust { odsCode } regions { edges { confidence sources node { code } } } } }"#;
const UPDATE_HUB: &str = r#"mutation($id: ID!, $v: Int!, $input: UpdateHubInput!) {
    updateHub(id: $id, expectedVersion: $v, input: $input) {
    id version name coverageDescription regions { edges { confidence sources node { code } } } } }"#;
const DELETE_HUB: &str =
    r#"mutation($id: ID!, $v: Int!) { deleteHub(id: $id, expectedVersion: $v) { id } }"#;
const CREATE_ALLIANCE: &str = r#"mutation($input: CreateAllianceInput!) { createAlliance(input: $input) {
    id version hub { slug } hostTrust { odsCode } regions { edges { confidence node { code } } } } }"#;
const UPDATE_ALLIANCE: &str = r#"mutation($id: ID!, $v: Int!, $input: UpdateAllianceInput!) {
    updateAlliance(id: $id, expectedVersion: $v, input: $input) {
    id version website hostTrust { odsCode } regions { edges { confidence node { code } } } } }"#;
const DELETE_ALLIANCE: &str =
    r#"mutation($id: ID!, $v: Int!) { deleteAlliance(id: $id, expectedVersion: $v) { id } }"#;

/// Every mutation once, with the role it needs: the editors' kinds, then a region, a trust in
/// it, a hub led by that trust and an alliance working with that hub, changed and deleted in
/// turn. `i` keeps each caller's records apart.
fn matrix_steps(i: usize) -> Vec<(&'static str, Value, Role)> {
    let (c, p) = (format!("course-{i}"), format!("project-{i}"));
    let (region, trust, hub, alliance) = (
        format!("Region:E9900000{i}"),
        format!("Trust:RX{i}"),
        format!("Hub:hub-{i}"),
        format!("Alliance:alliance-{i}"),
    );
    let coverage = json!([{ "regionId": region, "confidence": "INFERRED" }]);
    vec![
        (CREATE_COURSE, json!({ "input": course(&c) }), Role::Editor),
        (
            UPDATE_COURSE,
            json!({ "id": format!("TrainingCourse:{c}"), "v": 1, "input": { "title": "Renamed" } }),
            Role::Editor,
        ),
        (
            DELETE_COURSE,
            json!({ "id": format!("TrainingCourse:{c}"), "v": 2 }),
            Role::Editor,
        ),
        (
            CREATE_PROJECT,
            json!({ "input": project(&p) }),
            Role::Editor,
        ),
        (
            UPDATE_PROJECT,
            json!({ "id": format!("TransformationProject:{p}"), "v": 1, "input": { "status": "ACTIVE" } }),
            Role::Editor,
        ),
        (
            DELETE_PROJECT,
            json!({ "id": format!("TransformationProject:{p}"), "v": 2 }),
            Role::Editor,
        ),
        (
            CREATE_REGION,
            json!({ "input": { "code": format!("E9900000{i}"), "odsCode": format!("Z0{i}"), "name": format!("Region {i}") } }),
            Role::Admin,
        ),
        (
            CREATE_TRUST,
            json!({ "input": { "odsCode": format!("RX{i}"), "name": format!("Trust {i}"), "regionId": region } }),
            Role::Admin,
        ),
        (
            CREATE_HUB,
            json!({ "input": { "slug": format!("hub-{i}"), "name": format!("Hub {i}"), "leadTrustId": trust, "regions": coverage } }),
            Role::Admin,
        ),
        (
            CREATE_ALLIANCE,
            json!({ "input": { "slug": format!("alliance-{i}"), "name": format!("Alliance {i}"), "hubId": hub, "hostTrustId": trust, "regions": coverage } }),
            Role::Admin,
        ),
        (
            UPDATE_REGION,
            json!({ "id": region, "v": 1, "input": { "name": "Renamed" } }),
            Role::Admin,
        ),
        (
            UPDATE_TRUST,
            json!({ "id": trust, "v": 1, "input": { "name": "Renamed" } }),
            Role::Admin,
        ),
        (
            UPDATE_HUB,
            json!({ "id": hub, "v": 1, "input": { "regions": [] } }),
            Role::Admin,
        ),
        (
            UPDATE_ALLIANCE,
            json!({ "id": alliance, "v": 1, "input": { "regions": [], "hostTrustId": null } }),
            Role::Admin,
        ),
        (
            DELETE_ALLIANCE,
            json!({ "id": alliance, "v": 2 }),
            Role::Admin,
        ),
        (DELETE_HUB, json!({ "id": hub, "v": 2 }), Role::Admin),
        (DELETE_TRUST, json!({ "id": trust, "v": 2 }), Role::Admin),
        (DELETE_REGION, json!({ "id": region, "v": 2 }), Role::Admin),
    ]
}

#[tokio::test]
async fn the_permission_matrix() {
    let app = TestApp::spawn().await;
    let viewer = app.token(Role::Viewer).await;
    let editor = app.token(Role::Editor).await;
    let admin = app.token(Role::Admin).await;
    let revoked = app.token(Role::Admin).await;
    let revoked_id = gms_graph::service::auth::list(&app.db)
        .await
        .expect("tokens")
        .last()
        .expect("a token")
        .id;
    gms_graph::service::auth::revoke(&app.db, revoked_id)
        .await
        .expect("revoke");

    // Who, and what they get from every mutation: (HTTP status, code) or success.
    let who: [Caller; 6] = [
        ("anonymous", None, Gets::Refused(200, "UNAUTHENTICATED")),
        (
            "a made-up token",
            Some("gms_not-a-token"),
            Gets::Refused(401, "UNAUTHENTICATED"),
        ),
        (
            "a revoked token",
            Some(revoked.as_str()),
            Gets::Refused(401, "UNAUTHENTICATED"),
        ),
        ("a viewer", Some(viewer.as_str()), Gets::Role(Role::Viewer)),
        ("an editor", Some(editor.as_str()), Gets::Role(Role::Editor)),
        ("an admin", Some(admin.as_str()), Gets::Role(Role::Admin)),
    ];
    for (i, (name, token, gets)) in who.iter().enumerate() {
        for (query, variables, needs) in matrix_steps(i) {
            let (status, body) = app.post_as(*token, query, variables).await;
            let refusal = match *gets {
                Gets::Refused(status, code) => Some((status, code)),
                Gets::Role(role) if role < needs => Some((200, "FORBIDDEN")),
                Gets::Role(_) => None,
            };
            match refusal {
                Some((expected_status, expected_code)) => {
                    assert_eq!(
                        (status, code(&body)),
                        (expected_status, expected_code),
                        "{name}: {query}: {body:#}"
                    );
                }
                None => assert!(body.get("errors").is_none(), "{name}: {query}: {body:#}"),
            }
        }
    }
    // Refusals wrote nothing; the editor's and the admin's writes are all in the log.
    let log = changes(&app).await;
    let by = |actor: &str| log.iter().filter(|c| c.actor == actor).count();
    assert_eq!(
        (by("test Editor"), by("test Admin"), log.len()),
        (6, 18, 24)
    );

    // A refusal does not reveal whether the id exists.
    for id in [
        "TrainingCourse:consent-and-ethics",
        "TrainingCourse:no-such-course",
    ] {
        let variables = json!({ "id": id, "v": 1, "input": { "title": "x" } });
        let (_, body) = app
            .post_as(Some(&viewer), UPDATE_COURSE, variables.clone())
            .await;
        assert_eq!(code(&body), "FORBIDDEN", "{body:#}");
        let (_, body) = app.post_as(None, UPDATE_COURSE, variables).await;
        assert_eq!(code(&body), "UNAUTHENTICATED", "{body:#}");
    }
    // Reads stay open without a token, but a bad token is never ignored.
    assert_eq!(
        app.post_as(None, "{ hubs { totalCount } }", json!({}))
            .await
            .1["data"]["hubs"]["totalCount"],
        7
    );
    let (status, body) = app
        .post_as(Some("gms_nope"), "{ hubs { totalCount } }", json!({}))
        .await;
    assert_eq!((status, code(&body)), (401, "UNAUTHENTICATED"));
}

#[tokio::test]
async fn versions_refuse_stale_writes_and_record_every_change() {
    let app = TestApp::spawn().await;
    let editor = app.token(Role::Editor).await;
    let (_, body) = app
        .post_as(
            Some(&editor),
            CREATE_COURSE,
            json!({ "input": course("nurses") }),
        )
        .await;
    assert_eq!(
        body["data"]["createTrainingCourse"],
        json!({ "id": "TrainingCourse:nurses", "version": 1, "title": "Genomics for nurses", "durationMinutes": 60, "alliance": { "slug": "east" } })
    );
    let id = "TrainingCourse:nurses";
    let update = |v: i64, input: Value| json!({ "id": id, "v": v, "input": input });
    let (_, body) = app
        .post_as(Some(&editor), UPDATE_COURSE, update(1, json!({ "title": "Genomics for nurses, part 1", "durationMinutes": null, "website": "https://example.org/nurses" })))
        .await;
    assert_eq!(
        body["data"]["updateTrainingCourse"],
        json!({ "id": id, "version": 2, "title": "Genomics for nurses, part 1", "durationMinutes": null, "website": "https://example.org/nurses" })
    );
    // Version 1 is stale now, for updates and deletes alike.
    let (_, body) = app
        .post_as(
            Some(&editor),
            UPDATE_COURSE,
            update(1, json!({ "title": "Lost" })),
        )
        .await;
    assert_eq!(code(&body), "CONFLICT", "{body:#}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("version 2")
    );
    let (_, body) = app
        .post_as(Some(&editor), DELETE_COURSE, json!({ "id": id, "v": 1 }))
        .await;
    assert_eq!(code(&body), "CONFLICT");
    let (_, body) = app
        .post_as(Some(&editor), DELETE_COURSE, json!({ "id": id, "v": 2 }))
        .await;
    assert_eq!(body["data"]["deleteTrainingCourse"]["id"], id);
    assert_eq!(
        app.data(r#"{ trainingCourseBySlug(slug: "nurses") { id } }"#)
            .await["trainingCourseBySlug"],
        Value::Null
    );
    let (_, body) = app
        .post_as(
            Some(&editor),
            UPDATE_COURSE,
            update(3, json!({ "title": "Ghost" })),
        )
        .await;
    assert_eq!(code(&body), "NOT_FOUND");

    let log = changes(&app).await;
    let actions: Vec<(Action, i32)> = log.iter().map(|c| (c.action, c.version)).collect();
    assert_eq!(
        actions,
        [
            (Action::Create, 1),
            (Action::Update, 2),
            (Action::Delete, 2)
        ]
    );
    assert!(log.iter().all(|c| c.entity_id == id
        && c.entity_type == "TrainingCourse"
        && c.actor == "test Editor"));
    let json_of = |v: &Option<Value>, field: &str| {
        v.as_ref().map(|v| v[field].clone()).unwrap_or(Value::Null)
    };
    assert_eq!(log[0].before, None);
    assert_eq!(json_of(&log[0].after, "title"), "Genomics for nurses");
    assert_eq!(json_of(&log[1].before, "duration_minutes"), 60);
    assert_eq!(json_of(&log[1].after, "duration_minutes"), Value::Null);
    assert_eq!(json_of(&log[1].after, "version"), 2);
    assert_eq!(
        json_of(&log[2].before, "title"),
        "Genomics for nurses, part 1"
    );
    assert_eq!(log[2].after, None);

    // Projects: participants are part of the record and of its history.
    let (_, body) = app
        .post_as(
            Some(&editor),
            CREATE_PROJECT,
            json!({ "input": project("exomes") }),
        )
        .await;
    assert_eq!(
        body["data"]["createTransformationProject"]["participatingAlliances"]["nodes"],
        json!([{ "slug": "east" }, { "slug": "south-west" }])
    );
    let pid = "TransformationProject:exomes";
    let (_, body) = app
        .post_as(Some(&editor), UPDATE_PROJECT, json!({ "id": pid, "v": 1, "input": { "status": "COMPLETED", "endDate": "2026-06-30", "participatingAllianceIds": ["Alliance:south-west"] } }))
        .await;
    assert_eq!(
        body["data"]["updateTransformationProject"],
        json!({ "id": pid, "version": 2, "status": "COMPLETED", "endDate": "2026-06-30" })
    );
    let participants = app.data(r#"{ transformationProjectBySlug(slug: "exomes") { participatingAlliances { nodes { slug } } } }"#).await;
    assert_eq!(
        participants["transformationProjectBySlug"]["participatingAlliances"]["nodes"],
        json!([{ "slug": "south-west" }])
    );
    let last = changes(&app).await.pop().expect("a change");
    assert_eq!(
        json_of(&last.before, "participating_alliances"),
        json!(["east", "south-west"])
    );
    assert_eq!(
        json_of(&last.after, "participating_alliances"),
        json!(["south-west"])
    );
}

#[tokio::test]
async fn invalid_input_is_refused_with_the_field_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let editor = app.token(Role::Editor).await;
    let with = |patch: Value| {
        let mut input = course("checked");
        for (k, v) in patch.as_object().expect("object") {
            input[k] = v.clone();
        }
        json!({ "input": input })
    };
    let cases = [
        (with(json!({ "title": "   " })), "input.title"),
        (with(json!({ "provider": "" })), "input.provider"),
        (with(json!({ "website": "not a url" })), "input.website"),
        (
            with(json!({ "website": "ftp://example.org" })),
            "input.website",
        ),
        (
            with(json!({ "durationMinutes": -5 })),
            "input.durationMinutes",
        ),
        (with(json!({ "credits": -1 })), "input.credits"),
        (
            with(json!({ "allianceId": "Alliance:atlantis" })),
            "input.allianceId",
        ),
        (
            with(json!({ "allianceId": "Hub:east" })),
            "input.allianceId",
        ),
        (with(json!({ "hubId": "nonsense" })), "input.hubId"),
        (with(json!({ "slug": "Not A Slug" })), "input.slug"),
        (
            with(json!({ "sources": ["https://ok.example", " "] })),
            "input.sources.1",
        ),
    ];
    for (variables, field) in cases {
        let (_, body) = app.post_as(Some(&editor), CREATE_COURSE, variables).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{field}: {body:#}");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body:#}");
    }
    let mut bad_dates = project("dates");
    bad_dates["endDate"] = json!("2025-12-31");
    let (_, body) = app
        .post_as(Some(&editor), CREATE_PROJECT, json!({ "input": bad_dates }))
        .await;
    assert_eq!(
        (
            code(&body),
            body["errors"][0]["extensions"]["field"].as_str()
        ),
        ("BAD_USER_INPUT", Some("input.endDate"))
    );
    let mut unknown = project("unknown");
    unknown["participatingAllianceIds"] = json!(["Alliance:east", "Alliance:atlantis"]);
    let (_, body) = app
        .post_as(Some(&editor), CREATE_PROJECT, json!({ "input": unknown }))
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["field"],
        "input.participatingAllianceIds.1"
    );

    // A duplicate slug is a conflict.
    let (_, body) = app
        .post_as(
            Some(&editor),
            CREATE_COURSE,
            with(json!({ "slug": "consent-and-ethics" })),
        )
        .await;
    assert_eq!(code(&body), "CONFLICT", "{body:#}");

    // Nothing was written by any of them.
    assert!(changes(&app).await.is_empty());
    let data = app
        .data("{ trainingCourses { totalCount } transformationProjects { totalCount } }")
        .await;
    assert_eq!(
        (
            data["trainingCourses"]["totalCount"].clone(),
            data["transformationProjects"]["totalCount"].clone()
        ),
        (json!(11), json!(14))
    );
    // An update that fails validation leaves the record and its version as they were.
    let (_, body) = app
        .post_as(
            Some(&editor),
            UPDATE_COURSE,
            json!({ "id": "TrainingCourse:consent-and-ethics", "v": 1, "input": { "title": "" } }),
        )
        .await;
    assert_eq!(code(&body), "BAD_USER_INPUT");
    let data = app
        .data(r#"{ trainingCourseBySlug(slug: "consent-and-ethics") { title version } }"#)
        .await;
    assert_eq!(
        data["trainingCourseBySlug"],
        json!({ "title": "Consent & Ethics", "version": 1 })
    );
}

#[tokio::test]
async fn concurrent_writers_lose_no_update() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let editor = app.token(Role::Editor).await;
    const WRITERS: usize = 8;
    const UPDATES: usize = 200;
    let id = "TrainingCourse:consent-train-the-trainer";
    let mut tasks = Vec::new();
    for writer in 0..WRITERS {
        let (app, editor) = (app.clone(), editor.clone());
        tasks.push(tokio::spawn(async move {
            let (mut done, mut conflicts) = (0usize, 0usize);
            // Each writer makes UPDATES updates, re-reading after every conflict (bounded).
            for attempt in 0..UPDATES * 50 {
                if done == UPDATES {
                    break;
                }
                let read = app.data(r#"{ trainingCourseBySlug(slug: "consent-train-the-trainer") { version } }"#).await;
                let version = read["trainingCourseBySlug"]["version"].as_i64().expect("version");
                let note = format!("writer {writer} update {done} (attempt {attempt})");
                let (_, body) = app
                    .post_as(Some(&editor), UPDATE_COURSE, json!({ "id": id, "v": version, "input": { "note": note } }))
                    .await;
                match body.get("errors") {
                    None => {
                        assert_eq!(body["data"]["updateTrainingCourse"]["version"], version + 1);
                        done += 1;
                    }
                    Some(_) => {
                        assert_eq!(code(&body), "CONFLICT", "only conflicts, reported: {body:#}");
                        conflicts += 1;
                    }
                }
            }
            (done, conflicts)
        }));
    }
    let mut total = 0;
    for task in tasks {
        let (done, _conflicts) = task.await.expect("writer");
        assert_eq!(done, UPDATES);
        total += done;
    }
    let data = app
        .data(r#"{ trainingCourseBySlug(slug: "consent-train-the-trainer") { version } }"#)
        .await;
    assert_eq!(
        data["trainingCourseBySlug"]["version"],
        1 + total as i64,
        "every update counted once"
    );
    let updates = change_log::Entity::find()
        .filter(change_log::Column::EntityId.eq(id))
        .filter(change_log::Column::TokenId.is_not_null())
        .order_by_asc(change_log::Column::Id)
        .all(&app.db)
        .await
        .expect("log");
    assert_eq!(updates.len(), total);
    // The log's versions run 2, 3, …: no two writers ever wrote the same version.
    for (i, change) in updates.iter().enumerate() {
        assert_eq!(change.version, i as i32 + 2);
    }
}

#[tokio::test]
async fn the_change_log_reads_by_record_time_and_page_for_editors_only() {
    let app = TestApp::spawn().await;
    // The seed's entries aside, so that the log holds only this test's writes.
    app.execute_sql("DELETE FROM change_log").await;
    let editor = app.token(Role::Editor).await;
    let viewer = app.token(Role::Viewer).await;
    app.post_as(
        Some(&editor),
        CREATE_COURSE,
        json!({ "input": course("logged") }),
    )
    .await;
    let before_update = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    app.post_as(
        Some(&editor),
        UPDATE_COURSE,
        json!({ "id": "TrainingCourse:logged", "v": 1, "input": { "credits": 10 } }),
    )
    .await;
    app.post_as(
        Some(&editor),
        CREATE_PROJECT,
        json!({ "input": project("logged-project") }),
    )
    .await;

    let query = r#"query($id: ID, $since: String, $first: Int, $after: String) {
        changes(entityId: $id, since: $since, first: $first, after: $after) {
            totalCount edges { cursor node { id number action actor entityType entityId version before after } }
            pageInfo { hasNextPage endCursor } } }"#;
    let (_, body) = app
        .post_as(
            Some(&editor),
            query,
            json!({ "id": "TrainingCourse:logged" }),
        )
        .await;
    let changes = &body["data"]["changes"];
    assert_eq!(changes["totalCount"], 2, "{body:#}");
    let first = &changes["edges"][0]["node"];
    // Each change has an id of its own, made of its number.
    for edge in changes["edges"].as_array().expect("edges") {
        let number = edge["node"]["number"].as_i64().expect("a number");
        assert_eq!(edge["node"]["id"], format!("Change:{number}"), "{body:#}");
    }
    assert_ne!(
        changes["edges"][0]["node"]["id"],
        changes["edges"][1]["node"]["id"]
    );
    assert_eq!(
        (
            first["action"].clone(),
            first["actor"].clone(),
            first["version"].clone()
        ),
        (json!("CREATE"), json!("test Editor"), json!(1))
    );
    assert_eq!(first["before"], Value::Null);
    assert_eq!(first["after"]["title"], "Genomics for nurses");
    let second = &changes["edges"][1]["node"];
    assert_eq!(second["action"], "UPDATE");
    assert_eq!(
        (
            second["before"]["credits"].clone(),
            second["after"]["credits"].clone()
        ),
        (Value::Null, json!(10))
    );

    let (_, body) = app
        .post_as(Some(&editor), query, json!({ "since": before_update }))
        .await;
    let actions: Vec<Value> = body["data"]["changes"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["entityId"].clone())
        .collect();
    assert_eq!(
        actions,
        [
            json!("TrainingCourse:logged"),
            json!("TransformationProject:logged-project")
        ]
    );

    let (_, page) = app
        .post_as(Some(&editor), query, json!({ "first": 2 }))
        .await;
    assert_eq!(page["data"]["changes"]["pageInfo"]["hasNextPage"], true);
    let after = page["data"]["changes"]["pageInfo"]["endCursor"].clone();
    let (_, rest) = app
        .post_as(Some(&editor), query, json!({ "first": 2, "after": after }))
        .await;
    assert_eq!(
        rest["data"]["changes"]["edges"][0]["node"]["entityId"],
        "TransformationProject:logged-project"
    );
    assert_eq!(rest["data"]["changes"]["pageInfo"]["hasNextPage"], false);

    let history = r#"{ trainingCourses(filter: { slug: { in: ["logged", "consent-and-ethics"] } }) { nodes { slug history { action version } } } }"#;
    let (_, body) = app.post_as(Some(&editor), history, json!({})).await;
    assert_eq!(
        body["data"]["trainingCourses"]["nodes"],
        json!([
            { "slug": "consent-and-ethics", "history": [] },
            { "slug": "logged", "history": [{ "action": "CREATE", "version": 1 }, { "action": "UPDATE", "version": 2 }] },
        ])
    );

    assert_eq!(
        code(&app.post_as(Some(&viewer), query, json!({})).await.1),
        "FORBIDDEN"
    );
    assert_eq!(
        code(&app.post_as(None, query, json!({})).await.1),
        "UNAUTHENTICATED"
    );
    assert_eq!(
        code(&app.post_as(None, history, json!({})).await.1),
        "UNAUTHENTICATED"
    );
    assert_eq!(
        code(
            &app.post_as(Some(&editor), query, json!({ "since": "yesterday" }))
                .await
                .1
        ),
        "BAD_USER_INPUT"
    );
}

#[tokio::test]
async fn require_auth_closes_reads_to_anonymous_clients() {
    let app = TestApp::spawn_empty_with(gms_graph::http::AppOptions {
        require_auth: true,
        ..Default::default()
    })
    .await;
    gms_graph::seed::seed_if_empty(&app.db).await.expect("seed");
    let viewer = app.token(Role::Viewer).await;
    let (status, body) = app
        .post_as(None, "{ hubs { totalCount } }", json!({}))
        .await;
    assert_eq!((status, code(&body)), (401, "UNAUTHENTICATED"), "{body:#}");
    let (status, body) = app
        .post_as(Some(&viewer), "{ hubs { totalCount } }", json!({}))
        .await;
    assert_eq!(
        (status, body["data"]["hubs"]["totalCount"].clone()),
        (200, json!(7))
    );
}

#[tokio::test]
async fn trusts_are_admin_only_and_a_trust_leading_a_hub_stays() {
    let app = TestApp::spawn().await;
    let editor = app.token(Role::Editor).await;
    let admin = app.token(Role::Admin).await;
    let create = r#"mutation($input: CreateTrustInput!) { createTrust(input: $input) { id version name region { code } } }"#;
    let update = r#"mutation($id: ID!, $v: Int!, $input: UpdateTrustInput!) { updateTrust(id: $id, expectedVersion: $v, input: $input) { version name postcode region { code } } }"#;
    let delete =
        r#"mutation($id: ID!, $v: Int!) { deleteTrust(id: $id, expectedVersion: $v) { id } }"#;
    let input = json!({ "odsCode": "RXX", "name": "Example Hospitals NHS Trust", "regionId": "Region:E40000007", "postcode": "ZZ1 1ZZ" });

    let (_, body) = app
        .post_as(Some(&editor), create, json!({ "input": input }))
        .await;
    assert_eq!(code(&body), "FORBIDDEN", "editors do not write trusts");
    let (_, body) = app
        .post_as(Some(&admin), create, json!({ "input": input }))
        .await;
    assert_eq!(
        body["data"]["createTrust"],
        json!({ "id": "Trust:RXX", "version": 1, "name": "Example Hospitals NHS Trust", "region": { "code": "E40000007" } })
    );
    let (_, body) = app
        .post_as(Some(&admin), create, json!({ "input": input }))
        .await;
    assert_eq!(code(&body), "CONFLICT", "a duplicate ODS code");
    for (patch, field) in [
        (json!({ "odsCode": "rxx-1" }), "input.odsCode"),
        (json!({ "regionId": "Region:E99" }), "input.regionId"),
        (json!({ "regionId": "Hub:east" }), "input.regionId"),
        (json!({ "name": "" }), "input.name"),
    ] {
        let mut bad = input.clone();
        for (k, v) in patch.as_object().expect("object") {
            bad[k] = v.clone();
        }
        // Only the ODS-code case keeps the bad code; the others would clash with RXX otherwise.
        if field != "input.odsCode" {
            bad["odsCode"] = json!("RYY");
        }
        let (_, body) = app
            .post_as(Some(&admin), create, json!({ "input": bad }))
            .await;
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body:#}");
    }

    let (_, body) = app
        .post_as(Some(&admin), update, json!({ "id": "Trust:RXX", "v": 1, "input": { "postcode": null, "regionId": "Region:E40000003" } }))
        .await;
    assert_eq!(
        body["data"]["updateTrust"],
        json!({ "version": 2, "name": "Example Hospitals NHS Trust", "postcode": null, "region": { "code": "E40000003" } })
    );

    // A trust that leads a hub is refused, and says why; nothing changes.
    let (_, body) = app
        .post_as(Some(&admin), delete, json!({ "id": "Trust:RQ3", "v": 1 }))
        .await;
    assert_eq!(code(&body), "CONFLICT", "{body:#}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("it leads Hub:central-and-south")
    );
    assert_eq!(
        app.data(r#"{ trust(odsCode: "RQ3") { ledHubs { totalCount } } }"#)
            .await["trust"]["ledHubs"]["totalCount"],
        1
    );

    let (_, body) = app
        .post_as(Some(&admin), delete, json!({ "id": "Trust:RXX", "v": 1 }))
        .await;
    assert_eq!(code(&body), "CONFLICT", "stale");
    let (_, body) = app
        .post_as(Some(&admin), delete, json!({ "id": "Trust:RXX", "v": 2 }))
        .await;
    assert_eq!(body["data"]["deleteTrust"]["id"], "Trust:RXX");
    let log: Vec<(String, Action)> = changes(&app)
        .await
        .into_iter()
        .map(|c| (c.entity_id, c.action))
        .collect();
    assert_eq!(
        log,
        [
            ("Trust:RXX".to_owned(), Action::Create),
            ("Trust:RXX".to_owned(), Action::Update),
            ("Trust:RXX".to_owned(), Action::Delete)
        ]
    );
}

fn message(body: &Value) -> &str {
    body["errors"][0]["message"].as_str().unwrap_or("")
}

#[tokio::test]
async fn hubs_alliances_and_regions_carry_their_region_coverage() {
    let app = TestApp::spawn().await;
    let editor = app.token(Role::Editor).await;
    let admin = app.token(Role::Admin).await;
    let admin = Some(admin.as_str());
    let totals = r#"{ regions { totalCount } hubs { totalCount } alliances { totalCount }
        region(code: "E40000003") { hubs { totalCount } } }"#;
    let totals_before = app.data(totals).await;

    // A region, a hub covering it and an existing one, and an alliance for the hub.
    let region = json!({ "code": "E99000001", "odsCode": "Z99", "name": "Offshore", "sources": ["https://example.org/region"] });
    let (_, body) = app
        .post_as(Some(&editor), CREATE_REGION, json!({ "input": region }))
        .await;
    assert_eq!(code(&body), "FORBIDDEN", "editors do not write regions");
    let (_, body) = app
        .post_as(admin, CREATE_REGION, json!({ "input": region }))
        .await;
    assert_eq!(
        body["data"]["createRegion"],
        json!({ "id": "Region:E99000001", "version": 1 })
    );
    let hub = json!({ "slug": "offshore", "name": "Offshore Genomic Laboratory Hub", "leadTrustId": "Trust:RQ3",
        "regions": [
            { "regionId": "Region:E99000001", "sources": ["https://example.org/hub"] },
            { "regionId": "Region:E40000003", "confidence": "INFERRED" },
        ] });
    let (_, body) = app
        .post_as(admin, CREATE_HUB, json!({ "input": hub }))
        .await;
    assert_eq!(
        body["data"]["createHub"],
        json!({ "id": "Hub:offshore", "version": 1, "name": "Offshore Genomic Laboratory Hub",
            "leadTrust": { "odsCode": "RQ3" },
            "regions": { "edges": [
                { "confidence": "INFERRED", "sources": [], "node": { "code": "E40000003" } },
                { "confidence": "STATED", "sources": ["https://example.org/hub"], "node": { "code": "E99000001" } },
            ] } }),
        "{body:#}"
    );
    let alliance = json!({ "slug": "offshore", "name": "Offshore Genomic Medicine Service Alliance",
        "hubId": "Hub:offshore", "hostTrustId": "Trust:RQ3",
        "regions": [{ "regionId": "Region:E99000001" }] });
    let (_, body) = app
        .post_as(admin, CREATE_ALLIANCE, json!({ "input": alliance }))
        .await;
    assert_eq!(
        body["data"]["createAlliance"],
        json!({ "id": "Alliance:offshore", "version": 1, "hub": { "slug": "offshore" },
            "hostTrust": { "odsCode": "RQ3" },
            "regions": { "edges": [{ "confidence": "STATED", "node": { "code": "E99000001" } }] } }),
        "{body:#}"
    );
    // Traversal sees the new links from the region's side too.
    assert_eq!(
        app.data(r#"{ region(code: "E99000001") { hubs { nodes { slug } } alliances { nodes { slug } } } }"#)
            .await["region"],
        json!({ "hubs": { "nodes": [{ "slug": "offshore" }] }, "alliances": { "nodes": [{ "slug": "offshore" }] } })
    );

    // Bad input names the field; duplicates and a second alliance for a hub are conflicts.
    let log_before = changes(&app).await.len();
    let patched = |base: &Value, patch: Value| {
        let mut v = base.clone();
        for (k, x) in patch.as_object().expect("object") {
            v[k] = x.clone();
        }
        v
    };
    let with = |base: &Value, patch: Value| json!({ "input": patched(base, patch) });
    let fresh_hub = patched(&hub, json!({ "slug": "other", "name": "Other" }));
    for (query, variables, expected) in [
        (
            CREATE_REGION,
            with(&region, json!({ "code": "X1" })),
            ("BAD_USER_INPUT", "input.code"),
        ),
        (
            CREATE_REGION,
            with(&region, json!({ "code": "E99000002", "name": " " })),
            ("BAD_USER_INPUT", "input.name"),
        ),
        (
            CREATE_REGION,
            with(&region, json!({ "code": "E99000002" })),
            ("CONFLICT", ""),
        ),
        (
            CREATE_HUB,
            with(&fresh_hub, json!({ "leadTrustId": "Trust:NOPE" })),
            ("BAD_USER_INPUT", "input.leadTrustId"),
        ),
        (
            CREATE_HUB,
            with(
                &fresh_hub,
                json!({ "regions": [{ "regionId": "Region:E40000003" }, { "regionId": "Region:E40000003" }] }),
            ),
            ("BAD_USER_INPUT", "input.regions.1.regionId"),
        ),
        (
            CREATE_HUB,
            with(
                &fresh_hub,
                json!({ "regions": [{ "regionId": "Region:E40000099" }] }),
            ),
            ("BAD_USER_INPUT", "input.regions.0.regionId"),
        ),
        (
            CREATE_HUB,
            with(
                &fresh_hub,
                json!({ "regions": [{ "regionId": "Region:E40000003", "sources": [""] }] }),
            ),
            ("BAD_USER_INPUT", "input.regions.0.sources.0"),
        ),
        (
            CREATE_HUB,
            with(&hub, json!({ "slug": "other" })),
            ("CONFLICT", ""),
        ),
        (
            CREATE_ALLIANCE,
            with(&alliance, json!({ "slug": "other", "name": "Other" })),
            ("CONFLICT", ""),
        ),
        (
            CREATE_ALLIANCE,
            with(
                &alliance,
                json!({ "slug": "other", "name": "Other", "website": "not a url" }),
            ),
            ("BAD_USER_INPUT", "input.website"),
        ),
        (
            UPDATE_HUB,
            json!({ "id": "Hub:offshore", "v": 1, "input": { "name": "East Genomic Laboratory Hub" } }),
            ("CONFLICT", ""),
        ),
        (
            UPDATE_ALLIANCE,
            json!({ "id": "Alliance:offshore", "v": 1, "input": { "hubId": "Hub:east" } }),
            ("CONFLICT", ""),
        ),
    ] {
        let (_, body) = app.post_as(admin, query, variables).await;
        let field = body["errors"][0]["extensions"]["field"]
            .as_str()
            .unwrap_or("");
        assert_eq!((code(&body), field), expected, "{body:#}");
    }
    assert!(
        message(
            &app.post_as(
                admin,
                UPDATE_ALLIANCE,
                json!({ "id": "Alliance:offshore", "v": 1, "input": { "hubId": "Hub:east" } })
            )
            .await
            .1
        )
        .contains("Alliance:east already works with Hub:east")
    );
    assert_eq!(
        changes(&app).await.len(),
        log_before,
        "refusals wrote nothing"
    );

    // Updating the links replaces them; the change log keeps them before and after.
    let (_, body) = app
        .post_as(admin, UPDATE_HUB, json!({ "id": "Hub:offshore", "v": 1,
            "input": { "coverageDescription": "The sea", "regions": [{ "regionId": "Region:E99000001", "confidence": "INFERRED" }] } }))
        .await;
    assert_eq!(
        body["data"]["updateHub"],
        json!({ "id": "Hub:offshore", "version": 2, "name": "Offshore Genomic Laboratory Hub", "coverageDescription": "The sea",
            "regions": { "edges": [{ "confidence": "INFERRED", "sources": [], "node": { "code": "E99000001" } }] } }),
        "{body:#}"
    );
    let last = changes(&app).await.pop().expect("a change");
    assert_eq!((last.entity_id.as_str(), last.version), ("Hub:offshore", 2));
    let regions = |v: &Option<Value>| {
        v.as_ref().expect("a snapshot")["regions"]
            .as_array()
            .expect("regions")
            .iter()
            .map(|r| (r["region"].clone(), r["confidence"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        regions(&last.before),
        [
            (json!("E40000003"), json!("INFERRED")),
            (json!("E99000001"), json!("STATED"))
        ]
    );
    assert_eq!(
        regions(&last.after),
        [(json!("E99000001"), json!("INFERRED"))]
    );

    // What is still referenced stays, and the refusal says by what.
    let mut offered = course("offshore-course");
    offered["hubId"] = json!("Hub:offshore");
    let (_, body) = app
        .post_as(admin, CREATE_COURSE, json!({ "input": offered }))
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    // Led with another alliance and taking part in nothing, it is still referenced.
    let mut joint = project("offshore-joint");
    joint["leadAllianceId"] = Value::Null;
    joint["leadAllianceIds"] = json!(["Alliance:offshore", "Alliance:east"]);
    joint["participatingAllianceIds"] = json!([]);
    let (_, body) = app
        .post_as(admin, CREATE_PROJECT, json!({ "input": joint }))
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    for (query, id, v, by) in [
        (
            DELETE_REGION,
            "Region:E99000001",
            1,
            "Hub:offshore covers it",
        ),
        (DELETE_REGION, "Region:E40000003", 1, "Trust:"),
        (
            DELETE_HUB,
            "Hub:offshore",
            2,
            "Alliance:offshore works with it, it offers TrainingCourse:offshore-course;",
        ),
        (DELETE_TRUST, "Trust:RQ3", 1, "it hosts Alliance:offshore"),
        (
            DELETE_ALLIANCE,
            "Alliance:east",
            1,
            "it takes part in TransformationProject:",
        ),
        (
            DELETE_ALLIANCE,
            "Alliance:offshore",
            1,
            "it leads TransformationProject:offshore-joint",
        ),
    ] {
        let (_, body) = app.post_as(admin, query, json!({ "id": id, "v": v })).await;
        assert_eq!(code(&body), "CONFLICT", "{id}: {body:#}");
        assert!(message(&body).contains(by), "{id}: {body:#}");
    }
    assert_eq!(changes(&app).await.len(), log_before + 3);

    // Taken apart in order, every step goes through, and the links go with their records.
    for (query, id, v) in [
        (DELETE_PROJECT, "TransformationProject:offshore-joint", 1),
        (DELETE_COURSE, "TrainingCourse:offshore-course", 1),
        (DELETE_ALLIANCE, "Alliance:offshore", 1),
        (DELETE_HUB, "Hub:offshore", 2),
        (DELETE_REGION, "Region:E99000001", 1),
    ] {
        let (_, body) = app.post_as(admin, query, json!({ "id": id, "v": v })).await;
        assert!(body.get("errors").is_none(), "{id}: {body:#}");
    }
    assert_eq!(app.data(totals).await, totals_before);
}

#[tokio::test]
async fn a_project_led_by_several_alliances_keeps_what_each_lead_says() {
    let app = TestApp::spawn().await;
    let editor = app.token(Role::Editor).await;
    const LEADS: &str = r#"mutation($id: ID!, $v: Int!, $input: UpdateTransformationProjectInput!) {
        updateTransformationProject(id: $id, expectedVersion: $v, input: $input) {
            version leadAlliance { slug }
            leadAlliances { edges { confidence quote node { slug } } } } }"#;
    let json_of = |v: &Option<Value>, field: &str| {
        v.as_ref().map(|v| v[field].clone()).unwrap_or(Value::Null)
    };
    let mut joint = project("joint");
    joint["leadAllianceIds"] = json!(["Alliance:north-thames", "Alliance:south-east"]);
    joint["leadAllianceId"] = Value::Null;
    let (_, body) = app
        .post_as(Some(&editor), CREATE_PROJECT, json!({ "input": joint }))
        .await;
    assert!(body["errors"].is_null(), "{body:#}");
    let data = app
        .data(
            r#"{ transformationProjectBySlug(slug: "joint") { leadAlliance { slug } startDatePrecision statusConfidence
                   leadAlliances { nodes { slug } } }
                 allianceBySlug(slug: "south-east") { projects { nodes { slug } } } }"#,
        )
        .await;
    let created = &data["transformationProjectBySlug"];
    assert_eq!(created["leadAlliance"], Value::Null, "two leads, no one");
    assert_eq!(
        created["leadAlliances"]["nodes"],
        json!([{ "slug": "north-thames" }, { "slug": "south-east" }])
    );
    assert_eq!(created["startDatePrecision"], "DAY");
    assert_eq!(created["statusConfidence"], "STATED");
    assert!(
        data["allianceBySlug"]["projects"]["nodes"]
            .as_array()
            .expect("projects")
            .contains(&json!({ "slug": "joint" }))
    );

    // A seeded lead keeps its confidence and quote when an editor adds a third.
    let (_, body) = app
        .post_as(
            Some(&editor),
            LEADS,
            json!({ "id": "TransformationProject:universal-lynch-syndrome-testing", "v": 1,
                    "input": { "leadAllianceIds": ["Alliance:south-east", "Alliance:north-thames", "Alliance:east"] } }),
        )
        .await;
    let updated = &body["data"]["updateTransformationProject"];
    assert_eq!(updated["version"], 2, "{body:#}");
    let edges = updated["leadAlliances"]["edges"].as_array().expect("edges");
    let lead = |slug: &str| {
        edges
            .iter()
            .find(|e| e["node"]["slug"] == slug)
            .map(|e| (e["confidence"].clone(), e["quote"].clone()))
    };
    assert_eq!(edges.len(), 3);
    assert_eq!(
        lead("north-thames"),
        Some((
            json!("STATED"),
            json!("Led by the North Thames and South East Genomic Medicine Service Alliance")
        ))
    );
    assert_eq!(lead("east"), Some((json!("STATED"), Value::Null)));
    let log = changes(&app).await;
    let last = log.last().expect("a change");
    assert_eq!(
        json_of(&last.after, "lead_alliances"),
        json!(["east", "north-thames", "south-east"])
    );
    assert_eq!(
        json_of(&last.before, "lead_alliances"),
        json!(["north-thames", "south-east"])
    );

    // One lead by the older field: the single lead is leadAlliance again.
    let (_, body) = app
        .post_as(
            Some(&editor),
            LEADS,
            json!({ "id": "TransformationProject:joint", "v": 1,
                    "input": { "leadAllianceId": "Alliance:south-east" } }),
        )
        .await;
    assert_eq!(
        body["data"]["updateTransformationProject"]["leadAlliance"]["slug"], "south-east",
        "{body:#}"
    );

    // Refused, naming the field, and nothing written.
    let before = changes(&app).await.len();
    for (input, field) in [
        (
            json!({ "leadAllianceId": "Alliance:east", "leadAllianceIds": ["Alliance:south-west"] }),
            "input.leadAllianceIds",
        ),
        (
            json!({ "leadAllianceIds": ["Alliance:east", "Alliance:atlantis"] }),
            "input.leadAllianceIds.1",
        ),
        (
            json!({ "status": "ACTIVE", "statusConfidence": "INFERRED" }),
            "input.statusConfidence",
        ),
        (
            json!({ "status": "UNCONFIRMED", "statusConfidence": "STATED" }),
            "input.statusConfidence",
        ),
        (
            json!({ "endDatePrecision": "YEAR" }),
            "input.endDatePrecision",
        ),
    ] {
        let (_, body) = app
            .post_as(
                Some(&editor),
                LEADS,
                json!({ "id": "TransformationProject:joint", "v": 2, "input": input }),
            )
            .await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{field}: {body:#}");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body:#}");
    }
    assert_eq!(changes(&app).await.len(), before);
}
