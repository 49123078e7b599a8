//! The one schema builder, used by the server, the tests and `export-schema`, and [`Api`]: the
//! schema with what every request goes through on its way in and out.

use std::any::TypeId;
use std::sync::Arc;

use async_graphql::parser::types::{
    ExecutableDocument, Field, OperationType as Kind, Selection, SelectionSet,
};
use async_graphql::{Data, Executor, Name, Request, Response, Schema, SchemaBuilder, ServerError};
use futures_util::{StreamExt, stream::BoxStream};
use sea_orm::DatabaseConnection;

use super::access::Access;
use super::batch::{batched_loader, drive};
use super::cost::CostModel;
use super::documents::{Documents, Parsed};
use super::error_codes::{code_errors, coded};
use super::ftv1::{self, Recorder};
use super::limits::{self, Guard, Limits};
use super::loaders::Loaders;
use super::loaders::Writer;
use super::mutation::Mutation;
use super::order;
use super::plan::{Checked, Verdict, verdict};
use super::query::Query;
use super::sdl::SdlOptions;
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
        self.finish(builder)
    }

    /// The schema that only validates, for the planned reads (see `plan::check`).
    fn checker(&self) -> AppSchema {
        self.finish(limits::apply(builder(), &self.limits).extension(Checked))
    }

    fn finish(&self, builder: SchemaBuilder<Query, Mutation, Subscription>) -> AppSchema {
        // Requests that come through `Api` bring a session of their own (see `Api::execute`);
        // others (subscriptions, and queries over the WebSocket) read through the pool.
        builder
            .data(Session::pooled(self.pools.read.clone()))
            .data(Writer(self.pools.write.clone()))
            .data(self.bus.clone())
            .finish()
    }
}

/// The schema with nothing to read from and no limits: what the SDL is printed from.
pub(crate) fn unlimited() -> AppSchema {
    builder().finish()
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
    /// Whether queries are answered by their plans where they have one (see `plan`); and the
    /// schema that validates them, built when the first is.
    planned: bool,
    checker: Arc<tokio::sync::OnceCell<AppSchema>>,
    /// Whether each planned answer is computed again through the resolvers, and refused if it
    /// is not the same (what the tests run with; see `with_plan_check`).
    check_plans: bool,
    /// What `_service { sdl }` answers (see `sdl`).
    service_sdl: Arc<str>,
    /// What an operation's cost is estimated from: that SDL's `@listSize` and `@cost`.
    costs: Arc<CostModel>,
    /// Highest cost one operation may have.
    max_cost: u64,
}

impl Api {
    /// The API over `pools` within `limits`, its SDL saying what `sdl` asks.
    pub fn new(pools: Pools, limits: &Limits, sdl: &SdlOptions) -> Self {
        let parts = Parts::new(pools, limits);
        let schema = parts.schema(false);
        let service_sdl = super::sdl::service_sdl(&schema, sdl);
        // The SDL is printed from the schema and parses (the schema tests show it); were it
        // ever not to, nothing would have a cost, and the log says so.
        let costs = CostModel::from_sdl(&service_sdl).unwrap_or_else(|why| {
            tracing::error!(%why, "the subgraph SDL does not parse: operations have no cost");
            CostModel::default()
        });
        Self {
            db: parts.pools.read.clone(),
            on_statement: parts.pools.on_statement.clone(),
            schema,
            service_sdl: service_sdl.into(),
            costs: Arc::new(costs),
            max_cost: u64::try_from(limits.max_cost).unwrap_or(u64::MAX),
            parts: Arc::new(parts),
            traced: Arc::default(),
            planned: true,
            checker: Arc::default(),
            check_plans: false,
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

    /// The same, answering queries by their plans (`true`, the default) or always through the
    /// resolvers (see `plan`).
    pub fn with_planned_reads(mut self, planned: bool) -> Self {
        self.planned = planned;
        self
    }

    /// The same, computing each planned answer again through the resolvers, uncounted (the
    /// statements reach no `OnStatement` and are no spans of the request's trace), and answering with an INTERNAL_SERVER_ERROR where the
    /// two differ in a byte or in their cache hints. The test suite runs so, so that every
    /// query it sends is answered both ways and compared (see `tests/api/planned.rs`).
    pub fn with_plan_check(mut self, check: bool) -> Self {
        self.check_plans = check;
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

    /// The request with its document attached, or the error that refuses it; what its
    /// operation is, if the document holds it; and where its answer holds `_service { sdl }`.
    fn admit(
        &self,
        mut request: Request,
        access: Option<&Access>,
    ) -> Result<Admitted, ServerError> {
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
        let operation = request.operation_name.as_deref();
        if let Some(cost) = self
            .costs
            .cost(&parsed.document, operation, &request.variables)
            && cost > self.max_cost
        {
            return Err(too_costly(cost, self.max_cost));
        }
        let service = if request.query.contains("_service") {
            service_keys(&parsed.document, operation)
        } else {
            Vec::new()
        };
        let kind = parsed.operation_type(operation);
        request.set_parsed_query(parsed.document.clone());
        Ok(Admitted {
            request,
            kind,
            service,
            parsed,
        })
    }

    /// A query's answer, or in its place one error if it read more rows, or would send more
    /// bytes, than one request may. A mutation's answer is never replaced, as its writes have
    /// been kept: a field whose reads went over the budget has the error.
    fn bounded(&self, response: Response, session: &Session) -> Response {
        if session.over_row_limit() {
            return self.too_many_rows();
        }
        if limits::json_exceeds(&response, self.max_response_bytes) {
            return self.too_large();
        }
        response
    }

    fn too_many_rows(&self) -> Response {
        Response::from_errors(vec![coded(
            format!(
                "the query would read more than {} rows, the most one request may \
                 (--max-rows); ask for smaller pages or fewer lists",
                self.max_rows
            ),
            Code::TooManyRows,
        )])
    }

    fn too_large(&self) -> Response {
        Response::from_errors(vec![coded(
            format!(
                "the answer would be larger than {} bytes, the most one request may \
                 (--max-response-bytes); ask for smaller pages or fewer fields",
                self.max_response_bytes
            ),
            Code::ResponseTooLarge,
        )])
    }

    /// A query's session: one connection from its first statement to its end, within the
    /// request's time and rows (see `db::session`).
    fn query_session(&self, on_statement: Option<OnStatement>) -> Session {
        let bounds = Bounds {
            deadline: std::time::Instant::now().checked_add(self.timeout),
            max_rows: Some(self.max_rows),
        };
        Session::holding_within(self.db.clone(), on_statement, bounds)
    }
}

impl Api {
    /// Runs a query or a mutation that has been admitted (see `admit`), `kind` being what it
    /// is (`None`, an operation the document does not hold, runs as a query and says so).
    async fn run_admitted(&self, admitted: Admitted) -> Response {
        self.run_admitted_with(admitted, self.on_statement.clone())
            .await
    }

    /// [`Api::run_admitted`], its statements reported to `on_statement`.
    async fn run_admitted_with(
        &self,
        admitted: Admitted,
        on_statement: Option<OnStatement>,
    ) -> Response {
        let Admitted {
            request,
            kind,
            service,
            parsed,
        } = admitted;
        let operation = request.operation_name.clone();
        let is_query = !matches!(kind, Some(Kind::Mutation | Kind::Subscription));
        // A query reads on one connection from its first statement to its end; a mutation's
        // reads go to the pool (see `db::session`).
        let session = if is_query {
            self.query_session(on_statement)
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
            order::in_selection_order(&mut response.data, &parsed.document, operation.as_deref());
        }
        self.answer_service(&mut response, &service);
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

/// A request let in: its document attached, its operation's type, the response keys under
/// which its answer holds `_service { sdl }`, and its parsed document.
struct Admitted {
    request: Request,
    kind: Option<Kind>,
    service: Vec<(Name, Vec<Name>)>,
    parsed: Arc<Parsed>,
}

/// How many planned answers differed from the resolvers' in this process (see
/// `Api::with_plan_check`): the test suite checks it is none.
pub fn plan_mismatches() -> usize {
    PLAN_MISMATCHES.load(std::sync::atomic::Ordering::SeqCst)
}

static PLAN_MISMATCHES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// An answer: async-graphql's response, or a planned query's JSON, written straight from its
/// rows (see `plan`).
pub enum Outcome {
    Response(Response),
    Written(Written),
}

/// A planned query's answer, without errors: its JSON and the cache hints of what it selects.
pub struct Written {
    pub body: Vec<u8>,
    pub cache_control: async_graphql::CacheControl,
}

impl Api {
    /// The answer to `request`: by its plan where it is a query that has one (see `plan`),
    /// otherwise (and where the planned run fails in any way) through the resolvers.
    pub async fn answer(&self, request: Request) -> Outcome {
        let access = access_in(&request.data);
        let admitted = match self.admit(request, access.as_ref()) {
            Ok(admitted) => admitted,
            Err(refusal) => return Outcome::Response(Response::from_errors(vec![refusal])),
        };
        if self.planned
            && let Some(outcome) = self.planned(&admitted).await
        {
            return match outcome {
                Outcome::Written(written) if self.check_plans => {
                    self.compared(admitted, written).await
                }
                outcome => outcome,
            };
        }
        Outcome::Response(self.run_admitted(admitted).await)
    }

    /// A planned answer, if the resolvers give the same one (see `with_plan_check`).
    async fn compared(&self, admitted: Admitted, written: Written) -> Outcome {
        // On a task of its own, outside the request's trace: its statements are no spans of it.
        let api = self.clone();
        let resolved =
            match tokio::spawn(async move { api.run_admitted_with(admitted, None).await }).await {
                Ok(resolved) => resolved,
                Err(_) => Response::from_errors(vec![coded(
                    "internal server error",
                    Code::InternalServerError,
                )]),
            };
        let same_bytes = serde_json::to_vec(&resolved).is_ok_and(|bytes| bytes == written.body);
        if same_bytes && resolved.cache_control == written.cache_control {
            return Outcome::Written(written);
        }
        PLAN_MISMATCHES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        tracing::error!(
            planned = %String::from_utf8_lossy(&written.body),
            resolved = %serde_json::to_string(&resolved).unwrap_or_default(),
            "a planned answer differs from the resolvers'"
        );
        Outcome::Response(Response::from_errors(vec![coded(
            "the planned answer differs from the resolvers' (see the log)",
            Code::InternalServerError,
        )]))
    }

    /// The planned answer to an admitted query, if it has a plan, async-graphql finds it valid,
    /// and its run reads what it needs; `None` for the resolvers to answer.
    async fn planned(&self, admitted: &Admitted) -> Option<Outcome> {
        let request = &admitted.request;
        if admitted.kind != Some(Kind::Query)
            || !admitted.service.is_empty()
            || ftv1::asked(&request.data)
        {
            return None;
        }
        let operation = request.operation_name.as_deref();
        let plan = admitted.parsed.plan(operation)?;
        // Without variables, in the operation or the request (fragments are checked against
        // the request's variables too), the verdict is the document's: kept with its plan.
        let of_document = !plan.has_variables && request.variables.is_empty();
        let verdict = match plan.checked.get().filter(|_| of_document) {
            Some(verdict) => *verdict,
            None => {
                let mut check =
                    Request::new(request.query.clone()).variables(request.variables.clone());
                check.operation_name = request.operation_name.clone();
                check.set_parsed_query(admitted.parsed.document.clone());
                let verdict = verdict(self.checker().await, check).await;
                if of_document {
                    let _ = plan.checked.set(verdict);
                }
                verdict
            }
        };
        let Verdict::Valid(cache_control) = verdict else {
            return None;
        };
        let session = self.query_session(self.on_statement.clone());
        let ran = plan.run(&session, &request.variables, 4096).await;
        // A run that fails, or reads more rows than one request may, is left to the resolvers:
        // they say why, where they would (they share reads that a plan makes once per field).
        if session.over_row_limit() {
            return None;
        }
        let body = ran.ok()?;
        if body.len() > self.max_response_bytes {
            return Some(Outcome::Response(self.too_large()));
        }
        Some(Outcome::Written(Written {
            body,
            cache_control,
        }))
    }

    /// The schema that validates planned queries, built (off the runtime's workers) when the
    /// first is answered.
    async fn checker(&self) -> &AppSchema {
        self.checker
            .get_or_init(|| async {
                let parts = self.parts.clone();
                match tokio::task::spawn_blocking(move || parts.checker()).await {
                    Ok(schema) => schema,
                    Err(_) => self.parts.checker(),
                }
            })
            .await
    }
}

impl Api {
    /// Puts this server's SDL (see `sdl`) where async-graphql's own print was answered.
    fn answer_service(&self, response: &mut Response, service: &[(Name, Vec<Name>)]) {
        let async_graphql::Value::Object(data) = &mut response.data else {
            return;
        };
        for (key, sdl_keys) in service {
            if let Some(async_graphql::Value::Object(fields)) = data.get_mut(key) {
                for sdl_key in sdl_keys {
                    if let Some(value @ async_graphql::Value::String(_)) = fields.get_mut(sdl_key) {
                        *value = async_graphql::Value::String(self.service_sdl.to_string());
                    }
                }
            }
        }
    }
}

/// Where the answer to `operation` of `doc` holds `_service { sdl }`: the response key of each
/// `_service` at its root, with those of the `sdl` under it, through fragments.
fn service_keys(doc: &ExecutableDocument, operation: Option<&str>) -> Vec<(Name, Vec<Name>)> {
    let Some(operation) = super::documents::operation(doc, operation) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for field in fields_of(doc, &operation.node.selection_set.node, 0) {
        if field.name.node == "_service" {
            let sdl_keys = fields_of(doc, &field.selection_set.node, 0)
                .into_iter()
                .filter(|f| f.name.node == "sdl")
                .map(|f| f.response_key().node.clone())
                .collect();
            found.push((field.response_key().node.clone(), sdl_keys));
        }
    }
    found
}

/// The fields a selection set selects, through its fragments (as deep as a document may nest).
fn fields_of<'a>(
    doc: &'a ExecutableDocument,
    set: &'a SelectionSet,
    depth: usize,
) -> Vec<&'a Field> {
    let mut out = Vec::new();
    if depth > 32 {
        return out;
    }
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => out.push(&field.node),
            Selection::InlineFragment(inline) => {
                out.extend(fields_of(doc, &inline.node.selection_set.node, depth + 1));
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = doc.fragments.get(&spread.node.fragment_name.node) {
                    out.extend(fields_of(doc, &fragment.node.selection_set.node, depth + 1));
                }
            }
        }
    }
    out
}

/// The refusal of an operation that costs more than one may.
fn too_costly(cost: u64, max: u64) -> ServerError {
    let mut error = coded(
        format!(
            "the operation costs {cost}, more than the {max} one may (--max-cost): ask for \
             smaller pages or fewer lists (a list costs what each item asks, times how many it \
             may hold)"
        ),
        Code::QueryTooComplex,
    );
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("cost", cost);
    extensions.set("maxCost", max);
    error
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
            Ok(admitted) => self.run_admitted(admitted).await,
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
        let admitted = match self.admit(request, access.as_ref()) {
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
            if admitted.kind == Some(Kind::Subscription) {
                return api
                    .schema
                    .execute_stream_with_session_data(admitted.request, session_data)
                    .map(code_errors)
                    .boxed();
            }
            let admitted = match access {
                Some(access) => Admitted {
                    request: admitted.request.data(access),
                    ..admitted
                },
                None => admitted,
            };
            let response = api.run_admitted(admitted).await;
            futures_util::stream::once(async move { response }).boxed()
        })
        .flatten()
        .boxed()
    }
}
