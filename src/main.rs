use std::process::ExitCode;

use clap::Parser;
use gms_graph::{config::Cli, startup};
use tracing_subscriber::EnvFilter;

/// A request allocates many small, short-lived values (the parsed query, resolver futures, the
/// response tree); mimalloc serves them in about half the time glibc's allocator takes. Its v2
/// without transparent huge pages keeps the resident set as small as glibc's (bench/BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if cli.server.log_json {
        logs.json().init();
    } else {
        logs.init();
    }

    let result = tokio::runtime::Runtime::new()
        .map_err(anyhow::Error::from)
        .and_then(|runtime| runtime.block_on(startup::run(cli)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // One line, whatever the causes say.
            let message = format!("{err:#}").replace('\n', " ");
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
