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
    /// Print the subgraph schema, as schema.graphql holds it; with --client, the client API schema
    /// that docs/client-schema.graphql holds.
    ExportSchema {
        /// The schema as a client sees it, without federation's machinery.
        #[arg(long)]
        client: bool,
    },
    /// Print the README's operations as a trusted documents manifest (Apollo's persisted query
    /// manifest format), for `--trusted-documents`.
    TrustedDocuments,
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

    /// Most connections in the database pool [default: 8; on a SQLite file, one per CPU, 2 to 8]
    #[arg(long, env = "GMS_DB_MAX_CONNECTIONS", global = true)]
    pub db_max_connections: Option<u32>,

    /// Seconds to wait when connecting to the database or for a free connection.
    #[arg(long, env = "GMS_DB_TIMEOUT_SECS", default_value_t = 5, global = true)]
    pub db_timeout_secs: u64,

    /// Longest one statement may run before the database stops it: a server's request time
    /// limit (see `--request-timeout-secs`); none for the command line's own work.
    #[arg(skip)]
    pub statement_timeout: Option<Duration>,
}

impl DatabaseConfig {
    pub fn new(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            db_max_connections: None,
            db_timeout_secs: 5,
            statement_timeout: None,
        }
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.db_timeout_secs)
    }

    /// The pool's size: as told, else 8, and on a SQLite file one connection per CPU (2 to 8).
    /// SQLite reads run on the server's own cores, so readers beyond them add no throughput,
    /// while each holds memory of its own (SQLite's, about 2 MiB each under load) and lets one
    /// more request hold its working memory at once (bench/BENCHMARKS.md).
    pub fn max_connections(&self) -> u32 {
        match self.db_max_connections {
            Some(told) => told.max(1),
            None if self.database_url.starts_with("sqlite:") => {
                let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
                u32::try_from(cpus.clamp(2, 8)).unwrap_or(8)
            }
            None => 8,
        }
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

    /// Put `@requiresScopes` (and, with --require-auth, `@authenticated`) in the subgraph SDL,
    /// for Apollo Router's authorization; Apollo Gateway refuses a supergraph that has them.
    #[arg(long, env = "GMS_FEDERATION_AUTH", global = true)]
    pub federation_auth: bool,

    /// Answer every query through async-graphql's resolvers, never by its plan (the planned
    /// reads write a query's JSON straight from its rows; see README).
    #[arg(long, env = "GMS_RESOLVERS_ONLY", global = true)]
    pub resolvers_only: bool,

    /// Browser origins allowed to call the API (CORS), comma-separated; `*` for any.
    #[arg(long, env = "GMS_CORS_ORIGINS", value_delimiter = ',', global = true)]
    pub cors_origins: Vec<String>,

    /// Log lines as JSON objects rather than text.
    #[arg(long, env = "GMS_LOG_JSON", global = true)]
    pub log_json: bool,

    /// MiB of query answers kept, with their keys, and served again until the data changes
    /// (never stale: every commit, by any writer, retires them). 0 turns it off; MySQL/MariaDB
    /// and in-memory SQLite keep none.
    #[arg(
        long,
        env = "GMS_RESPONSE_CACHE_MIB",
        default_value_t = 8,
        global = true
    )]
    pub response_cache_mib: usize,

    /// Who may read /metrics: open (anyone who reaches the port), token (a valid token of any
    /// role), off (404).
    #[arg(
        long,
        env = "GMS_METRICS",
        value_enum,
        default_value_t = MetricsAccess::Open,
        global = true
    )]
    pub metrics: MetricsAccess,

    #[command(flatten)]
    pub limits: LimitsConfig,

    #[command(flatten)]
    pub rate_limits: RateLimitConfig,

    /// A manifest of trusted operations (Apollo's persisted query manifest format, as
    /// `gms-graph trusted-documents` prints): clients may name one by its id.
    #[arg(
        long,
        env = "GMS_TRUSTED_DOCUMENTS",
        value_name = "FILE",
        global = true
    )]
    pub trusted_documents: Option<PathBuf>,

    /// Run only the operations of `--trusted-documents`: any other is refused with
    /// PERSISTED_QUERY_NOT_IN_LIST.
    #[arg(
        long,
        env = "GMS_TRUSTED_DOCUMENTS_ONLY",
        requires = "trusted_documents",
        global = true
    )]
    pub trusted_documents_only: bool,

    /// With `--trusted-documents-only`: admins' tokens may still run any operation.
    #[arg(
        long,
        env = "GMS_TRUSTED_DOCUMENTS_EXEMPT_ADMINS",
        requires = "trusted_documents_only",
        global = true
    )]
    pub trusted_documents_exempt_admins: bool,

    /// Export traces over OTLP/HTTP (protobuf) to the collector at this address, e.g.
    /// http://127.0.0.1:4318 (traces go to its /v1/traces): a span per GraphQL request over HTTP,
    /// continuing the caller's W3C `traceparent`, with a child span per SQL statement.
    #[arg(long, env = "GMS_OTLP_ENDPOINT", value_name = "URL", global = true)]
    pub otlp_endpoint: Option<String>,
}

/// How often a client may call; past it, 429 `RATE_LIMITED` with `Retry-After`. Counted in each
/// process: behind a load balancer, each replica limits what it is sent.
#[derive(Clone, Debug, Args)]
pub struct RateLimitConfig {
    /// Requests a minute one token may make, and one client address without a token (an
    /// operation of a batch counts one); 0 for no limit.
    #[arg(long, env = "GMS_RATE_LIMIT", default_value_t = 0, global = true)]
    pub rate_limit: u32,
    /// Requests a client may make at once, from rest, before `--rate-limit` holds it back.
    #[arg(
        long,
        env = "GMS_RATE_LIMIT_BURST",
        default_value_t = 60,
        global = true
    )]
    pub rate_limit_burst: u32,
    /// Failed authentications a minute from one client address (a token that is not valid, a
    /// malformed `Authorization`); past it, the address may not try any token for a while. 0
    /// for no limit.
    #[arg(
        long,
        env = "GMS_AUTH_FAILURE_LIMIT",
        default_value_t = 0,
        global = true
    )]
    pub auth_failure_limit: u32,
    /// Failed authentications one address may make at once, from rest.
    #[arg(
        long,
        env = "GMS_AUTH_FAILURE_BURST",
        default_value_t = 5,
        global = true
    )]
    pub auth_failure_burst: u32,
}

/// Who may read /metrics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum MetricsAccess {
    /// Anyone who can reach the port.
    #[default]
    Open,
    /// Callers with a valid token, of any role (`Authorization: Bearer <token>`).
    Token,
    /// Nobody: 404.
    Off,
}

/// What one request may ask; over a limit, a clear GraphQL error.
#[derive(Clone, Debug, Args)]
pub struct LimitsConfig {
    /// Deepest nesting of fields in a query.
    #[arg(long, env = "GMS_MAX_DEPTH", default_value_t = 15, global = true)]
    pub max_depth: usize,
    /// Highest cost of one operation, estimated as Apollo Router does from the SDL's `@cost` and
    /// `@listSize`: an object 1, a list its page size (50 unless given) times its items' cost,
    /// a mutation 10 more.
    #[arg(long, env = "GMS_MAX_COST", default_value_t = 1_000_000, global = true)]
    pub max_cost: usize,
    /// Most fields a query selects once its fragments are expanded.
    #[arg(long, env = "GMS_MAX_FIELDS", default_value_t = 2_000, global = true)]
    pub max_fields: usize,
    /// Most aliased fields in a query.
    #[arg(long, env = "GMS_MAX_ALIASES", default_value_t = 30, global = true)]
    pub max_aliases: usize,
    /// Most directives on one field.
    #[arg(long, env = "GMS_MAX_DIRECTIVES", default_value_t = 5, global = true)]
    pub max_directives: usize,
    /// Longest query text, in bytes.
    #[arg(
        long,
        env = "GMS_MAX_QUERY_BYTES",
        default_value_t = 20_000,
        global = true
    )]
    pub max_query_bytes: usize,
    /// Largest request body, in bytes.
    #[arg(
        long,
        env = "GMS_MAX_BODY_BYTES",
        default_value_t = 1_048_576,
        global = true
    )]
    pub max_body_bytes: usize,
    /// Most operations in one batch (a JSON array of requests).
    #[arg(long, env = "GMS_MAX_BATCH", default_value_t = 10, global = true)]
    pub max_batch: usize,
    /// Seconds a request may run before it is stopped (its writes rolled back).
    #[arg(
        long,
        env = "GMS_REQUEST_TIMEOUT_SECS",
        default_value_t = 30,
        global = true
    )]
    pub request_timeout_secs: u64,
    /// Seconds a request's body may take to arrive (408 past it).
    #[arg(
        long,
        env = "GMS_BODY_TIMEOUT_SECS",
        default_value_t = 10,
        global = true
    )]
    pub body_timeout_secs: u64,
    /// Seconds a connection may take to send a request's headers, or sit idle between requests.
    #[arg(
        long,
        env = "GMS_HEADER_TIMEOUT_SECS",
        default_value_t = 10,
        global = true
    )]
    pub header_timeout_secs: u64,
    /// Most connections served at once; more wait to be accepted.
    #[arg(
        long,
        env = "GMS_MAX_CONNECTIONS",
        default_value_t = 1_024,
        global = true
    )]
    pub max_connections: usize,
    /// Turn introspection off (and with it, field suggestions in errors).
    #[arg(long, env = "GMS_NO_INTROSPECTION", global = true)]
    pub no_introspection: bool,
    /// Most items in any one list an argument holds (`in`, `notIn`, `ids`, `representations`).
    #[arg(
        long,
        env = "GMS_MAX_LIST_LENGTH",
        default_value_t = 1_000,
        global = true
    )]
    pub max_list_length: usize,
    /// Most values in one filter (each scalar, and each item of a list, counts one).
    #[arg(
        long,
        env = "GMS_MAX_FILTER_TERMS",
        default_value_t = 1_000,
        global = true
    )]
    pub max_filter_terms: usize,
    /// Deepest nesting of objects in one filter (a relation's `some` counts two: the relation
    /// and its quantifier).
    #[arg(long, env = "GMS_MAX_FILTER_DEPTH", default_value_t = 8, global = true)]
    pub max_filter_depth: usize,
    /// Most keys in one `orderBy`.
    #[arg(long, env = "GMS_MAX_ORDER_KEYS", default_value_t = 10, global = true)]
    pub max_order_keys: usize,
    /// Most keys in one `groupBy`.
    #[arg(long, env = "GMS_MAX_GROUP_KEYS", default_value_t = 10, global = true)]
    pub max_group_keys: usize,
    /// Most rows one request's statements may read, all together (TOO_MANY_ROWS past it).
    #[arg(long, env = "GMS_MAX_ROWS", default_value_t = 5_000, global = true)]
    pub max_rows: usize,
    /// Largest answer to one request, in bytes of JSON (RESPONSE_TOO_LARGE past it).
    #[arg(
        long,
        env = "GMS_MAX_RESPONSE_BYTES",
        default_value_t = 2_097_152,
        global = true
    )]
    pub max_response_bytes: usize,
    /// Most GraphQL requests over HTTP read and run at once; more wait, their bodies unread, for
    /// up to the request time limit (then 503 SERVER_BUSY).
    #[arg(long, env = "GMS_MAX_REQUESTS", default_value_t = 8, global = true)]
    pub max_requests: usize,
}

#[cfg(test)]
mod tests {
    use super::DatabaseConfig;

    #[test]
    fn the_pool_is_as_told_else_one_per_cpu_on_a_sqlite_file_else_eight() {
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        let sqlite = DatabaseConfig::new("sqlite://gms.db?mode=rwc");
        assert_eq!(sqlite.max_connections() as usize, cpus.clamp(2, 8));
        let postgres = DatabaseConfig::new("postgres://postgres@127.0.0.1:5432/gms");
        assert_eq!(postgres.max_connections(), 8);
        for (told, size) in [(Some(3), 3), (Some(0), 1)] {
            let config = DatabaseConfig {
                db_max_connections: told,
                ..sqlite.clone()
            };
            assert_eq!(config.max_connections(), size);
        }
    }
}
