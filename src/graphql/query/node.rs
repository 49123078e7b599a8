use async_graphql::{Context, ID, Object, Result};
use futures_util::future::try_join_all;

use super::by_key;
use crate::error::AppResult;
use crate::graphql::types::node::Node;
use crate::graphql::types::{Alliance, Hub, Region, TrainingCourse, TransformationProject, Trust};
use crate::graphql::values::node_id::{NodeKind, parse};

#[derive(Default)]
pub struct NodeQuery;

/// Any entity by its global id; batched with every other lookup of the request.
pub(crate) async fn node(ctx: &Context<'_>, id: &str) -> AppResult<Option<Node>> {
    let (kind, key) = parse(id)?;
    Ok(match kind {
        NodeKind::Region => by_key::<Region>(ctx, key).await?.map(Node::from),
        NodeKind::Trust => by_key::<Trust>(ctx, key).await?.map(Node::from),
        NodeKind::Hub => by_key::<Hub>(ctx, key).await?.map(Node::from),
        NodeKind::Alliance => by_key::<Alliance>(ctx, key).await?.map(Node::from),
        NodeKind::TransformationProject => by_key::<TransformationProject>(ctx, key)
            .await?
            .map(Node::from),
        NodeKind::TrainingCourse => by_key::<TrainingCourse>(ctx, key).await?.map(Node::from),
    })
}

#[Object]
impl NodeQuery {
    /// Any entity by its global id, e.g. `Trust:RQ3`; null if there is none.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Node>> {
        Ok(node(ctx, &id).await?)
    }

    /// Entities by their global ids, in the order given; null where there is none. One
    /// statement, however many ids of however many types.
    #[graphql(complexity = "crate::graphql::limits::list_cost(ids.len(), child_complexity)")]
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> Result<Vec<Option<Node>>> {
        Ok(try_join_all(ids.iter().map(|id| node(ctx, id))).await?)
    }
}
