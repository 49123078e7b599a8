//! A query's answer in the order of its selection, as the GraphQL spec has it (CollectFields:
//! each response key where it is first selected, through fragments).
//!
//! async-graphql resolves a query's fields concurrently and puts each in the answer when it is
//! done, so a field that waits for the database comes after one that does not (`__typename`
//! before the lists beside it, a `totalCount` counted on demand after the page). The planned
//! reads (see `plan`) write in selection order; so that both paths answer alike, byte for byte,
//! the resolvers' answers to queries are put in that order too. A mutation's fields run one
//! after another, so its answer is in order already.

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Value};

/// How deep the reordering goes through nested values and fragments: as deep as an answer
/// may nest (the depth limit) is far less.
const MAX_DEPTH: usize = 128;

/// Puts the fields of `data`, the answer to `operation` of `document` (the only one, when
/// `None`), in the order its selection names them.
pub(crate) fn in_selection_order(
    data: &mut Value,
    document: &ExecutableDocument,
    operation: Option<&str>,
) {
    if let Some(operation) = super::documents::operation(document, operation) {
        reorder(data, &[&operation.node.selection_set.node], document, 0);
    }
}

fn reorder(value: &mut Value, sets: &[&SelectionSet], document: &ExecutableDocument, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::List(items) => {
            for item in items {
                reorder(item, sets, document, depth + 1);
            }
        }
        Value::Object(map) => {
            let mut keys: Vec<(&Name, Vec<&SelectionSet>)> = Vec::new();
            for set in sets {
                collect(set, document, &mut keys, depth);
            }
            let in_order = keys.len() == map.len()
                && keys
                    .iter()
                    .zip(map.keys())
                    .all(|((key, _), present)| *key == present);
            if in_order {
                for ((_, sets), (_, value)) in keys.iter().zip(map.iter_mut()) {
                    reorder(value, sets, document, depth + 1);
                }
                return;
            }
            let mut old = std::mem::take(map);
            let mut ordered = IndexMap::with_capacity(old.len());
            for (key, sets) in &keys {
                if let Some(mut value) = old.swap_remove(*key) {
                    reorder(&mut value, sets, document, depth + 1);
                    ordered.insert((*key).clone(), value);
                }
            }
            // Nothing should be left; anything that is stays, after the rest.
            ordered.extend(old);
            *map = ordered;
        }
        _ => {}
    }
}

/// The response keys `set` selects, in order, each with the selection sets under it (one per
/// field that key merges), through fragments.
fn collect<'a>(
    set: &'a SelectionSet,
    document: &'a ExecutableDocument,
    keys: &mut Vec<(&'a Name, Vec<&'a SelectionSet>)>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => {
                let key = &field.node.response_key().node;
                let under = &field.node.selection_set.node;
                match keys.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, sets)) => sets.push(under),
                    None => keys.push((key, vec![under])),
                }
            }
            Selection::InlineFragment(inline) => {
                collect(&inline.node.selection_set.node, document, keys, depth + 1);
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                    collect(&fragment.node.selection_set.node, document, keys, depth + 1);
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn ordered(query: &str, data: serde_json::Value) -> String {
        let document = async_graphql::parser::parse_query(query).expect("parses");
        let mut value = Value::from_json(data).expect("a value");
        in_selection_order(&mut value, &document, None);
        serde_json::to_string(&value).expect("serializes")
    }

    #[test]
    fn keys_follow_the_selection_through_aliases_and_fragments() {
        let query = "{ a: x { q p } ...F ... on Query { z } } fragment F on Query { y x: w }";
        let data = serde_json::json!({ "y": 2, "z": 3, "x": 4, "a": { "p": 1, "q": 0 } });
        assert_eq!(
            ordered(query, data),
            r#"{"a":{"q":0,"p":1},"y":2,"x":4,"z":3}"#
        );
    }

    #[test]
    fn lists_are_ordered_item_by_item_and_nulls_stay() {
        let query = "{ l { b a } n { c d } }";
        let data = serde_json::json!({ "n": null, "l": [{ "a": 1, "b": 2 }, { "a": 3, "b": 4 }] });
        assert_eq!(
            ordered(query, data),
            r#"{"l":[{"b":2,"a":1},{"b":4,"a":3}],"n":null}"#
        );
    }
}
