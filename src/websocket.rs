//! GraphQL over WebSocket (graphql-ws, and the older graphql-transport-ws) at /graphql/ws, with
//! the token of `connection_init` held to account for as long as the socket is open: it is
//! checked again before every operation, and every half second while it is open, and a socket
//! whose token has been revoked is closed with 4403 within a second, its subscriptions ended.

use std::time::Duration;

use async_graphql::{Data, Executor};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::{SinkExt, StreamExt};
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use crate::graphql::access::Access;
use crate::service::auth;

/// How often an open socket's token is checked again.
pub const RECHECK_EVERY: Duration = Duration::from_millis(500);

/// The close code of a socket whose token is no longer valid (graphql-ws: Forbidden).
pub const CLOSE_REVOKED: u16 = 4403;

/// Serves `socket` through `executor`; `init` turns the `connection_init` payload into the
/// connection's data, an `Access` among it.
pub async fn serve<E, Init, InitFut>(
    socket: WebSocket,
    executor: E,
    protocol: GraphQLProtocol,
    db: DatabaseConnection,
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
                tokio::spawn(watch_token(db, principal.token_id, revoked));
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

/// Checks the token every [`RECHECK_EVERY`] until it is revoked (then says so on `revoked`) or
/// the socket is gone. A check that fails (the database out of reach) is tried again.
async fn watch_token(db: DatabaseConnection, token_id: i32, revoked: watch::Sender<bool>) {
    let mut every = tokio::time::interval(RECHECK_EVERY);
    loop {
        tokio::select! {
            _ = every.tick() => {}
            () = revoked.closed() => return,
        }
        if let Ok(false) = auth::is_live(&db, token_id).await {
            revoked.send(true).ok();
            return;
        }
    }
}
