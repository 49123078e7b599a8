//! The root `Query`, merged from one object per domain, and the federation entity resolvers.

// Connection fields take Relay's four paging arguments plus `filter` and `orderBy`.
#![allow(clippy::too_many_arguments)]

mod alliance;
mod changes;
mod course;
mod entities;
mod hub;
pub(crate) mod node;
mod project;
mod region;
mod search;
mod stats;
mod trust;

use async_graphql::{Context, MergedObject};
use sea_orm::DatabaseConnection;

use super::loaders;
use super::types::NodeType;
use super::types::connection::{Conn, connection, root_connection};
use super::values::node_id::key_of;
use crate::db::Session;
use crate::error::{AppError, AppResult};
use crate::service::{ListQuery, kinds::Listed, listing};

/// The NHS Genomic Medicine Service network: its regions, trusts, hubs, alliances, transformation
/// projects and training courses, and every relation between them.
#[derive(MergedObject, Default)]
pub struct Query(
    region::RegionList,
    region::RegionQuery,
    trust::TrustList,
    trust::TrustQuery,
    hub::HubList,
    hub::HubQuery,
    alliance::AllianceList,
    alliance::AllianceQuery,
    project::ProjectList,
    project::ProjectQuery,
    course::CourseList,
    course::CourseQuery,
    node::NodeQuery,
    search::SearchQuery,
    changes::ChangesQuery,
    stats::StatsQuery,
    entities::EntityQuery,
);

/// The request's reads (see [`crate::db::session`]).
pub(crate) fn db<'a>(ctx: &'a Context<'_>) -> AppResult<&'a Session> {
    ctx.data::<Session>()
        .map_err(|_| AppError::Internal("no database in the schema".into()))
}

/// The pool writes go through (see [`crate::db::Pools`]).
pub(crate) struct Writer(pub DatabaseConnection);

pub(crate) fn writer<'a>(ctx: &'a Context<'_>) -> AppResult<&'a DatabaseConnection> {
    ctx.data::<Writer>()
        .map(|w| &w.0)
        .map_err(|_| AppError::Internal("no database writer in the schema".into()))
}

/// A root connection over a table. When the client asks for `totalCount`, the page's statement
/// counts too, where it can; otherwise the count is a statement of its own, made only if asked.
async fn root<N: NodeType>(ctx: &Context<'_>, query: ListQuery<N::Entity>) -> AppResult<Conn<N>> {
    let db = db(ctx)?.clone();
    let page = if ctx.look_ahead().field("totalCount").exists() {
        listing::root_page_with_total::<N::Entity>(&db, &query).await?
    } else {
        listing::root_page::<N::Entity>(&db, &query).await?
    };
    if page.total.is_some() {
        return Ok(connection(page));
    }
    let filter = query.filter;
    Ok(root_connection(page, move || {
        let (db, filter) = (db.clone(), filter.clone());
        async move { listing::count::<N::Entity>(&db, filter.as_ref()).await }
    }))
}

/// A node by its natural key (code or slug); batched with every other lookup of the request.
async fn by_key<N: NodeType>(ctx: &Context<'_>, key: &str) -> AppResult<Option<N>> {
    Ok(loaders::by_key::<N::Entity>(ctx, key).await?.map(N::from))
}

/// A node by its global id: null for an id of another type, an error for a malformed one.
async fn by_id<N: NodeType>(ctx: &Context<'_>, id: &str) -> AppResult<Option<N>> {
    match key_of(id, <N::Entity as Listed>::KIND)? {
        Some(key) => by_key(ctx, key).await,
        None => Ok(None),
    }
}
