//! `Cache-Control` on GraphQL answers over HTTP, for browsers, CDNs and a federation router
//! (Apollo Gateway and Router read a subgraph's header to set the answer's policy, and Router's
//! entity cache to keep `_entities` answers). A query's answer may be kept for the smallest
//! `max-age` among the types and fields it read (their cache hints: the network's records 60 s,
//! the change log none); it is `public` when it was asked without a token, else `private`. A
//! mutation's answer, an answer with errors and a batch are never kept (`no-store`).

use axum::http::{HeaderMap, HeaderValue, header};

use super::pipeline::Ran;

/// The `Cache-Control` of a request's answer; `anonymous` when it came without a token.
pub(super) fn cache_control(ran: &Ran, anonymous: bool) -> HeaderValue {
    let Some(hints) = ran.answer.cache_control() else {
        return HeaderValue::from_static("no-store");
    };
    if !ran.query || !ran.answer.is_clean() {
        return HeaderValue::from_static("no-store");
    }
    let scope = if anonymous && hints.public {
        "public"
    } else {
        "private"
    };
    let value = if hints.max_age > 0 {
        format!("{scope}, max-age={}", hints.max_age)
    } else {
        // No hint, or one that says not to keep it without asking again.
        format!("{scope}, no-cache")
    };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("no-store"))
}

/// Sets `cache_control` on `headers`, and says that the answer depends on the token, and on
/// whether a router asked for Apollo's inline trace (see `graphql::ftv1`).
pub(super) fn set(headers: &mut HeaderMap, cache_control: HeaderValue) {
    headers.insert(header::CACHE_CONTROL, cache_control);
    headers.append(
        header::VARY,
        HeaderValue::from_static("authorization, apollo-federation-include-trace"),
    );
}
