//! The Relay `Node` interface: every entity type has a global id.

use async_graphql::{ID, Interface};

use super::{Alliance, Hub, Region, TrainingCourse, TransformationProject, Trust};

/// An object with a global id, which `node(id:)` resolves.
#[derive(Interface)]
#[graphql(field(
    name = "id",
    ty = "ID",
    desc = "Global, stable id: `<Type>:<natural key>`."
))]
pub enum Node {
    Region(Region),
    Trust(Trust),
    Hub(Hub),
    Alliance(Alliance),
    TransformationProject(TransformationProject),
    TrainingCourse(TrainingCourse),
}
