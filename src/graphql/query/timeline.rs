//! The network's history between two dates.

use async_graphql::{Context, Object, Result};

use crate::graphql::filters::{DateFilter, TimelineEventFilter, TimelineEventOrder, list_query};
use crate::graphql::types::TimelineEvent;
use crate::graphql::types::connection::Conn;
use crate::graphql::types::roots::root;
use crate::graphql::values::scalars::Date;

#[derive(Default)]
pub struct TimelineQuery;

#[Object]
impl TimelineQuery {
    /// The events dated from `from` to `to` (both included, either left open), oldest first. An
    /// event dated only by its month or year counts as on that period's first day; undated
    /// events are in `timelineEvents`, not here.
    async fn timeline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The earliest date to include.")] from: Option<Date>,
        #[graphql(desc = "The latest date to include.")] to: Option<Date>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<Conn<TimelineEvent>> {
        let filter = TimelineEventFilter {
            date: Some(DateFilter {
                gte: from,
                lte: to,
                is_null: Some(false),
                ..DateFilter::default()
            }),
            ..TimelineEventFilter::default()
        };
        let query =
            list_query::<_, _, TimelineEventOrder>(Some(filter), None, first, after, last, before)?;
        Ok(root(ctx, query).await?)
    }
}
