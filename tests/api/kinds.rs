//! Every kind of record is declared once (`service::kinds`); here each one is looked for in
//! every place that lists the kinds, through the running API and the bundled network, so a kind
//! left out of any of them fails by name.

use gms_graph::service::{kinds::Kind, search::searchable};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// `TransformationProject` → `TRANSFORMATION_PROJECT`, as GraphQL enum values are named.
fn screaming(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

fn names(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|item| item[field].as_str().expect("a name").to_owned())
        .collect()
}

/// The natural key and the name of one record of `kind` in the bundled network.
async fn some_record(app: &TestApp, kind: Kind) -> (String, String) {
    let searched = searchable()
        .iter()
        .find(|s| s.kind == kind)
        .unwrap_or_else(|| panic!("{kind} is not searchable"));
    let sql = format!(
        "SELECT {key} AS k, {label} AS l FROM {table} ORDER BY {key} LIMIT 1",
        key = searched.key,
        label = searched.label,
        table = kind.table()
    );
    let row = app
        .db
        .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .expect("a key")
        .unwrap_or_else(|| panic!("the bundled network has no {kind}"));
    (
        row.try_get("", "k").expect("a text key"),
        row.try_get("", "l").expect("a text name"),
    )
}

#[tokio::test]
async fn every_kind_is_in_every_place_that_lists_kinds() {
    let app = TestApp::spawn().await;
    let declared: Vec<String> = Kind::ALL.iter().map(|k| k.name().to_owned()).collect();
    let schema = app
        .data(
            r#"{
              node: __type(name: "Node") { possibleTypes { name } }
              entityType: __type(name: "EntityType") { enumValues { name } }
              query: __type(name: "Query") { fields { name type { name ofType { name } } } }
            }"#,
        )
        .await;
    let mut members = names(&schema["node"]["possibleTypes"], "name");
    members.sort();
    let mut sorted = declared.clone();
    sorted.sort();
    assert_eq!(members, sorted, "the Node interface's members");
    assert_eq!(
        names(&schema["entityType"]["enumValues"], "name"),
        declared.iter().map(|n| screaming(n)).collect::<Vec<_>>(),
        "EntityType's values, in the declared order"
    );
    let roots: Vec<String> = schema["query"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["type"]["ofType"]["name"].as_str().map(str::to_owned))
        .collect();
    let search_kinds: Vec<Kind> = searchable().iter().map(|s| s.kind).collect();
    assert_eq!(search_kinds, Kind::ALL, "what search looks into");

    for kind in Kind::ALL {
        let name = kind.name();
        assert!(
            roots.contains(&format!("{name}Connection")),
            "no root connection of {name}"
        );
        let (key, label) = some_record(&app, *kind).await;
        let id = kind.global_id(&key);
        let found = app
            .data_with(
                r#"query($id: ID!, $rep: _Any!, $types: [EntityType!]) {
                  node(id: $id) { __typename id }
                  _entities(representations: [$rep]) { ... on Node { __typename id } }
                  search(text: $key, types: $types, first: 1) { totalCount }
                }"#
                .replace("$key", &json!(label).to_string())
                .as_str(),
                json!({
                    "id": id,
                    "rep": { "__typename": name, "id": id },
                    "types": [screaming(name)],
                }),
            )
            .await;
        assert_eq!(
            found["node"],
            json!({ "__typename": name, "id": id }),
            "node(id:) of {name}"
        );
        assert_eq!(
            found["_entities"],
            json!([{ "__typename": name, "id": id }]),
            "_entities of {name}"
        );
        assert!(
            found["search"]["totalCount"].as_i64() >= Some(1),
            "search of {name} by its name {label:?}: {found}"
        );
    }
}
