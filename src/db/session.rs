//! One query's reads on one connection.
//!
//! sqlx pings every connection it takes back into its pool, a round trip to PostgreSQL or MySQL
//! and a turn of the worker thread on SQLite, so a query whose every statement took a connection
//! of its own paid that once per statement. A [`Session`] takes a connection at the query's first
//! statement and keeps it until the query is done: the connection goes back, and is pinged, once
//! per query. Statements of one session run one at a time, in the order they ask.
//!
//! Only queries hold a connection. A mutation's session passes every statement to the pool, as
//! its writes take connections of their own from the same pool (on PostgreSQL and MySQL), and a
//! mutation that held one while waiting for another could starve the pool.
//!
//! A session may have a deadline, its request's. PostgreSQL and MySQL/MariaDB stop long
//! statements themselves (see `db::connect`); SQLite has no such setting, so a session on SQLite
//! has the connection it holds interrupt any statement still running at the deadline (a
//! progress handler, removed before the connection goes back to the pool).
//!
//! A session may also have a budget of rows: the most its statements may read, all together.
//! Rows are counted as they arrive, and the statement that would read one more stops there, so
//! that one request cannot hold more than its budget in memory; every later statement of the
//! session is refused without reaching the database.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use futures_util::TryStreamExt;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, ExecResult, QueryResult, RuntimeErr,
    Statement,
    sqlx::{self, MySql, Postgres, Sqlite, pool::PoolConnection},
};
use sea_query_sqlx::SqlxValues;
use tokio::sync::Mutex;

/// Called with each statement's SQL as it is sent, for the statement counts of `/metrics` and
/// the tests.
pub type OnStatement = Arc<dyn Fn(&str) + Send + Sync>;

/// The connection a session holds.
enum HeldConnection {
    Postgres(PoolConnection<Postgres>),
    Sqlite(PoolConnection<Sqlite>),
    MySql(PoolConnection<MySql>),
}

/// A request's reads: on one pooled connection, taken at the first statement (see the module).
/// Clones share the session.
#[derive(Clone)]
pub struct Session(Arc<Shared>);

struct Shared {
    pool: DatabaseConnection,
    /// `None`: every statement goes to the pool.
    held: Option<Mutex<Option<HeldConnection>>>,
    on_statement: Option<OnStatement>,
    /// When the statements of the session must have finished.
    deadline: Option<Instant>,
    rows: Option<Rows>,
}

/// What a session may do: when its statements must have finished, and how many rows they may
/// read in all.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bounds {
    pub deadline: Option<Instant>,
    pub max_rows: Option<usize>,
}

/// A session's budget of rows, and what it has read (past `max` once a statement was stopped).
struct Rows {
    max: usize,
    read: AtomicUsize,
}

impl Rows {
    fn new(max: usize) -> Self {
        Self {
            max,
            read: AtomicUsize::new(0),
        }
    }

    /// Counts `rows` more; the error once they pass the budget.
    fn count(&self, rows: usize) -> Result<(), DbErr> {
        let before = self.read.fetch_add(rows, Ordering::Relaxed);
        if before.saturating_add(rows) > self.max {
            return Err(self.error());
        }
        Ok(())
    }

    fn exceeded(&self) -> bool {
        self.read.load(Ordering::Relaxed) > self.max
    }

    fn error(&self) -> DbErr {
        DbErr::Custom(format!("{ROW_LIMIT} of {}", self.max))
    }
}

/// How the error of a statement stopped by its session's row budget begins (see
/// [`is_over_row_limit`]).
const ROW_LIMIT: &str = "the statement would read more than the session's budget of rows";

/// Whether `err` is a statement stopped by its session's budget of rows.
pub fn is_over_row_limit(err: &DbErr) -> bool {
    matches!(err, DbErr::Custom(message) if message.starts_with(ROW_LIMIT))
}

impl Session {
    /// A session that holds one connection from its first statement until it is dropped.
    pub fn holding(pool: DatabaseConnection, on_statement: Option<OnStatement>) -> Self {
        Self::holding_within(pool, on_statement, Bounds::default())
    }

    /// A session that holds one connection from its first statement until it is dropped,
    /// within `bounds`.
    pub fn holding_within(
        pool: DatabaseConnection,
        on_statement: Option<OnStatement>,
        bounds: Bounds,
    ) -> Self {
        Self(Arc::new(Shared {
            pool,
            held: Some(Mutex::new(None)),
            on_statement,
            deadline: bounds.deadline,
            rows: bounds.max_rows.map(Rows::new),
        }))
    }

    /// A session that hands every statement to the pool (which counts its own statements).
    pub fn pooled(pool: DatabaseConnection) -> Self {
        Self::pooled_within(pool, None)
    }

    /// A session that hands every statement to the pool, whose statements may read at most
    /// `max_rows` rows in all.
    pub fn pooled_within(pool: DatabaseConnection, max_rows: Option<usize>) -> Self {
        Self(Arc::new(Shared {
            pool,
            held: None,
            on_statement: None,
            deadline: None,
            rows: max_rows.map(Rows::new),
        }))
    }

    /// Whether a statement of this session was stopped by its budget of rows.
    pub fn over_row_limit(&self) -> bool {
        self.0.rows.as_ref().is_some_and(Rows::exceeded)
    }

    /// The error for a statement sent once the budget of rows is spent.
    fn spent(&self) -> Result<(), DbErr> {
        match &self.0.rows {
            Some(rows) if rows.exceeded() => Err(rows.error()),
            _ => Ok(()),
        }
    }

    /// Counts `rows` read through the pool against the budget.
    fn counted_rows(&self, rows: usize) -> Result<(), DbErr> {
        self.0
            .rows
            .as_ref()
            .map_or(Ok(()), |budget| budget.count(rows))
    }

    fn counted(&self, stmt: &Statement) {
        if let Some(on_statement) = &self.0.on_statement {
            on_statement(&stmt.sql);
        }
    }

    /// Runs `stmt` on the held connection, taking one from the pool first if none is held yet.
    async fn fetch_all(
        &self,
        held: &Mutex<Option<HeldConnection>>,
        stmt: Statement,
    ) -> Result<Vec<QueryResult>, DbErr> {
        self.spent()?;
        let mut held = held.lock().await;
        let conn = match &mut *held {
            Some(conn) => conn,
            None => held.insert(self.take().await?),
        };
        self.counted(&stmt);
        let rows = self.0.rows.as_ref();
        // A traced request's statement is a span (see `telemetry`); the pool's statements are
        // traced by its metric callback (see `Pools::count_statements`).
        let traced = crate::telemetry::tracing().then(|| (stmt.sql.clone(), Instant::now()));
        let fetched = match conn {
            HeldConnection::Postgres(conn) => fetch(conn, stmt, rows).await,
            HeldConnection::Sqlite(conn) => fetch(conn, stmt, rows).await,
            HeldConnection::MySql(conn) => fetch(conn, stmt, rows).await,
        };
        if let Some((sql, began)) = traced {
            let backend = self.0.pool.get_database_backend();
            crate::telemetry::statement(backend, &sql, began.elapsed(), fetched.is_err());
        }
        fetched
    }

    /// A connection from the pool, of the pool's backend.
    async fn take(&self) -> Result<HeldConnection, DbErr> {
        let pool = &self.0.pool;
        let held = match pool.get_database_backend() {
            DbBackend::Postgres => pool
                .get_postgres_connection_pool()
                .acquire()
                .await
                .map(HeldConnection::Postgres),
            DbBackend::Sqlite => {
                let mut conn = pool
                    .get_sqlite_connection_pool()
                    .acquire()
                    .await
                    .map_err(acquire_error)?;
                if let Some(deadline) = self.0.deadline {
                    // Checked every thousand virtual machine steps, a few microseconds.
                    conn.lock_handle()
                        .await
                        .map_err(|err| DbErr::Conn(RuntimeErr::SqlxError(Arc::new(err))))?
                        .set_progress_handler(1_000, move || Instant::now() < deadline);
                }
                Ok(HeldConnection::Sqlite(conn))
            }
            DbBackend::MySql => pool
                .get_mysql_connection_pool()
                .acquire()
                .await
                .map(HeldConnection::MySql),
            other => {
                return Err(DbErr::Custom(format!(
                    "no session on a {other:?} connection"
                )));
            }
        };
        held.map_err(acquire_error)
    }
}

impl Drop for Shared {
    /// A SQLite connection interrupted at this session's deadline would interrupt the next
    /// holder's statements too: the handler is removed before the connection goes back.
    fn drop(&mut self) {
        if self.deadline.is_none() {
            return;
        }
        let Some(HeldConnection::Sqlite(mut conn)) =
            self.held.as_mut().and_then(|held| held.get_mut().take())
        else {
            return;
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    let removed = match conn.lock_handle().await {
                        Ok(mut handle) => {
                            handle.remove_progress_handler();
                            true
                        }
                        Err(_) => false,
                    };
                    // A connection that could not be reached is closed, not given back.
                    if !removed {
                        conn.detach();
                    }
                });
            }
            Err(_) => {
                conn.detach();
            }
        }
    }
}

/// The rows of `stmt` on `conn`, bound and decoded as sea-orm's own pools do; stopped at the
/// row that `budget` has no room for.
async fn fetch<DB>(
    conn: &mut PoolConnection<DB>,
    stmt: Statement,
    budget: Option<&Rows>,
) -> Result<Vec<QueryResult>, DbErr>
where
    DB: sqlx::Database,
    SqlxValues: sqlx::IntoArguments<DB>,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    QueryResult: From<DB::Row>,
{
    let values = SqlxValues(stmt.values.unwrap_or(sea_orm::Values(Vec::new())));
    let mut stream =
        sqlx::query_with(sqlx::AssertSqlSafe(stmt.sql.as_str()), values).fetch(&mut **conn);
    let mut rows = Vec::new();
    while let Some(row) = stream
        .try_next()
        .await
        .map_err(|err| DbErr::Query(RuntimeErr::SqlxError(Arc::new(err))))?
    {
        if let Some(budget) = budget {
            budget.count(1)?;
        }
        rows.push(QueryResult::from(row));
    }
    Ok(rows)
}

/// As sea-orm reports a connection it could not take from the pool.
fn acquire_error(err: sqlx::Error) -> DbErr {
    match err {
        sqlx::Error::PoolTimedOut => DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout),
        sqlx::Error::PoolClosed => {
            DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::ConnectionClosed)
        }
        other => DbErr::Conn(RuntimeErr::SqlxError(Arc::new(other))),
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for Session {
    fn get_database_backend(&self) -> DbBackend {
        self.0.pool.get_database_backend()
    }

    /// Writes do not hold the session's connection: they go to the pool.
    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.0.pool.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.0.pool.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match &self.0.held {
            Some(held) => Ok(self.fetch_all(held, stmt).await?.into_iter().next()),
            None => {
                self.spent()?;
                let row = self.0.pool.query_one_raw(stmt).await?;
                self.counted_rows(usize::from(row.is_some()))?;
                Ok(row)
            }
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match &self.0.held {
            Some(held) => self.fetch_all(held, stmt).await,
            None => {
                self.spent()?;
                let rows = self.0.pool.query_all_raw(stmt).await?;
                self.counted_rows(rows.len())?;
                Ok(rows)
            }
        }
    }
}
