use async_graphql::{Context, ID, Object, Result, connection::EmptyFields};
use entity::api_token::Role;

use crate::error::AppError;
use crate::graphql::access::require;
use crate::graphql::loaders::db;
use crate::graphql::types::change::Change;
use crate::graphql::types::connection::{Connection, ConnectionTotal, Edge};
use crate::service::page::Direction;
use crate::service::{PageRequest, changes};

#[derive(Default)]
pub struct ChangesQuery;

#[Object]
impl ChangesQuery {
    /// The change log, oldest first (editors and admins): every write, who made it and when,
    /// with the record before and after.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the changes of this record.")] entity_id: Option<ID>,
        #[graphql(desc = "Only changes at or after this time (RFC 3339).")] since: Option<String>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<Connection<Change, EmptyFields>> {
        require(ctx, Role::Editor)?;
        let since = since
            .map(|s| {
                chrono::DateTime::parse_from_rfc3339(&s)
                    .map(|t| t.naive_utc())
                    .map_err(|_| {
                        AppError::bad_input(format!("`since` is not an RFC 3339 time: {s:?}"))
                    })
            })
            .transpose()?;
        let page = PageRequest::new(first, after.as_deref(), last, before.as_deref())?;
        let db = db(ctx)?.clone();
        let entity_id = entity_id.map(|id| id.0);
        let (rows, more) = changes::page(&db, entity_id.as_deref(), since, &page).await?;
        let total = ConnectionTotal::on_demand(move || {
            let (db, entity_id) = (db.clone(), entity_id.clone());
            async move { changes::count(&db, entity_id.as_deref(), since).await }
        });
        // A cursor's own change lies outside the page, on its side.
        let backward = page.direction == Direction::Backward;
        Ok(Connection {
            has_previous_page: if backward { more } else { page.after.is_some() },
            has_next_page: if backward {
                page.before.is_some()
            } else {
                more
            },
            total,
            edges: rows
                .into_iter()
                .map(|row| Edge {
                    cursor: changes::cursor_of(&row),
                    node: Change::from(row),
                    extra: EmptyFields,
                })
                .collect(),
        })
    }
}
