//! No N+1: a query of depth d issues at most d + 1 SQL statements, whatever the number of rows.

use crate::helpers::TestApp;

#[tokio::test]
async fn the_mission_traversal_costs_one_statement_per_level() {
    let app = TestApp::spawn().await;
    // Depth 3: alliances → regions → hubs → leadTrust.
    let query = "{ alliances { nodes { name regions { nodes { name hubs { nodes { name leadTrust { name } } } } } } } }";
    let (statements, data) = app.statements_of(query).await;
    let alliances = data["alliances"]["nodes"].as_array().expect("alliances");
    assert_eq!(alliances.len(), 7);
    let trusts: usize = alliances
        .iter()
        .flat_map(|a| a["regions"]["nodes"].as_array().expect("regions"))
        .flat_map(|r| r["hubs"]["nodes"].as_array().expect("hubs"))
        .filter(|h| h["leadTrust"]["name"].is_string())
        .count();
    // 7 alliances cover 12 region links; each of those regions has 1–3 hubs.
    assert!(trusts > 14, "the traversal reached {trusts} lead trusts");
    assert!(statements <= 4, "{statements} statements for depth 3");
}

#[tokio::test]
async fn the_traversal_back_and_sibling_relations_stay_batched() {
    let app = TestApp::spawn().await;
    // Depth 4, with several relations per level: each level is one statement per relation.
    let query = "{ trusts { nodes {
        region { code }
        ledHubs { totalCount nodes { alliance { projects { nodes { participatingAlliances { nodes { slug } } } } } } }
    } } }";
    let (statements, data) = app.statements_of(query).await;
    assert_eq!(data["trusts"]["nodes"].as_array().expect("trusts").len(), 7);
    // trusts; region + ledHubs; alliance; projects; participatingAlliances.
    assert!(statements <= 6, "{statements} statements");

    // Growing the data does not grow the count: the same query over twice the parents.
    let (again, _) = app
        .statements_of(&query.replace("trusts {", "trusts(first: 7) {"))
        .await;
    assert_eq!(again, statements);
}

#[tokio::test]
async fn root_total_count_is_one_more_statement() {
    let app = TestApp::spawn().await;
    let (without, _) = app.statements_of("{ hubs { nodes { name } } }").await;
    let (with, data) = app
        .statements_of("{ hubs { totalCount nodes { name } } }")
        .await;
    assert_eq!(data["hubs"]["totalCount"], 7);
    assert_eq!((without, with), (1, 2));
    // Relation totals come with their page.
    let (nested, _) = app
        .statements_of("{ hubs { nodes { regions { totalCount nodes { code } } } } }")
        .await;
    assert_eq!(nested, 2);
}
