//! Change events: every committed write becomes one, and subscribers hear of it. On SQLite and
//! MySQL the events stay in the process; on PostgreSQL each write sends `NOTIFY` inside its
//! transaction (delivered only on commit) and every instance listening on the database hears it,
//! its own writes included.

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, Statement, sqlx::postgres::PgPoolOptions,
};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::error::AppResult;

/// The PostgreSQL channel change events travel on.
pub const CHANNEL: &str = "gms_graph_changes";

/// How many events a slow subscriber may fall behind before it misses some.
const BACKLOG: usize = 1024;

/// One committed change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeEvent {
    /// The API type, e.g. `TrainingCourse`.
    pub entity_type: String,
    /// The record's global id.
    pub entity_id: String,
    /// What the change did (CREATE, UPDATE or DELETE in the JSON sent between instances).
    pub action: entity::change_log::Action,
    /// The record's version after the change (for a deletion, the version deleted).
    pub version: i32,
    /// When it was committed: UTC, RFC 3339.
    pub at: String,
}

/// Where change events are published and subscribed to.
#[derive(Clone)]
pub struct ChangeBus {
    sender: broadcast::Sender<ChangeEvent>,
    /// On PostgreSQL, events arrive through LISTEN, so writers do not publish them here.
    via_notify: bool,
}

impl ChangeBus {
    /// A bus for `db`; on PostgreSQL it listens for every instance's changes.
    pub fn start(db: &DatabaseConnection) -> Self {
        let (sender, _) = broadcast::channel(BACKLOG);
        let via_notify = db.get_database_backend() == DbBackend::Postgres;
        if via_notify {
            let pool = db.get_postgres_connection_pool().clone();
            // The listener keeps its connection for as long as it listens: it gets a pool of
            // one of its own, so that `--db-max-connections` are all for requests, and closes
            // with the server's pool.
            let own = PgPoolOptions::new()
                .max_connections(1)
                .acquire_timeout(pool.options().get_acquire_timeout())
                .connect_lazy_with(pool.connect_options().as_ref().clone());
            let closing = own.clone();
            tokio::spawn(async move {
                pool.close_event().await;
                closing.close().await;
            });
            let sender = sender.clone();
            tokio::spawn(async move { listen(own, sender).await });
        }
        Self { sender, via_notify }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<ChangeEvent> {
        self.sender.subscribe()
    }

    /// Called after a write committed: subscribers hear of it (on PostgreSQL, through NOTIFY).
    pub fn committed(&self, event: ChangeEvent) {
        if !self.via_notify {
            // No subscriber is not an error.
            self.sender.send(event).ok();
        }
    }
}

/// Sends `event` from inside a write's transaction on PostgreSQL; elsewhere nothing.
pub async fn notify_in_transaction(
    db: &impl ConnectionTrait,
    event: &ChangeEvent,
) -> AppResult<()> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let payload = serde_json::to_string(event).unwrap_or_default();
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [CHANNEL.into(), payload.into()],
    ))
    .await?;
    Ok(())
}

/// Forwards the database's notifications to this process's subscribers, reconnecting after a
/// lost connection, until `pool` (the listener's own) is closed at shutdown.
async fn listen(pool: sea_orm::sqlx::PgPool, sender: broadcast::Sender<ChangeEvent>) {
    while !pool.is_closed() {
        let mut listener = match sea_orm::sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(listener) => listener,
            Err(_) if pool.is_closed() => return,
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for changes; retrying");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(err) = listener.listen(CHANNEL).await {
            if pool.is_closed() {
                return;
            }
            tracing::warn!(error = %err, "cannot LISTEN for changes; retrying");
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            continue;
        }
        loop {
            match listener.recv().await {
                Ok(notification) => {
                    match serde_json::from_str::<ChangeEvent>(notification.payload()) {
                        Ok(event) => {
                            sender.send(event).ok();
                        }
                        Err(err) => {
                            tracing::warn!(error = %err, "an unreadable change notification")
                        }
                    }
                }
                Err(_) if pool.is_closed() => return,
                Err(err) => {
                    tracing::warn!(error = %err, "lost the change listener; reconnecting");
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod wire {
    use super::ChangeEvent;
    use entity::change_log::Action;

    /// Instances on one PostgreSQL exchange events as JSON: the action is spelled as before.
    #[test]
    fn an_event_is_sent_with_its_action_in_capitals() {
        let event = ChangeEvent {
            entity_type: "Hub".into(),
            entity_id: "Hub:east".into(),
            action: Action::Update,
            version: 2,
            at: "2026-12-02T00:00:00.000Z".into(),
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["action"], "UPDATE");
        let back: ChangeEvent = serde_json::from_value(json).unwrap();
        assert_eq!(back, event);
        let old =
            r#"{"entity_type":"Hub","entity_id":"Hub:east","action":"DELETE","version":1,"at":""}"#;
        assert_eq!(
            serde_json::from_str::<ChangeEvent>(old).unwrap().action,
            Action::Delete
        );
    }
}
