//! The root `Query`, merged from one object per domain.

mod alliance;
mod course;
mod hub;
mod project;
mod region;
mod trust;

use async_graphql::{Context, MergedObject};
use sea_orm::DatabaseConnection;

use super::types::connection::{Conn, root_connection};
use crate::error::{AppError, AppResult};
use crate::service::{
    PageRequest,
    listing::{self, Listed},
};

#[derive(MergedObject, Default)]
pub struct Query(
    region::RegionQuery,
    trust::TrustQuery,
    hub::HubQuery,
    alliance::AllianceQuery,
    project::ProjectQuery,
    course::CourseQuery,
);

pub(crate) fn db<'a>(ctx: &'a Context<'_>) -> AppResult<&'a DatabaseConnection> {
    ctx.data::<DatabaseConnection>()
        .map_err(|_| AppError::Internal("no database in the schema".into()))
}

/// A root connection over a whole table, in its natural order.
async fn root<E, N>(
    ctx: &Context<'_>,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<Conn<N>>
where
    E: Listed,
    N: async_graphql::OutputType + From<E::Model>,
{
    let db = db(ctx)?.clone();
    let request = PageRequest::new(first, after.as_deref())?;
    let page = listing::root_page::<E>(&db, &request).await?;
    Ok(root_connection(page, move || {
        let db = db.clone();
        async move { listing::count::<E>(&db).await }
    }))
}
