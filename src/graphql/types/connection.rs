//! Relay connections: `pageInfo`, `edges { cursor node }`, `nodes` and `totalCount`. Our own
//! generic types rather than async-graphql's, so that every one is documented in the schema;
//! `@shareable`, as other subgraphs may define the same connection types.

use std::{borrow::Cow, future::Future, pin::Pin, sync::Arc};

use async_graphql::{
    Object, ObjectType, OutputType, SimpleObject, TypeName,
    connection::{EmptyFields, PageInfo},
};

use crate::error::{AppError, AppResult};
use crate::graphql::values::enums::{AreaCoverage, Confidence, ServingBasis};
use crate::graphql::values::sources::SourceList;
use crate::service::{
    Page,
    page::{LinkDetail, LinkInfo},
};

type CountFuture = Pin<Box<dyn Future<Output = AppResult<u64>> + Send>>;

/// How a connection knows its `totalCount`: counted with the page (relations), or on demand
/// (roots, search), only when a client asks for it.
pub enum ConnectionTotal {
    Known(u64),
    OnDemand(Arc<dyn Fn() -> CountFuture + Send + Sync>),
}

impl ConnectionTotal {
    pub fn on_demand<F, Fut>(count: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = AppResult<u64>> + Send + 'static,
    {
        Self::OnDemand(Arc::new(move || Box::pin(count())))
    }

    async fn count(&self) -> AppResult<i64> {
        let total = match self {
            Self::Known(n) => *n,
            Self::OnDemand(count) => count().await?,
        };
        i64::try_from(total).map_err(|_| AppError::Internal("count overflow".into()))
    }
}

/// What an edge carries besides its node and cursor; it also names the connection and edge types.
pub trait EdgeKind: ObjectType + Send + Sync + 'static {
    /// What the type names carry between the node's name and `Connection` or `Edge`, e.g.
    /// `Coverage` for `RegionCoverageConnection`; nothing for plain edges.
    const INFIX: &'static str = "";

    fn connection_name(node: &str) -> String {
        format!("{node}{}Connection", Self::INFIX)
    }
    fn edge_name(node: &str) -> String {
        format!("{node}{}Edge", Self::INFIX)
    }
}

impl EdgeKind for EmptyFields {}

/// A page of a list: its items, where it lies, and how long the whole list is.
pub struct Connection<N, E = EmptyFields> {
    pub edges: Vec<Edge<N, E>>,
    pub has_previous_page: bool,
    pub has_next_page: bool,
    pub total: ConnectionTotal,
}

impl<N: OutputType, E: EdgeKind> TypeName for Connection<N, E> {
    fn type_name() -> Cow<'static, str> {
        E::connection_name(&N::type_name()).into()
    }
}

/// A page of a list: its items, the cursors to fetch the pages around it, and how many items
/// the whole list has.
#[Object(name_type, shareable)]
impl<N: OutputType, E: EdgeKind> Connection<N, E> {
    /// Where this page lies: whether items come before or after it, and the cursors to fetch them.
    async fn page_info(&self) -> PageInfo {
        PageInfo {
            has_previous_page: self.has_previous_page,
            has_next_page: self.has_next_page,
            start_cursor: self.edges.first().map(|edge| edge.cursor.clone()),
            end_cursor: self.edges.last().map(|edge| edge.cursor.clone()),
        }
    }

    /// The items of this page, each with its cursor.
    async fn edges(&self) -> &[Edge<N, E>] {
        &self.edges
    }

    /// The items of this page.
    async fn nodes(&self) -> Vec<&N> {
        self.edges.iter().map(|edge| &edge.node).collect()
    }

    /// How many items the whole list has, on every page, under its filter.
    async fn total_count(&self) -> async_graphql::Result<i64> {
        Ok(self.total.count().await?)
    }
}

/// One item of a page, with its cursor.
pub struct Edge<N, E = EmptyFields> {
    pub cursor: String,
    pub node: N,
    pub extra: E,
}

impl<N: OutputType, E: EdgeKind> TypeName for Edge<N, E> {
    fn type_name() -> Cow<'static, str> {
        E::edge_name(&N::type_name()).into()
    }
}

/// One item of a list, with its cursor.
#[Object(name_type, shareable)]
impl<N: OutputType, E: EdgeKind> Edge<N, E> {
    /// The item.
    async fn node(&self) -> &N {
        &self.node
    }

    /// The item's position: pass it as `after` or `before` to page from here.
    async fn cursor(&self) -> &str {
        &self.cursor
    }

    #[graphql(flatten)]
    async fn extra(&self) -> &E {
        &self.extra
    }
}

/// A plain connection, named `<Node>Connection` with `<Node>Edge`s.
pub type Conn<N> = Connection<N, EmptyFields>;

/// A connection over region-coverage links, whose edges say how sure the link is.
pub type CoverageConn<N> = Connection<N, Coverage>;

/// What a region-coverage link says besides its two ends.
#[derive(SimpleObject)]
pub struct Coverage {
    /// STATED when a source says the area is covered, INFERRED when derived from sources.
    pub confidence: Confidence,
    /// How much of the region: WHOLE when every ICB of it is served whole, PART when only some
    /// are, UNCLEAR when none is known to be; null where the data does not say.
    pub coverage: Option<AreaCoverage>,
    /// Where the coverage fact comes from.
    pub sources: SourceList,
}

impl EdgeKind for Coverage {
    const INFIX: &'static str = "Coverage";
}

impl TryFrom<Option<LinkInfo>> for Coverage {
    type Error = AppError;

    fn try_from(link: Option<LinkInfo>) -> AppResult<Self> {
        match link {
            Some(LinkInfo {
                confidence: Some(confidence),
                sources,
                detail: LinkDetail::Region { coverage },
            }) => Ok(Self {
                confidence: confidence.into(),
                coverage: coverage.map(Into::into),
                sources: SourceList(sources),
            }),
            _ => Err(AppError::Internal("a coverage row without its link".into())),
        }
    }
}

/// A connection over area links: the ICBs a hub or an alliance serves, or the other way.
pub type AreaConn<N> = Connection<N, Area>;

/// What an area link says besides its two ends. No source names an ICB, so every link is
/// worked out from the areas that sources name: `basis` says how.
#[derive(SimpleObject)]
pub struct Area {
    /// How much of the ICB is served: WHOLE, PART or UNCLEAR.
    pub coverage: AreaCoverage,
    /// INFERRED when worked out from sourced facts, UNCONFIRMED when no source supports it
    /// (kept only so that the gap is visible).
    pub confidence: Confidence,
    /// How the link was worked out, e.g. `named area "West Midlands"`.
    pub basis: String,
    /// The words of the source the link rests on.
    pub quote: Option<String>,
    /// What the sources leave open about the link.
    pub note: Option<String>,
    /// Where the facts it rests on come from.
    pub sources: SourceList,
}

impl EdgeKind for Area {
    const INFIX: &'static str = "Area";
}

impl TryFrom<Option<LinkInfo>> for Area {
    type Error = AppError;

    fn try_from(link: Option<LinkInfo>) -> AppResult<Self> {
        match link {
            Some(LinkInfo {
                confidence: Some(confidence),
                sources,
                detail:
                    LinkDetail::Area {
                        coverage,
                        basis,
                        quote,
                        note,
                    },
            }) => Ok(Self {
                coverage: coverage.into(),
                confidence: confidence.into(),
                basis,
                quote,
                note,
                sources: SourceList(sources),
            }),
            _ => Err(AppError::Internal("an area row without its link".into())),
        }
    }
}

/// A connection over serving hubs.
pub type ServingConn<N> = Connection<N, Serving>;

/// Why a hub is said to serve a trust, a site or an ICB, and how sure that is.
#[derive(SimpleObject)]
pub struct Serving {
    /// What the link rests on: MEMBERSHIP (the trust is the hub's lead or partner), ICB (the
    /// hub serves its integrated care board) or REGION (only the hub's region coverage).
    pub basis: ServingBasis,
    /// For a link through an ICB: how much of it the hub serves. A trust in an ICB served in
    /// part or unclearly is only UNCONFIRMED to be served by that hub.
    pub coverage: Option<AreaCoverage>,
    /// How sure the data is of the link.
    pub confidence: Confidence,
    /// True when the data does not single out one hub: a trust in several hubs, an ICB that no
    /// single hub serves whole, or a region that several hubs cover. Every candidate is listed;
    /// none is picked.
    pub ambiguous: bool,
    /// What the link rests on, in words: the member's role as stated, or the ICB link's basis.
    pub explanation: Option<String>,
    /// Where the facts it rests on come from.
    pub sources: SourceList,
}

impl EdgeKind for Serving {
    const INFIX: &'static str = "Serving";
}

impl TryFrom<Option<LinkInfo>> for Serving {
    type Error = AppError;

    fn try_from(link: Option<LinkInfo>) -> AppResult<Self> {
        match link {
            Some(LinkInfo {
                confidence: Some(confidence),
                sources,
                detail:
                    LinkDetail::Serving {
                        basis,
                        coverage,
                        ambiguous,
                        explanation,
                    },
            }) => Ok(Self {
                basis: basis.into(),
                coverage: coverage.map(Into::into),
                confidence: confidence.into(),
                ambiguous,
                explanation,
                sources: SourceList(sources),
            }),
            _ => Err(AppError::Internal(
                "a serving-hub row without its link".into(),
            )),
        }
    }
}

/// A connection over the alliances leading a project, or the projects an alliance leads.
pub type LeadConn<N> = Connection<N, Lead>;

/// What a lead link says besides its two ends.
#[derive(SimpleObject)]
pub struct Lead {
    /// STATED when a source names the lead, INFERRED when it is worked out from what sources say
    /// (a page published by the alliance, say).
    pub confidence: Confidence,
    /// The words of the source that name the lead.
    pub quote: Option<String>,
    /// What the sources leave open about the lead.
    pub note: Option<String>,
    /// Where the fact comes from.
    pub sources: SourceList,
}

impl EdgeKind for Lead {
    const INFIX: &'static str = "Lead";
}

impl TryFrom<Option<LinkInfo>> for Lead {
    type Error = AppError;

    fn try_from(link: Option<LinkInfo>) -> AppResult<Self> {
        match link {
            Some(LinkInfo {
                confidence: Some(confidence),
                sources,
                detail: LinkDetail::Lead { quote, note },
            }) => Ok(Self {
                confidence: confidence.into(),
                quote,
                note,
                sources: SourceList(sources),
            }),
            _ => Err(AppError::Internal("a lead row without its link".into())),
        }
    }
}

fn total_of<M>(page: &Page<M>) -> ConnectionTotal {
    ConnectionTotal::Known(page.total.unwrap_or(page.rows.len() as u64))
}

/// A connection over a relation page, whose total was counted with it.
pub fn connection<M, N: OutputType + From<M>>(page: Page<M>) -> Conn<N> {
    Connection {
        total: total_of(&page),
        has_previous_page: page.has_previous_page,
        has_next_page: page.has_next_page,
        edges: page
            .rows
            .into_iter()
            .map(|row| Edge {
                cursor: row.cursor,
                node: N::from(row.model),
                extra: EmptyFields,
            })
            .collect(),
    }
}

/// A connection over a root listing, whose total is counted only when asked for.
pub fn root_connection<M, N, F, Fut>(page: Page<M>, count: F) -> Conn<N>
where
    N: OutputType + From<M>,
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = AppResult<u64>> + Send + 'static,
{
    let mut conn = connection(page);
    conn.total = ConnectionTotal::on_demand(count);
    conn
}

/// A connection over a page of region-coverage links.
pub fn coverage_connection<M, N: OutputType + From<M>>(
    page: Page<M>,
) -> AppResult<CoverageConn<N>> {
    link_connection(page)
}

/// A connection over a page of links, each edge saying what its link says.
pub fn link_connection<M, N, E>(page: Page<M>) -> AppResult<Connection<N, E>>
where
    N: OutputType + From<M>,
    E: EdgeKind + TryFrom<Option<LinkInfo>, Error = AppError>,
{
    let total = total_of(&page);
    let edges = page
        .rows
        .into_iter()
        .map(|row| {
            Ok(Edge {
                extra: E::try_from(row.link)?,
                cursor: row.cursor,
                node: N::from(row.model),
            })
        })
        .collect::<AppResult<_>>()?;
    Ok(Connection {
        edges,
        has_previous_page: page.has_previous_page,
        has_next_page: page.has_next_page,
        total,
    })
}
