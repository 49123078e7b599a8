//! GraphQL over WebSocket (graphql-ws, and the older graphql-transport-ws) at /graphql/ws, with
//! the token of `connection_init` held to account for as long as the socket is open: it is
//! checked again before every operation, and every half second while it is open, and a socket
//! whose token has been revoked is closed with 4403 within a second, its subscriptions ended.
//!
//! The half-second checks are one statement for every open socket of the server together (see
//! [`TokenWatch`]), not one per socket.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use async_graphql::dataloader::DataLoader;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::{Data, Executor, Request};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use axum::extract::{State, WebSocketUpgrade};
use axum::response::Response;
use futures_util::{SinkExt, StreamExt, stream::BoxStream};
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use super::AppState;
use crate::db::Session;
use crate::graphql::Api;
use crate::graphql::access::Access;
use crate::graphql::loaders::Loaders;
use crate::metrics::Metrics;
use crate::service::auth;

/// How often an open socket's token is checked again.
pub const RECHECK_EVERY: Duration = Duration::from_millis(500);

/// The close code of a socket whose token is no longer valid (graphql-ws: Forbidden).
pub const CLOSE_REVOKED: u16 = 4403;

/// The most token ids one check sends in one statement.
const CHECKED_AT_ONCE: usize = 500;

/// The tokens of a server's open sockets, checked together every [`RECHECK_EVERY`] by one task,
/// which tells each socket's watcher when its token is revoked. Clones share the watch.
#[derive(Clone)]
pub struct TokenWatch(Arc<Watched>);

struct Watched {
    db: DatabaseConnection,
    /// By token id: the sender its sockets' watchers listen on. An entry no socket listens to
    /// any more is dropped at the next check.
    tokens: Mutex<HashMap<i32, watch::Sender<bool>>>,
    checking: std::sync::Once,
}

impl TokenWatch {
    pub fn new(db: DatabaseConnection) -> Self {
        Self(Arc::new(Watched {
            db,
            tokens: Mutex::default(),
            checking: std::sync::Once::new(),
        }))
    }

    /// Told `true` once `token_id` is revoked. The checking task starts with the first watch
    /// and ends when the last clone of the watch is dropped.
    pub fn watch(&self, token_id: i32) -> watch::Receiver<bool> {
        let receiver = {
            let mut tokens = self.0.tokens.lock().unwrap_or_else(PoisonError::into_inner);
            tokens
                .entry(token_id)
                .or_insert_with(|| watch::channel(false).0)
                .subscribe()
        };
        let watched = Arc::downgrade(&self.0);
        self.0
            .checking
            .call_once(|| drop(tokio::spawn(check_every(watched))));
        receiver
    }
}

/// Every [`RECHECK_EVERY`], checks every watched token and tells the watchers of each one
/// revoked. A check that fails (the database out of reach) is tried at the next turn.
async fn check_every(watched: Weak<Watched>) {
    let mut every = tokio::time::interval(RECHECK_EVERY);
    loop {
        every.tick().await;
        let Some(watched) = watched.upgrade() else {
            return;
        };
        let ids: Vec<i32> = {
            let mut tokens = watched
                .tokens
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            tokens.retain(|_, sender| sender.receiver_count() > 0);
            tokens.keys().copied().collect()
        };
        for chunk in ids.chunks(CHECKED_AT_ONCE) {
            let Ok(live) = auth::live_among(&watched.db, chunk).await else {
                continue;
            };
            let mut tokens = watched
                .tokens
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            for id in chunk.iter().filter(|id| !live.contains(id)) {
                if let Some(sender) = tokens.remove(id) {
                    sender.send(true).ok();
                }
            }
        }
    }
}

/// Serves `socket` through `executor`; `init` turns the `connection_init` payload into the
/// connection's data, an `Access` among it, whose token `tokens` then watches.
pub async fn serve<E, Init, InitFut>(
    socket: WebSocket,
    executor: E,
    protocol: GraphQLProtocol,
    tokens: TokenWatch,
    init: Init,
) where
    E: Executor,
    Init: FnOnce(serde_json::Value) -> InitFut + Send + 'static,
    InitFut: Future<Output = async_graphql::Result<Data>> + Send + 'static,
{
    let (revoked, watching) = watch::channel(false);
    let (mut sink, stream) = socket.split();
    let mut until_revoked = watching.clone();
    let stream = stream.take_until(async move {
        // No token to watch (the sender gone unused): the socket runs until it closes.
        if until_revoked.wait_for(|revoked| *revoked).await.is_err() {
            std::future::pending::<()>().await;
        }
    });
    GraphQLWebSocket::new_with_pair(&mut sink, stream, executor, protocol)
        .on_connection_init(move |payload| async move {
            let data = init(payload).await?;
            if let Some(Access::Token(principal)) = data
                .get(&std::any::TypeId::of::<Access>())
                .and_then(|access| access.downcast_ref::<Access>())
            {
                tokio::spawn(watch_token(tokens.watch(principal.token_id), revoked));
            }
            Ok(data)
        })
        .serve()
        .await;
    if *watching.borrow() {
        let frame = CloseFrame {
            code: CLOSE_REVOKED,
            reason: "the token of this connection has been revoked".into(),
        };
        sink.send(Message::Close(Some(frame))).await.ok();
    }
}

/// Tells this socket (on `revoked`) once `watched` says its token is revoked, or ends when the
/// socket is gone.
async fn watch_token(mut watched: watch::Receiver<bool>, revoked: watch::Sender<bool>) {
    tokio::select! {
        found = watched.wait_for(|revoked| *revoked) => {
            if found.is_ok() {
                revoked.send(true).ok();
            }
        }
        () = revoked.closed() => {}
    }
}

/// The API as the WebSocket serves it, counted in the metrics: a query or mutation as over
/// HTTP, a subscription as asked for and running, and each message it sends.
#[derive(Clone)]
struct Metered {
    api: Api,
    metrics: Arc<Metrics>,
}

impl Executor for Metered {
    async fn execute(&self, request: Request) -> async_graphql::Response {
        self.api.execute(request).await
    }

    fn execute_stream(
        &self,
        mut request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, async_graphql::Response> {
        let started = Instant::now();
        let subscription = self.api.is_subscription(&mut request);
        let operation = request
            .operation_name
            .clone()
            .or_else(|| super::pipeline::first_operation_name(&request.query));
        let stream = self.api.execute_stream(request, session_data);
        if subscription {
            let subscribed = self.metrics.subscription(operation.as_deref());
            stream
                .inspect(move |response| subscribed.event(response))
                .boxed()
        } else {
            let metrics = self.metrics.clone();
            stream
                .inspect(move |response| {
                    let outcome = crate::metrics::outcome(response);
                    metrics.record(operation.as_deref(), &outcome, started.elapsed());
                })
                .boxed()
        }
    }
}

/// Subscriptions over WebSocket (graphql-ws, and the older graphql-transport-ws). The token, if
/// any, comes in the `connection_init` payload as `{"Authorization": "Bearer <token>"}`.
pub(super) async fn graphql_ws(
    State(state): State<AppState>,
    peer: super::rate_limit::Peer,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| async move {
            let api = Metered {
                api: state.api.clone(),
                metrics: state.metrics.clone(),
            };
            let tokens = state.tokens.clone();
            serve(socket, api, protocol, tokens, move |payload| {
                connection_data(state, peer, payload)
            })
            .await
        })
}

pub(super) async fn connection_data(
    state: AppState,
    peer: super::rate_limit::Peer,
    payload: serde_json::Value,
) -> async_graphql::Result<Data> {
    let authorization = ["Authorization", "authorization"]
        .iter()
        .find_map(|key| payload.get(*key).and_then(|v| v.as_str()));
    let caller = super::auth::Caller {
        authorization,
        peer,
    };
    let access = super::auth::access(&state, caller, 1).await?;
    let mut data = Data::default();
    data.insert(access);
    // Events arrive one by one, so this loader batches by time; it caches nothing.
    data.insert(DataLoader::new(
        Loaders::new(Session::pooled(state.db.clone())),
        tokio::spawn,
    ));
    Ok(data)
}
