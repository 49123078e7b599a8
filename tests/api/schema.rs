//! schema.graphql is the contract: it must match the code.

use crate::helpers::TestApp;

#[test]
fn schema_graphql_matches_the_code() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
        .expect("schema.graphql");
    let current = gms_graph::graphql::sdl();
    assert!(
        committed == current,
        "schema.graphql is out of date: run `cargo run -- export-schema > schema.graphql`"
    );
}

#[tokio::test]
async fn graphiql_and_health_are_served() {
    let app = TestApp::spawn().await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.expect("body"), "ok");
    let graphiql = app.get("/graphql").await;
    assert_eq!(graphiql.status(), 200);
    let page = graphiql.text().await.expect("body");
    assert!(page.contains("graphiql"), "GET /graphql serves GraphiQL");
}
