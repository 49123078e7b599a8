//! The explorer and GraphiQL are served from the binary: the pages name only this server's
//! assets, under a hash of their contents, with a policy that allows this origin alone.

use crate::helpers::TestApp;

/// The `src` and `href` values of a page.
fn references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            if let Some(end) = rest.find('"') {
                found.push(rest[..end].to_owned());
            }
        }
    }
    found
}

fn policy(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("content-security-policy")
        .expect("a Content-Security-Policy")
        .to_str()
        .expect("ASCII")
        .to_owned()
}

#[tokio::test]
async fn pages_name_only_their_own_hashed_assets_under_a_same_origin_policy() {
    let app = TestApp::spawn().await;
    let mut folders = Vec::new();
    for path in ["/", "/search", "/record/Hub:north-west", "/graphql"] {
        let page = app.get(path).await;
        assert_eq!(page.status(), 200, "{path}");
        assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
        assert_eq!(page.headers()["cache-control"], "no-cache", "{path}");
        let policy = policy(&page);
        assert!(
            policy.starts_with("default-src 'self'; script-src 'self';"),
            "{policy}"
        );
        for loose in [
            "unsafe-inline",
            "unsafe-eval",
            "http:",
            "https:",
            "*",
            "data:",
        ] {
            assert!(!policy.contains(loose), "{path}: {policy}");
        }
        let html = page.text().await.expect("body");
        assert!(!html.contains("<script>"), "{path} has no inline script");
        let assets = references(&html);
        assert!(assets.len() >= 4, "{path}: {assets:?}");
        for asset in assets.iter().filter(|a| a.starts_with("/assets/")) {
            let folder = asset.split('/').nth(2).expect("a folder");
            assert!(
                folder.len() == 12 && folder.chars().all(|c| c.is_ascii_hexdigit()),
                "{asset}"
            );
            folders.push(folder.to_owned());
            let got = app.get(asset).await;
            assert_eq!(got.status(), 200, "{asset}");
            assert_eq!(
                got.headers()["cache-control"],
                "public, max-age=31536000, immutable"
            );
            let kind = got.headers()["content-type"]
                .to_str()
                .expect("ASCII")
                .to_owned();
            let body = got.text().await.expect("body");
            let expected = match asset.rsplit('.').next() {
                Some("js") => "text/javascript; charset=utf-8",
                Some("css") => "text/css; charset=utf-8",
                Some("svg") => "image/svg+xml",
                other => panic!("{asset}: an asset of an unknown kind {other:?}"),
            };
            assert_eq!(kind, expected, "{asset}");
            // No stylesheet loads a font or an image from anywhere else.
            assert!(!body.contains("@font-face"), "{asset} loads a font");
            assert!(
                !body.contains("url(http"),
                "{asset} loads from another host"
            );
            assert!(!body.contains("url(//"), "{asset} loads from another host");
        }
        for other in assets.iter().filter(|a| !a.starts_with("/assets/")) {
            assert!(
                other.starts_with('#') || (other.starts_with('/') && !other.starts_with("//")),
                "{path} names {other}, which is not on this server"
            );
        }
    }
    folders.dedup();
    assert_eq!(folders.len(), 1, "one hash for every asset: {folders:?}");
}

#[tokio::test]
async fn graphiql_gets_a_fresh_style_nonce_on_each_page() {
    let app = TestApp::spawn().await;
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let page = app.get("/graphql").await;
        let policy = policy(&page);
        let html = page.text().await.expect("body");
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a style nonce")
            .to_owned();
        assert!(
            policy.contains(&format!("style-src 'self' 'nonce-{nonce}';")),
            "{policy}"
        );
        assert!(
            html.contains(&format!("<meta name=\"csp-nonce\" content=\"{nonce}\">")),
            "the page hands its script the policy's nonce"
        );
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1]);
}

#[tokio::test]
async fn an_asset_of_another_version_is_served_uncached_and_an_unknown_one_or_path_is_a_404() {
    let app = TestApp::spawn().await;
    let stale = app.get("/assets/000000000000/app/main.js").await;
    assert_eq!(stale.status(), 200);
    assert_eq!(stale.headers()["cache-control"], "no-cache");
    for path in [
        "/assets/000000000000/app/nothing.js",
        "/assets/000000000000/app/%2e%2e/%2e%2e/Cargo.toml",
        "/assets/000000000000/%2E%2E/src/main.rs",
        "/nowhere",
    ] {
        let missing = app.get(path).await;
        assert_eq!(missing.status(), 404, "{path}");
        let body: serde_json::Value = missing.json().await.expect("JSON");
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "NOT_FOUND",
            "{path}"
        );
    }
}
