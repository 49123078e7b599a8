//! The data layer: plain async functions over a database connection, usable without GraphQL.

pub mod auth;
pub mod changes;
pub mod concerns;
pub mod data_version;
pub mod events;
pub mod filter;
pub mod ids;
pub mod kinds;
pub mod listing;
pub mod lookup;
pub mod page;
pub mod records;
pub mod search;
pub mod stats;
pub mod write;

pub use listing::{ListQuery, Ordering};
pub use page::{Cursor, Page, PageRequest, Row};
