//! The command line and its configuration, read once in main and passed down.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use clap::{Args, Parser, Subcommand};

/// GraphQL API over the NHS Genomic Medicine Service network.
///
/// With no command, `gms-graph` serves: it creates and migrates the database, seeds it with the
/// bundled network on first start, and serves GraphQL at /graphql (GraphiQL in a browser).
#[derive(Debug, Parser)]
#[command(name = "gms-graph", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub database: DatabaseConfig,

    #[command(flatten)]
    pub server: ServerConfig,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate, seed an empty database with the bundled network, and serve (the default).
    Serve,
    /// Apply pending database migrations.
    Migrate,
    /// Load a dataset: records are matched by natural key, so running it twice changes nothing.
    Seed {
        /// A dataset file of the shape of data/network.json; the bundled network if not given.
        #[arg(long, value_name = "FILE", conflicts_with = "synthetic")]
        file: Option<PathBuf>,
        /// Add a deterministic synthetic network to the bundled one, for tests and benchmarks.
        #[arg(long)]
        synthetic: bool,
        /// With --synthetic: 1,000 courses, 200 projects and 50 trusts per unit.
        #[arg(long, default_value_t = 1, requires = "synthetic")]
        scale: u64,
    },
    /// Print the GraphQL schema (SDL), as schema.graphql holds it.
    ExportSchema,
    /// Manage API tokens: writes need an editor's or an admin's.
    Token {
        #[command(subcommand)]
        action: TokenCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it, once, on the last line: only its hash is kept.
    Create {
        /// Who or what the token is for, e.g. "east-gmsa-cms".
        #[arg(long)]
        name: String,
        /// viewer: read; editor: also write projects and courses; admin: write everything.
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// List tokens (never the tokens themselves).
    List,
    /// Revoke a token by its id (from `token list`).
    Revoke {
        /// The token's id.
        id: i32,
    },
}

/// A token's role, on the command line.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum RoleArg {
    Viewer,
    Editor,
    Admin,
}

impl From<RoleArg> for entity::api_token::Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Viewer => Self::Viewer,
            RoleArg::Editor => Self::Editor,
            RoleArg::Admin => Self::Admin,
        }
    }
}

#[derive(Clone, Debug, Args)]
pub struct DatabaseConfig {
    /// Database URL: sqlite://FILE?mode=rwc (created if missing), postgres://… or mysql://…
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://gms.db?mode=rwc",
        global = true
    )]
    pub database_url: String,

    /// Most connections in the database pool.
    #[arg(
        long,
        env = "GMS_DB_MAX_CONNECTIONS",
        default_value_t = 8,
        global = true
    )]
    pub db_max_connections: u32,

    /// Seconds to wait when connecting to the database or for a free connection.
    #[arg(long, env = "GMS_DB_TIMEOUT_SECS", default_value_t = 5, global = true)]
    pub db_timeout_secs: u64,
}

impl DatabaseConfig {
    pub fn new(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            db_max_connections: 8,
            db_timeout_secs: 5,
        }
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.db_timeout_secs)
    }
}

#[derive(Clone, Debug, Args)]
pub struct ServerConfig {
    /// Address to serve on.
    #[arg(
        long,
        env = "GMS_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: SocketAddr,

    /// Require a token for reads too (writes always need one).
    #[arg(long, env = "GMS_REQUIRE_AUTH", global = true)]
    pub require_auth: bool,
}
