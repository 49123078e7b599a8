use async_graphql::{Context, ID, Object, Result};
use futures_util::future::try_join_all;

use crate::error::AppResult;
use crate::graphql::types::node::Node;
use crate::graphql::types::roots::by_key;
use crate::graphql::values::node_id::{Kind, parse};
use crate::service::kinds::kinds;

#[derive(Default)]
pub struct NodeQuery;

macro_rules! node_of_kind {
    ($($(#[$doc:meta])* $kind:ident($module:ident) { $($rest:tt)* })*) => {
        /// The record of `kind` with natural key `key`, as a `Node`.
        async fn node_of_kind(ctx: &Context<'_>, kind: Kind, key: &str) -> AppResult<Option<Node>> {
            Ok(match kind {
                $(Kind::$kind => by_key::<crate::graphql::types::$kind>(ctx, key)
                    .await?
                    .map(Node::from),)*
            })
        }
    };
}

kinds!(node_of_kind);

/// Any entity by its global id; batched with every other lookup of the request.
pub(crate) async fn node(ctx: &Context<'_>, id: &str) -> AppResult<Option<Node>> {
    let (kind, key) = parse(id)?;
    node_of_kind(ctx, kind, key).await
}

/// Its hint is the root `Query`'s (see `query`): an answer may be kept for 60 s, unless
/// something it reads says less.
#[Object(cache_control(max_age = 60))]
impl NodeQuery {
    /// Any entity by its global id, e.g. `Trust:RQ3`; null if there is none.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The global id, `<Type>:<key>`.")] id: ID,
    ) -> Result<Option<Node>> {
        Ok(node(ctx, &id).await?)
    }

    /// Entities by their global ids, in the order given; null where there is none. One
    /// statement, however many ids of however many types.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids, `<Type>:<key>`, of any types; at most --max-list-length.")]
        ids: Vec<ID>,
    ) -> Result<Vec<Option<Node>>> {
        Ok(try_join_all(ids.iter().map(|id| node(ctx, id))).await?)
    }
}
