//! schema.graphql and docs/client-schema.graphql are the contract: they must match the code.

use crate::helpers::TestApp;

fn committed(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|err| panic!("{path}: {err}"))
}

#[test]
fn schema_graphql_matches_the_code() {
    assert!(
        committed("schema.graphql") == gms_graph::graphql::subgraph_schema(&Default::default()),
        "schema.graphql is out of date: run `cargo run -- export-schema > schema.graphql`"
    );
    // It is `_service { sdl }`, with scalars' specifications, and then the definitions of what
    // its `@link` imports.
    let sdl = gms_graph::graphql::sdl(&Default::default());
    let subgraph = gms_graph::graphql::subgraph_schema(&Default::default());
    assert!(subgraph.starts_with(&sdl));
    assert!(sdl.contains(
        "scalar Date @specifiedBy(url: \"https://www.rfc-editor.org/rfc/rfc3339#section-5.6\")\n"
    ));
    assert!(
        sdl.contains("scalar JSON @specifiedBy(url: \"https://www.rfc-editor.org/rfc/rfc8259\")\n")
    );
    for definition in [
        "directive @key(",
        "directive @link(",
        "directive @shareable",
        "directive @cost(",
        "directive @listSize(",
        "scalar federation__FieldSet",
    ] {
        assert!(subgraph[sdl.len()..].contains(definition), "{definition}");
    }
    assert!(!subgraph.contains("directive @authenticated"));
    assert!(!sdl.contains("@authenticated"));
    // With authorization, `@authenticated` is defined too.
    let auth = gms_graph::graphql::SdlOptions {
        auth: true,
        ..Default::default()
    };
    assert!(
        gms_graph::graphql::subgraph_schema(&auth)
            .contains("directive @authenticated on FIELD_DEFINITION")
    );
}

#[test]
fn client_schema_matches_the_code_without_federation() {
    let client = committed("docs/client-schema.graphql");
    assert!(
        client == gms_graph::graphql::client_schema(),
        "docs/client-schema.graphql is out of date: run \
         `cargo run -- export-schema --client > docs/client-schema.graphql`"
    );
    for federation_only in [
        "_entities",
        "_service",
        "_Any",
        "_Entity",
        "@key",
        "@shareable",
        "@link",
        "federation__",
    ] {
        assert!(!client.contains(federation_only), "{federation_only}");
    }
    for kept in [
        "type Query {",
        "type Mutation {",
        "type Subscription {",
        "scalar Date @specifiedBy(",
        "type Hub implements Node {",
    ] {
        assert!(client.contains(kept), "{kept}");
    }
}

#[tokio::test]
async fn graphiql_and_health_are_served() {
    let app = TestApp::spawn().await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.expect("body"), "ok");
    let graphiql = app.get("/graphql").await;
    assert_eq!(graphiql.status(), 200);
    let page = graphiql.text().await.expect("body");
    assert!(page.contains("graphiql"), "GET /graphql serves GraphiQL");
}

/// Every type, field, input field and enum value carries a description, so the schema
/// documents itself.
#[test]
fn every_type_and_field_is_documented() {
    let sdl = gms_graph::graphql::sdl(&Default::default());
    let mut undocumented = Vec::new();
    let mut owner: Option<String> = None;
    let (mut in_description, mut described) = (false, false);
    for line in sdl.lines() {
        let trimmed = line.trim();
        // Descriptions are `"""` blocks, or one-line `"…"` strings, right before what they describe.
        if trimmed == "\"\"\"" {
            in_description = !in_description;
            described = !in_description;
            continue;
        }
        if in_description {
            continue;
        }
        if trimmed.starts_with('"') {
            described = true;
            continue;
        }
        let kinds = [
            "type ",
            "enum ",
            "input ",
            "interface ",
            "union ",
            "scalar ",
        ];
        if let Some(kind) = kinds.iter().find(|k| line.starts_with(*k)) {
            let name = line[kind.len()..]
                .split([' ', '{'])
                .next()
                .unwrap_or_default()
                .to_owned();
            if !described {
                undocumented.push(name.clone());
            }
            owner = Some(name);
        } else if line.starts_with('}') {
            owner = None;
        } else if let (Some(owner), Some(member)) = (&owner, line.strip_prefix('\t')) {
            // A field, input field or enum value; deeper lines are its arguments.
            let name: String = member
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !member.starts_with('\t') && !name.is_empty() && !described {
                undocumented.push(format!("{owner}.{name}"));
            }
        }
        described = false;
    }
    assert!(undocumented.is_empty(), "undocumented: {undocumented:?}");
}

/// Every argument of every field is described, as introspection gives it to a client's tools;
/// only the federation spec's own `_entities(representations:)` is left as async-graphql
/// defines it.
#[tokio::test]
async fn every_argument_is_described() {
    let app = TestApp::spawn_empty().await;
    let data = app
        .data("{ __schema { types { name fields { name args { name description } } } } }")
        .await;
    let mut seen = 0;
    let mut undescribed = Vec::new();
    for ty in data["__schema"]["types"].as_array().expect("types") {
        let name = ty["name"].as_str().unwrap_or_default();
        if name.starts_with("__") {
            continue;
        }
        for field in ty["fields"].as_array().into_iter().flatten() {
            let field_name = field["name"].as_str().unwrap_or_default();
            for arg in field["args"].as_array().into_iter().flatten() {
                seen += 1;
                let described = arg["description"]
                    .as_str()
                    .is_some_and(|d| !d.trim().is_empty());
                if !described && field_name != "_entities" {
                    undescribed.push(format!("{name}.{field_name}({})", arg["name"]));
                }
            }
        }
    }
    assert!(seen > 300, "only {seen} arguments seen");
    assert!(undescribed.is_empty(), "undescribed: {undescribed:?}");
}

/// The custom scalars say where their format is specified (`specifiedByURL` in introspection):
/// code generators and clients read it to pick a type.
#[tokio::test]
async fn custom_scalars_name_their_specification() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ date: __type(name: "Date") { kind specifiedByURL }
                 json: __type(name: "JSON") { kind specifiedByURL } }"#,
        )
        .await;
    assert_eq!(data["date"]["kind"], "SCALAR");
    assert_eq!(
        data["date"]["specifiedByURL"],
        "https://www.rfc-editor.org/rfc/rfc3339#section-5.6"
    );
    assert_eq!(data["json"]["kind"], "SCALAR");
    assert_eq!(
        data["json"]["specifiedByURL"],
        "https://www.rfc-editor.org/rfc/rfc8259"
    );
}
