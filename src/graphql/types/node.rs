//! The Relay `Node` interface and the `EntityType` enum: one member per kind of record,
//! generated from the kinds' declaration (see [`crate::service::kinds`]).

use async_graphql::{Enum, Interface};

use crate::service::kinds::{Kind, kinds};

macro_rules! node {
    ($($(#[$doc:meta])* $kind:ident($module:ident) { $($rest:tt)* })*) => {
        /// An object with a global id, which `node(id:)` resolves.
        #[derive(Interface)]
        #[graphql(field(
            name = "id",
            ty = "async_graphql::ID",
            desc = "Global, stable id: `<Type>:<natural key>`."
        ))]
        pub enum Node { $($kind(super::$kind),)* }

        /// The entity types, for narrowing a search or a subscription.
        #[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
        pub enum EntityType { $($(#[$doc])* $kind,)* }

        impl From<EntityType> for Kind {
            fn from(entity_type: EntityType) -> Self {
                match entity_type { $(EntityType::$kind => Kind::$kind,)* }
            }
        }
    };
}

kinds!(node);

/// The records with these global ids, as `Node`s, in the order given; an id that names no
/// record (one deleted since it was named) is left out. They join the request's batched lookups.
pub(crate) async fn resolve(
    ctx: &async_graphql::Context<'_>,
    ids: &[String],
) -> crate::error::AppResult<Vec<Node>> {
    let found = futures_util::future::try_join_all(
        ids.iter()
            .map(|id| crate::graphql::query::node::node(ctx, id)),
    )
    .await?;
    Ok(found.into_iter().flatten().collect())
}
