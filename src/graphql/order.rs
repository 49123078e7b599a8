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

use crate::service::kinds::Kind;

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
            let keys = keys_of(map, sets, document, depth);
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
                if let Some(mut value) = old.shift_remove(*key) {
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

/// The response keys an object's selection names, in order, each with the selection sets under
/// it. Where fragments on two kinds or more could apply (a union or an interface: `node`,
/// `_entities`, search), the order is that of the kind whose selection holds every key the
/// object has: the answer does not say its type unless asked.
fn keys_of<'a>(
    map: &IndexMap<Name, Value>,
    sets: &[&'a SelectionSet],
    document: &'a ExecutableDocument,
    depth: usize,
) -> Keys<'a> {
    let mut kinds = Vec::new();
    for set in sets {
        kinds_in(set, document, &mut kinds, depth);
    }
    let for_kind = |kind: Option<&str>| {
        let mut keys = Vec::new();
        for set in sets {
            collect(set, document, kind, &mut keys, depth);
        }
        keys
    };
    if kinds.len() < 2 {
        return for_kind(None);
    }
    let fitting: Vec<Keys<'a>> = kinds
        .iter()
        .map(|kind| for_kind(Some(kind)))
        .filter(|keys| {
            map.keys()
                .all(|present| keys.iter().any(|(key, _)| *key == present))
        })
        .collect();
    // Where the kinds that could be this record's order its keys differently, it is left in
    // the order it was answered in (nothing is left out: keys not listed stay, after the rest).
    let order = |keys: &Keys<'a>| -> Vec<&'a Name> {
        keys.iter()
            .map(|(key, _)| *key)
            .filter(|key| map.contains_key(*key))
            .collect()
    };
    match fitting.split_first() {
        Some((first, others)) if others.iter().all(|keys| order(keys) == order(first)) => {
            fitting.into_iter().next().unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

type Keys<'a> = Vec<(&'a Name, Vec<&'a SelectionSet>)>;

/// The kinds of record that fragments in `set` are on, each once.
fn kinds_in<'a>(
    set: &'a SelectionSet,
    document: &'a ExecutableDocument,
    kinds: &mut Vec<&'a str>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    fn add<'a>(kinds: &mut Vec<&'a str>, condition: &'a str) {
        if Kind::named(condition).is_some() && !kinds.contains(&condition) {
            kinds.push(condition);
        }
    }
    for selection in &set.items {
        match &selection.node {
            Selection::Field(_) => {}
            Selection::InlineFragment(inline) => {
                if let Some(condition) = &inline.node.type_condition {
                    add(kinds, condition.node.on.node.as_str());
                }
                kinds_in(&inline.node.selection_set.node, document, kinds, depth + 1);
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                    add(kinds, fragment.node.type_condition.node.on.node.as_str());
                    kinds_in(
                        &fragment.node.selection_set.node,
                        document,
                        kinds,
                        depth + 1,
                    );
                }
            }
        }
    }
}

/// Whether a fragment on `condition` applies to a record of `kind` (any, when `None`): one on
/// another kind does not; one on an interface or a union, or on none, does.
fn applies(condition: Option<&str>, kind: Option<&str>) -> bool {
    match (condition, kind) {
        (Some(condition), Some(kind)) => condition == kind || Kind::named(condition).is_none(),
        _ => true,
    }
}

/// The response keys `set` selects on a record of `kind` (any, when `None`), in order, each
/// with the selection sets under it (one per field that key merges), through fragments.
fn collect<'a>(
    set: &'a SelectionSet,
    document: &'a ExecutableDocument,
    kind: Option<&str>,
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
                let condition = inline.node.type_condition.as_ref();
                if applies(condition.map(|c| c.node.on.node.as_str()), kind) {
                    collect(
                        &inline.node.selection_set.node,
                        document,
                        kind,
                        keys,
                        depth + 1,
                    );
                }
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node)
                    && applies(
                        Some(fragment.node.type_condition.node.on.node.as_str()),
                        kind,
                    )
                {
                    collect(
                        &fragment.node.selection_set.node,
                        document,
                        kind,
                        keys,
                        depth + 1,
                    );
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
    fn records_of_a_union_follow_the_fragments_on_their_kind() {
        let query = "{ e { ... on Alliance { slug name } ... on Hub { name leadTrust } id } }";
        let data = serde_json::json!({ "e": [
            { "id": 1, "name": "A", "slug": "a" },
            { "leadTrust": null, "id": 2, "name": "H" },
        ] });
        assert_eq!(
            ordered(query, data),
            r#"{"e":[{"slug":"a","name":"A","id":1},{"name":"H","leadTrust":null,"id":2}]}"#
        );
        // Where the record could be of either kind, and they order its keys differently, it
        // stays as answered.
        let query = "{ e { ... on Alliance { slug name } ... on Hub { name slug } } }";
        let data = serde_json::json!({ "e": { "name": "H", "slug": "h" } });
        assert_eq!(ordered(query, data), r#"{"e":{"name":"H","slug":"h"}}"#);
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
