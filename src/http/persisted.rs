//! Automatic persisted queries, as Apollo's clients speak them: a client sends the SHA-256 of
//! its query in `extensions.persistedQuery`; the first time it is not known
//! (`PERSISTED_QUERY_NOT_FOUND`) and the client sends both, after which the hash alone will do,
//! over GET too, where it makes a short, cacheable URL.

use crate::code::Code;
use std::collections::HashMap;
use std::sync::Mutex;

use crate::graphql::trusted::sha256_hex;
use async_graphql::Request;

/// Queries kept, at most; past this, an old one makes room.
const CAPACITY: usize = 2_000;

#[derive(Default)]
pub struct PersistedQueries {
    queries: Mutex<HashMap<String, String>>,
}

impl PersistedQueries {
    /// Fills in the query of a request that names one by hash, and remembers a query sent with
    /// its hash. The error is a code and a message.
    pub fn resolve(&self, request: &mut Request) -> Result<(), (Code, String)> {
        let Some(persisted) = request.extensions.get("persistedQuery") else {
            return Ok(());
        };
        let persisted = persisted
            .clone()
            .into_json()
            .map_err(|_| (Code::BadRequest, "persistedQuery is malformed".to_owned()))?;
        if persisted.get("version").and_then(|v| v.as_i64()) != Some(1) {
            return Err((
                Code::PersistedQueryNotSupported,
                "only version 1 of persisted queries is supported".to_owned(),
            ));
        }
        let hash = persisted
            .get("sha256Hash")
            .and_then(|v| v.as_str())
            .filter(|h| h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit()))
            .ok_or((
                Code::BadRequest,
                "persistedQuery.sha256Hash must be 64 hex digits".to_owned(),
            ))?
            .to_ascii_lowercase();
        let Ok(mut queries) = self.queries.lock() else {
            return Err((
                Code::InternalServerError,
                "internal server error".to_owned(),
            ));
        };
        if request.query.is_empty() {
            return match queries.get(&hash) {
                Some(query) => {
                    request.query = query.clone();
                    Ok(())
                }
                None => Err((
                    Code::PersistedQueryNotFound,
                    "PersistedQueryNotFound".to_owned(),
                )),
            };
        }
        if sha256_hex(&request.query) != hash {
            return Err((
                Code::BadRequest,
                "persistedQuery.sha256Hash is not the SHA-256 of the query".to_owned(),
            ));
        }
        if queries.len() >= CAPACITY
            && let Some(old) = queries.keys().next().cloned()
        {
            queries.remove(&old);
        }
        queries.insert(hash, request.query.clone());
        Ok(())
    }
}
