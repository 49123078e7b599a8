//! Trusted documents: the operations a deployment has reviewed, in Apollo's persisted query
//! manifest format (`apollo-persisted-query-manifest`, version 1). A request may name one by its
//! id, in `extensions.persistedQuery.sha256Hash` as Apollo's clients and router send it; and
//! where only trusted documents may run, any other operation is refused with
//! `PERSISTED_QUERY_NOT_IN_LIST`, over HTTP and WebSocket alike, before it is parsed.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{Request, ServerError};
use entity::api_token::Role;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::access::Access;
use super::error_codes::coded;
use crate::code::Code;

/// Marks a request the server builds itself (the CSV export's pages) in its data: such a request
/// runs whether or not it is a trusted document.
pub struct Internal;

/// The manifest's `format`.
pub const FORMAT: &str = "apollo-persisted-query-manifest";

/// A persisted query manifest, as Apollo's tools write and read it.
#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub operations: Vec<ManifestOperation>,
}

/// One operation of a manifest: its id, name, type (`query`, `mutation`, `subscription`) and
/// text.
#[derive(Debug, Serialize, Deserialize)]
pub struct ManifestOperation {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub body: String,
}

/// The operations a server trusts, and what it does with others.
#[derive(Debug, Default)]
pub struct TrustedDocuments {
    by_id: HashMap<String, Arc<str>>,
    bodies: HashSet<Arc<str>>,
    /// Only these operations may run.
    pub only: bool,
    /// With `only`: admins' tokens may run any operation.
    pub exempt_admins: bool,
}

/// The lowercase hex SHA-256 of `text`: the id Apollo's tools give an operation.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The one operation `body` holds: its name and type; the error says why it is not one.
fn operation_of(body: &str) -> Result<(String, &'static str), String> {
    let document =
        async_graphql::parser::parse_query(body).map_err(|err| format!("does not parse: {err}"))?;
    let (name, operation) = match &document.operations {
        DocumentOperations::Single(operation) => (String::new(), operation),
        DocumentOperations::Multiple(operations) if operations.len() == 1 => {
            match operations.iter().next() {
                Some((name, operation)) => (name.to_string(), operation),
                None => return Err("holds no operation".to_owned()),
            }
        }
        DocumentOperations::Multiple(_) => return Err("holds more than one operation".to_owned()),
    };
    let kind = match operation.node.ty {
        OperationType::Query => "query",
        OperationType::Mutation => "mutation",
        OperationType::Subscription => "subscription",
    };
    Ok((name, kind))
}

impl TrustedDocuments {
    /// The operations of a manifest's text. Each must hold one operation that parses, of the
    /// type it says; ids must be unique. The error names the operation and what is wrong.
    pub fn from_manifest(text: &str) -> Result<Self, String> {
        let manifest: Manifest =
            serde_json::from_str(text).map_err(|err| format!("not a manifest: {err}"))?;
        if manifest.format != FORMAT || manifest.version != 1 {
            return Err(format!(
                "the manifest's format is {:?}, version {}: expected {FORMAT:?}, version 1",
                manifest.format, manifest.version
            ));
        }
        let mut trusted = Self::default();
        for (i, operation) in manifest.operations.into_iter().enumerate() {
            let named = || {
                format!(
                    "operation {} ({:?}, id {:?})",
                    i + 1,
                    operation.name,
                    operation.id
                )
            };
            if operation.id.is_empty() {
                return Err(format!("{} has no id", named()));
            }
            let (_, kind) =
                operation_of(&operation.body).map_err(|why| format!("{}: {why}", named()))?;
            if kind != operation.kind {
                return Err(format!(
                    "{}: its type is {:?} but its body is a {kind}",
                    named(),
                    operation.kind
                ));
            }
            let body: Arc<str> = operation.body.into();
            if trusted
                .by_id
                .insert(operation.id.clone(), body.clone())
                .is_some()
            {
                return Err(format!("{}: the id is given twice", named()));
            }
            trusted.bodies.insert(body);
        }
        Ok(trusted)
    }

    /// How many operations are trusted.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Fills in the text of a request that names a trusted operation by id and sends no text of
    /// its own. Whether it did.
    pub fn resolve(&self, request: &mut Request) -> bool {
        if !request.query.is_empty() {
            return false;
        }
        let id = request
            .extensions
            .get("persistedQuery")
            .and_then(|persisted| match persisted {
                async_graphql::Value::Object(map) => map.get("sha256Hash"),
                _ => None,
            })
            .and_then(|hash| match hash {
                async_graphql::Value::String(hash) => Some(hash.as_str()),
                _ => None,
            });
        match id.and_then(|id| self.by_id.get(id)) {
            Some(body) => {
                request.query = body.to_string();
                true
            }
            None => false,
        }
    }

    /// Whether `query` may run for `access`: always, unless only trusted documents may run; then
    /// if it is one of them, character for character, or (where admins are exempt) the token is
    /// an admin's.
    pub fn admits(&self, query: &str, access: Option<&Access>) -> Result<(), ServerError> {
        if !self.only || self.bodies.contains(query) {
            return Ok(());
        }
        if self.exempt_admins
            && matches!(access, Some(Access::Token(principal)) if principal.role == Role::Admin)
        {
            return Ok(());
        }
        Err(coded(
            "this server runs only its trusted documents, and this operation is not one of \
             them: send a trusted operation, or its id in extensions.persistedQuery.sha256Hash",
            Code::PersistedQueryNotInList,
        ))
    }
}

/// The manifest of `operations`, each a document holding one named operation; the error names
/// the one that does not.
pub fn manifest_of<'a>(operations: impl IntoIterator<Item = &'a str>) -> Result<Manifest, String> {
    let operations = operations
        .into_iter()
        .map(|body| {
            let (name, kind) = operation_of(body).map_err(|why| format!("{body:?} {why}"))?;
            if name.is_empty() {
                return Err(format!(
                    "{body:?} has no name: a trusted operation needs one"
                ));
            }
            Ok(ManifestOperation {
                id: sha256_hex(body),
                name,
                kind: kind.to_owned(),
                body: body.to_owned(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Manifest {
        format: FORMAT.to_owned(),
        version: 1,
        operations,
    })
}

/// The README, as it was built in.
const README: &str = include_str!("../../README.md");

/// The operations the README shows for this API: each ```graphql block after an
/// `<!-- operation: NAME -->` marker.
pub fn readme_operations() -> Vec<&'static str> {
    const MARKER: &str = "<!-- operation: ";
    const FENCE: &str = "```graphql\n";
    let mut operations = Vec::new();
    let mut rest = README;
    while let Some(at) = rest.find(MARKER) {
        rest = &rest[at + MARKER.len()..];
        let Some(start) = rest.find(FENCE).map(|at| at + FENCE.len()) else {
            break;
        };
        let Some(end) = rest[start..].find("```").map(|at| start + at) else {
            break;
        };
        operations.push(&rest[start..end]);
        rest = &rest[end..];
    }
    operations
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn manifest(operations: serde_json::Value) -> String {
        serde_json::json!({ "format": FORMAT, "version": 1, "operations": operations }).to_string()
    }

    #[test]
    fn a_manifest_with_a_bad_operation_is_refused_naming_it() {
        let cases = [
            (
                serde_json::json!([{ "id": "a", "name": "A", "type": "query", "body": "{ x" }]),
                "does not parse",
            ),
            (
                serde_json::json!([{ "id": "a", "name": "A", "type": "mutation", "body": "query A { x }" }]),
                "its body is a query",
            ),
            (
                serde_json::json!([
                    { "id": "a", "name": "A", "type": "query", "body": "query A { x }" },
                    { "id": "a", "name": "B", "type": "query", "body": "query B { y }" }
                ]),
                "given twice",
            ),
            (
                serde_json::json!([{ "id": "", "name": "A", "type": "query", "body": "query A { x }" }]),
                "no id",
            ),
            (
                serde_json::json!([{ "id": "a", "name": "A", "type": "query", "body": "query A { x } query B { y }" }]),
                "more than one",
            ),
        ];
        for (operations, why) in cases {
            let err = TrustedDocuments::from_manifest(&manifest(operations)).unwrap_err();
            assert!(err.contains(why) && err.contains("operation"), "{err}");
        }
        let err =
            TrustedDocuments::from_manifest(r#"{"format":"other","version":1,"operations":[]}"#)
                .unwrap_err();
        assert!(err.contains("expected"), "{err}");
    }

    #[test]
    fn the_readme_operations_make_a_manifest_that_loads() {
        let operations = readme_operations();
        assert!(operations.len() >= 6, "{operations:?}");
        let manifest = manifest_of(operations.iter().copied()).unwrap();
        for operation in &manifest.operations {
            assert_eq!(operation.id, sha256_hex(&operation.body));
            assert!(!operation.name.is_empty());
        }
        let trusted =
            TrustedDocuments::from_manifest(&serde_json::to_string(&manifest).unwrap()).unwrap();
        assert_eq!(trusted.len(), operations.len());
    }

    #[test]
    fn only_trusted_text_runs_unless_admins_are_exempt() {
        let body = "query A { x }";
        let mut trusted = TrustedDocuments::from_manifest(&manifest(
            serde_json::json!([{ "id": "a1", "name": "A", "type": "query", "body": body }]),
        ))
        .unwrap();
        assert!(trusted.admits("query B { y }", None).is_ok());
        trusted.only = true;
        assert!(trusted.admits(body, None).is_ok());
        assert!(trusted.admits("query A {  x }", None).is_err());
        let admin = Access::Token(crate::service::auth::Principal {
            token_id: 1,
            name: "a".into(),
            role: Role::Admin,
        });
        assert!(trusted.admits("query B { y }", Some(&admin)).is_err());
        trusted.exempt_admins = true;
        assert!(trusted.admits("query B { y }", Some(&admin)).is_ok());

        let mut request = Request::new("");
        request.extensions.insert(
            "persistedQuery".to_owned(),
            async_graphql::Value::from_json(
                serde_json::json!({ "version": 1, "sha256Hash": "a1" }),
            )
            .unwrap(),
        );
        assert!(trusted.resolve(&mut request));
        assert_eq!(request.query, body);
    }
}
