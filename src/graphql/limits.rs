//! Limits on what one request may ask, because a public endpoint meets hostile queries: depth,
//! cost (see `cost`), fields once fragments are
//! expanded, aliases, directives, query length, and what its arguments hold (see `inputs`). An
//! over-limit request is refused before anything runs, with a GraphQL error whose
//! `extensions.code` names the limit.

use std::time::Duration;

use super::census::Census;
use super::error_codes::coded;
use super::inputs::InputLimits;
use crate::code::Code;
use crate::config::LimitsConfig;
use async_graphql::{ServerError, Variables};

/// What one request may ask.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Deepest nesting of fields.
    pub max_depth: usize,
    /// Highest cost of one operation, as Apollo Router estimates it from the SDL (see `cost`).
    pub max_cost: usize,
    /// Most fields one document selects, once every fragment spread is expanded.
    pub max_fields: usize,
    /// Most aliased fields in one document.
    pub max_aliases: usize,
    /// Most directives on one field.
    pub max_directives: usize,
    /// Longest query text, in bytes.
    pub max_query_bytes: usize,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Most operations in one batch.
    pub max_batch: usize,
    /// Longest a request may run.
    pub timeout: Duration,
    /// Longest a request's body may take to arrive.
    pub body_timeout: Duration,
    /// Whether clients may introspect the schema; when not, neither are fields suggested.
    pub introspection: bool,
    /// What argument values may hold.
    pub inputs: InputLimits,
    /// Most rows the statements of one request may read, all together.
    pub max_rows: usize,
    /// Largest answer to one request, in bytes of JSON.
    pub max_response_bytes: usize,
    /// Most GraphQL requests over HTTP read and run at once; more wait.
    pub max_requests: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 15,
            max_cost: 1_000_000,
            max_fields: 2_000,
            max_aliases: 30,
            max_directives: 5,
            max_query_bytes: 20_000,
            max_body_bytes: 1 << 20,
            max_batch: 10,
            timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(10),
            introspection: true,
            inputs: InputLimits::default(),
            max_rows: 5_000,
            max_response_bytes: 2 << 20,
            max_requests: 8,
        }
    }
}

/// The limits the command line sets.
impl From<&LimitsConfig> for Limits {
    fn from(config: &LimitsConfig) -> Self {
        Self {
            max_depth: config.max_depth,
            max_cost: config.max_cost,
            max_fields: config.max_fields,
            max_aliases: config.max_aliases,
            max_directives: config.max_directives,
            max_query_bytes: config.max_query_bytes,
            max_body_bytes: config.max_body_bytes,
            max_batch: config.max_batch.max(1),
            timeout: Duration::from_secs(config.request_timeout_secs.max(1)),
            body_timeout: Duration::from_secs(config.body_timeout_secs.max(1)),
            introspection: !config.no_introspection,
            inputs: InputLimits {
                max_list_length: config.max_list_length,
                max_filter_terms: config.max_filter_terms,
                max_filter_depth: config.max_filter_depth,
                max_order_keys: config.max_order_keys,
                max_group_keys: config.max_group_keys,
            },
            max_rows: config.max_rows.max(1),
            max_response_bytes: config.max_response_bytes.max(1),
            max_requests: config.max_requests.max(1),
        }
    }
}

/// Applies the limits async-graphql has built in; `Guard` checks ours, and `Api` the cost
/// (see `cost`).
pub fn apply<Q, M, S>(
    builder: async_graphql::SchemaBuilder<Q, M, S>,
    limits: &Limits,
) -> async_graphql::SchemaBuilder<Q, M, S>
where
    Q: async_graphql::ObjectType + 'static,
    M: async_graphql::ObjectType + 'static,
    S: async_graphql::SubscriptionType + 'static,
{
    let builder = builder
        .limit_depth(limits.max_depth)
        .limit_recursive_depth(limits.max_depth.saturating_mul(2).max(32))
        .limit_directives(limits.max_directives);
    if limits.introspection {
        builder
    } else {
        builder.disable_introspection().disable_suggestions()
    }
}

/// Our limits on a query's text and document, checked before async-graphql sees it.
#[derive(Clone, Copy, Debug)]
pub struct Guard {
    max_fields: usize,
    max_aliases: usize,
    max_query_bytes: usize,
    introspection: bool,
    inputs: InputLimits,
}

/// Whether `value` written as JSON would take more than `max` bytes. Counted as it is written,
/// and stopped at the first byte past `max`, so nothing is held.
pub(crate) fn json_exceeds(value: &impl serde::Serialize, max: usize) -> bool {
    struct Counted {
        bytes: usize,
        max: usize,
    }
    impl std::io::Write for Counted {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.write_all(buf).map(|()| buf.len())
        }
        // What serde_json calls, once per token: the default's loop over `write` cost more
        // than the counting (bench/BENCHMARKS.md).
        #[inline]
        fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
            self.bytes = self.bytes.saturating_add(buf.len());
            if self.bytes > self.max {
                Err(std::io::Error::other("past the limit"))
            } else {
                Ok(())
            }
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counted = Counted { bytes: 0, max };
    serde_json::to_writer(&mut counted, value).is_err() && counted.bytes > max
}

impl Guard {
    pub fn new(limits: &Limits) -> Self {
        Self {
            max_fields: limits.max_fields,
            max_aliases: limits.max_aliases,
            max_query_bytes: limits.max_query_bytes,
            introspection: limits.introspection,
            inputs: limits.inputs,
        }
    }

    /// Refuses a text too long, or nested too deep to be worth parsing.
    pub fn check_text(&self, query: &str) -> Result<(), ServerError> {
        if query.len() > self.max_query_bytes {
            return Err(coded(
                format!(
                    "the query is {} bytes long; at most {} are allowed",
                    query.len(),
                    self.max_query_bytes
                ),
                Code::QueryTooLarge,
            ));
        }
        let nested = nesting(query);
        if nested > MAX_NESTING {
            return Err(coded(
                format!("the query nests {nested} levels deep; at most {MAX_NESTING} are allowed"),
                Code::QueryTooDeep,
            ));
        }
        Ok(())
    }

    /// Refuses a document with a fragment that spreads itself, one that selects too many fields
    /// once expanded, one that introspects when introspection is off, or one with too many
    /// aliases.
    pub fn check_document(&self, census: &Census) -> Result<(), ServerError> {
        if let Some(ring) = &census.cycle {
            let ring: Vec<&str> = ring.iter().map(|name| name.as_str()).collect();
            return Err(coded(
                format!(
                    "the fragment `{}` spreads itself: {}",
                    ring.first().copied().unwrap_or_default(),
                    ring.join(" → ")
                ),
                Code::GraphqlValidationFailed,
            ));
        }
        if let Some(name) = &census.unknown {
            return Err(coded(
                format!("Unknown fragment \"{name}\"."),
                Code::GraphqlValidationFailed,
            ));
        }
        if census.fields > self.max_fields {
            return Err(coded(
                format!(
                    "the query selects {} fields once its fragments are expanded; at most {} are allowed",
                    census.fields, self.max_fields
                ),
                Code::TooManyFields,
            ));
        }
        if !self.introspection && census.introspects {
            return Err(coded(
                "introspection is turned off on this server".to_owned(),
                Code::IntrospectionDisabled,
            ));
        }
        let count = census.aliases;
        if count > self.max_aliases {
            return Err(coded(
                format!(
                    "the query has {count} aliases; at most {} are allowed",
                    self.max_aliases
                ),
                Code::TooManyAliases,
            ));
        }
        Ok(())
    }

    /// Refuses a request whose arguments, with its variables, hold more than the limits allow.
    pub fn check_inputs(&self, census: &Census, variables: &Variables) -> Result<(), ServerError> {
        self.inputs.check(census, variables)
    }
}

/// Deepest nesting of `{` and `[` a query text may have before it is parsed at all: far more than
/// any real query needs (selections, filters in filters), and far below what would strain the
/// parser.
const MAX_NESTING: usize = 64;

/// How deeply braces and brackets nest in a query text, strings and comments aside.
fn nesting(query: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut chars = query.chars();
    while let Some(c) = chars.next() {
        match c {
            '{' | '[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            '}' | ']' => depth = depth.saturating_sub(1),
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    match (escaped, c) {
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        _ => escaped = false,
                    }
                }
            }
            _ => {}
        }
    }
    deepest
}
