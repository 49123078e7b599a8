//! What a document asks, counted once when it is parsed, in time linear in its length: its
//! aliases, whether it introspects, how many fields it selects once every fragment spread is
//! expanded, whether a fragment spreads itself, and the arguments it passes (measured now when
//! they are constants, kept for the request's variables when not; see `inputs`).
//!
//! The expanded count is what a fragment spread twice per level makes exponential: each
//! fragment's count is computed once and reused wherever it is spread, so a 1 KB document that
//! expands to millions of fields is counted in microseconds and refused before async-graphql's
//! own checks, which walk every expansion, ever see it.

use std::collections::HashMap;

use async_graphql::{
    Name,
    parser::types::{ExecutableDocument, Selection, SelectionSet},
};
use async_graphql_value::{ConstValue, Value};

use super::inputs::Measure;

/// An argument the document passes to a field.
#[derive(Debug)]
pub struct Argument {
    /// The field's name (not its alias), for messages.
    pub field: Name,
    pub name: Name,
    pub value: Passed,
}

/// An argument's value: measured when the document wrote it whole, or to be measured with each
/// request's variables.
#[derive(Debug)]
pub enum Passed {
    Constant(Measure),
    WithVariables(Value),
}

/// What a document asks, counted over every operation, each fragment once.
#[derive(Debug, Default)]
pub struct Census {
    pub aliases: usize,
    pub introspects: bool,
    /// Fields selected once every fragment spread is expanded (saturating).
    pub fields: usize,
    /// A fragment that spreads itself, directly or through others: the spreads in a ring.
    pub cycle: Option<Vec<Name>>,
    /// A fragment spread that the document does not define (the first).
    pub unknown: Option<Name>,
    pub arguments: Vec<Argument>,
    /// The default values the operations give their variables.
    pub defaults: HashMap<Name, ConstValue>,
}

impl Census {
    /// What every operation of `doc` asks.
    pub fn of(doc: &ExecutableDocument) -> Self {
        let mut walk = Walk {
            doc,
            counted: HashMap::new(),
            open: Vec::new(),
            census: Census::default(),
        };
        for (_, operation) in doc.operations.iter() {
            for definition in &operation.node.variable_definitions {
                if let Some(default) = &definition.node.default_value {
                    walk.census
                        .defaults
                        .entry(definition.node.name.node.clone())
                        .or_insert_with(|| default.node.clone());
                }
            }
            let fields = walk.set(&operation.node.selection_set.node);
            walk.census.fields = walk.census.fields.saturating_add(fields);
        }
        walk.census
    }
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    /// Fragments counted so far, with their expanded fields.
    counted: HashMap<&'a Name, usize>,
    /// The fragments being counted, outermost first.
    open: Vec<&'a Name>,
    census: Census,
}

impl<'a> Walk<'a> {
    /// The expanded fields of `set`.
    fn set(&mut self, set: &'a SelectionSet) -> usize {
        let mut fields = 0usize;
        for selection in &set.items {
            let more = match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    self.census.aliases += usize::from(field.alias.is_some());
                    let name = field.name.node.as_str();
                    self.census.introspects |= name == "__schema" || name == "__type";
                    for (argument, value) in &field.arguments {
                        self.census.arguments.push(Argument {
                            field: field.name.node.clone(),
                            name: argument.node.clone(),
                            value: passed(&value.node),
                        });
                    }
                    1usize.saturating_add(self.set(&field.selection_set.node))
                }
                Selection::InlineFragment(fragment) => self.set(&fragment.node.selection_set.node),
                Selection::FragmentSpread(spread) => self.fragment(&spread.node.fragment_name.node),
            };
            fields = fields.saturating_add(more);
        }
        fields
    }

    /// The expanded fields of the fragment `name`: counted the first time, looked up after.
    fn fragment(&mut self, name: &'a Name) -> usize {
        if let Some(&fields) = self.counted.get(name) {
            return fields;
        }
        if let Some(at) = self.open.iter().position(|open| *open == name) {
            if self.census.cycle.is_none() {
                let mut ring: Vec<Name> = self.open[at..].iter().map(|n| (*n).clone()).collect();
                ring.push(name.clone());
                self.census.cycle = Some(ring);
            }
            return 0;
        }
        // An unknown fragment selects nothing here, and the document is refused for it before
        // anything else walks it.
        let Some(fragment) = self.doc.fragments.get(name) else {
            if self.census.unknown.is_none() {
                self.census.unknown = Some(name.clone());
            }
            return 0;
        };
        self.open.push(name);
        let fields = self.set(&fragment.node.selection_set.node);
        self.open.pop();
        self.counted.insert(name, fields);
        fields
    }
}

fn passed(value: &Value) -> Passed {
    if uses_variables(value) {
        Passed::WithVariables(value.clone())
    } else {
        Passed::Constant(Measure::of_value(value, &|_| None))
    }
}

fn uses_variables(value: &Value) -> bool {
    match value {
        Value::Variable(_) => true,
        Value::List(items) => items.iter().any(uses_variables),
        Value::Object(map) => map.values().any(uses_variables),
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn census(query: &str) -> Census {
        Census::of(&async_graphql::parser::parse_query(query).unwrap())
    }

    /// Each fragment spreads the one below it twice, `levels` deep.
    fn doubling(levels: usize) -> String {
        let mut query = String::from("{ ...F0 }");
        for n in 0..levels {
            query += &format!(" fragment F{n} on Query {{ ...F{} ...F{} }}", n + 1, n + 1);
        }
        query + &format!(" fragment F{levels} on Query {{ __typename }}")
    }

    #[test]
    fn fields_are_counted_expanded_without_expanding() {
        assert_eq!(census("{ a b { c d } }").fields, 4);
        assert_eq!(census(&doubling(3)).fields, 8);
        assert_eq!(census(&doubling(40)).fields, 1 << 40);
        assert_eq!(census(&doubling(70)).fields, usize::MAX);
    }

    #[test]
    fn a_fragment_that_spreads_itself_is_found() {
        let ring = census("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }")
            .cycle
            .unwrap();
        assert_eq!(ring, [Name::new("A"), Name::new("B"), Name::new("A")]);
        assert!(census(&doubling(5)).cycle.is_none());
    }
}
