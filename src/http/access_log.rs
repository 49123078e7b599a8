//! One line per request at info, under the target `gms_graph::access`: method, path, status,
//! the GraphQL operation's name where there is one, and how long the answer took. Never a
//! header (tokens travel in `Authorization`) nor the query string (GET requests carry their
//! query and variables there). `RUST_LOG=info,gms_graph::access=off` turns the lines off.

use std::time::Duration;

use axum::{body::Body, http::Request, response::Response};
use tower_http::{
    classify::{ServerErrorsAsFailures, SharedClassifier},
    trace::{MakeSpan, OnResponse, TraceLayer},
};
use tracing::{Level, Span, field::Empty};

/// The target of the lines, for filtering them.
pub const TARGET: &str = "gms_graph::access";

/// A span per request, which the line is written in.
pub type AccessLog =
    TraceLayer<SharedClassifier<ServerErrorsAsFailures>, RequestSpan, (), Line, (), (), ()>;

/// The tracing layer: a span per request, which the line is written in.
pub fn layer() -> AccessLog {
    TraceLayer::new_for_http()
        .make_span_with(RequestSpan)
        .on_request(())
        .on_response(Line)
        .on_body_chunk(())
        .on_eos(())
        .on_failure(())
}

/// Records the operation's name in the request's line (the pipeline knows it; the layer does
/// not).
pub fn record_operation(name: Option<&str>) {
    if let Some(name) = name {
        Span::current().record("operation", name);
    }
}

#[derive(Clone, Copy)]
pub struct RequestSpan;

impl MakeSpan<Body> for RequestSpan {
    fn make_span(&mut self, request: &Request<Body>) -> Span {
        tracing::span!(
            target: TARGET,
            Level::INFO,
            "request",
            method = %request.method(),
            path = request.uri().path(),
            operation = Empty,
        )
    }
}

#[derive(Clone, Copy)]
pub struct Line;

impl<B> OnResponse<B> for Line {
    fn on_response(self, response: &Response<B>, latency: Duration, _span: &Span) {
        tracing::event!(
            target: TARGET,
            Level::INFO,
            status = response.status().as_u16(),
            ms = latency.as_secs_f64() * 1000.0,
            "answered"
        );
    }
}
