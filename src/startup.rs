//! Running a command: connect, migrate, seed, bind, serve, shut down gracefully.

use std::path::Path;

use anyhow::{Context, anyhow};
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, SqliteTransactionMode, Statement,
    TransactionOptions, TransactionTrait,
};
use tokio::net::TcpListener;

use crate::config::{Cli, Command, DatabaseConfig, RateLimitConfig, ServerConfig, TokenCommand};
use crate::error::AppError;
use crate::graphql::limits::Limits;
use crate::seed::{self, Dataset};
use crate::service::auth;
use crate::{db, graphql, http};

fn app_error(err: AppError) -> anyhow::Error {
    anyhow!(err.detail())
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&cli.database, &cli.server).await,
        Command::Migrate => {
            let db = connect_and_migrate(&cli.database).await?;
            db.close().await.ok();
            println!("migrations applied");
            Ok(())
        }
        Command::Seed {
            synthetic: true,
            scale,
            ..
        } => {
            let db = connect_and_migrate(&cli.database).await?;
            let report = seed::synthetic::seed_synthetic(&db, scale)
                .await
                .map_err(app_error)?;
            db.close().await.ok();
            println!("seeded synthetic scale {scale}: {report}");
            Ok(())
        }
        Command::Seed { file, .. } => {
            let (name, data) = match &file {
                Some(path) => (path.display().to_string(), read_dataset(path)?),
                None => (
                    "the bundled network".to_owned(),
                    Dataset::bundled().map_err(app_error)?,
                ),
            };
            let db = connect_and_migrate(&cli.database).await?;
            let report = seed::seed(&db, &data).await.map_err(app_error)?;
            db.close().await.ok();
            println!("seeded {name}: {report}");
            Ok(())
        }
        Command::ExportSchema { client } => {
            if client {
                print_out(&graphql::client_schema())
            } else {
                let options = graphql::SdlOptions {
                    auth: cli.server.federation_auth,
                    reads_need_token: cli.server.require_auth,
                    max_ids: cli.server.limits.max_list_length,
                };
                print_out(&graphql::subgraph_schema(&options))
            }
        }
        Command::TrustedDocuments => {
            let operations = graphql::trusted::readme_operations();
            let manifest = graphql::trusted::manifest_of(operations).map_err(|why| anyhow!(why))?;
            print_out(&(serde_json::to_string_pretty(&manifest)? + "\n"))
        }
        Command::Token { action } => {
            let db = connect_and_migrate(&cli.database).await?;
            let result = token_command(&db, action).await;
            db.close().await.ok();
            result
        }
    }
}

async fn token_command(db: &DatabaseConnection, action: TokenCommand) -> anyhow::Result<()> {
    match action {
        TokenCommand::Create { name, role } => {
            let (token, secret) = auth::create(db, &name, role.into())
                .await
                .map_err(app_error)?;
            println!(
                "created token {} {:?} ({}); it is shown once:",
                token.id,
                token.name,
                role_name(token.role)
            );
            println!("{secret}");
        }
        TokenCommand::List => {
            for token in auth::list(db).await.map_err(app_error)? {
                let state = match token.revoked_at {
                    Some(at) => format!("revoked {at}"),
                    None => "active".to_owned(),
                };
                println!(
                    "{}\t{}\t{}\tcreated {}\t{state}",
                    token.id,
                    role_name(token.role),
                    token.name,
                    token.created_at
                );
            }
        }
        TokenCommand::Revoke { id } => {
            let token = auth::revoke(db, id).await.map_err(app_error)?;
            println!("revoked token {} {:?}", token.id, token.name);
        }
    }
    Ok(())
}

fn role_name(role: entity::api_token::Role) -> &'static str {
    match role {
        entity::api_token::Role::Viewer => "viewer",
        entity::api_token::Role::Editor => "editor",
        entity::api_token::Role::Admin => "admin",
    }
}

fn read_dataset(path: &Path) -> anyhow::Result<Dataset> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut data =
        Dataset::parse(&text).map_err(|err| anyhow!("{}: {}", path.display(), err.detail()))?;
    data.origin = path.display().to_string();
    Ok(data)
}

/// Connects and brings the schema up to date. Replicas starting together take turns: on
/// PostgreSQL the migrations run in one transaction holding an advisory lock, so a second
/// replica waits, then finds nothing left to do; on MySQL/MariaDB a named lock does the same, and
/// on SQLite the file's write lock.
pub async fn connect_and_migrate(config: &DatabaseConfig) -> anyhow::Result<DatabaseConnection> {
    Ok(prepare(config, false).await?.0)
}

/// As [`connect_and_migrate`], and seeds an empty database with the bundled network on the same
/// connections, outside the requests' time limit: what the seed did, if it did anything.
pub async fn connect_migrate_and_seed(
    config: &DatabaseConfig,
) -> anyhow::Result<(DatabaseConnection, Option<seed::SeedReport>)> {
    prepare(config, true).await
}

async fn prepare(
    config: &DatabaseConfig,
    seed_empty: bool,
) -> anyhow::Result<(DatabaseConnection, Option<seed::SeedReport>)> {
    // A migration is not a request, nor is the first seed: they run without the requests'
    // statement time limit, on connections of their own (an ALTER on a large table, or the
    // seed's change log, may take longer than any request may).
    let unlimited = DatabaseConfig {
        statement_timeout: None,
        ..config.clone()
    };
    let db = db::connect(&unlimited).await?;
    migrate(&db).await.context("cannot migrate the database")?;
    let report = if seed_empty {
        seed::seed_if_empty(&db).await.map_err(app_error)?
    } else {
        None
    };
    if config.statement_timeout.is_none() {
        return Ok((db, report));
    }
    // Closing only returns the connections; a failure to close loses nothing.
    let _ = db.close().await;
    Ok((db::connect(config).await?, report))
}

/// An arbitrary key for the migration lock: "gmsgraph" in ASCII, folded into 63 bits.
const MIGRATION_LOCK: i64 = 0x676d_7367_7261_7068 & i64::MAX;

async fn migrate(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    let backend = db.get_database_backend();
    match backend {
        DbBackend::Postgres => {
            let txn = db.begin().await?;
            txn.execute_raw(Statement::from_string(
                backend,
                format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"),
            ))
            .await?;
            Migrator::up(&txn, None).await?;
            txn.commit().await
        }
        DbBackend::MySql => {
            // DDL commits as it goes on MySQL: the lock is the session's, on one connection.
            let txn = db.begin().await?;
            txn.execute_raw(Statement::from_string(
                backend,
                "SELECT GET_LOCK('gms_graph_migrations', 120)".to_owned(),
            ))
            .await?;
            let migrated = Migrator::up(&txn, None).await;
            txn.execute_raw(Statement::from_string(
                backend,
                "SELECT RELEASE_LOCK('gms_graph_migrations')".to_owned(),
            ))
            .await?;
            migrated?;
            txn.commit().await
        }
        _ => {
            // SQLite: DDL is transactional, and `BEGIN IMMEDIATE` takes the write lock first.
            let txn = db
                .begin_with_options(TransactionOptions {
                    sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                    ..Default::default()
                })
                .await?;
            Migrator::up(&txn, None).await?;
            txn.commit().await
        }
    }
}

/// The rate limits the flags set.
fn rate_limits(config: &RateLimitConfig) -> http::rate_limit::RateLimits {
    use http::rate_limit::Rate;
    http::rate_limit::RateLimits {
        requests: Rate::new(config.rate_limit, config.rate_limit_burst),
        auth_failures: Rate::new(config.auth_failure_limit, config.auth_failure_burst),
    }
}

/// The exporter of spans to `--otlp-endpoint`'s collector, if it names one.
/// Writes `text` to standard output; a reader that stops early (`| head`, `| grep -m1`) is not an
/// error, as it is not for other command-line tools.
fn print_out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(()),
    }
}

fn telemetry(server: &ServerConfig) -> anyhow::Result<Option<crate::telemetry::Telemetry>> {
    let Some(endpoint) = &server.otlp_endpoint else {
        return Ok(None);
    };
    let telemetry = crate::telemetry::Telemetry::start(endpoint).map_err(|why| anyhow!(why))?;
    tracing::info!("exporting traces over OTLP to {endpoint}");
    Ok(Some(telemetry))
}

/// The trusted documents `--trusted-documents` names, read and checked.
fn trusted_documents(
    server: &ServerConfig,
) -> anyhow::Result<Option<graphql::trusted::TrustedDocuments>> {
    let Some(path) = &server.trusted_documents else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the trusted documents {}", path.display()))?;
    let mut trusted = graphql::trusted::TrustedDocuments::from_manifest(&text)
        .map_err(|why| anyhow!("the trusted documents {}: {why}", path.display()))?;
    trusted.only = server.trusted_documents_only;
    trusted.exempt_admins = server.trusted_documents_exempt_admins;
    tracing::info!(
        operations = trusted.len(),
        only = trusted.only,
        "trusted documents from {}",
        path.display()
    );
    Ok(Some(trusted))
}

async fn serve(database: &DatabaseConfig, server: &ServerConfig) -> anyhow::Result<()> {
    let limits: Limits = (&server.limits).into();
    // No statement outlives its request: the database stops it at the request's time limit.
    let database = &DatabaseConfig {
        statement_timeout: Some(limits.timeout),
        ..database.clone()
    };
    let (db, seeded) = connect_migrate_and_seed(database).await?;
    if let Some(report) = seeded {
        tracing::info!(%report, "seeded the empty database with the bundled network");
    }
    let listener = TcpListener::bind(server.bind)
        .await
        .with_context(|| format!("cannot listen on {}", server.bind))?;
    let addr = listener.local_addr()?;
    tracing::info!("serving GraphQL at http://{addr}/graphql (GraphiQL in a browser)");
    tracing::info!("the explorer: http://{addr}/");
    let options = http::AppOptions {
        require_auth: server.require_auth,
        federation_auth: server.federation_auth,
        resolvers_only: server.resolvers_only,
        check_plans: false,
        limits,
        cors_origins: server.cors_origins.clone(),
        response_cache_bytes: server.response_cache_mib.saturating_mul(1024 * 1024),
        metrics: server.metrics,
        rate_limits: rate_limits(&server.rate_limits),
        trusted: trusted_documents(server)?.map(std::sync::Arc::new),
        telemetry: telemetry(server)?,
    };
    let telemetry = options.telemetry.clone();
    let served = async {
        let mut pools = db::pools(database, db.clone()).await?;
        crate::metrics::count_statements(&mut pools);
        let connections = crate::http::connections::ConnectionLimits {
            header_timeout: std::time::Duration::from_secs(
                server.limits.header_timeout_secs.max(1),
            ),
            max_connections: server.limits.max_connections,
        };
        crate::http::connections::serve(
            listener,
            http::app_with(pools.clone(), options),
            connections,
            shutdown_signal(),
        )
        .await
        .context("server failed")?;
        pools.write.close().await.ok();
        anyhow::Ok(())
    }
    .await;
    // The spans not sent yet are sent however serving ended.
    if let Some(telemetry) = telemetry {
        telemetry.shutdown().await;
    }
    served?;
    db.close().await.ok();
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGINT or SIGTERM; in-flight requests then finish before `serve` returns.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
