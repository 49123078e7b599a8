//! Parsed documents, remembered by their text. Clients send the same few queries over and over;
//! each is parsed and looked over once, and afterwards a request starts from a copy.

use crate::code::Code;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};

use async_graphql::{
    ServerError,
    parser::types::{ExecutableDocument, OperationType},
};

use super::census::Census;
use super::plan::Plan;

/// An operation's name, and its plan if it has one.
type Planned = (Option<String>, Option<Arc<Plan>>);

/// The most operations of one document whose plans are kept.
const MAX_PLANS_PER_DOCUMENT: usize = 16;
use super::error_codes::with_code;

/// A query text, parsed, with what it asks.
#[derive(Debug)]
pub struct Parsed {
    pub document: ExecutableDocument,
    pub census: Census,
    /// The plans of its operations, by name, made when first asked for (see `plan`): `None`
    /// for one the planned read does not answer.
    plans: Mutex<Vec<Planned>>,
}

impl Parsed {
    /// The document `query` parses to, with what it asks.
    pub fn new(document: ExecutableDocument) -> Self {
        Self {
            census: Census::of(&document),
            document,
            plans: Mutex::default(),
        }
    }

    /// The plan of the operation named `operation` (the only one, when `None`), made once.
    pub(crate) fn plan(&self, operation: Option<&str>) -> Option<Arc<Plan>> {
        let mut plans = self.plans.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, plan)) = plans.iter().find(|(name, _)| name.as_deref() == operation) {
            return plan.clone();
        }
        let plan = Plan::of(&self.document, operation).map(Arc::new);
        // A document holds few operations; a request naming ones it does not hold adds none.
        if plans.len() < MAX_PLANS_PER_DOCUMENT {
            plans.push((operation.map(str::to_owned), plan.clone()));
        }
        plan
    }

    /// Whether the operation named `operation` (the only one, when `None`) is a query. One the
    /// document does not hold counts as a query: executing it reports that it is missing.
    pub fn is_query(&self, operation: Option<&str>) -> bool {
        !matches!(
            self.operation_type(operation),
            Some(OperationType::Mutation | OperationType::Subscription)
        )
    }

    /// What the operation named `operation` (the only one, when `None`) is, if the document
    /// holds it.
    pub fn operation_type(&self, operation: Option<&str>) -> Option<OperationType> {
        let operations = &self.document.operations;
        match operation {
            Some(name) => operations
                .iter()
                .find(|(n, _)| n.map(|n| n.as_str()) == Some(name))
                .map(|(_, op)| op.node.ty),
            None => operations.iter().next().map(|(_, op)| op.node.ty),
        }
    }
}

/// The operation of `doc` a request names, or, when it names none, the document's only one (as
/// GraphQL selects it: a document of several needs a name).
pub fn operation<'a>(
    doc: &'a async_graphql::parser::types::ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a async_graphql::Positioned<async_graphql::parser::types::OperationDefinition>> {
    match name {
        Some(name) => doc
            .operations
            .iter()
            .find(|(n, _)| n.is_some_and(|n| n.as_str() == name))
            .map(|(_, op)| op),
        None => {
            let mut all = doc.operations.iter();
            let (_, only) = all.next()?;
            all.next().is_none().then_some(only)
        }
    }
}

/// A bounded cache of parsed documents, shared by every request of a server.
#[derive(Debug)]
pub struct Documents {
    entries: Mutex<Entries>,
    max_bytes: usize,
}

#[derive(Debug, Default)]
struct Entries {
    by_text: HashMap<Arc<str>, Arc<Parsed>>,
    /// Texts in the order they were cached, to evict the oldest first.
    order: Vec<Arc<str>>,
    bytes: usize,
}

/// How much query text the cache holds, in bytes: a few hundred ordinary queries. The parsed
/// documents take a small multiple of that.
pub const DEFAULT_CACHE_BYTES: usize = 256 * 1024;

impl Default for Documents {
    fn default() -> Self {
        Self::with_capacity(DEFAULT_CACHE_BYTES)
    }
}

impl Documents {
    /// A cache of at most `max_bytes` of query text.
    pub fn with_capacity(max_bytes: usize) -> Self {
        Self {
            entries: Mutex::default(),
            max_bytes,
        }
    }

    /// The document `query` parses to: from the cache, or parsed now and cached. A text that
    /// does not parse is not remembered, and its error has the code GRAPHQL_PARSE_FAILED.
    pub fn parse(&self, query: &str) -> Result<Arc<Parsed>, ServerError> {
        if let Some(parsed) = self.lock().by_text.get(query) {
            return Ok(parsed.clone());
        }
        let document = async_graphql::parser::parse_query(query)
            .map_err(|err| with_code(ServerError::from(err), Code::GraphqlParseFailed))?;
        let parsed = Arc::new(Parsed::new(document));
        if query.len() <= self.max_bytes {
            self.lock().insert(query, parsed.clone(), self.max_bytes);
        }
        Ok(parsed)
    }

    /// How many documents are cached.
    pub fn len(&self) -> usize {
        self.lock().by_text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Entries {
    fn insert(&mut self, query: &str, parsed: Arc<Parsed>, max_bytes: usize) {
        if self.by_text.contains_key(query) {
            return;
        }
        // Evict the oldest half at once when full, so that a stream of distinct queries costs
        // amortised constant time.
        if self.bytes + query.len() > max_bytes {
            let evicted = self.order.len().div_ceil(2);
            for text in self.order.drain(..evicted) {
                self.bytes -= text.len();
                self.by_text.remove(&text);
            }
        }
        let text: Arc<str> = Arc::from(query);
        self.bytes += text.len();
        self.order.push(text.clone());
        self.by_text.insert(text, parsed);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_parsed_once_and_the_cache_stays_within_its_bound() {
        let documents = Documents::with_capacity(64);
        let first = documents.parse("{ hubs { totalCount } }").unwrap();
        let again = documents.parse("{ hubs { totalCount } }").unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        for n in 0..20 {
            documents
                .parse(&format!("{{ h{n}: hubs {{ totalCount }} }}"))
                .unwrap();
            assert!(documents.lock().bytes <= 64);
        }
        assert!(documents.len() < 20);
    }

    #[test]
    fn a_text_that_does_not_parse_is_coded_and_not_cached() {
        let documents = Documents::default();
        let err = documents.parse("{ hubs {").unwrap_err();
        let code = err.extensions.and_then(|x| x.get("code").cloned());
        assert_eq!(
            code,
            Some(async_graphql::Value::from(Code::GraphqlParseFailed))
        );
        assert!(documents.is_empty());
    }
}
