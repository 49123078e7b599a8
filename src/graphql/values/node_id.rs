//! Global ids: `<Type>:<natural key>`, e.g. `Hub:north-west` or `Trust:RQ3`. They come from the
//! natural key, so an entity has the same id on every database and after every re-seed.

use std::fmt;

use async_graphql::ID;

use crate::error::{AppError, AppResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Region,
    Trust,
    Hub,
    Alliance,
    TransformationProject,
    TrainingCourse,
}

impl NodeKind {
    const ALL: [NodeKind; 6] = [
        Self::Region,
        Self::Trust,
        Self::Hub,
        Self::Alliance,
        Self::TransformationProject,
        Self::TrainingCourse,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Region => "Region",
            Self::Trust => "Trust",
            Self::Hub => "Hub",
            Self::Alliance => "Alliance",
            Self::TransformationProject => "TransformationProject",
            Self::TrainingCourse => "TrainingCourse",
        }
    }

    pub fn id(self, key: &str) -> ID {
        ID(crate::service::ids::global_id(self.name(), key))
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Splits a global id into its type and natural key. An id that is not of that form is bad
/// input; a well-formed id of another type is not.
pub fn parse(id: &str) -> AppResult<(NodeKind, &str)> {
    let malformed = || {
        AppError::bad_input(format!(
            "malformed id {id:?}: expected <Type>:<key>, e.g. Hub:north-west"
        ))
    };
    let (kind, key) = id.split_once(':').ok_or_else(malformed)?;
    let kind = NodeKind::ALL
        .into_iter()
        .find(|k| k.name() == kind)
        .ok_or_else(malformed)?;
    if key.is_empty() {
        return Err(malformed());
    }
    Ok((kind, key))
}

/// The natural key in `id` when it names an entity of type `kind`, `None` for another type.
pub fn key_of(id: &str, kind: NodeKind) -> AppResult<Option<&str>> {
    let (found, key) = parse(id)?;
    Ok((found == kind).then_some(key))
}

/// An API type with a global id: which entity it is built from and its id's prefix.
pub trait NodeType:
    async_graphql::OutputType + From<<Self::Entity as sea_orm::EntityTrait>::Model>
{
    type Entity: crate::service::records::Recorded;
    const KIND: NodeKind;
}
