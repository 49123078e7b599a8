use async_graphql::{Context, SimpleObject};

use crate::graphql::types::node::Node;
use crate::graphql::{loaders, types::connection::Conn};

api_type!(
    SourceConflict,
    source_conflict,
    SourceConflictFilter,
    SourceConflictOrder,
    SourceConflictRoots
);

/// What one source, or one set of sources, says where sources disagree.
#[derive(SimpleObject)]
pub struct ConflictClaim {
    /// The claim, in the reference's words.
    claim: String,
    /// The sources that make it: URLs, or a citation where a source has none.
    sources: Vec<String>,
}

object! {
    /// A place where sources contradict each other (a date, a count, a lead), claim by claim,
    /// each with its sources. The records it bears on show the value the reference chose, and
    /// list this conflict in their `conflicts`.
    impl SourceConflict {
        /// Global, stable id: `SourceConflict:<slug>`.
        id(&self) by slug;

        key(&self) slug: "From the topic, e.g. `lynch-syndrome-project-dates`.";

        fields {
            /// What the sources disagree about, e.g. `Lynch syndrome project dates`.
            async fn topic(&self) -> &str {
                &self.0.topic
            }

            /// The contradiction in the reference's words, its source numbers spelled out as
            /// the sources.
            async fn detail(&self) -> &str {
                &self.0.detail
            }

            /// Each claim with its own sources, in the order the reference gives them.
            async fn claims(&self) -> Vec<ConflictClaim> {
                self.0
                    .claims
                    .0
                    .iter()
                    .map(|c| ConflictClaim {
                        claim: c.claim.clone(),
                        sources: c.sources.clone(),
                    })
                    .collect()
            }

            /// The records whose value the sources dispute, of any type. One statement for the
            /// links of every conflict in the answer, and the records join the request's batched
            /// lookups.
            async fn concerns(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Node>> {
                let ids = loaders::concerns_of_conflict(ctx, self.0.id).await?;
                Ok(super::node::resolve(ctx, &ids).await?)
            }
        }

        record(&self) by slug;
    }
}

roots! {
    SourceConflict: SourceConflictRoots(SourceConflictList, SourceConflictLookups) {
        /// Every place where sources contradict each other, by topic.
        list source_conflicts;
        /// A conflict by its id, e.g. `SourceConflict:lynch-syndrome-project-dates`; null if
        /// there is none.
        source_conflict(id: async_graphql::ID = "Its global id, `<Type>:<key>`, as its `id` field gives it.") by_id;
    }
}
