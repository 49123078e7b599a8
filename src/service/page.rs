//! Page requests, opaque cursors and pages.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use entity::{AreaCoverage, Confidence, ServingBasis, Sources};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};

/// Page size when the client gives neither `first` nor `last`.
pub const DEFAULT_PAGE_SIZE: u64 = 50;
/// The largest `first` or `last` a client may ask for; more is refused, never clamped.
pub const MAX_PAGE_SIZE: u64 = 500;

/// One value of a row's sort key, as a cursor carries it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CursorValue {
    Null,
    Int(i64),
    Text(String),
}

/// A position in an ordered listing: the sort key of the row it points at, and the ordering
/// the key belongs to, so that a cursor is never read under another ordering.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cursor {
    #[serde(rename = "o")]
    pub ordering: String,
    #[serde(rename = "k")]
    pub key: Vec<CursorValue>,
}

impl Cursor {
    pub fn encode(&self) -> String {
        // Serialising plain strings and integers cannot fail.
        let json = serde_json::to_vec(self).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(json)
    }

    pub fn decode(text: &str) -> AppResult<Self> {
        let malformed = || AppError::bad_input(format!("malformed cursor: {text:?}"));
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| malformed())?;
        serde_json::from_slice(&bytes).map_err(|_| malformed())
    }
}

/// Which end of the window a page is taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `first`: the page starts right after `after`.
    Forward,
    /// `last`: the page ends right before `before`.
    Backward,
}

/// What a client asked of a connection: how many rows, from which end, between which cursors.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PageRequest {
    pub size: u64,
    pub direction: Direction,
    pub after: Option<Cursor>,
    pub before: Option<Cursor>,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self {
            size: DEFAULT_PAGE_SIZE,
            direction: Direction::Forward,
            after: None,
            before: None,
        }
    }
}

fn page_size(name: &str, n: i32) -> AppResult<u64> {
    if n < 0 {
        return Err(AppError::bad_input(format!(
            "`{name}` must not be negative (got {n})"
        )));
    }
    let n = n as u64;
    if n > MAX_PAGE_SIZE {
        return Err(AppError::bad_input(format!(
            "`{name}` must be at most {MAX_PAGE_SIZE} (got {n})"
        )));
    }
    Ok(n)
}

impl PageRequest {
    /// Checks a connection's `first`, `after`, `last` and `before` arguments.
    pub fn new(
        first: Option<i32>,
        after: Option<&str>,
        last: Option<i32>,
        before: Option<&str>,
    ) -> AppResult<Self> {
        let (size, direction) = match (first, last) {
            (Some(_), Some(_)) => {
                return Err(AppError::bad_input(
                    "give `first` or `last`, not both: a page is taken from one end",
                ));
            }
            (Some(n), None) => (page_size("first", n)?, Direction::Forward),
            (None, Some(n)) => (page_size("last", n)?, Direction::Backward),
            (None, None) if before.is_some() && after.is_none() => {
                (DEFAULT_PAGE_SIZE, Direction::Backward)
            }
            (None, None) => (DEFAULT_PAGE_SIZE, Direction::Forward),
        };
        Ok(Self {
            size,
            direction,
            after: after.map(Cursor::decode).transpose()?,
            before: before.map(Cursor::decode).transpose()?,
        })
    }

    /// `first` rows after an optional cursor.
    pub fn first(size: u64, after: Option<Cursor>) -> Self {
        Self {
            size,
            after,
            ..Self::default()
        }
    }
}

/// The link a related row was reached through, for many-to-many relations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkInfo {
    /// For region coverage: how sure the data is of the link.
    pub confidence: Option<Confidence>,
    pub sources: Sources,
    /// What links of its shape say besides (see [`crate::service::kinds::LinkShape`]).
    pub detail: LinkDetail,
}

/// What a link says besides its confidence and sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkDetail {
    None,
    /// A region covered: how much of it, where the data says.
    Region {
        coverage: Option<AreaCoverage>,
    },
    /// An area served: how much of it, and how the link was worked out.
    Area {
        coverage: AreaCoverage,
        basis: String,
        quote: Option<String>,
        note: Option<String>,
    },
    /// A serving hub: what the link rests on.
    Serving {
        basis: ServingBasis,
        coverage: Option<AreaCoverage>,
        ambiguous: bool,
        explanation: Option<String>,
    },
    /// A project's lead: the source's words and what they leave open.
    Lead {
        quote: Option<String>,
        note: Option<String>,
    },
}

/// One row of a page, with its cursor.
#[derive(Clone, Debug)]
pub struct Row<M> {
    pub model: M,
    pub cursor: String,
    pub link: Option<LinkInfo>,
}

/// A page of rows. `total` is the number of rows the listing has in all (under its filter),
/// where it was counted with the page; root listings count on demand instead.
#[derive(Clone, Debug)]
pub struct Page<M> {
    pub rows: Vec<Row<M>>,
    pub has_previous_page: bool,
    pub has_next_page: bool,
    pub total: Option<u64>,
}

impl<M> Page<M> {
    pub fn empty() -> Self {
        Self {
            rows: Vec::new(),
            has_previous_page: false,
            has_next_page: false,
            total: Some(0),
        }
    }
}
