//! The root `Subscription`: live changes, over the graphql-ws protocol at /graphql/ws.

use async_graphql::{Context, ID, Object, Result, Subscription};
use futures_util::{Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use super::query::node::node;
use super::types::change::ChangeAction;
use super::types::node::{EntityType, Node};
use crate::error::AppError;
use crate::service::events::{ChangeBus, ChangeEvent};
use crate::service::kinds::Kind;

/// One committed change, as a subscriber hears of it.
pub struct EntityChange(ChangeEvent);

/// One committed change: which record, what happened, and the record as it is now.
#[Object]
impl EntityChange {
    /// What the change did.
    async fn action(&self) -> ChangeAction {
        self.0.action.into()
    }

    /// The record's type, e.g. `TrainingCourse`.
    async fn entity_type(&self) -> &str {
        &self.0.entity_type
    }

    /// The record's global id.
    async fn entity_id(&self) -> ID {
        ID(self.0.entity_id.clone())
    }

    /// The record's version after the change (for a deletion, the version deleted).
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// When the change was committed: UTC, RFC 3339.
    async fn at(&self) -> &str {
        &self.0.at
    }

    /// The record as it is now; null once deleted.
    async fn node(&self, ctx: &Context<'_>) -> Result<Option<Node>> {
        Ok(node(ctx, &self.0.entity_id).await?)
    }
}

#[derive(Default)]
pub struct Subscription;

/// Live updates, over the graphql-ws protocol at /graphql/ws.
#[Subscription]
impl Subscription {
    /// Every change committed from now on, through any instance of the server, optionally only
    /// of some types or some records.
    async fn entity_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only changes to records of these types.")] types: Option<Vec<EntityType>>,
        #[graphql(desc = "Only changes to these records.")] ids: Option<Vec<ID>>,
    ) -> Result<impl Stream<Item = EntityChange>> {
        let bus = ctx
            .data::<ChangeBus>()
            .map_err(|_| AppError::Internal("no change bus in the schema".into()))?;
        let types: Option<Vec<&'static str>> =
            types.map(|t| t.into_iter().map(|t| Kind::from(t).name()).collect());
        let ids: Option<Vec<String>> = ids.map(|ids| ids.into_iter().map(|id| id.0).collect());
        let receiver = bus.subscribe();
        let events = futures_util::stream::unfold(receiver, |mut receiver| async move {
            loop {
                match receiver.recv().await {
                    Ok(event) => return Some((event, receiver)),
                    // A subscriber too slow for the backlog misses the oldest events.
                    Err(RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "a subscriber fell behind");
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        });
        Ok(events
            .filter(move |event| {
                let wanted = types
                    .as_ref()
                    .is_none_or(|t| t.contains(&event.entity_type.as_str()))
                    && ids
                        .as_ref()
                        .is_none_or(|ids| ids.contains(&event.entity_id));
                std::future::ready(wanted)
            })
            .map(EntityChange))
    }
}
