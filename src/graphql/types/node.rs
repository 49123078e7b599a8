//! The Relay `Node` interface: every entity type has a global id.

use async_graphql::{Enum, ID, Interface};

use crate::graphql::values::node_id::NodeKind;

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

/// The entity types, for narrowing a search or a subscription.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityType {
    /// NHS England regions.
    Region,
    /// NHS trusts.
    Trust,
    /// Genomic laboratory hubs.
    Hub,
    /// Genomic medicine service alliances.
    Alliance,
    /// Transformation projects.
    TransformationProject,
    /// Training courses.
    TrainingCourse,
}

impl EntityType {
    pub fn kind(self) -> NodeKind {
        match self {
            Self::Region => NodeKind::Region,
            Self::Trust => NodeKind::Trust,
            Self::Hub => NodeKind::Hub,
            Self::Alliance => NodeKind::Alliance,
            Self::TransformationProject => NodeKind::TransformationProject,
            Self::TrainingCourse => NodeKind::TrainingCourse,
        }
    }

    pub fn table(self) -> &'static str {
        match self {
            Self::Region => "region",
            Self::Trust => "trust",
            Self::Hub => "hub",
            Self::Alliance => "alliance",
            Self::TransformationProject => "transformation_project",
            Self::TrainingCourse => "training_course",
        }
    }

    pub fn of_table(table: &str) -> Option<NodeKind> {
        Some(match table {
            "region" => NodeKind::Region,
            "trust" => NodeKind::Trust,
            "hub" => NodeKind::Hub,
            "alliance" => NodeKind::Alliance,
            "transformation_project" => NodeKind::TransformationProject,
            "training_course" => NodeKind::TrainingCourse,
            _ => return None,
        })
    }
}
