use async_graphql::{Context, Object, Result, SimpleObject};
use futures_util::future::try_join_all;

use super::node::node;
use crate::graphql::loaders::db;
use crate::graphql::types::connection::{Connection, ConnectionTotal, Edge, EdgeKind};
use crate::graphql::types::node::{EntityType, Node};
use crate::service::{PageRequest, kinds::Kind, search};

/// How well a search result matched.
#[derive(SimpleObject)]
pub struct SearchRank {
    /// 4: the whole name or title is the text; 3: it starts with it; 2: it contains it;
    /// 1: every word is in another field (a code, a summary, a provider).
    pub rank: i32,
}

impl EdgeKind for SearchRank {
    fn connection_name(_node: &str) -> String {
        "SearchConnection".into()
    }
    fn edge_name(_node: &str) -> String {
        "SearchEdge".into()
    }
}

type SearchConnection = Connection<Node, SearchRank>;

#[derive(Default)]
pub struct SearchQuery;

#[Object]
impl SearchQuery {
    /// One ranked search over the names, titles and descriptions of every entity type. Every
    /// word of `text` must appear (ignoring case) in some field of a result; best matches
    /// first, then by name.
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words to look for (at most 200 characters).")] text: String,
        #[graphql(desc = "Only these types; all when not given.")] types: Option<Vec<EntityType>>,
        #[graphql(desc = "The first n, at most 500 (50 when neither first nor last is given).")]
        first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
        #[graphql(desc = "The last n, at most 500.")] last: Option<i32>,
        #[graphql(desc = "Only those before this cursor.")] before: Option<String>,
    ) -> Result<SearchConnection> {
        let db = db(ctx)?.clone();
        let page = PageRequest::new(first, after.as_deref(), last, before.as_deref())?;
        let kinds: Vec<Kind> = types
            .unwrap_or_default()
            .into_iter()
            .map(Kind::from)
            .collect();
        let found = search::search(&db, &text, &kinds, &page).await?;
        let nodes = try_join_all(
            found
                .hits
                .iter()
                .map(|hit| async move { node(ctx, &hit.kind.global_id(&hit.key)).await }),
        )
        .await?;
        let total = ConnectionTotal::on_demand(move || {
            let (db, text, kinds) = (db.clone(), text.clone(), kinds.clone());
            async move { search::count(&db, &text, &kinds).await }
        });
        // A row deleted between the two statements is left out.
        let edges = found
            .hits
            .into_iter()
            .zip(nodes)
            .filter_map(|(hit, node)| {
                Some(Edge {
                    node: node?,
                    cursor: hit.cursor,
                    extra: SearchRank { rank: hit.rank },
                })
            })
            .collect();
        Ok(SearchConnection {
            edges,
            has_previous_page: found.has_previous_page,
            has_next_page: found.has_next_page,
            total,
        })
    }
}
