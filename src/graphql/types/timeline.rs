use super::connection::Conn;
use crate::graphql::values::enums::{Confidence, DatePrecision};
use crate::graphql::values::scalars::Date;

api_type!(
    TimelineEvent,
    timeline_event,
    TimelineEventFilter,
    TimelineEventOrder,
    TimelineEventRoots
);

object! {
    /// An event in the history of the network, dated as precisely as its sources date it.
    impl TimelineEvent {
        /// Global, stable id: `TimelineEvent:<slug>`.
        id(&self) by slug;

        key(&self) slug: "`<the date as given, or undated>-<the event's first words>`.";

        fields {
            /// The first day of the period the sources give: the year's first day for a year, the
            /// month's for a month; null where no source dates the event.
            async fn date(&self) -> Option<Date> {
                self.0.date.map(Date)
            }

            /// How much of `date` the sources give: YEAR, MONTH or DAY.
            async fn date_precision(&self) -> Option<DatePrecision> {
                self.0.date_precision.map(Into::into)
            }

            /// What happened.
            async fn event(&self) -> &str {
                &self.0.event
            }

            /// How sure the data is of the event and its date.
            async fn confidence(&self) -> Confidence {
                self.0.confidence.into()
            }

            /// The records the event's words name (hubs announced, centres designated, a
            /// project begun or ended), of any type; empty where it names none of the network's
            /// records. One statement for the links of every event in the answer, and the
            /// records join the request's batched lookups.
            async fn concerns(
                &self,
                ctx: &async_graphql::Context<'_>,
            ) -> async_graphql::Result<Vec<super::node::Node>> {
                let ids = crate::graphql::loaders::concerns_of_event(ctx, self.0.id).await?;
                Ok(super::node::resolve(ctx, &ids).await?)
            }
        }

        record(&self) by slug;
    }
}

roots! {
    TimelineEvent: TimelineEventRoots(TimelineEventList, TimelineEventLookups) {
        /// Every event of the timeline, oldest first, undated ones last.
        list timeline_events;
        /// An event by its id; null if there is none.
        timeline_event(id: async_graphql::ID = "Its global id, `<Type>:<key>`, as its `id` field gives it.") by_id;
    }
}
