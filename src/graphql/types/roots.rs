//! What every kind's root fields share: a connection over its table, and lookups by natural
//! key and by global id, batched with every other lookup of the request.

use async_graphql::Context;

use super::NodeType;
use super::connection::{Conn, connection, root_connection};
use crate::error::AppResult;
use crate::graphql::loaders::{self, db};
use crate::graphql::values::node_id::key_of;
use crate::service::filter::Filter;
use crate::service::{ListQuery, kinds::Listed, listing};

/// A root connection over a table. When the client asks for `totalCount`, the page's statement
/// counts too, where it can; otherwise the count is a statement of its own, made only if asked.
pub(crate) async fn root<N: NodeType>(
    ctx: &Context<'_>,
    query: ListQuery<N::Entity>,
) -> AppResult<Conn<N>> {
    let db = db(ctx)?.clone();
    let columns = loaders::columns_shown(ctx);
    let page = if ctx.look_ahead().field("totalCount").exists() {
        listing::root_page_with_total::<N::Entity>(&db, &query, columns).await?
    } else {
        listing::root_page::<N::Entity>(&db, &query, columns).await?
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

/// `query` narrowed to the records in force on `day`, where one is given.
pub(crate) fn active_on<E: Listed>(
    mut query: ListQuery<E>,
    day: Option<crate::graphql::values::scalars::Date>,
) -> ListQuery<E> {
    if let Some(active) = day.and_then(|d| Filter::active_on(E::KIND, d.0)) {
        query.filter = Filter::all(query.filter.into_iter().chain([active]).collect());
    }
    query
}

/// A node by its natural key (code or slug); batched with every other lookup of the request.
pub(crate) async fn by_key<N: NodeType>(ctx: &Context<'_>, key: &str) -> AppResult<Option<N>> {
    Ok(loaders::by_key::<N::Entity>(ctx, key).await?.map(N::from))
}

/// A node by another unique column than its natural key (an ICB by its ONS code); batched with
/// the other lookups of the request by the same column.
pub(crate) async fn by_unique<N: NodeType>(
    ctx: &Context<'_>,
    column: <N::Entity as sea_orm::EntityTrait>::Column,
    value: &str,
) -> AppResult<Option<N>> {
    Ok(loaders::by_unique::<N::Entity>(ctx, column, value)
        .await?
        .map(N::from))
}

/// A node by its global id: null for an id of another type, an error for a malformed one.
pub(crate) async fn by_id<N: NodeType>(ctx: &Context<'_>, id: &str) -> AppResult<Option<N>> {
    match key_of(id, <N::Entity as Listed>::KIND)? {
        Some(key) => by_key(ctx, key).await,
        None => Ok(None),
    }
}
