//! The ceiling the benchmark compares gms-graph against: the same HTTP stack (axum on tokio)
//! answering POST /graphql with a response computed beforehand, no GraphQL and no database.
//!
//! Usage: gms-bench-limit ADDR FILE, where FILE holds the response body to send.

use std::process::ExitCode;

use axum::{Router, body::Bytes, http::header, routing::post};

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(addr), Some(file)) = (args.next(), args.next()) else {
        eprintln!("usage: gms-bench-limit ADDR FILE");
        return ExitCode::FAILURE;
    };
    let body = match std::fs::read(&file) {
        Ok(bytes) => Bytes::from(bytes),
        Err(err) => {
            eprintln!("error: cannot read {file}: {err}");
            return ExitCode::FAILURE;
        }
    };
    let app = Router::new().route(
        "/graphql",
        post(move || {
            let body = body.clone();
            async move { ([(header::CONTENT_TYPE, "application/json")], body) }
        }),
    );
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("error: cannot listen on {addr}: {err}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("limit serving on {addr}");
    match axum::serve(listener, app).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
