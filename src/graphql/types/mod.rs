//! The API types: built from entity models, never the models themselves.

// Connection fields take Relay's four paging arguments plus `filter` and `orderBy`.
#![allow(clippy::too_many_arguments)]

/// An API type built from an entity model: the wrapper, its conversion, and its place among the
/// `Node` types.
macro_rules! api_type {
    ($name:ident, $entity:ident) => {
        pub struct $name(entity::$entity::Model);

        impl From<entity::$entity::Model> for $name {
            fn from(model: entity::$entity::Model) -> Self {
                Self(model)
            }
        }

        impl $crate::graphql::values::node_id::NodeType for $name {
            type Entity = entity::$entity::Entity;
        }
    };
}

pub mod alliance;
pub mod change;
pub mod connection;
pub mod course;
pub mod hub;
pub mod node;
pub mod project;
pub mod provenance;
pub mod region;
pub mod stats;
pub mod trust;

pub use alliance::Alliance;
pub use course::TrainingCourse;
pub use hub::Hub;
pub use project::TransformationProject;
pub use region::Region;
pub use trust::Trust;
