//! Answers to queries, kept as the bytes sent, for as long as the database has committed nothing
//! since they were computed. Dashboards ask the same few queries over and over; between two
//! writes, each is computed once.
//!
//! Nothing stale is served. Before each lookup the database's version is read (see
//! [`crate::service::data_version`]): one cheap statement on PostgreSQL, a pragma on a side connection
//! on a SQLite file. An answer is kept only if the version was the same before and after it was
//! computed, so it shows exactly that committed state; it is served only while the version is
//! still the same. Every commit, by this process, another replica or the command line, so
//! retires every answer kept. Where the database has no such version (MySQL/MariaDB, in-memory
//! SQLite), nothing is kept.
//!
//! Kept: the answers to queries without errors, by the request's text, operation name and
//! variables, and the role of its caller (fields that need a role answer differently without it).
//! A POST of one request is kept and looked up by its body's bytes instead, before the body is
//! parsed: a hit then costs no parse of its variables (a router's `_entities` sends kilobytes of
//! them), and the same request sent in other bytes is kept apart.
//!
//! One computation per answer: while a request computes an answer, others that miss the same
//! key at the same version wait for it rather than compute it again, as when a dashboard's
//! clients all ask again right after a write. They get it if it was kept; if it was not (an
//! error, a commit meanwhile, a request that was stopped), they compute it themselves.
//!
//! Kept from the second time it is asked: a request whose key has not been seen before (by a
//! hash in a table of [`SEEN_SLOTS`]) is computed without a lookup, and only its key's hash is
//! noted. Most keys of a load with variables varying per request (a router's `_entities`, a
//! filter per user) are asked once, and a lookup would cost each of them two reads of the
//! version and the store of an answer nobody asks for again; a dashboard's queries are asked
//! again within seconds, and kept from then on.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use async_graphql::Request;
use axum::body::Bytes;
use entity::api_token::Role;
use tokio::sync::watch;

use crate::graphql::access::Access;
use crate::service::data_version::{DataVersion, DataVersions};

/// A bounded store of answers, all of one version of the database.
pub struct Responses {
    versions: DataVersions,
    max_bytes: usize,
    kept: Mutex<Kept>,
    computing: Arc<Mutex<Computing>>,
    /// The hashes of keys asked before, each in the slot its low bits name; a key asked after
    /// another took its slot counts as new again.
    seen: Box<[AtomicU64]>,
}

/// How many keys' hashes [`Responses`] remembers as seen (8 bytes each).
pub const SEEN_SLOTS: usize = 1 << 16;

/// The answers being computed, by key hash: one request each, the others waiting on it.
type Computing = HashMap<u64, Flight>;

struct Flight {
    id: u64,
    key: Arc<Key>,
    version: DataVersion,
    /// `Some` once the answer is kept; closed if it will not be.
    answer: watch::Receiver<Option<Answered>>,
}

#[derive(Default)]
/// The answers kept, all computed at one data version.
struct Kept {
    /// The version every entry was computed at.
    at: Option<DataVersion>,
    entries: HashMap<u64, Entry>,
    /// What the entries hold, keys included (see [`Entry::bytes`]).
    bytes: usize,
}

struct Entry {
    key: Arc<Key>,
    answer: Answered,
}

impl Entry {
    /// The memory an entry of `key` and `answer` holds: the answer's bytes, the key's and the
    /// operation name's, and the fixed parts (the map's slot, the key's own allocation). A small
    /// answer to a long request (a router's `_entities`) holds more in its key than in itself.
    fn bytes_of(key: &Key, answer: &Answered) -> usize {
        std::mem::size_of::<(u64, Entry)>()
            + std::mem::size_of::<Key>()
            + 2 * std::mem::size_of::<usize>()
            + key.held()
            + answer.body.len()
            + answer.operation.as_deref().map_or(0, str::len)
    }

    fn bytes(&self) -> usize {
        Self::bytes_of(&self.key, &self.answer)
    }
}

/// A query's answer as kept: its JSON, and the cache hints of what it read (see
/// `http::cache_control`).
#[derive(Clone, Debug)]
pub struct Answered {
    pub body: Bytes,
    pub cache_control: async_graphql::CacheControl,
    /// The operation it answers, by name, for the metrics and logs of the requests it is served
    /// to (a request found by its body's bytes is served without being parsed).
    pub operation: Option<Arc<str>>,
}

/// What an answer depends on besides the data. Its hash is the first field, so that keys that
/// differ are told apart by it before their texts are compared.
#[derive(PartialEq, Eq)]
pub struct Key {
    /// Of all the below, computed once.
    hash: u64,
    scope: u8,
    asked: Asked,
}

/// What a request asked, as the key holds it.
#[derive(PartialEq, Eq)]
enum Asked {
    /// A request as parsed: its text, operation name and variables (written out).
    Parsed {
        query: String,
        operation: Option<String>,
        variables: String,
    },
    /// A POST body as its client sent it, looked up before it is parsed: the same bytes ask
    /// the same. A body asking the same in other bytes (spacing, the order of its members) is
    /// kept apart, computed once more.
    Body(Bytes),
}

impl Key {
    pub fn of(access: &Access, request: &Request) -> Self {
        let scope = scope(access);
        // Variables are a sorted map: the same values always write the same text. Written into
        // a growing buffer, they are shrunk to their length, which is what a kept key counts.
        let mut variables = serde_json::to_string(&request.variables).unwrap_or_default();
        variables.shrink_to_fit();
        let mut hasher = DefaultHasher::new();
        (scope, &request.query, &request.operation_name, &variables).hash(&mut hasher);
        Self {
            hash: hasher.finish(),
            scope,
            asked: Asked::Parsed {
                query: request.query.clone(),
                operation: request.operation_name.clone(),
                variables,
            },
        }
    }

    /// The key of a POST body of one request, by its bytes (copied: a body's bytes may share
    /// the connection's buffer, which a kept key would otherwise hold).
    pub fn of_body(access: &Access, body: &[u8]) -> Self {
        let scope = scope(access);
        let mut hasher = DefaultHasher::new();
        (scope, body).hash(&mut hasher);
        Self {
            hash: hasher.finish(),
            scope,
            asked: Asked::Body(Bytes::copy_from_slice(body)),
        }
    }

    /// A hash of the whole key.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// The bytes the key holds besides its own size.
    fn held(&self) -> usize {
        match &self.asked {
            Asked::Parsed {
                query,
                operation,
                variables,
            } => query.len() + operation.as_ref().map_or(0, String::len) + variables.len(),
            Asked::Body(body) => body.len(),
        }
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

/// A lookup that found nothing, and no other request computing the answer: this request
/// computes it, and keeps it ([`Responses::keep`]) for itself and for those waiting on it.
/// Dropped without being kept, it tells them to compute it themselves.
pub struct Miss {
    /// Shared with its flight and, once kept, its entry.
    key: Arc<Key>,
    hash: u64,
    version: DataVersion,
    flight: u64,
    answer: watch::Sender<Option<Answered>>,
    computing: Arc<Mutex<Computing>>,
}

impl Drop for Miss {
    fn drop(&mut self) {
        let mut computing = lock(&self.computing);
        if computing
            .get(&self.hash)
            .is_some_and(|flight| flight.id == self.flight)
        {
            computing.remove(&self.hash);
        }
    }
}

/// Another request is computing the answer: wait for it.
pub struct Wait {
    key: Key,
    answer: watch::Receiver<Option<Answered>>,
}

impl Wait {
    /// The answer the other request kept, or the key back if it kept none.
    pub async fn answer(mut self) -> Result<Answered, Key> {
        match self.answer.wait_for(Option::is_some).await {
            Ok(answer) => answer.clone().ok_or(self.key),
            Err(_) => Err(self.key),
        }
    }
}

pub enum Lookup {
    Hit(Answered),
    Miss(Miss),
    Wait(Wait),
    /// The version could not be read: compute the answer, keep nothing.
    Unknown,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Ids for flights, never reused.
static FLIGHTS: AtomicU64 = AtomicU64::new(0);

impl Responses {
    /// A store of at most `max_bytes` of answers over `versions`.
    pub fn new(versions: DataVersions, max_bytes: usize) -> Self {
        Self {
            versions,
            max_bytes,
            kept: Mutex::default(),
            computing: Arc::default(),
            seen: (0..SEEN_SLOTS).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    /// Whether the key hashed `hash` was asked before (or its answer is kept), so that its
    /// answer is worth looking up and keeping; notes it as asked either way. Reads nothing from
    /// the database.
    pub fn seen_before(&self, hash: u64) -> bool {
        // 0 marks a slot never used.
        let mark = hash.max(1);
        let slot = &self.seen[(hash as usize) & (SEEN_SLOTS - 1)];
        slot.swap(mark, Ordering::Relaxed) == mark || self.kept().entries.contains_key(&hash)
    }

    fn kept(&self) -> MutexGuard<'_, Kept> {
        lock(&self.kept)
    }

    /// What the kept answers are counted as holding, keys included (see [`Entry::bytes_of`]):
    /// at most the store's `max_bytes`.
    pub fn held(&self) -> usize {
        self.kept().bytes
    }

    /// The kept answer to `key` at the database's version now, if there is one; else the answer
    /// another request is computing at that version, if one is; else this request's turn.
    pub async fn lookup(&self, key: Key) -> Lookup {
        let Ok(version) = self.versions.current().await else {
            return Lookup::Unknown;
        };
        let hash = key.hash();
        {
            let mut kept = self.kept();
            kept.retire_unless_at(version);
            if let Some(entry) = kept.entries.get(&hash).filter(|entry| *entry.key == key) {
                return Lookup::Hit(entry.answer.clone());
            }
        }
        let mut computing = lock(&self.computing);
        if let Some(flight) = computing.get(&hash)
            && flight.version == version
            && *flight.key == key
            && flight.answer.has_changed().is_ok()
        {
            return Lookup::Wait(Wait {
                key,
                answer: flight.answer.clone(),
            });
        }
        let id = FLIGHTS.fetch_add(1, Ordering::Relaxed);
        let (answer, waiting) = watch::channel(None);
        let key = Arc::new(key);
        computing.insert(
            hash,
            Flight {
                id,
                key: key.clone(),
                version,
                answer: waiting,
            },
        );
        Lookup::Miss(Miss {
            key,
            hash,
            version,
            flight: id,
            answer,
            computing: self.computing.clone(),
        })
    }

    /// Keeps `answer` as the answer of the missed lookup, if nothing committed while it was
    /// computed, and hands it to the requests waiting on it.
    pub async fn keep(&self, miss: Miss, answer: Answered) {
        let bytes = Entry::bytes_of(&miss.key, &answer);
        // One answer may not take more than a quarter of the room, so that a few large answers
        // do not keep clearing the rest.
        if bytes > self.max_bytes / 4 {
            return;
        }
        match self.versions.current().await {
            Ok(now) if now == miss.version => {}
            _ => return,
        }
        // The answer as kept is a copy of its bytes: the request's own was written into a
        // growing buffer, and a short answer could hold several times its length there.
        let answer = Answered {
            body: Bytes::copy_from_slice(&answer.body),
            ..answer
        };
        let entry = Entry {
            key: miss.key.clone(),
            answer: answer.clone(),
        };
        {
            let mut kept = self.kept();
            if kept.at != Some(miss.version) {
                // Another request has seen another version since: this answer may be stale
                // already.
                return;
            }
            if kept.bytes + bytes > self.max_bytes {
                kept.entries.clear();
                kept.bytes = 0;
            }
            kept.bytes += bytes;
            if let Some(old) = kept.entries.insert(miss.hash, entry) {
                kept.bytes -= old.bytes();
            }
        }
        // Nobody waiting is not an error.
        miss.answer.send(Some(answer)).ok();
    }
}

impl Kept {
    fn retire_unless_at(&mut self, version: DataVersion) {
        if self.at != Some(version) {
            self.entries.clear();
            self.bytes = 0;
            self.at = Some(version);
        }
    }
}
