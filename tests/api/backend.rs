//! The database the suite runs on. `GMS_TEST_DATABASE_URL` names a PostgreSQL or MySQL/MariaDB
//! server (`postgres://postgres@127.0.0.1:5432`, `mysql://root@127.0.0.1:3306`): each test then
//! gets a database of its own there, dropped when it ends. Unset, each test gets a SQLite file.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use tempfile::TempDir;

const SERVER_VAR: &str = "GMS_TEST_DATABASE_URL";

/// Which backend this run uses.
pub fn backend() -> DbBackend {
    match std::env::var(SERVER_VAR) {
        Ok(url) if url.starts_with("postgres") => DbBackend::Postgres,
        Ok(url) if url.starts_with("mysql") || url.starts_with("mariadb") => DbBackend::MySql,
        Ok(url) if !url.is_empty() => panic!("{SERVER_VAR} must be postgres://… or mysql://…"),
        _ => DbBackend::Sqlite,
    }
}

/// A fresh, empty database for one test.
pub struct TestDatabase {
    pub url: String,
    server: Option<(String, String)>,
    _dir: Option<TempDir>,
}

impl TestDatabase {
    pub async fn create() -> Self {
        static NOTICE: std::sync::Once = std::sync::Once::new();
        NOTICE.call_once(say_which_backends);
        let Some(server) = std::env::var(SERVER_VAR)
            .ok()
            .filter(|s| !s.is_empty())
            .map(|s| s.trim_end_matches('/').to_owned())
        else {
            let dir = tempfile::tempdir().expect("temp dir");
            return Self {
                url: format!("sqlite://{}?mode=rwc", dir.path().join("gms.db").display()),
                server: None,
                _dir: Some(dir),
            };
        };
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "gms_test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        admin(&server, &format!("CREATE DATABASE {name}")).await;
        Self {
            url: format!("{server}/{name}"),
            server: Some((server, name)),
            _dir: None,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((server, name)) = self.server.take() else {
            return;
        };
        // Drop runs outside async: a thread of its own with a runtime of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            let force = if server.starts_with("postgres") {
                " WITH (FORCE)"
            } else {
                ""
            };
            runtime.block_on(admin(
                &server,
                &format!("DROP DATABASE IF EXISTS {name}{force}"),
            ));
        })
        .join();
        if dropped.is_err() && !std::thread::panicking() {
            panic!("could not drop the test database");
        }
    }
}

/// Runs `sql` on the server's administrative database.
async fn admin(server: &str, sql: &str) {
    let url = if server.starts_with("postgres") {
        format!("{server}/postgres")
    } else {
        server.to_owned()
    };
    let db = Database::connect(&url)
        .await
        .unwrap_or_else(|err| panic!("{SERVER_VAR}: cannot reach {server}: {err}"));
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|err| panic!("{sql}: {err}"));
    db.close().await.ok();
}

/// Says once a run, past the test harness's capture, which backend it covers and which it skips.
fn say_which_backends() {
    let (ran, skipped) = match backend() {
        DbBackend::Sqlite => (
            "SQLite",
            "PostgreSQL and MySQL/MariaDB skipped: set GMS_TEST_DATABASE_URL to a server URL, as .ci/run does",
        ),
        DbBackend::Postgres => (
            "PostgreSQL",
            "SQLite and MySQL/MariaDB run in their own runs",
        ),
        _ => (
            "MySQL/MariaDB",
            "SQLite and PostgreSQL run in their own runs",
        ),
    };
    writeln!(
        std::io::stderr(),
        "\nbackends: this run covers {ran}; {skipped}\n"
    )
    .ok();
}
