//! The API types: built from entity models, never the models themselves.

// Connection fields take Relay's four paging arguments plus `filter` and `orderBy`.
#![allow(clippy::too_many_arguments)]

pub mod alliance;
pub mod connection;
pub mod course;
pub mod enums;
pub mod hub;
pub mod node;
pub mod node_id;
pub mod project;
pub mod region;
pub mod scalars;
pub mod stats;
pub mod trust;

pub use alliance::Alliance;
pub use course::TrainingCourse;
pub use hub::Hub;
pub use project::TransformationProject;
pub use region::Region;
pub use trust::Trust;
