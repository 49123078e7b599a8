//! The subgraph side of Apollo Federation: `_service` and batched `_entities`.

use serde_json::{Value, json};

use crate::helpers::TestApp;

const ENTITIES: &str =
    "query($representations: [_Any!]!) { _entities(representations: $representations) {
    __typename
    ... on Region { code name }
    ... on Trust { odsCode name }
    ... on Hub { slug leadTrust { odsCode } }
    ... on Alliance { slug }
    ... on TransformationProject { slug }
    ... on TrainingCourse { slug }
} }";

#[tokio::test]
async fn service_sdl_is_schema_graphql() {
    let app = TestApp::spawn().await;
    let data = app.data("{ _service { sdl } }").await;
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
        .expect("schema.graphql");
    // schema.graphql is `_service { sdl }` with the scalars' `@specifiedBy` and the federation
    // definitions after it (tests/api/schema.rs).
    let sdl = gms_graph::graphql::sdl(&Default::default());
    assert!(
        data["_service"]["sdl"] == sdl.as_str(),
        "_service {{ sdl }} differs from the code's SDL"
    );
    assert!(committed.starts_with(&sdl));
    // async-graphql's own print (federation v2.5) is not what is served, however the field is
    // reached: aliased, in a fragment, beside other fields, in a named operation.
    let data = app
        .data(
            "query Router { s: _service { a: sdl __typename b: sdl } ...More __typename } \
             fragment More on Query { _service { ... on _Service { sdl } } }",
        )
        .await;
    for value in [&data["s"]["a"], &data["s"]["b"], &data["_service"]["sdl"]] {
        assert!(value == sdl.as_str(), "{}", &value.to_string()[..200]);
    }
    assert!(sdl.contains("https://specs.apollo.dev/federation/v2.9"));
    assert!(!sdl.contains("federation/v2.5"));
    assert!(
        committed
            .contains("type Trust implements Node @key(fields: \"id\") @key(fields: \"odsCode\")")
    );
    assert!(
        committed
            .contains("type Region implements Node @key(fields: \"id\") @key(fields: \"code\")")
    );
    assert!(committed.contains("type PageInfo @shareable"));
}

#[tokio::test]
async fn entities_resolve_by_every_key_and_unknown_ones_are_null() {
    let app = TestApp::spawn().await;
    let representations = json!([
        { "__typename": "Hub", "id": "Hub:north-west" },
        { "__typename": "Trust", "odsCode": "RQ3" },
        { "__typename": "Trust", "id": "Trust:RGT" },
        { "__typename": "Region", "code": "E40000003" },
        { "__typename": "Region", "id": "Region:E40000012" },
        { "__typename": "Alliance", "id": "Alliance:east" },
        { "__typename": "TransformationProject", "id": "TransformationProject:brca-carrier-app" },
        { "__typename": "TrainingCourse", "id": "TrainingCourse:consent-and-ethics" },
        { "__typename": "Hub", "id": "Hub:atlantis" },
        { "__typename": "Trust", "odsCode": "ZZZ" },
        { "__typename": "Hub", "id": "not an id" },
        { "__typename": "Hub", "id": "Trust:RQ3" },
    ]);
    let data = app
        .data_with(ENTITIES, json!({ "representations": representations }))
        .await;
    let entities = data["_entities"].as_array().expect("entities");
    assert_eq!(entities.len(), 12);
    assert_eq!(
        entities[0],
        json!({ "__typename": "Hub", "slug": "north-west", "leadTrust": { "odsCode": "R0A" } })
    );
    assert_eq!(
        entities[1]["name"],
        "Birmingham Women's and Children's NHS Foundation Trust"
    );
    assert_eq!(entities[2]["odsCode"], "RGT");
    assert_eq!(
        entities[3],
        json!({ "__typename": "Region", "code": "E40000003", "name": "London" })
    );
    assert_eq!(entities[4]["name"], "North East and Yorkshire");
    assert_eq!(entities[5]["slug"], "east");
    assert_eq!(entities[6]["slug"], "brca-carrier-app");
    assert_eq!(entities[7]["slug"], "consent-and-ethics");
    for unknown in &entities[8..] {
        assert_eq!(unknown, &Value::Null);
    }
}

#[tokio::test]
async fn two_hundred_mixed_representations_of_six_types_cost_one_statement() {
    let app = TestApp::spawn().await;
    let slugs = [
        "central-and-south",
        "east",
        "north-west",
        "north-thames",
        "south-east",
        "south-west",
        "north-east-and-yorkshire",
    ];
    let trusts = ["RQ3", "RGT", "R0A", "RP4", "RJ1", "RVJ", "RTD"];
    let regions = [
        "E40000003",
        "E40000005",
        "E40000006",
        "E40000007",
        "E40000010",
        "E40000011",
        "E40000012",
    ];
    let projects = ["brca-carrier-app", "universal-lynch-syndrome-testing"];
    let courses = ["consent-and-ethics", "masters-in-genomic-medicine"];
    let mut representations = Vec::new();
    for i in 0..200 {
        let k = i % 7;
        representations.push(match i % 8 {
            0 => json!({ "__typename": "Hub", "id": format!("Hub:{}", slugs[k]) }),
            1 => json!({ "__typename": "Trust", "odsCode": trusts[k] }),
            2 => json!({ "__typename": "Trust", "id": format!("Trust:{}", trusts[k]) }),
            3 => json!({ "__typename": "Region", "code": regions[k] }),
            4 => json!({ "__typename": "Region", "id": format!("Region:{}", regions[k]) }),
            5 => json!({ "__typename": "Alliance", "id": format!("Alliance:{}", slugs[k]) }),
            6 => json!({
                "__typename": "TransformationProject",
                "id": format!("TransformationProject:{}", projects[k % 2]),
            }),
            _ => json!({
                "__typename": "TrainingCourse",
                "id": format!("TrainingCourse:{}", courses[k % 2]),
            }),
        });
    }
    let query = "query($representations: [_Any!]!) { _entities(representations: $representations) {
        __typename ... on Region { code } ... on Trust { odsCode } ... on Hub { slug } ... on Alliance { slug }
        ... on TransformationProject { slug } ... on TrainingCourse { slug } } }";
    let body = app
        .post(query, json!({ "representations": representations }))
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let entities = body["data"]["_entities"].as_array().expect("entities");
    assert_eq!(entities.len(), 200);
    assert!(
        entities.iter().all(|e| !e.is_null()),
        "every representation resolves"
    );
    assert_eq!(entities[0]["slug"], "central-and-south");
    assert_eq!(entities[6]["slug"], projects[6 % 2]);
    assert_eq!(entities[7]["__typename"], "TrainingCourse");
    assert_eq!(entities[199]["slug"], courses[(199 % 7) % 2]);
    assert_eq!(entities[193]["odsCode"], trusts[193 % 7]);

    let (statements, _) = app
        .statements_of_with(query, json!({ "representations": representations }))
        .await;
    // Six tables, keyed by id, odsCode and code: one lookup, one statement.
    assert_eq!(statements, 1);
}

#[tokio::test]
async fn icbs_resolve_by_ods_code_ons_code_and_id_and_sites_by_ods_code() {
    let app = TestApp::spawn().await;
    let sdl = app.data("{ _service { sdl } }").await["_service"]["sdl"]
        .as_str()
        .expect("sdl")
        .to_owned();
    let icb = sdl
        .lines()
        .find(|line| line.starts_with("type Icb "))
        .expect("type Icb");
    for key in [
        r#"@key(fields: "id")"#,
        r#"@key(fields: "odsCode")"#,
        r#"@key(fields: "code")"#,
    ] {
        assert!(icb.contains(key), "{icb}");
    }
    assert!(
        sdl.lines()
            .any(|l| l.starts_with("type Site ") && l.contains(r#"@key(fields: "odsCode")"#))
    );
    let representations = json!([
        { "__typename": "Icb", "odsCode": "QOX" },
        { "__typename": "Icb", "code": "E54000040" },
        { "__typename": "Icb", "code": "E54000056" },
        { "__typename": "Icb", "id": "Icb:QUE" },
        { "__typename": "Icb", "code": "E54999999" },
        { "__typename": "Site", "odsCode": "RNZ02" },
        { "__typename": "Site", "id": "Site:RGT01" },
    ]);
    let query = "query($r: [_Any!]!) { _entities(representations: $r) {
        __typename ... on Icb { odsCode code } ... on Site { odsCode trust { odsCode } } } }";
    let body = app.post(query, json!({ "r": representations })).await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let entities = &body["data"]["_entities"];
    assert_eq!(entities[0]["code"], "E54000040");
    assert_eq!(entities[1]["odsCode"], "QOX");
    assert_eq!(entities[2]["odsCode"], entities[3]["odsCode"]);
    assert_eq!(entities[3]["odsCode"], "QUE");
    assert!(entities[4].is_null(), "an unknown code is null: {entities}");
    assert_eq!(entities[5]["trust"]["odsCode"], "RNZ");
    assert_eq!(entities[6]["trust"]["odsCode"], "RGT");
    let (statements, _) = app
        .statements_of_with(
            "query($r: [_Any!]!) { _entities(representations: $r) { ... on Icb { name } ... on Site { name } } }",
            json!({ "r": representations }),
        )
        .await;
    // The natural keys and ids in one statement, the ONS codes in another.
    assert_eq!(statements, 2);
}

/// Apollo's inline trace (see `graphql::ftv1`; tests/federation/tracing.test.js decodes it
/// with Apollo's decoder): on every backend, given when a router asks and only then, on GET,
/// POST, each operation of a batch and a mutation, at no extra statement.
#[tokio::test]
async fn an_inline_trace_is_given_when_asked_for_at_no_extra_statement() {
    use base64::Engine as _;
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let url = format!("{}/graphql", app.url);
    let query = "{ hubs(first: 2) { nodes { name leadTrust { odsCode } } } }";
    let post = |body: Value, traced: bool, token: Option<&str>| {
        let mut request = client.post(&url).json(&body);
        if traced {
            request = request.header("apollo-federation-include-trace", "ftv1");
        }
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move {
            let response = request.send().await.expect("POST /graphql");
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.expect("a JSON body")
        }
    };
    // A trace is a `Trace` message: its first field is `start_time` (4, a message).
    let trace_of = |body: &Value| -> Vec<u8> {
        let encoded = body["extensions"]["ftv1"]
            .as_str()
            .unwrap_or_else(|| panic!("no trace: {body:#}"));
        let trace = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .expect("base64");
        assert_eq!(trace.first(), Some(&0x22), "{trace:?}");
        trace
    };

    let before = app.statements();
    let plain = post(json!({ "query": query }), false, None).await;
    let untraced = app.statements() - before;
    assert!(plain.get("extensions").is_none(), "{plain:#}");

    let before = app.statements();
    let traced = post(json!({ "query": query }), true, None).await;
    assert_eq!(app.statements() - before, untraced);
    assert_eq!(traced["data"], plain["data"]);
    let trace = trace_of(&traced);
    // The fields are in it by their names, the list items' fields under them.
    for name in ["hubs", "nodes", "HubConnection", "leadTrust", "odsCode"] {
        assert!(
            trace.windows(name.len()).any(|w| w == name.as_bytes()),
            "{name} is not in the trace"
        );
    }

    // GET.
    let response = client
        .get(format!("{url}?query={}", crate::helpers::urlencode(query)))
        .header("apollo-federation-include-trace", "ftv1")
        .send()
        .await
        .expect("GET /graphql");
    trace_of(&response.json::<Value>().await.expect("a JSON body"));

    // Each operation of a batch.
    let batch = post(
        json!([{ "query": query }, { "query": "{ regions(first: 1) { totalCount } }" }]),
        true,
        None,
    )
    .await;
    for answer in batch.as_array().expect("a batch's answers") {
        trace_of(answer);
    }

    // A mutation.
    let editor = app.token(entity::api_token::Role::Editor).await;
    let update = json!({
        "query": "mutation($id: ID!) { updateTrainingCourse(id: $id, expectedVersion: 1, \
                  input: { title: \"Traced\" }) { version } }",
        "variables": { "id": "TrainingCourse:consent-and-ethics" },
    });
    let updated = post(update, true, Some(&editor)).await;
    assert_eq!(
        updated["data"]["updateTrainingCourse"]["version"], 2,
        "{updated:#}"
    );
    let trace = trace_of(&updated);
    assert!(trace.windows(8).any(|w| w == b"Mutation"));
}
