//! Relay connections: `nodes`, `edges { cursor node }`, `pageInfo`, `totalCount`.

use std::{future::Future, pin::Pin, sync::Arc};

use async_graphql::{
    Object, OutputType, SimpleObject,
    connection::{Connection, ConnectionNameType, Edge, EdgeNameType, EmptyFields},
};

use super::enums::Confidence;
use crate::error::{AppError, AppResult};
use crate::service::{Page, page::LinkInfo};

type CountFuture = Pin<Box<dyn Future<Output = AppResult<u64>> + Send>>;

/// `totalCount` of a connection: counted with the page (relations), or on demand (roots).
pub struct ConnectionTotal(Total);

enum Total {
    Known(u64),
    OnDemand(Arc<dyn Fn() -> CountFuture + Send + Sync>),
}

impl ConnectionTotal {
    /// A total counted only when a client asks for it.
    pub fn on_demand<F, Fut>(count: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = AppResult<u64>> + Send + 'static,
    {
        Self(Total::OnDemand(Arc::new(move || Box::pin(count()))))
    }
}

#[Object]
impl ConnectionTotal {
    /// How many items the connection has in all, on every page.
    async fn total_count(&self) -> async_graphql::Result<i64> {
        let total = match &self.0 {
            Total::Known(n) => *n,
            Total::OnDemand(count) => count().await?,
        };
        i64::try_from(total).map_err(|_| AppError::Internal("count overflow".into()).into())
    }
}

/// A plain connection, named `<Node>Connection` with `<Node>Edge`s.
pub type Conn<N> = Connection<String, N, ConnectionTotal, EmptyFields>;

/// A connection over region-coverage links, whose edges say how sure the link is.
pub type CoverageConn<N> =
    Connection<String, N, ConnectionTotal, Coverage, CoverageConnectionName, CoverageEdgeName>;

pub struct CoverageConnectionName;
impl ConnectionNameType for CoverageConnectionName {
    fn type_name<T: OutputType>() -> String {
        format!("{}CoverageConnection", T::type_name())
    }
}

pub struct CoverageEdgeName;
impl EdgeNameType for CoverageEdgeName {
    fn type_name<T: OutputType>() -> String {
        format!("{}CoverageEdge", T::type_name())
    }
}

/// What a region-coverage link says besides its two ends.
#[derive(SimpleObject)]
pub struct Coverage {
    /// STATED when a source says the area is covered, INFERRED when derived from sources.
    pub confidence: Confidence,
    /// Where the coverage fact comes from.
    pub sources: Vec<String>,
}

impl TryFrom<Option<LinkInfo>> for Coverage {
    type Error = AppError;

    fn try_from(link: Option<LinkInfo>) -> AppResult<Self> {
        match link {
            Some(LinkInfo {
                confidence: Some(confidence),
                sources,
            }) => Ok(Self {
                confidence: confidence.into(),
                sources: sources.0,
            }),
            _ => Err(AppError::Internal("a coverage row without its link".into())),
        }
    }
}

fn total_of<M>(page: &Page<M>) -> ConnectionTotal {
    ConnectionTotal(Total::Known(page.total.unwrap_or(page.rows.len() as u64)))
}

/// A connection over a relation page, whose total was counted with it.
pub fn connection<M, N: OutputType + From<M>>(page: Page<M>) -> Conn<N> {
    let mut conn = Connection::with_additional_fields(
        page.has_previous_page,
        page.has_next_page,
        total_of(&page),
    );
    conn.edges.extend(
        page.rows
            .into_iter()
            .map(|row| Edge::new(row.cursor, N::from(row.model))),
    );
    conn
}

/// A connection over a root listing, whose total is counted only when asked for.
pub fn root_connection<M, N, F, Fut>(page: Page<M>, count: F) -> Conn<N>
where
    N: OutputType + From<M>,
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = AppResult<u64>> + Send + 'static,
{
    let mut conn = connection(page);
    conn.additional_fields = ConnectionTotal::on_demand(count);
    conn
}

/// A connection over a page of region-coverage links.
pub fn coverage_connection<M, N: OutputType + From<M>>(
    page: Page<M>,
) -> AppResult<CoverageConn<N>> {
    let mut conn = Connection::with_additional_fields(
        page.has_previous_page,
        page.has_next_page,
        total_of(&page),
    );
    for row in page.rows {
        let coverage = Coverage::try_from(row.link)?;
        conn.edges.push(Edge::with_additional_fields(
            row.cursor,
            N::from(row.model),
            coverage,
        ));
    }
    Ok(conn)
}
