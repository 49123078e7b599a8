use async_graphql::{Context, ID, Object, Result};
use entity::hub;

use super::{db, root};
use crate::graphql::types::{
    Hub,
    connection::Conn,
    node_id::{NodeKind, key_of},
};
use crate::service::lookup;

#[derive(Default)]
pub struct HubQuery;

#[Object]
impl HubQuery {
    /// Genomic laboratory hubs, by name.
    async fn hubs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return: 50 if not given, at most 500.")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
    ) -> Result<Conn<Hub>> {
        Ok(root::<hub::Entity, Hub>(ctx, first, after).await?)
    }

    /// By global id, e.g. `Hub:north-west`; null if there is none.
    async fn hub(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Hub>> {
        match key_of(&id, NodeKind::Hub)? {
            Some(slug) => Ok(lookup::hub_by_slug(db(ctx)?, slug).await?.map(Into::into)),
            None => Ok(None),
        }
    }

    /// By slug, e.g. `north-west`; null if there is none.
    async fn hub_by_slug(&self, ctx: &Context<'_>, slug: String) -> Result<Option<Hub>> {
        Ok(lookup::hub_by_slug(db(ctx)?, &slug).await?.map(Into::into))
    }
}
