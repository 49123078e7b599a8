// The binary builds the root Query's resolver futures too (see the same limit in lib.rs).
#![recursion_limit = "256"]

use std::process::ExitCode;

use clap::Parser;
use gms_graph::{config::Cli, logs, startup};

/// A request allocates many small, short-lived values (the parsed query, resolver futures, the
/// response tree); mimalloc serves them in about half the time glibc's allocator takes. Its v2
/// without transparent huge pages keeps the resident set as small as glibc's (bench/BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _logs = logs::init(cli.server.log_json);

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
