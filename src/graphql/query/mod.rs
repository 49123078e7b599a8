//! The root `Query`, merged from one object per domain, and the federation entity resolvers.

mod alliance;
mod course;
mod entities;
mod hub;
mod project;
mod region;
mod trust;

use async_graphql::{Context, MergedObject};
use sea_orm::DatabaseConnection;

use super::loaders;
use super::types::connection::{Conn, root_connection};
use super::types::node_id::{NodeType, key_of};
use crate::error::{AppError, AppResult};
use crate::service::{PageRequest, listing};

#[derive(MergedObject, Default)]
pub struct Query(
    region::RegionQuery,
    trust::TrustQuery,
    hub::HubQuery,
    alliance::AllianceQuery,
    project::ProjectQuery,
    course::CourseQuery,
    entities::EntityQuery,
);

fn db<'a>(ctx: &'a Context<'_>) -> AppResult<&'a DatabaseConnection> {
    ctx.data::<DatabaseConnection>()
        .map_err(|_| AppError::Internal("no database in the schema".into()))
}

/// A root connection over a whole table, in its natural order.
async fn root<N: NodeType>(
    ctx: &Context<'_>,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<Conn<N>> {
    let db = db(ctx)?.clone();
    let request = PageRequest::new(first, after.as_deref())?;
    let page = listing::root_page::<N::Entity>(&db, &request).await?;
    Ok(root_connection(page, move || {
        let db = db.clone();
        async move { listing::count::<N::Entity>(&db).await }
    }))
}

/// A node by its natural key (code or slug); batched with every other lookup of the request.
async fn by_key<N: NodeType>(ctx: &Context<'_>, key: &str) -> AppResult<Option<N>> {
    Ok(loaders::by_key::<N::Entity>(ctx, key).await?.map(N::from))
}

/// A node by its global id: null for an id of another type, an error for a malformed one.
async fn by_id<N: NodeType>(ctx: &Context<'_>, id: &str) -> AppResult<Option<N>> {
    match key_of(id, N::KIND)? {
        Some(key) => by_key(ctx, key).await,
        None => Ok(None),
    }
}
