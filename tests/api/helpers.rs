//! `TestApp`: the real router on a loopback port, over a fresh database of the run's backend.

use std::sync::{
    Arc, Mutex, PoisonError,
    atomic::{AtomicUsize, Ordering},
};

use gms_graph::{
    config::DatabaseConfig,
    http,
    startup::{connect_and_migrate, connect_migrate_and_seed},
};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::{Value, json};

use crate::backend::TestDatabase;
use tokio::{net::TcpListener, sync::oneshot};

pub struct TestApp {
    pub url: String,
    pub db: DatabaseConnection,
    statements: Arc<AtomicUsize>,
    /// The SQL of every statement sent, in order.
    sql: Arc<Mutex<Vec<String>>>,
    client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    _database: TestDatabase,
}

impl TestApp {
    /// A server over a new database seeded with the bundled network.
    pub async fn spawn() -> Self {
        Self::spawn_with(http::AppOptions::default()).await
    }

    /// A server over a new database seeded with the bundled network, run with `options`.
    pub async fn spawn_with(options: http::AppOptions) -> Self {
        Self::start(options, |_| {}, true).await
    }

    /// A server over a new, migrated, empty database.
    pub async fn spawn_empty() -> Self {
        Self::spawn_empty_with(http::AppOptions::default()).await
    }

    /// A server over a new, migrated, empty database, run with `options`.
    pub async fn spawn_empty_with(options: http::AppOptions) -> Self {
        Self::spawn_empty_on(options, |_| {}).await
    }

    /// A server over a new, migrated, empty database, run with `options` and pools `configure`d.
    pub async fn spawn_empty_on(
        options: http::AppOptions,
        configure: impl FnOnce(&mut DatabaseConfig),
    ) -> Self {
        Self::start(options, configure, false).await
    }

    /// A server over a new database, migrated and, if `seeded`, seeded as `serve` seeds it.
    async fn start(
        mut options: http::AppOptions,
        configure: impl FnOnce(&mut DatabaseConfig),
        seeded: bool,
    ) -> Self {
        // Every planned answer of every test is computed again through the resolvers and
        // must be the same, byte for byte (see `Drop` below and tests/api/planned.rs).
        options.check_plans = true;
        let database = TestDatabase::create().await;
        let mut config = DatabaseConfig::new(&database.url);
        // As `serve` connects: the database stops a statement at the request's time limit.
        config.statement_timeout = Some(options.limits.timeout);
        configure(&mut config);
        let db = if seeded {
            connect_migrate_and_seed(&config)
                .await
                .expect("connect, migrate and seed the bundled network")
                .0
        } else {
            connect_and_migrate(&config)
                .await
                .expect("connect and migrate")
        };
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let (stop, stopped) = oneshot::channel::<()>();
        // As `serve` runs it: on SQLite, writes through a writer of their own.
        let mut pools = gms_graph::db::pools(&config, db.clone())
            .await
            .expect("the writer pool");
        // Every statement the server sends, as `serve` counts them for /metrics.
        let statements = Arc::new(AtomicUsize::new(0));
        let sql = Arc::new(Mutex::new(Vec::new()));
        let (counter, log) = (statements.clone(), sql.clone());
        pools.count_statements(move |statement| {
            log.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(statement.to_owned());
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let router = http::app_with(pools, options);
        tokio::spawn(async move {
            // As `serve` does, each request knows the address it came from.
            let router = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    stopped.await.ok();
                })
                .await
                .expect("serve");
        });
        Self {
            url: format!("http://{addr}"),
            db,
            statements,
            sql,
            client: reqwest::Client::new(),
            stop: Some(stop),
            _database: database,
        }
    }

    /// Runs `sql` on the server's database directly, as another replica, the command line or
    /// any other client of the database would.
    pub async fn execute_sql(&self, sql: &str) {
        self.db
            .execute_raw(Statement::from_string(self.db.get_database_backend(), sql))
            .await
            .unwrap_or_else(|err| panic!("{sql}: {err}"));
    }

    /// The URL of the database this server runs on.
    pub fn database_url(&self) -> &str {
        &self._database.url
    }

    /// POSTs a query and returns the whole response body.
    pub async fn post(&self, query: &str, variables: Value) -> Value {
        self.client
            .post(format!("{}/graphql", self.url))
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("POST /graphql")
            .json()
            .await
            .expect("a JSON body")
    }

    /// The `data` of a query that must succeed.
    pub async fn data(&self, query: &str) -> Value {
        self.data_with(query, json!({})).await
    }

    pub async fn data_with(&self, query: &str, variables: Value) -> Value {
        let body = self.post(query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
        body["data"].clone()
    }

    /// The `extensions.code`s of a query's errors.
    pub async fn error_codes(&self, query: &str) -> Vec<String> {
        let body = self.post(query, json!({})).await;
        let errors = body["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("expected errors: {body:#}"));
        errors
            .iter()
            .map(|e| {
                e["extensions"]["code"]
                    .as_str()
                    .unwrap_or("<no code>")
                    .to_owned()
            })
            .collect()
    }

    /// How many SQL statements the server has sent so far.
    pub fn statements(&self) -> usize {
        self.statements.load(Ordering::SeqCst)
    }

    /// How many SQL statements `query` issues.
    pub async fn statements_of(&self, query: &str) -> (usize, Value) {
        self.statements_of_with(query, json!({})).await
    }

    pub async fn statements_of_with(&self, query: &str, variables: Value) -> (usize, Value) {
        let before = self.statements.load(Ordering::SeqCst);
        let data = self.data_with(query, variables).await;
        (self.statements.load(Ordering::SeqCst) - before, data)
    }

    /// The SQL of the statements `query` issues, in order, and its data.
    pub async fn sql_of(&self, query: &str) -> (Vec<String>, Value) {
        let log = || self.sql.lock().unwrap_or_else(PoisonError::into_inner);
        let before = log().len();
        let data = self.data(query).await;
        let sent = log()[before..].to_vec();
        (sent, data)
    }

    /// A new API token with `role`.
    pub async fn token(&self, role: entity::api_token::Role) -> String {
        gms_graph::service::auth::create(&self.db, &format!("test {role:?}"), role)
            .await
            .expect("create a token")
            .1
    }

    /// POSTs a query with an optional bearer token: the status and the body.
    pub async fn post_as(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.url))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("POST /graphql");
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON body"))
    }

    /// POSTs `body` as it is, with `content_type`: the status and the body's text.
    pub async fn raw_post(
        &self,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> (u16, String) {
        let response = self
            .client
            .post(format!("{}/graphql", self.url))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("POST /graphql");
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .expect("GET")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            stop.send(()).ok();
        }
        // A planned answer that differed was answered with an error, which most tests see;
        // this fails the ones that expect an error, or look at none.
        if !std::thread::panicking() {
            assert_eq!(
                gms_graph::graphql::plan_mismatches(),
                0,
                "a planned answer differed from the resolvers' (the log has both)"
            );
        }
    }
}

/// The values at `field` of each of `list`.
pub fn pluck(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|item| {
            item[field]
                .as_str()
                .unwrap_or_else(|| panic!("no string {field} in {item}"))
                .to_owned()
        })
        .collect()
}

/// An editor's token made with the real binary's `token create`, on the database at `url`.
pub fn cli_token(url: &str, name: &str) -> String {
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_gms-graph"))
        .args(["token", "create", "--name", name, "--role", "editor"])
        .args(["--database-url", url])
        .output()
        .expect("token create");
    String::from_utf8_lossy(&made.stdout)
        .lines()
        .last()
        .expect("a token")
        .to_owned()
}

/// The real binary serving on a loopback port, with its log read by a thread until it exits.
/// Killed when dropped, if it is still running.
pub struct Served {
    pub child: std::process::Child,
    pub addr: String,
    log: Option<std::thread::JoinHandle<Vec<String>>>,
}

impl Served {
    /// `gms-graph serve` on `database_url` with `args`, once it says where it serves.
    pub fn start(database_url: &str, args: &[&str]) -> Self {
        use std::io::{BufRead, BufReader};
        use std::process::{Command, Stdio};
        let mut child = Command::new(env!("CARGO_BIN_EXE_gms-graph"))
            .args([
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--database-url",
                database_url,
            ])
            .args(args)
            .env("RUST_LOG", "info")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        let log = std::thread::spawn(move || {
            let mut log = Vec::new();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("serving GraphQL at http://").nth(1) {
                    tx.send(rest.split('/').next().unwrap_or_default().to_owned())
                        .ok();
                }
                log.push(line);
            }
            log
        });
        let addr = match rx.recv_timeout(std::time::Duration::from_secs(30)) {
            Ok(addr) => addr,
            Err(_) => {
                child.kill().ok();
                panic!("the server did not start within 30 s");
            }
        };
        Self {
            child,
            addr,
            log: Some(log),
        }
    }

    /// Stops it as a service manager does (SIGTERM), and waits for it to exit.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let stopped = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        assert!(stopped.success());
        self.child.wait().expect("the server exits")
    }

    /// Every line it logged, once it has exited.
    pub fn log(&mut self) -> Vec<String> {
        self.log
            .take()
            .expect("the log is read once")
            .join()
            .expect("the log reader")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// `text` percent-encoded for a URL's query: every byte but the unreserved ones.
pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
