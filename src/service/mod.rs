//! The data layer: plain async functions over a database connection, usable without GraphQL.

pub mod listing;
pub mod lookup;
pub mod page;
pub mod relation;

pub use page::{Cursor, Page, PageRequest, Row};
