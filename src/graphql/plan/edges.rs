//! What a plan writes of an edge's link (its confidence, coverage, basis, …): each edge kind's
//! fields, as its `SimpleObject` (see `types::connection`) answers them from the link's row.
//! The links' `sources` are not planned.

use async_graphql::connection::EmptyFields;

use super::write;
use crate::graphql::types::connection::{Area, Coverage, EdgeKind, Lead, Serving};
use crate::graphql::values::enums::{AreaCoverage, Confidence, ServingBasis};
use crate::service::page::{LinkDetail, LinkInfo};

/// A field of a link, written from its row.
pub(crate) type LinkField = fn(&LinkInfo, &mut Vec<u8>);

/// An edge kind whose link fields a plan can write.
pub(crate) trait PlannedEdge: EdgeKind {
    /// The writer of the field `name` of this kind's edges, if it is planned.
    fn field(name: &str) -> Option<LinkField>;
    /// Whether a row's link is of this kind, as the edge's conversion requires (a row that is
    /// not leaves the request to async-graphql, which says so).
    fn holds(link: Option<&LinkInfo>) -> bool;
}

fn confidence(link: &LinkInfo, out: &mut Vec<u8>) {
    write::value(&link.confidence.map(Confidence::from), out);
}

fn opt_text(text: Option<&str>, out: &mut Vec<u8>) {
    write::opt_str(text, out);
}

impl PlannedEdge for EmptyFields {
    fn field(_: &str) -> Option<LinkField> {
        None
    }
    fn holds(_: Option<&LinkInfo>) -> bool {
        true
    }
}

impl PlannedEdge for Coverage {
    fn field(name: &str) -> Option<LinkField> {
        Some(match name {
            "confidence" => confidence,
            "coverage" => |link, out| match &link.detail {
                LinkDetail::Region { coverage } => {
                    write::value(&coverage.map(AreaCoverage::from), out);
                }
                _ => out.extend_from_slice(b"null"),
            },
            _ => return None,
        })
    }
    fn holds(link: Option<&LinkInfo>) -> bool {
        link.is_some_and(|link| {
            link.confidence.is_some() && matches!(link.detail, LinkDetail::Region { .. })
        })
    }
}

impl PlannedEdge for Area {
    fn field(name: &str) -> Option<LinkField> {
        Some(match name {
            "confidence" => confidence,
            "coverage" => |link, out| match &link.detail {
                LinkDetail::Area { coverage, .. } => {
                    write::value(&AreaCoverage::from(*coverage), out);
                }
                _ => out.extend_from_slice(b"null"),
            },
            "basis" => |link, out| match &link.detail {
                LinkDetail::Area { basis, .. } => write::str(basis, out),
                _ => out.extend_from_slice(b"null"),
            },
            "quote" => |link, out| match &link.detail {
                LinkDetail::Area { quote, .. } => opt_text(quote.as_deref(), out),
                _ => out.extend_from_slice(b"null"),
            },
            "note" => |link, out| match &link.detail {
                LinkDetail::Area { note, .. } => opt_text(note.as_deref(), out),
                _ => out.extend_from_slice(b"null"),
            },
            _ => return None,
        })
    }
    fn holds(link: Option<&LinkInfo>) -> bool {
        link.is_some_and(|link| {
            link.confidence.is_some() && matches!(link.detail, LinkDetail::Area { .. })
        })
    }
}

impl PlannedEdge for Serving {
    fn field(name: &str) -> Option<LinkField> {
        Some(match name {
            "confidence" => confidence,
            "basis" => |link, out| match &link.detail {
                LinkDetail::Serving { basis, .. } => {
                    write::value(&ServingBasis::from(*basis), out);
                }
                _ => out.extend_from_slice(b"null"),
            },
            "coverage" => |link, out| match &link.detail {
                LinkDetail::Serving { coverage, .. } => {
                    write::value(&coverage.map(AreaCoverage::from), out);
                }
                _ => out.extend_from_slice(b"null"),
            },
            "ambiguous" => |link, out| match &link.detail {
                LinkDetail::Serving { ambiguous, .. } => {
                    out.extend_from_slice(if *ambiguous { b"true" } else { b"false" });
                }
                _ => out.extend_from_slice(b"null"),
            },
            "explanation" => |link, out| match &link.detail {
                LinkDetail::Serving { explanation, .. } => opt_text(explanation.as_deref(), out),
                _ => out.extend_from_slice(b"null"),
            },
            _ => return None,
        })
    }
    fn holds(link: Option<&LinkInfo>) -> bool {
        link.is_some_and(|link| {
            link.confidence.is_some() && matches!(link.detail, LinkDetail::Serving { .. })
        })
    }
}

impl PlannedEdge for Lead {
    fn field(name: &str) -> Option<LinkField> {
        Some(match name {
            "confidence" => confidence,
            "quote" => |link, out| match &link.detail {
                LinkDetail::Lead { quote, .. } => opt_text(quote.as_deref(), out),
                _ => out.extend_from_slice(b"null"),
            },
            "note" => |link, out| match &link.detail {
                LinkDetail::Lead { note, .. } => opt_text(note.as_deref(), out),
                _ => out.extend_from_slice(b"null"),
            },
            _ => return None,
        })
    }
    fn holds(link: Option<&LinkInfo>) -> bool {
        link.is_some_and(|link| {
            link.confidence.is_some() && matches!(link.detail, LinkDetail::Lead { .. })
        })
    }
}
