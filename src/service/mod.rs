//! The data layer: plain async functions over a database connection, usable without GraphQL.

pub mod filter;
pub mod listing;
pub mod lookup;
pub mod page;
pub mod relation;
pub mod search;
pub mod stats;

pub use listing::{ListQuery, Ordering};
pub use page::{Cursor, Page, PageRequest, Row};
