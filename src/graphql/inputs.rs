//! Limits on what a request's argument values hold, whether written in the query or passed as
//! variables, checked before anything runs: the length of any list (`in`, `notIn`, `ids`,
//! `representations`), the size and nesting of a `filter`, the keys of an `orderBy` or a
//! `groupBy`, and text holding a NUL character, which no backend stores alike. Each value is
//! measured in one walk; a refusal is `BAD_USER_INPUT` and names the field and the argument.
//!
//! Past these limits a filter would become a statement too large for the database (SQLite's
//! expression depth and variable count, PostgreSQL's and MySQL's placeholders) or for the
//! stack that renders it.

use crate::code::Code;
use async_graphql::{Name, ServerError, Variables};
use async_graphql_value::{ConstValue, Value, indexmap::IndexMap};

use super::census::{Argument, Census, Passed};
use super::error_codes::coded;

/// What one argument's value holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Measure {
    /// Items of the value itself, when it is a list.
    pub items: usize,
    /// Items of the longest list anywhere in it.
    pub longest_list: usize,
    /// Values in it: every scalar, a list's items one each.
    pub values: usize,
    /// Objects nested in it, the value itself counting as one when it is an object.
    pub depth: usize,
    /// Whether any text in it (or any key) holds a NUL character.
    pub nul: bool,
}

impl Measure {
    /// Measures `value`, with `variable` giving each variable's value.
    pub fn of_value<'v>(
        value: &'v Value,
        variable: &dyn Fn(&Name) -> Option<&'v ConstValue>,
    ) -> Self {
        let mut measure = Self::default();
        if let Value::List(items) = value {
            measure.items = items.len();
        }
        if let Value::Variable(name) = value
            && let Some(ConstValue::List(items)) = variable(name)
        {
            measure.items = items.len();
        }
        measure.value(value, 0, variable);
        measure
    }

    /// Adds what `node` holds, at `depth` objects deep, to the measure.
    fn value<'v, N: Node>(
        &mut self,
        node: &'v N,
        depth: usize,
        variable: &dyn Fn(&Name) -> Option<&'v ConstValue>,
    ) {
        match node.shape() {
            Shape::Variable(name) => {
                if let Some(value) = variable(name) {
                    self.value(value, depth, variable);
                }
            }
            Shape::List(items) => {
                self.longest_list = self.longest_list.max(items.len());
                for item in items {
                    self.value(item, depth, variable);
                }
            }
            Shape::Object(map) => {
                self.depth = self.depth.max(depth + 1);
                for (key, item) in map {
                    self.nul |= key.contains('\0');
                    self.value(item, depth + 1, variable);
                }
            }
            Shape::Text(text) => self.text(text),
            Shape::Null => {}
            Shape::Scalar => self.values += 1,
        }
    }

    fn text(&mut self, text: &str) {
        self.values += 1;
        self.nul |= text.contains('\0');
    }
}

/// What a value is, as the measure sees it, alike for a value written in the query (which may
/// name variables) and a variable's value.
enum Shape<'a, N> {
    Variable(&'a Name),
    List(&'a [N]),
    Object(&'a IndexMap<Name, N>),
    Text(&'a str),
    Null,
    Scalar,
}

trait Node: Sized {
    fn shape(&self) -> Shape<'_, Self>;
}

impl Node for Value {
    fn shape(&self) -> Shape<'_, Self> {
        match self {
            Value::Variable(name) => Shape::Variable(name),
            Value::List(items) => Shape::List(items),
            Value::Object(map) => Shape::Object(map),
            Value::String(text) => Shape::Text(text),
            Value::Null => Shape::Null,
            _ => Shape::Scalar,
        }
    }
}

impl Node for ConstValue {
    fn shape(&self) -> Shape<'_, Self> {
        match self {
            ConstValue::List(items) => Shape::List(items),
            ConstValue::Object(map) => Shape::Object(map),
            ConstValue::String(text) => Shape::Text(text),
            ConstValue::Null => Shape::Null,
            _ => Shape::Scalar,
        }
    }
}

/// The limits on argument values.
#[derive(Clone, Copy, Debug)]
pub struct InputLimits {
    /// Most items in any one list.
    pub max_list_length: usize,
    /// Most values in one filter.
    pub max_filter_terms: usize,
    /// Deepest nesting of objects in one filter.
    pub max_filter_depth: usize,
    /// Most keys in one `orderBy`.
    pub max_order_keys: usize,
    /// Most keys in one `groupBy`.
    pub max_group_keys: usize,
}

impl Default for InputLimits {
    fn default() -> Self {
        Self {
            max_list_length: 1_000,
            max_filter_terms: 1_000,
            max_filter_depth: 8,
            max_order_keys: 10,
            max_group_keys: 10,
        }
    }
}

impl InputLimits {
    /// Refuses the first argument of `census` over a limit, its variables taken from
    /// `variables` (or the operation's defaults).
    pub fn check(&self, census: &Census, variables: &Variables) -> Result<(), ServerError> {
        let variable = |name: &Name| variables.get(name).or_else(|| census.defaults.get(name));
        for argument in &census.arguments {
            let measure = match &argument.value {
                Passed::Constant(measure) => *measure,
                Passed::WithVariables(value) => Measure::of_value(value, &variable),
            };
            self.check_one(argument, &measure)?;
        }
        Ok(())
    }

    fn check_one(&self, argument: &Argument, m: &Measure) -> Result<(), ServerError> {
        if m.nul {
            let message = format!(
                "`{}({}:)` holds text with a NUL character (\\u0000), which no text may contain",
                argument.field, argument.name
            );
            return Err(coded(message, Code::BadUserInput));
        }
        for rule in &RULES {
            let applies = rule
                .argument
                .is_none_or(|name| name == argument.name.as_str());
            let (count, most) = ((rule.count)(m), (rule.most)(self));
            if applies && count > most {
                let message = format!(
                    "`{}({}:)` {} {count} {}; at most {most} are allowed (--{})",
                    argument.field, argument.name, rule.verb, rule.noun, rule.flag
                );
                return Err(coded(message, Code::BadUserInput));
            }
        }
        Ok(())
    }
}

/// One limit on argument values: the argument it applies to (every one, when `None`), what it
/// counts of the value's measure, the limit, and how a refusal says it.
struct Rule {
    argument: Option<&'static str>,
    count: fn(&Measure) -> usize,
    most: fn(&InputLimits) -> usize,
    verb: &'static str,
    noun: &'static str,
    flag: &'static str,
}

/// The limits, in the order they are checked: the first one passed refuses the argument.
const RULES: [Rule; 5] = [
    Rule {
        argument: Some("filter"),
        count: |m| m.values,
        most: |l| l.max_filter_terms,
        verb: "has",
        noun: "values in its filter",
        flag: "max-filter-terms",
    },
    Rule {
        argument: Some("filter"),
        count: |m| m.depth,
        most: |l| l.max_filter_depth,
        verb: "nests",
        noun: "filter objects deep",
        flag: "max-filter-depth",
    },
    Rule {
        argument: Some("orderBy"),
        count: |m| m.items,
        most: |l| l.max_order_keys,
        verb: "has",
        noun: "keys",
        flag: "max-order-keys",
    },
    Rule {
        argument: Some("groupBy"),
        count: |m| m.items,
        most: |l| l.max_group_keys,
        verb: "has",
        noun: "keys",
        flag: "max-group-keys",
    },
    Rule {
        argument: None,
        count: |m| m.longest_list,
        most: |l| l.max_list_length,
        verb: "has a list of",
        noun: "items",
        flag: "max-list-length",
    },
];

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn measure(value: &str, variables: serde_json::Value) -> Measure {
        let query = format!("{{ f(a: {value}) }}");
        let doc = async_graphql::parser::parse_query(&query).unwrap();
        let census = Census::of(&doc);
        let variables = Variables::from_json(variables);
        match &census.arguments[0].value {
            Passed::Constant(m) => *m,
            Passed::WithVariables(v) => Measure::of_value(v, &|name| variables.get(name)),
        }
    }

    #[test]
    fn a_value_is_measured_alike_written_or_passed() {
        let written = measure(
            r#"{or: [{slug: {eq: "a"}}, {slug: {in: ["b", "c"]}}]}"#,
            serde_json::json!({}),
        );
        let passed = measure(
            "$f",
            serde_json::json!({"f": {"or": [{"slug": {"eq": "a"}}, {"slug": {"in": ["b", "c"]}}]}}),
        );
        let mixed = measure(
            r#"{or: [{slug: {eq: $a}}, {slug: {in: $bc}}]}"#,
            serde_json::json!({"a": "a", "bc": ["b", "c"]}),
        );
        let expected = Measure {
            items: 0,
            longest_list: 2,
            values: 3,
            depth: 3,
            nul: false,
        };
        assert_eq!((written, passed, mixed), (expected, expected, expected));
    }

    #[test]
    fn nul_is_found_in_text_and_keys() {
        assert!(measure(r#""a\u0000b""#, serde_json::json!({})).nul);
        assert!(measure("$t", serde_json::json!({"t": {"x\u{0}": 1}})).nul);
        assert!(!measure(r#""a\\u0000b""#, serde_json::json!({})).nul);
    }
}
