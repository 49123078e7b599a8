//! The explorer and GraphiQL, served from the binary: the pages, and every script, stylesheet
//! and image they use, built in at compile time from explorer/ (see explorer/vendor.mjs), so a
//! browser on a network without internet access needs nothing but this server.
//!
//! Assets live under `/assets/<hash>/`, where the hash covers every asset's bytes: a page names
//! them with the hash it was served with, so they are cached for a year and never go stale. The
//! pages are cached for no time, and carry a Content-Security-Policy that allows this origin only.

use std::sync::OnceLock;

use axum::{
    extract::Path,
    http::{HeaderName, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::code::Code;

use super::errors::HttpError;

/// One file built into the binary.
struct Asset {
    path: &'static str,
    bytes: &'static [u8],
    mime: &'static str,
}

macro_rules! assets {
    ($($path:literal => $mime:expr,)*) => {
        &[$(Asset {
            path: $path,
            bytes: include_bytes!(concat!("../../explorer/", $path)),
            mime: $mime,
        },)*]
    };
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const SVG: &str = "image/svg+xml";

static ASSETS: &[Asset] = assets! {
    "vendor/react.production.min.js" => JS,
    "vendor/react-dom.production.min.js" => JS,
    "vendor/graphiql.min.js" => JS,
    "vendor/graphiql.min.css" => CSS,
    "vendor/nhsuk-frontend.min.js" => JS,
    "vendor/nhsuk-frontend.min.css" => CSS,
    "vendor/images/nhsuk-icon-cross.svg" => SVG,
    "vendor/images/nhsuk-icon-arrow-up.svg" => SVG,
    "vendor/images/nhsuk-icon-arrow-up-down.svg" => SVG,
    "vendor/images/nhsuk-icon-arrow-down.svg" => SVG,
    "app/favicon.svg" => SVG,
    "app/explorer.css" => CSS,
    "app/graphiql.css" => CSS,
    "app/body-class.js" => JS,
    "app/graphiql.js" => JS,
    "app/main.js" => JS,
    "app/api.js" => JS,
    "app/dom.js" => JS,
    "app/schema.js" => JS,
    "app/views/home.js" => JS,
    "app/views/record.js" => JS,
    "app/views/search.js" => JS,
    "app/views/token.js" => JS,
    "app/views/table.js" => JS,
    "app/views/timeline.js" => JS,
    "app/date.js" => JS,
};

static EXPLORER_HTML: &str = include_str!("../../explorer/app/index.html");
static GRAPHIQL_HTML: &str = include_str!("../../explorer/app/graphiql.html");

/// The hash over every asset: the folder the pages name them under.
fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        let mut hash = Sha256::new();
        for asset in ASSETS {
            hash.update(asset.path.as_bytes());
            hash.update((asset.bytes.len() as u64).to_le_bytes());
            hash.update(asset.bytes);
        }
        hash.update(EXPLORER_HTML.as_bytes());
        hash.update(GRAPHIQL_HTML.as_bytes());
        hash.finalize()[..6]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    })
}

/// The policy of the explorer's pages: this origin only, for everything.
const EXPLORER_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// GET / and the explorer's other views: the page that runs it (each view is drawn in the
/// browser from the URL, so any view's URL can be shared).
pub(super) async fn explorer() -> Response {
    page(
        EXPLORER_HTML.replace("%ASSETS%", &format!("/assets/{}", version())),
        EXPLORER_POLICY.to_owned(),
    )
}

/// GET /graphql in a browser: GraphiQL. Its dialogs add a `<style>` element whose text varies,
/// so the page allows styles that carry this response's nonce, and hands the nonce to the
/// script that adds them.
pub(super) async fn graphiql() -> Response {
    let mut nonce = [0u8; 18];
    if getrandom::fill(&mut nonce).is_err() {
        return HttpError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            Code::InternalServerError,
            "no randomness for the page's nonce",
        )
        .into_response();
    }
    let nonce = base64::engine::general_purpose::STANDARD.encode(nonce);
    let policy = EXPLORER_POLICY.replace(
        "style-src 'self'",
        &format!("style-src 'self' 'nonce-{nonce}'"),
    );
    page(
        GRAPHIQL_HTML
            .replace("%ASSETS%", &format!("/assets/{}", version()))
            .replace("%NONCE%", &nonce),
        policy,
    )
}

fn page(html: String, policy: String) -> Response {
    let mut response = (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        html,
    )
        .into_response();
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// GET /assets/{version}/{*path}: one built-in file. Under the current version it is cached
/// for a year; under another (a page served before an upgrade) it is served fresh, uncached.
pub(super) async fn asset(Path((asked, path)): Path<(String, String)>) -> Response {
    let Some(asset) = ASSETS.iter().find(|asset| asset.path == path) else {
        return HttpError::new(StatusCode::NOT_FOUND, Code::NotFound, "no such asset")
            .into_response();
    };
    let cache = if asked == version() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    (
        [
            (header::CONTENT_TYPE, asset.mime),
            (header::CACHE_CONTROL, cache),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (
                HeaderName::from_static("cross-origin-resource-policy"),
                "same-origin",
            ),
        ],
        asset.bytes,
    )
        .into_response()
}
