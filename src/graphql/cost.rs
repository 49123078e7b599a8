//! What an operation costs, estimated before it runs the way Apollo Router's demand control
//! estimates it (its static cost, after the IBM GraphQL cost specification), from the `@cost`
//! and `@listSize` the subgraph SDL carries (see `sdl`). The server refuses an operation that
//! costs more than `--max-cost`; a router reading the same SDL reaches the same figure.
//!
//! - A field returning an object, an interface or a union costs 1, a scalar or an enum 0,
//!   unless the field has `@cost(weight:)`; plus what its selection costs.
//! - A list field costs that once per item it is expected to hold: the size its parent's
//!   `@listSize(sizedFields:)` gives it, or its own `@listSize` (the largest slicing argument
//!   given, else `assumedSize`), else [`DEFAULT_LIST_SIZE`].
//! - An argument costs its `@cost` weight; an input object 1 (or its weight) plus its fields;
//!   a list the sum of its items. Variables count by the values the request gives.
//! - A mutation costs 10 more; `__typename`, introspection, and fields skipped by a literal
//!   `@skip(if: true)` or `@include(if: false)` cost nothing.
//!
//! Two things the SDL cannot say, where the server counts what it will run: `_entities` is
//! sized by the representations given, and a variable the request leaves out counts at the
//! default the operation declares for it.

use std::collections::HashMap;

use async_graphql::Variables;
use async_graphql::parser::types::{
    BaseType, ExecutableDocument, Field, OperationType, Selection, SelectionSet, ServiceDocument,
    Type, TypeKind, TypeSystemDefinition,
};
use async_graphql_value::{ConstValue, Name, Value};

/// How many items a list is taken to hold when nothing in the schema says (Apollo Router's
/// `list_size`): no list in this schema is left without `@listSize`.
pub const DEFAULT_LIST_SIZE: u64 = 50;

/// What the cost of an operation is computed from: each type's fields and arguments, with
/// their `@cost` and `@listSize`.
#[derive(Debug, Default)]
pub struct CostModel {
    types: HashMap<Name, TypeModel>,
}

#[derive(Debug)]
enum TypeModel {
    /// An object or interface: its fields.
    Composite(HashMap<Name, FieldModel>),
    /// A union: no fields but `__typename`.
    Union,
    /// A scalar or an enum.
    Leaf,
    /// An input object: its fields.
    Input(HashMap<Name, InputModel>),
}

#[derive(Debug)]
struct FieldModel {
    ty: Name,
    list: bool,
    weight: Option<u64>,
    list_size: Option<ListSize>,
    arguments: HashMap<Name, InputModel>,
}

#[derive(Debug)]
struct InputModel {
    ty: Name,
    default: Option<ConstValue>,
    weight: Option<u64>,
}

/// A field's `@listSize`.
#[derive(Debug, Default)]
struct ListSize {
    assumed: Option<u64>,
    slicing: Vec<Name>,
    sized: Vec<Name>,
}

/// The values a request gives its variables, with the operation's defaults for those it leaves
/// out.
struct Scope<'a> {
    doc: &'a ExecutableDocument,
    variables: &'a Variables,
    defaults: HashMap<&'a Name, &'a ConstValue>,
}

impl Scope<'_> {
    fn variable(&self, name: &Name) -> Option<&ConstValue> {
        self.variables
            .get(name)
            .or_else(|| self.defaults.get(name).copied())
    }

    /// An argument's value as an integer, if the document or the variables give one.
    fn integer(&self, value: &Value) -> Option<i64> {
        match value {
            Value::Number(n) => n.as_i64(),
            Value::Variable(name) => match self.variable(name) {
                Some(ConstValue::Number(n)) => n.as_i64(),
                _ => None,
            },
            _ => None,
        }
    }
}

impl CostModel {
    /// The model of the schema `sdl` describes.
    pub fn from_sdl(sdl: &str) -> Result<Self, String> {
        let doc = async_graphql::parser::parse_schema(sdl).map_err(|err| err.to_string())?;
        Ok(Self::of(&doc))
    }

    fn of(doc: &ServiceDocument) -> Self {
        let mut types = HashMap::new();
        for definition in &doc.definitions {
            let TypeSystemDefinition::Type(ty) = definition else {
                continue;
            };
            let ty = &ty.node;
            let model = match &ty.kind {
                TypeKind::Object(object) => TypeModel::Composite(fields(&object.fields)),
                TypeKind::Interface(interface) => TypeModel::Composite(fields(&interface.fields)),
                TypeKind::Union(_) => TypeModel::Union,
                TypeKind::Scalar | TypeKind::Enum(_) => TypeModel::Leaf,
                TypeKind::InputObject(input) => TypeModel::Input(
                    input
                        .fields
                        .iter()
                        .map(|f| (f.node.name.node.clone(), input_model(&f.node)))
                        .collect(),
                ),
            };
            // An extension adds its fields to the type's.
            match (types.get_mut(&ty.name.node), model) {
                (Some(TypeModel::Composite(known)), TypeModel::Composite(more)) => {
                    known.extend(more);
                }
                (_, model) => {
                    types.insert(ty.name.node.clone(), model);
                }
            }
        }
        Self { types }
    }

    /// What the operation `operation` of `doc` costs with `variables` (and the operation's
    /// defaults for those left out); `None` when the document holds no such operation (it is
    /// refused later, for that). The document has passed the census (`Guard::check_document`):
    /// no fragment unknown or spreading itself, and a bounded number of fields once expanded,
    /// which bounds this walk.
    pub fn cost(
        &self,
        doc: &ExecutableDocument,
        operation: Option<&str>,
        variables: &Variables,
    ) -> Option<u64> {
        let operation = &super::documents::operation(doc, operation)?.node;
        let (root, base) = match operation.ty {
            OperationType::Query => ("Query", 0),
            OperationType::Mutation => ("Mutation", 10),
            OperationType::Subscription => ("Subscription", 0),
        };
        let defaults = operation
            .variable_definitions
            .iter()
            .filter_map(|v| Some((&v.node.name.node, &v.node.default_value.as_ref()?.node)))
            .collect();
        let scope = Scope {
            doc,
            variables,
            defaults,
        };
        let root = Name::new(root);
        let selection = self.selection_set(&scope, &operation.selection_set.node, &root, None);
        Some(selection.saturating_add(base))
    }

    fn selection_set(
        &self,
        scope: &Scope,
        set: &SelectionSet,
        parent: &Name,
        sizing: Option<&Sizing>,
    ) -> u64 {
        let mut cost = 0u64;
        for selection in &set.items {
            let add = match &selection.node {
                Selection::Field(field) => {
                    let upstream = sizing.and_then(|s| s.size_of(&field.node.name.node));
                    self.field(scope, &field.node, parent, upstream)
                }
                Selection::FragmentSpread(spread) => {
                    match scope.doc.fragments.get(&spread.node.fragment_name.node) {
                        Some(fragment) => self.selection_set(
                            scope,
                            &fragment.node.selection_set.node,
                            &fragment.node.type_condition.node.on.node,
                            sizing,
                        ),
                        None => 0,
                    }
                }
                Selection::InlineFragment(inline) => {
                    let on = inline
                        .node
                        .type_condition
                        .as_ref()
                        .map_or(parent, |condition| &condition.node.on.node);
                    self.selection_set(scope, &inline.node.selection_set.node, on, sizing)
                }
            };
            cost = cost.saturating_add(add);
        }
        cost
    }

    fn field(&self, scope: &Scope, field: &Field, parent: &Name, upstream: Option<u64>) -> u64 {
        let name = &field.name.node;
        if name.starts_with("__") || skipped(field) {
            return 0;
        }
        if parent.as_str() == "Query" && name.as_str() == "_entities" {
            return self.entities(scope, field);
        }
        let Some(TypeModel::Composite(fields)) = self.types.get(parent) else {
            return 0;
        };
        let Some(definition) = fields.get(name) else {
            // `_service`, or a field that is not there (refused when validated).
            return u64::from(name.as_str() == "_service");
        };
        let sizing = definition
            .list_size
            .as_ref()
            .map(|list_size| Sizing::new(list_size, definition, field, scope));
        let count = if !definition.list {
            1
        } else if let Some(size) = upstream {
            size
        } else if let Some(size) = sizing.as_ref().and_then(|s| s.expected) {
            size
        } else {
            DEFAULT_LIST_SIZE
        };
        let own = definition
            .weight
            .unwrap_or(match self.types.get(&definition.ty) {
                Some(TypeModel::Composite(_) | TypeModel::Union) => 1,
                _ => 0,
            });
        let selection = self.selection_set(
            scope,
            &field.selection_set.node,
            &definition.ty,
            sizing.as_ref(),
        );
        let arguments = field
            .arguments
            .iter()
            .filter_map(|(name, value)| {
                let argument = definition.arguments.get(&name.node)?;
                Some(self.argument(scope, &value.node, argument))
            })
            .fold(0u64, u64::saturating_add);
        count
            .saturating_mul(own.saturating_add(selection))
            .saturating_add(arguments)
    }

    /// `_entities`: one `_Entity` per representation given (one given alone counts as a list
    /// of one, as GraphQL coerces it), each costing what its selection asks of its type.
    fn entities(&self, scope: &Scope, field: &Field) -> u64 {
        let count = field
            .arguments
            .iter()
            .find(|(name, _)| name.node.as_str() == "representations")
            .map_or(0, |(_, value)| match &value.node {
                Value::List(items) => items.len(),
                Value::Variable(name) => match scope.variable(name) {
                    Some(ConstValue::List(items)) => items.len(),
                    Some(ConstValue::Null) | None => 0,
                    Some(_) => 1,
                },
                Value::Null => 0,
                _ => 1,
            });
        let each = 1u64.saturating_add(self.selection_set(
            scope,
            &field.selection_set.node,
            &Name::new("_Entity"),
            None,
        ));
        (count as u64).saturating_mul(each)
    }

    fn argument(&self, scope: &Scope, value: &Value, argument: &InputModel) -> u64 {
        match value {
            Value::Variable(name) => scope
                .variable(name)
                .map_or(0, |value| self.value(value, argument)),
            Value::Null => 0,
            Value::List(items) => items
                .iter()
                .map(|item| self.argument(scope, item, argument))
                .fold(argument.weight.unwrap_or(0), u64::saturating_add),
            Value::Object(entries) => match self.types.get(&argument.ty) {
                Some(TypeModel::Input(inputs)) => entries
                    .iter()
                    .filter_map(|(name, value)| {
                        Some(self.argument(scope, value, inputs.get(name)?))
                    })
                    .fold(argument.weight.unwrap_or(1), u64::saturating_add),
                _ => argument.weight.unwrap_or(0),
            },
            _ => argument.weight.unwrap_or(0),
        }
    }

    /// The same for a value the variables give.
    fn value(&self, value: &ConstValue, argument: &InputModel) -> u64 {
        match value {
            ConstValue::Null => 0,
            ConstValue::List(items) => items
                .iter()
                .map(|item| self.value(item, argument))
                .fold(argument.weight.unwrap_or(0), u64::saturating_add),
            ConstValue::Object(entries) => match self.types.get(&argument.ty) {
                Some(TypeModel::Input(inputs)) => entries
                    .iter()
                    .filter_map(|(name, value)| Some(self.value(value, inputs.get(name)?)))
                    .fold(argument.weight.unwrap_or(1), u64::saturating_add),
                _ => argument.weight.unwrap_or(0),
            },
            _ => argument.weight.unwrap_or(0),
        }
    }
}

/// A field's `@listSize` with the request's arguments: how many items it, or the fields it
/// sizes, are expected to hold.
struct Sizing<'m> {
    expected: Option<u64>,
    sized: &'m [Name],
}

impl<'m> Sizing<'m> {
    fn new(list_size: &'m ListSize, definition: &FieldModel, field: &Field, scope: &Scope) -> Self {
        let mut slices: HashMap<&Name, i64> = HashMap::new();
        for name in &list_size.slicing {
            let default = definition
                .arguments
                .get(name)
                .and_then(|a| match &a.default {
                    Some(ConstValue::Number(n)) => n.as_i64(),
                    _ => None,
                });
            if let Some(default) = default {
                slices.insert(name, default);
            }
        }
        for (name, value) in &field.arguments {
            if list_size.slicing.contains(&name.node)
                && let Some(given) = scope.integer(&value.node)
            {
                slices.insert(&name.node, given);
            }
        }
        let expected = slices
            .values()
            .max()
            .map(|&n| n.max(0) as u64)
            .or(list_size.assumed);
        Self {
            expected,
            sized: &list_size.sized,
        }
    }

    fn size_of(&self, field: &Name) -> Option<u64> {
        if self.sized.contains(field) {
            self.expected
        } else {
            None
        }
    }
}

/// Whether a literal `@skip(if: true)` or `@include(if: false)` leaves the field out.
fn skipped(field: &Field) -> bool {
    field.directives.iter().any(|directive| {
        let literal = directive
            .node
            .get_argument("if")
            .and_then(|value| match &value.node {
                Value::Boolean(b) => Some(*b),
                _ => None,
            });
        match directive.node.name.node.as_str() {
            "skip" => literal == Some(true),
            "include" => literal == Some(false),
            _ => false,
        }
    })
}

fn fields(
    definitions: &[async_graphql::Positioned<async_graphql::parser::types::FieldDefinition>],
) -> HashMap<Name, FieldModel> {
    definitions
        .iter()
        .map(|f| {
            let f = &f.node;
            let (ty, list) = named(&f.ty.node);
            let mut weight = None;
            let mut list_size = None;
            for directive in &f.directives {
                let directive = &directive.node;
                match directive.name.node.as_str() {
                    "cost" => weight = integer_argument(directive, "weight"),
                    "listSize" => {
                        list_size = Some(ListSize {
                            assumed: integer_argument(directive, "assumedSize"),
                            slicing: names_argument(directive, "slicingArguments"),
                            sized: names_argument(directive, "sizedFields"),
                        });
                    }
                    _ => {}
                }
            }
            let model = FieldModel {
                ty,
                list,
                weight,
                list_size,
                arguments: f
                    .arguments
                    .iter()
                    .map(|a| (a.node.name.node.clone(), input_model(&a.node)))
                    .collect(),
            };
            (f.name.node.clone(), model)
        })
        .collect()
}

fn input_model(definition: &async_graphql::parser::types::InputValueDefinition) -> InputModel {
    InputModel {
        ty: named(&definition.ty.node).0,
        default: definition.default_value.as_ref().map(|v| v.node.clone()),
        weight: definition
            .directives
            .iter()
            .find(|d| d.node.name.node.as_str() == "cost")
            .and_then(|d| integer_argument(&d.node, "weight")),
    }
}

/// A type's named type, and whether it is a list.
pub(super) fn named(ty: &Type) -> (Name, bool) {
    match &ty.base {
        BaseType::Named(name) => (name.clone(), false),
        BaseType::List(inner) => (named(inner).0, true),
    }
}

fn integer_argument(
    directive: &async_graphql::parser::types::ConstDirective,
    name: &str,
) -> Option<u64> {
    match directive.get_argument(name).map(|v| &v.node) {
        Some(ConstValue::Number(n)) => n.as_u64(),
        _ => None,
    }
}

fn names_argument(
    directive: &async_graphql::parser::types::ConstDirective,
    name: &str,
) -> Vec<Name> {
    match directive.get_argument(name).map(|v| &v.node) {
        Some(ConstValue::List(items)) => items
            .iter()
            .filter_map(|item| match item {
                ConstValue::String(s) => Some(Name::new(s)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const SDL: &str = r#"
        type Query {
            shelves(first: Int, last: Int, after: String): ShelfConnection! @listSize(assumedSize: 50, slicingArguments: ["first", "last"], sizedFields: ["edges", "nodes"], requireOneSlicingArgument: false)
            shelf(id: ID!): Shelf
            search(filter: BookFilter): [Book!]! @listSize(assumedSize: 20)
            everything: [Book!]!
        }
        type Mutation { shelve(id: ID!): Book! stock(first: Int): [Shelf!]! @listSize(slicingArguments: ["first"]) }
        type ShelfConnection { edges: [ShelfEdge!]! nodes: [Shelf!]! totalCount: Int! @cost(weight: 1) }
        type ShelfEdge { cursor: String! node: Shelf! }
        type Shelf { id: ID! name: String! books(first: Int = 10): [Book!]! @listSize(slicingArguments: ["first"]) }
        type Book { id: ID! title: String! }
        input BookFilter { title: StringFilter and: [BookFilter!] }
        input StringFilter { eq: String }
    "#;

    fn cost(query: &str, variables: serde_json::Value) -> u64 {
        let model = CostModel::from_sdl(SDL).unwrap();
        let doc = async_graphql::parser::parse_query(query).unwrap();
        let variables = Variables::from_json(variables);
        model.cost(&doc, None, &variables).unwrap()
    }

    #[test]
    fn objects_cost_one_and_leaves_nothing() {
        assert_eq!(
            cost(
                "{ shelf(id: 1) { id name __typename } }",
                serde_json::json!({})
            ),
            1
        );
        assert_eq!(cost("{ __typename }", serde_json::json!({})), 0);
    }

    #[test]
    fn a_connection_sizes_its_edges_and_nodes_by_its_slicing_argument_or_assumed_size() {
        // 1 for the connection, 3 edges each 1 + its node 1, and the count's weight.
        let q = "{ shelves(first: 3) { edges { node { id } } totalCount } }";
        assert_eq!(cost(q, serde_json::json!({})), 1 + 3 * 2 + 1);
        let q = "query($n: Int) { shelves(first: $n) { nodes { id } } }";
        assert_eq!(cost(q, serde_json::json!({"n": 7})), 1 + 7);
        assert_eq!(cost(q, serde_json::json!({})), 1 + 50);
        let q = "query($n: Int = 4) { shelves(first: $n) { nodes { id } } }";
        assert_eq!(
            cost(q, serde_json::json!({})),
            1 + 4,
            "the operation's default"
        );
        // Another operation's default is not this one's.
        let model = CostModel::from_sdl(SDL).unwrap();
        let doc = async_graphql::parser::parse_query(
            "query A($n: Int = 0) { shelf(id: 1) { books(first: $n) { id } } } \
             query B($n: Int) { shelves(first: $n) { nodes { id } } }",
        )
        .unwrap();
        assert_eq!(
            model.cost(&doc, Some("B"), &Variables::default()),
            Some(1 + 50)
        );
        // A list sized by its own argument's default, and nested.
        let q = "{ shelves(last: 2) { nodes { books { id } } } }";
        assert_eq!(cost(q, serde_json::json!({})), 1 + 2 * (1 + 10));
    }

    #[test]
    fn lists_without_a_slicing_argument_take_their_assumed_or_the_default_size() {
        assert_eq!(cost("{ search { id } }", serde_json::json!({})), 20);
        assert_eq!(
            cost("{ everything { id } }", serde_json::json!({})),
            DEFAULT_LIST_SIZE
        );
    }

    #[test]
    fn input_objects_cost_one_each_and_mutations_ten_more() {
        let q =
            r#"{ search(filter: { title: { eq: "x" }, and: [{ title: { eq: "y" } }] }) { id } }"#;
        // filter 1 + title 1 + and [1 + title 1].
        assert_eq!(cost(q, serde_json::json!({})), 20 + 4);
        let q = "query($f: BookFilter) { search(filter: $f) { id } }";
        assert_eq!(
            cost(q, serde_json::json!({"f": {"title": {"eq": "x"}}})),
            20 + 2
        );
        assert_eq!(
            cost("mutation { shelve(id: 1) { id } }", serde_json::json!({})),
            11
        );
        // However large, it does not wrap round to a small cost.
        let each = "stock(first: 2147483647) { books(first: 2147483647) { id } }";
        let huge = format!("mutation {{ a: {each} b: {each} c: {each} d: {each} e: {each} }}");
        assert_eq!(cost(&huge, serde_json::json!({})), u64::MAX);
    }

    #[test]
    fn fragments_count_where_spread_and_skipped_fields_not_at_all() {
        let q = "{ shelves(first: 2) { nodes { ...F } } shelf(id: 1) @skip(if: true) { id } } \
                 fragment F on Shelf { books(first: 3) { id } }";
        assert_eq!(cost(q, serde_json::json!({})), 1 + 2 * (1 + 3));
        let q = "query($no: Boolean!) { shelf(id: 1) @include(if: $no) { id } }";
        assert_eq!(
            cost(q, serde_json::json!({"no": false})),
            1,
            "as a router, by the literal only"
        );
    }
}
