//! The one schema builder, used by the server, the tests and `export-schema`, and [`Api`]: the
//! schema with what every request goes through on its way in and out.

use std::any::TypeId;
use std::sync::Arc;

use async_graphql::parser::types::OperationType as Kind;
use async_graphql::{
    Data, Executor, Request, Response, Schema, SchemaBuilder, ServerError,
    registry::SDLExportOptions,
};
use futures_util::{StreamExt, stream::BoxStream};
use sea_orm::DatabaseConnection;

use super::access::Access;
use super::batch::{batched_loader, drive};
use super::documents::{Documents, Parsed};
use super::error_codes::{code_errors, coded};
use super::ftv1::{self, Recorder};
use super::limits::{self, Guard, Limits};
use super::loaders::Loaders;
use super::loaders::Writer;
use super::mutation::Mutation;
use super::query::Query;
use super::subscription::Subscription;
use super::trusted::TrustedDocuments;
use crate::code::Code;
use crate::db::{Bounds, OnStatement, Pools, Session};
use crate::error::AppError;
use crate::service::events::ChangeBus;

pub type AppSchema = Schema<Query, Mutation, Subscription>;

fn builder() -> SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(Query::default(), Mutation::default(), Subscription)
        .enable_federation()
        .enable_subscription_in_federation()
}

/// The schema, reading and writing through `pools` within `limits`: an Apollo Federation v2
/// subgraph. Requests go through [`Api`], which checks the limits async-graphql lacks.
pub fn build_schema(pools: Pools, limits: &Limits) -> AppSchema {
    Parts::new(pools, limits).schema(false)
}

/// What a schema is built from, kept by [`Api`] to build the traced one when it is first asked
/// for.
struct Parts {
    pools: Pools,
    limits: Limits,
    bus: ChangeBus,
}

impl Parts {
    fn new(pools: Pools, limits: &Limits) -> Self {
        Self {
            bus: ChangeBus::start(&pools.read),
            pools,
            limits: limits.clone(),
        }
    }

    /// The schema; `traced`, with the extension that records each field for Apollo's inline
    /// trace (see `ftv1`).
    fn schema(&self, traced: bool) -> AppSchema {
        let builder = limits::apply(builder(), &self.limits);
        let builder = if traced {
            builder.extension(ftv1::Tracing)
        } else {
            builder
        };
        // Requests that come through `Api` bring a session of their own (see `Api::execute`);
        // others (subscriptions, and queries over the WebSocket) read through the pool.
        builder
            .data(Session::pooled(self.pools.read.clone()))
            .data(Writer(self.pools.write.clone()))
            .data(self.bus.clone())
            .finish()
    }
}

/// The federation SDL: what `_service { sdl }` returns.
pub fn sdl() -> String {
    builder()
        .finish()
        .sdl_with_options(SDLExportOptions::new().federation().compose_directive())
}

/// The definitions of the federation directives the SDL imports (see the file).
const FEDERATION_DEFINITIONS: &str = include_str!("federation.graphql");

/// Where each custom scalar's format is specified, as its `specified_by_url` says (a test holds
/// the two together): the SDL that async-graphql prints leaves it out.
const SPECIFIED_BY: [(&str, &str); 2] = [
    ("Date", "https://www.rfc-editor.org/rfc/rfc3339#section-5.6"),
    ("JSON", "https://www.rfc-editor.org/rfc/rfc8259"),
];

/// `sdl` with each custom scalar's `@specifiedBy`.
fn with_specified_by(sdl: &str) -> String {
    let mut out = String::with_capacity(sdl.len() + 200);
    for line in sdl.lines() {
        out.push_str(line);
        if let Some((_, url)) = SPECIFIED_BY
            .iter()
            .find(|(name, _)| line.strip_prefix("scalar ") == Some(*name))
        {
            out.push_str(&format!(" @specifiedBy(url: \"{url}\")"));
        }
        out.push('\n');
    }
    out
}

/// schema.graphql: the subgraph schema, as `_service { sdl }` gives it, with each custom
/// scalar's `@specifiedBy` and, after it, the definitions of the federation directives it
/// imports, so that a tool that knows nothing of federation (graphql-js `buildSchema`, linters,
/// code generators) loads it as it is, and composition takes it as the subgraph's.
pub fn subgraph_schema() -> String {
    with_specified_by(&sdl()) + FEDERATION_DEFINITIONS
}

/// The fields and types federation adds for the router, which a client never calls.
const FEDERATION_ONLY: [&str; 3] = ["scalar _Any", "union _Entity", "type _Service"];

/// docs/client-schema.graphql: the API as a client sees it, for client code generators and
/// document validators: the schema without federation's machinery (no `_service`,
/// `_entities`, `_Any`, `_Entity`, `_Service`, no federation directives).
pub fn client_schema() -> String {
    let sdl = builder().finish().sdl_with_options(SDLExportOptions::new());
    // Definitions are separated by blank lines, each with its description just before it.
    let kept: Vec<String> = sdl
        .split("\n\n")
        .filter(|block| {
            !block
                .lines()
                .any(|line| FEDERATION_ONLY.iter().any(|d| line.starts_with(d)))
        })
        .map(|block| {
            block
                .lines()
                .filter(|line| {
                    !line.starts_with("\t_service: ") && !line.starts_with("\t_entities(")
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    with_specified_by(&kept.join("\n\n"))
}

/// Every way into the schema, over HTTP and WebSocket alike. On the way in, a request's text is
/// checked against the limits and parsed (once per distinct text, see `documents`); a query or
/// mutation then runs with a fresh DataLoader, batched level by level (see `batch`). On the way
/// out, every error gets its code (see `error_codes`).
///
/// These are not async-graphql extensions because an installed extension wraps the resolution of
/// every field, which a traversal pays for hundreds of times per request.
#[derive(Clone)]
pub struct Api {
    schema: AppSchema,
    db: DatabaseConnection,
    on_statement: Option<OnStatement>,
    guard: Guard,
    documents: Arc<Documents>,
    /// How long a request may run; its statements stop then too.
    timeout: std::time::Duration,
    /// Most rows one request's statements may read.
    max_rows: usize,
    /// Largest answer to one query, in bytes of JSON.
    max_response_bytes: usize,
    /// The operations trusted, if any (see `trusted`).
    trusted: Option<Arc<TrustedDocuments>>,
    /// What the schema is built from, and the schema that records Apollo's inline trace for the
    /// requests that ask for one (see `ftv1`), built when the first does.
    parts: Arc<Parts>,
    traced: Arc<tokio::sync::OnceCell<AppSchema>>,
}

impl Api {
    pub fn new(pools: Pools, limits: &Limits) -> Self {
        let parts = Parts::new(pools, limits);
        Self {
            db: parts.pools.read.clone(),
            on_statement: parts.pools.on_statement.clone(),
            schema: parts.schema(false),
            parts: Arc::new(parts),
            traced: Arc::default(),
            guard: Guard::new(limits),
            documents: Arc::default(),
            timeout: limits.timeout,
            max_rows: limits.max_rows,
            max_response_bytes: limits.max_response_bytes,
            trusted: None,
        }
    }

    /// The same, running `trusted`'s operations by id and, where only they may run, only them.
    pub fn with_trusted(mut self, trusted: Option<Arc<TrustedDocuments>>) -> Self {
        self.trusted = trusted;
        self
    }

    /// Fills in the text of a request that names a trusted operation by id; whether it did.
    pub fn resolve_trusted(&self, request: &mut Request) -> bool {
        self.trusted
            .as_ref()
            .is_some_and(|trusted| trusted.resolve(request))
    }

    /// Whether the operation `request` selects is a subscription (a trusted operation named by
    /// id is filled in first); `false` for one that is refused or does not parse.
    pub fn is_subscription(&self, request: &mut Request) -> bool {
        self.resolve_trusted(request);
        self.document(&request.query).is_ok_and(|parsed| {
            parsed.operation_type(request.operation_name.as_deref()) == Some(Kind::Subscription)
        })
    }

    /// The parsed document of `query`, if it passes the limits on text and document.
    pub fn document(&self, query: &str) -> Result<Arc<Parsed>, ServerError> {
        self.guard.check_text(query)?;
        let parsed = self.documents.parse(query)?;
        self.guard.check_document(&parsed.census)?;
        Ok(parsed)
    }

    /// The request with its document attached, or the error that refuses it; and what its
    /// operation is, if the document holds it.
    fn admit(
        &self,
        mut request: Request,
        access: Option<&Access>,
    ) -> Result<(Request, Option<Kind>), ServerError> {
        if let Some(trusted) = &self.trusted {
            trusted.resolve(&mut request);
            let internal = request
                .data
                .contains_key(&TypeId::of::<super::trusted::Internal>());
            if !internal {
                trusted.admits(&request.query, access)?;
            }
        }
        let parsed = self.document(&request.query)?;
        self.guard
            .check_inputs(&parsed.census, &request.variables)?;
        request.set_parsed_query(parsed.document.clone());
        let kind = parsed.operation_type(request.operation_name.as_deref());
        Ok((request, kind))
    }

    /// A query's answer, or in its place one error if it read more rows, or would send more
    /// bytes, than one request may. A mutation's answer is never replaced, as its writes have
    /// been kept: a field whose reads went over the budget has the error.
    fn bounded(&self, response: Response, session: &Session) -> Response {
        if session.over_row_limit() {
            return Response::from_errors(vec![coded(
                format!(
                    "the query would read more than {} rows, the most one request may \
                     (--max-rows); ask for smaller pages or fewer lists",
                    self.max_rows
                ),
                Code::TooManyRows,
            )]);
        }
        if limits::json_exceeds(&response, self.max_response_bytes) {
            return Response::from_errors(vec![coded(
                format!(
                    "the answer would be larger than {} bytes, the most one request may \
                     (--max-response-bytes); ask for smaller pages or fewer fields",
                    self.max_response_bytes
                ),
                Code::ResponseTooLarge,
            )]);
        }
        response
    }
}

impl Api {
    /// Runs a query or a mutation that has been admitted (see `admit`), `kind` being what it
    /// is (`None`, an operation the document does not hold, runs as a query and says so).
    async fn run_admitted(&self, request: Request, kind: Option<Kind>) -> Response {
        let is_query = !matches!(kind, Some(Kind::Mutation | Kind::Subscription));
        // A query reads on one connection from its first statement to its end; a mutation's
        // reads go to the pool (see `db::session`).
        let session = if is_query {
            let bounds = Bounds {
                deadline: std::time::Instant::now().checked_add(self.timeout),
                max_rows: Some(self.max_rows),
            };
            Session::holding_within(self.db.clone(), self.on_statement.clone(), bounds)
        } else {
            Session::pooled_within(self.db.clone(), Some(self.max_rows))
        };
        let (loader, queue) = batched_loader(Loaders::new(session.clone()));
        let request = request.data(loader).data(session.clone());
        let recorder = ftv1::asked(&request.data).then(Recorder::start);
        let response = match &recorder {
            Some(recorder) => {
                let schema = self.traced_schema().await;
                let request = request.data(recorder.clone());
                drive(schema.execute(request), queue).await
            }
            None => drive(self.schema.execute(request), queue).await,
        };
        let mut response = code_errors(response);
        if is_query {
            response = self.bounded(response, &session);
        }
        if let Some(recorder) = recorder {
            let trace = recorder.finish(&response);
            response.extensions.insert(ftv1::FTV1.to_owned(), trace);
            // The trace is left out of an answer it would make too large.
            if limits::json_exceeds(&response, self.max_response_bytes) {
                response.extensions.remove(ftv1::FTV1);
            }
        }
        response
    }

    /// The schema that records Apollo's inline trace, built (off the runtime's workers) when
    /// the first request asks for a trace; requests asking meanwhile wait for it.
    async fn traced_schema(&self) -> &AppSchema {
        self.traced
            .get_or_init(|| async {
                let parts = self.parts.clone();
                match tokio::task::spawn_blocking(move || parts.schema(true)).await {
                    Ok(schema) => schema,
                    Err(_) => self.parts.schema(true),
                }
            })
            .await
    }
}

/// The credentials a request's or a connection's data holds, if any.
fn access_in(data: &Data) -> Option<Access> {
    data.get(&TypeId::of::<Access>())
        .and_then(|access| access.downcast_ref::<Access>())
        .cloned()
}

impl Executor for Api {
    async fn execute(&self, request: Request) -> Response {
        let access = access_in(&request.data);
        match self.admit(request, access.as_ref()) {
            Ok((request, kind)) => self.run_admitted(request, kind).await,
            Err(refusal) => Response::from_errors(vec![refusal]),
        }
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let session_data = session_data.unwrap_or_default();
        // Over a WebSocket the token was checked once, at `connection_init`: it is checked
        // again before each operation, so that a revoked token runs nothing more.
        let access = access_in(&session_data);
        let (request, kind) = match self.admit(request, access.as_ref()) {
            Ok(admitted) => admitted,
            Err(refusal) => {
                return futures_util::stream::once(
                    async move { Response::from_errors(vec![refusal]) },
                )
                .boxed();
            }
        };
        let token = match &access {
            Some(Access::Token(principal)) => Some(principal.token_id),
            _ => None,
        };
        // A query or mutation sent over the WebSocket runs as it would over HTTP, with its own
        // session and within the same bounds; only a subscription runs as a stream.
        let api = self.clone();
        let db = self.db.clone();
        futures_util::stream::once(async move {
            if let Some(token_id) = token {
                let refusal = match crate::service::auth::is_live(&db, token_id).await {
                    Ok(true) => None,
                    Ok(false) => Some(AppError::Unauthenticated(
                        "the token of this connection has been revoked".into(),
                    )),
                    Err(err) => Some(err),
                };
                if let Some(refusal) = refusal {
                    let refusal = async_graphql::Error::from(refusal)
                        .into_server_error(async_graphql::Pos::default());
                    return futures_util::stream::once(async move {
                        Response::from_errors(vec![refusal])
                    })
                    .boxed();
                }
            }
            if kind == Some(Kind::Subscription) {
                return api
                    .schema
                    .execute_stream_with_session_data(request, session_data)
                    .map(code_errors)
                    .boxed();
            }
            let request = match access {
                Some(access) => request.data(access),
                None => request,
            };
            let response = api.run_admitted(request, kind).await;
            futures_util::stream::once(async move { response }).boxed()
        })
        .flatten()
        .boxed()
    }
}
