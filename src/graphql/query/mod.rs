//! The root `Query`, merged from every kind's root fields (see `types`) and one object per
//! other domain, and the federation entity resolvers.

// Connection fields take Relay's four paging arguments plus `filter` and `orderBy`.
#![allow(clippy::too_many_arguments)]

mod changes;
mod entities;
pub(crate) mod node;
mod search;
mod stats;
mod timeline;

use async_graphql::MergedObject;

use super::types::NodeType;
use crate::service::kinds::kinds;

macro_rules! query {
    ($($(#[$doc:meta])* $kind:ident($module:ident) { $($rest:tt)* })*) => {
        /// The NHS Genomic Medicine Service network: its regions, integrated care boards, trusts and
        /// their sites, hubs and their members, alliances, transformation projects and training
        /// courses, and every relation between them.
        ///
        /// Its records may be kept for 60 s (`Cache-Control`); the change log not at all.
        // A merged object's own cache hint is not read: the root's 60 s comes from `NodeQuery`'s
        // (the merged hint is the smallest of its parts').
        #[derive(MergedObject, Default)]
        pub struct Query(
            $(<crate::graphql::types::$kind as NodeType>::Roots,)*
            node::NodeQuery,
            search::SearchQuery,
            changes::ChangesQuery,
            stats::StatsQuery,
            timeline::TimelineQuery,
            entities::EntityQuery,
        );
    };
}

kinds!(query);
