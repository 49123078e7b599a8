//! The change log, as the API shows it.

use crate::graphql::values::scalars::Json;
use crate::service::ids::global_id;
use async_graphql::{Enum, ID, Object};
use entity::change_log;

/// What a change did.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::change_log::Action")]
pub enum ChangeAction {
    /// The record was created.
    Create,
    /// The record was changed.
    Update,
    /// The record was deleted.
    Delete,
}

pub struct Change(change_log::Model);

impl From<change_log::Model> for Change {
    fn from(model: change_log::Model) -> Self {
        Self(model)
    }
}

/// One change to one record: who made it, when, and the record before and after. Read by
/// editors and admins, and news once: an answer that holds one is not kept (`Cache-Control:
/// private, no-cache`).
#[Object(cache_control(no_cache, private))]
impl Change {
    /// The change's global id, `Change:<number>`: unique across the API, for clients that cache
    /// by id. Changes are read through `changes` and `history`; `node` does not fetch them.
    async fn id(&self) -> ID {
        ID(global_id("Change", &self.0.id.to_string()))
    }

    /// The change's number: changes are numbered in the order they were committed.
    async fn number(&self) -> i32 {
        self.0.id
    }

    /// When the change was committed: UTC, RFC 3339.
    async fn at(&self) -> String {
        self.0
            .at
            .and_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }

    /// The name of the token that made it, or `seed:<file>` for a change the seed made.
    async fn actor(&self) -> &str {
        &self.0.actor
    }

    /// What it did.
    async fn action(&self) -> ChangeAction {
        self.0.action.into()
    }

    /// The type of the record changed, e.g. `TrainingCourse`.
    async fn entity_type(&self) -> &str {
        &self.0.entity_type
    }

    /// The global id of the record changed.
    async fn entity_id(&self) -> ID {
        ID(self.0.entity_id.clone())
    }

    /// The record's version after the change (for a deletion, the version deleted).
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// The record before the change; null for a creation.
    async fn before(&self) -> Option<Json> {
        self.0.before.clone().map(Json)
    }

    /// The record after the change; null for a deletion.
    async fn after(&self) -> Option<Json> {
        self.0.after.clone().map(Json)
    }
}
