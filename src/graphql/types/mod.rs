//! The API types: built from entity models, never the models themselves.

// Connection fields take Relay's four paging arguments plus `filter` and `orderBy`.
#![allow(clippy::too_many_arguments)]

/// An API type with a global id: which entity it is built from (and so its kind), and the
/// filter and order its connections take, and its root fields.
pub trait NodeType:
    async_graphql::OutputType + From<<Self::Entity as sea_orm::EntityTrait>::Model>
{
    type Entity: crate::service::records::Recorded;
    type Filter: BuildFilter + async_graphql::InputType;
    type Order: OrderKey<Self::Entity> + async_graphql::InputType;
    /// Its root fields: a connection over its table and its lookups.
    type Roots: async_graphql::ObjectType + Default;

    fn kind() -> Kind {
        <Self::Entity as Listed>::KIND
    }
}

/// An API type built from an entity model: the wrapper, its conversion, and its place among the
/// `Node` types, with the filter and order of its connections.
macro_rules! api_type {
    ($name:ident, $entity:ident, $filter:ident, $order:ident, $roots:ident) => {
        pub struct $name(entity::$entity::Model);

        impl From<entity::$entity::Model> for $name {
            fn from(model: entity::$entity::Model) -> Self {
                Self(model)
            }
        }

        impl $crate::graphql::types::NodeType for $name {
            type Entity = entity::$entity::Entity;
            type Filter = $crate::graphql::filters::$filter;
            type Order = $crate::graphql::filters::$order;
            type Roots = $roots;
        }
    };
}

#[macro_use]
mod object;

pub mod alliance;
pub mod centre;
pub mod change;
pub mod conflict;
pub mod connection;
pub mod course;
pub mod hub;
pub mod icb;
pub mod membership;
pub mod network;
pub mod node;
pub mod organisation;
pub mod project;
pub mod provenance;
pub mod region;
pub(crate) mod roots;
pub mod site;
pub mod stats;
pub mod timeline;
pub mod trust;

pub use alliance::Alliance;
pub use centre::GenomicMedicineCentre;
pub use conflict::SourceConflict;
pub use course::TrainingCourse;
pub use hub::Hub;
pub use icb::Icb;
pub use membership::HubMembership;
pub use network::NetworkOfExcellence;
pub use organisation::Organisation;
pub use project::TransformationProject;
pub use region::Region;
pub use site::Site;
pub use timeline::TimelineEvent;
pub use trust::Trust;

use crate::graphql::filters::{BuildFilter, OrderKey};
use crate::graphql::values::node_id::Kind;
use crate::service::kinds::Listed;
