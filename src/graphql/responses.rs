//! Answers to queries, kept as the bytes sent, for as long as the database has committed nothing
//! since they were computed. Dashboards ask the same few queries over and over; between two
//! writes, each is computed once.
//!
//! Nothing stale is served. Before each lookup the database's version is read (see
//! [`crate::service::version`]): one cheap statement on PostgreSQL, a pragma on a side connection
//! on a SQLite file. An answer is kept only if the version was the same before and after it was
//! computed, so it shows exactly that committed state; it is served only while the version is
//! still the same. Every commit, by this process, another replica or the command line, so
//! retires every answer kept. Where the database has no such version (MySQL/MariaDB, in-memory
//! SQLite), nothing is kept.
//!
//! Kept: the answers to queries without errors, by the request's text, operation name and
//! variables, and the role of its caller (fields that need a role answer differently without it).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_graphql::Request;
use axum::body::Bytes;
use entity::api_token::Role;

use super::access::Access;
use crate::service::version::{Version, Versions};

/// A bounded store of answers, all of one version of the database.
pub struct Responses {
    versions: Versions,
    max_bytes: usize,
    held: Mutex<Held>,
}

#[derive(Default)]
struct Held {
    /// The version every entry was computed at.
    at: Option<Version>,
    entries: HashMap<u64, Entry>,
    bytes: usize,
}

struct Entry {
    key: Key,
    body: Bytes,
}

/// What an answer depends on besides the data.
#[derive(PartialEq, Eq)]
pub struct Key {
    scope: u8,
    query: String,
    operation: Option<String>,
    variables: String,
}

impl Key {
    pub fn of(access: &Access, request: &Request) -> Self {
        Self {
            scope: scope(access),
            query: request.query.clone(),
            operation: request.operation_name.clone(),
            // Variables are a sorted map: the same values always write the same text.
            variables: serde_json::to_string(&request.variables).unwrap_or_default(),
        }
    }

    fn hash(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        (self.scope, &self.query, &self.operation, &self.variables).hash(&mut hasher);
        hasher.finish()
    }
}

fn scope(access: &Access) -> u8 {
    match access {
        Access::Anonymous => 0,
        Access::Token(principal) => match principal.role {
            Role::Viewer => 1,
            Role::Editor => 2,
            Role::Admin => 3,
        },
    }
}

/// A lookup that found nothing: what computing the answer must be checked against to keep it.
pub struct Miss {
    key: Key,
    hash: u64,
    version: Version,
}

pub enum Lookup {
    Hit(Bytes),
    Miss(Miss),
    /// The version could not be read: compute the answer, keep nothing.
    Unknown,
}

impl Responses {
    /// A store of at most `max_bytes` of answers over `versions`.
    pub fn new(versions: Versions, max_bytes: usize) -> Self {
        Self {
            versions,
            max_bytes,
            held: Mutex::default(),
        }
    }

    fn held(&self) -> MutexGuard<'_, Held> {
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The kept answer to `key` at the database's version now, if there is one.
    pub async fn lookup(&self, key: Key) -> Lookup {
        let Ok(version) = self.versions.current().await else {
            return Lookup::Unknown;
        };
        let mut held = self.held();
        held.retire_unless_at(version);
        let hash = key.hash();
        match held.entries.get(&hash) {
            Some(entry) if entry.key == key => Lookup::Hit(entry.body.clone()),
            _ => Lookup::Miss(Miss { key, hash, version }),
        }
    }

    /// Keeps `body` as the answer of the missed lookup, if nothing committed while it was
    /// computed.
    pub async fn keep(&self, miss: Miss, body: Bytes) {
        // One answer may not take more than a quarter of the room, so that a few large answers
        // do not keep clearing the rest.
        if body.len() > self.max_bytes / 4 {
            return;
        }
        match self.versions.current().await {
            Ok(now) if now == miss.version => {}
            _ => return,
        }
        let mut held = self.held();
        if held.at != Some(miss.version) {
            // Another request has seen another version since: this answer may be stale already.
            return;
        }
        if held.bytes + body.len() > self.max_bytes {
            held.entries.clear();
            held.bytes = 0;
        }
        held.bytes += body.len();
        let replaced = held.entries.insert(
            miss.hash,
            Entry {
                key: miss.key,
                body,
            },
        );
        if let Some(old) = replaced {
            held.bytes -= old.body.len();
        }
    }
}

impl Held {
    fn retire_unless_at(&mut self, version: Version) {
        if self.at != Some(version) {
            self.entries.clear();
            self.bytes = 0;
            self.at = Some(version);
        }
    }
}
