//! The values the API's types, filters and inputs share: global ids and the kinds they name,
//! enums and scalars. They import none of those, so that types and filters need not import each
//! other both ways.

pub mod enums;
pub mod node_id;
pub mod scalars;
pub mod sources;
