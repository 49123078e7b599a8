//! What the SDL tells a router of authorization (`--federation-auth`: `@requiresScopes`, a
//! token's role being its scope, and `@authenticated`) is what the server itself enforces,
//! field by field.

use std::collections::HashSet;

use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};
use entity::api_token::Role;
use gms_graph::graphql::SdlOptions;
use serde_json::{Map, Value, json};

use crate::helpers::TestApp;

fn auth_sdl(reads_need_token: bool) -> String {
    gms_graph::graphql::sdl(&SdlOptions {
        auth: true,
        reads_need_token,
        ..SdlOptions::default()
    })
}

/// The schema's types, to make up valid arguments.
struct Types(async_graphql::parser::types::ServiceDocument);

impl Types {
    fn kind(&self, name: &str) -> Option<&TypeKind> {
        self.0.definitions.iter().find_map(|d| match d {
            TypeSystemDefinition::Type(ty) if ty.node.name.node == name => Some(&ty.node.kind),
            _ => None,
        })
    }

    /// A value of `ty` that parses: required input fields only, empty lists.
    fn value(&self, ty: &Type) -> Value {
        let BaseType::Named(name) = &ty.base else {
            return json!([]);
        };
        match name.as_str() {
            "String" => json!("x"),
            "ID" => json!("Hub:x"),
            "Int" => json!(1),
            "Float" => json!(1.0),
            "Boolean" => json!(false),
            "Date" => json!("2020-01-01"),
            "JSON" => json!({}),
            other => match self.kind(other) {
                Some(TypeKind::Enum(values)) => json!(values.values[0].node.value.node.as_str()),
                Some(TypeKind::InputObject(input)) => {
                    let mut object = Map::new();
                    for field in &input.fields {
                        let field = &field.node;
                        if !field.ty.node.nullable && field.default_value.is_none() {
                            object.insert(field.name.node.to_string(), self.value(&field.ty.node));
                        }
                    }
                    Value::Object(object)
                }
                _ => panic!("no value made up for {other}"),
            },
        }
    }
}

/// Each `Type.field` the SDL gives `@requiresScopes`, with the scopes (roles) any of which it
/// takes.
fn scoped(sdl: &str) -> Vec<(String, String, HashSet<String>)> {
    let doc = async_graphql::parser::parse_schema(sdl).expect("the SDL parses");
    let mut out = Vec::new();
    for definition in &doc.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let fields = match &ty.node.kind {
            TypeKind::Object(object) => &object.fields,
            TypeKind::Interface(interface) => &interface.fields,
            _ => continue,
        };
        for field in fields {
            for directive in &field.node.directives {
                if directive.node.name.node != "requiresScopes" {
                    continue;
                }
                let scopes = directive.node.get_argument("scopes").expect("scopes");
                let roles = scopes
                    .node
                    .clone()
                    .into_json()
                    .expect("json")
                    .as_array()
                    .expect("alternatives")
                    .iter()
                    .map(|all| {
                        let all = all.as_array().expect("scopes");
                        assert_eq!(all.len(), 1, "one role per alternative");
                        all[0].as_str().expect("a scope").to_owned()
                    })
                    .collect();
                out.push((
                    ty.node.name.node.to_string(),
                    field.node.name.node.to_string(),
                    roles,
                ));
            }
        }
    }
    out
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Viewer => "viewer",
        Role::Editor => "editor",
        Role::Admin => "admin",
    }
}

fn code(body: &Value) -> String {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn every_mutation_takes_the_roles_its_scopes_name_and_no_others() {
    let sdl = auth_sdl(false);
    let types = Types(async_graphql::parser::parse_schema(&sdl).expect("parses"));
    let scoped = scoped(&sdl);
    let Some(TypeKind::Object(mutation)) = types.kind("Mutation") else {
        panic!("no Mutation");
    };
    let app = TestApp::spawn().await;
    let mut tokens = Vec::new();
    for role in [Role::Viewer, Role::Editor, Role::Admin] {
        tokens.push((role, app.token(role).await));
    }
    assert!(!mutation.fields.is_empty());
    for field in &mutation.fields {
        let field = &field.node;
        let name = field.name.node.as_str();
        let roles = scoped
            .iter()
            .find(|(ty, f, _)| ty == "Mutation" && f == name)
            .map(|(_, _, roles)| roles)
            .unwrap_or_else(|| panic!("Mutation.{name} has no @requiresScopes"));
        let mut declared = Vec::new();
        let mut passed = Vec::new();
        let mut variables = Map::new();
        for argument in &field.arguments {
            let argument = &argument.node;
            declared.push(format!("${}: {}", argument.name.node, argument.ty.node));
            passed.push(format!("{0}: ${0}", argument.name.node));
            variables.insert(
                argument.name.node.to_string(),
                types.value(&argument.ty.node),
            );
        }
        let query = format!(
            "mutation({}) {{ {name}({}) {{ __typename }} }}",
            declared.join(", "),
            passed.join(", ")
        );
        let variables = Value::Object(variables);
        let (_, body) = app.post_as(None, &query, variables.clone()).await;
        assert_eq!(
            code(&body),
            "UNAUTHENTICATED",
            "{name} without a token: {body}"
        );
        for (role, token) in &tokens {
            let (_, body) = app.post_as(Some(token), &query, variables.clone()).await;
            let refused = code(&body) == "FORBIDDEN";
            assert_eq!(
                refused,
                !roles.contains(role_name(*role)),
                "{name} as {role:?}, the SDL taking {roles:?}: {body}"
            );
        }
    }
}

#[tokio::test]
async fn history_and_changes_take_editors_and_admins_as_their_scopes_say() {
    let scoped = scoped(&auth_sdl(false));
    let editors: HashSet<String> = ["editor", "admin"].map(String::from).into();
    let history: Vec<_> = scoped.iter().filter(|(_, f, _)| f == "history").collect();
    assert!(history.len() > 10, "every record's history");
    assert!(history.iter().all(|(_, _, roles)| *roles == editors));
    assert!(
        scoped
            .iter()
            .any(|(ty, f, roles)| ty == "Query" && f == "changes" && *roles == editors)
    );
    // Nothing but writes, history and changes needs a role.
    for (ty, field, _) in &scoped {
        assert!(
            ty == "Mutation" || field == "history" || (ty == "Query" && field == "changes"),
            "{ty}.{field}"
        );
    }
    let app = TestApp::spawn().await;
    for query in [
        "{ hubBySlug(slug: \"north-west\") { history { id } } }",
        "{ changes(first: 1) { totalCount } }",
    ] {
        for (role, refused) in [
            (Role::Viewer, true),
            (Role::Editor, false),
            (Role::Admin, false),
        ] {
            let token = app.token(role).await;
            let (_, body) = app.post_as(Some(&token), query, json!({})).await;
            assert_eq!(
                code(&body) == "FORBIDDEN",
                refused,
                "{query} as {role:?}: {body}"
            );
        }
        let (_, body) = app.post_as(None, query, json!({})).await;
        assert_eq!(code(&body), "UNAUTHENTICATED", "{query}: {body}");
    }
}

#[tokio::test]
async fn with_reads_needing_a_token_every_root_field_and_entity_is_authenticated() {
    let sdl = auth_sdl(true);
    let doc = async_graphql::parser::parse_schema(&sdl).expect("parses");
    for definition in &doc.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let directives =
            |list: &[async_graphql::Positioned<async_graphql::parser::types::ConstDirective>]| {
                list.iter()
                    .map(|d| d.node.name.node.to_string())
                    .collect::<HashSet<_>>()
            };
        let on_type = directives(&ty.node.directives);
        if on_type.contains("key") {
            assert!(on_type.contains("authenticated"), "{}", ty.node.name.node);
        }
        if let TypeKind::Object(object) = &ty.node.kind
            && matches!(ty.node.name.node.as_str(), "Query" | "Subscription")
        {
            for field in &object.fields {
                let on_field = directives(&field.node.directives);
                assert!(
                    on_field.contains("authenticated") || on_field.contains("requiresScopes"),
                    "{}.{}",
                    ty.node.name.node,
                    field.node.name.node
                );
            }
        }
    }
    // And the server refuses a read without a token.
    let app = TestApp::spawn_with(gms_graph::http::AppOptions {
        require_auth: true,
        federation_auth: true,
        ..Default::default()
    })
    .await;
    let (status, body) = app
        .post_as(None, "{ hubs { totalCount } }", json!({}))
        .await;
    assert_eq!(
        (status, code(&body).as_str()),
        (401, "UNAUTHENTICATED"),
        "{body}"
    );
    let token = app.token(Role::Viewer).await;
    let (_, body) = app
        .post_as(Some(&token), "{ _service { sdl } }", json!({}))
        .await;
    assert!(
        body["data"]["_service"]["sdl"] == sdl.as_str(),
        "the served SDL says so too"
    );
}

/// `access::needed` is where the SDL learns what needs a role; `require` is where the server
/// checks it. A resolver that starts calling `require` elsewhere than these files must be
/// named there too.
#[test]
fn roles_are_required_only_where_the_sdl_says() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/graphql");
    let mut callers = Vec::new();
    let mut folders = vec![src.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("src/graphql") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if std::fs::read_to_string(&path)
                .expect("source")
                .contains("access::require")
            {
                let relative = path.strip_prefix(&src).expect("under src/graphql");
                callers.push(relative.display().to_string());
            }
        }
    }
    callers.sort();
    for caller in &callers {
        assert!(
            caller.starts_with("mutation/")
                || caller == "types/object.rs"
                || caller == "query/changes.rs",
            "{caller} requires a role: say which fields in access::needed"
        );
    }
    assert!(callers.contains(&"types/object.rs".to_owned()), "history");
    assert!(callers.contains(&"query/changes.rs".to_owned()));
}
