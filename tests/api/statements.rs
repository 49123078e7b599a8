//! No N+1: a query of depth d issues at most d + 1 SQL statements, whatever the number of rows.

use entity::Confidence;
use gms_graph::seed::{
    Dataset,
    dataset::{AllianceRecord, Coverage, HubRecord, RegionRecord, TrustRecord},
    seed,
};

use crate::helpers::TestApp;

/// No cost limit: these queries ask for whole levels, 500 rows a page, to count statements.
fn unlimited() -> gms_graph::http::AppOptions {
    let mut options = gms_graph::http::AppOptions::default();
    options.limits.max_cost = usize::MAX;
    options
}

#[tokio::test]
async fn the_mission_traversal_costs_one_statement_per_level() {
    let app = TestApp::spawn_with(unlimited()).await;
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
    assert_eq!(statements, 4, "depth 3 costs d + 1 statements");
}

#[tokio::test]
async fn the_traversal_back_and_sibling_relations_stay_batched() {
    let app = TestApp::spawn_with(unlimited()).await;
    // Depth 4, with several relations per level: each level is one statement per relation.
    let query = "{ trusts(filter: { ledHubs: { some: {} } }) { nodes {
        region { code }
        ledHubs { totalCount nodes { alliance { projects { nodes { participatingAlliances { nodes { slug } } } } } } }
    } } }";
    let (statements, data) = app.statements_of(query).await;
    assert_eq!(data["trusts"]["nodes"].as_array().expect("trusts").len(), 7);
    // trusts; region + ledHubs; alliance; projects; participatingAlliances.
    assert_eq!(statements, 6);
}

#[tokio::test]
async fn the_organisations_stay_batched_down_to_every_site_and_back() {
    let app = TestApp::spawn_with(unlimited()).await;
    // Depth 5: regions → icbs → trusts → sites → trust → icb, every trust and site of England.
    let query = "{ regions { nodes { icbs { nodes { trusts(first: 500) { nodes {
        sites(first: 500) { nodes { trust { icb { odsCode } } } } } } } } } } }";
    let (statements, data) = app.statements_of(query).await;
    let sites: usize = data["regions"]["nodes"]
        .as_array()
        .expect("regions")
        .iter()
        .flat_map(|r| r["icbs"]["nodes"].as_array().expect("icbs"))
        .flat_map(|i| i["trusts"]["nodes"].as_array().expect("trusts"))
        .map(|t| t["sites"]["nodes"].as_array().expect("sites").len())
        .sum();
    assert!(sites > 300, "the traversal reached {sites} sites");
    assert_eq!(statements, 6, "depth 5 costs d + 1 statements");
}

#[tokio::test]
async fn serving_hubs_memberships_and_areas_stay_batched() {
    let app = TestApp::spawn_with(unlimited()).await;
    // Depth 5: trusts → servingHubs → memberships → trust → sites → servingHubs, and the
    // ICBs each hub serves beside the memberships.
    let query = "{ trusts(first: 500) { nodes {
        servingHubs { edges { basis node {
            icbs(first: 100) { edges { coverage node { odsCode } } }
            memberships(first: 100) { nodes { trust { sites(first: 100) { nodes {
                servingHubs { edges { ambiguous node { slug } } }
            } } } } }
        } } }
    } } }";
    let (statements, data) = app.statements_of(query).await;
    let trusts = data["trusts"]["nodes"].as_array().expect("trusts");
    assert!(trusts.len() > 100, "{} trusts", trusts.len());
    // trusts; servingHubs; icbs + memberships; trust; sites; servingHubs.
    assert_eq!(statements, 7);
}

/// The bundled network plus `n` more regions, each with a trust leading a hub and an alliance
/// that both cover it and every bundled region.
fn grown(n: usize) -> Dataset {
    let mut data = Dataset::bundled().expect("bundled");
    let bundled_regions: Vec<String> = data.regions.iter().map(|r| r.code.clone()).collect();
    for i in 0..n {
        let code = format!("X{i:08}");
        let mut codes = bundled_regions.clone();
        codes.push(code.clone());
        data.regions.push(RegionRecord {
            code: code.clone(),
            ods_code: format!("Z{i}"),
            name: format!("Region {i}"),
            note: None,
            sources: vec!["test".into()],
        });
        data.trusts.push(TrustRecord {
            ods_code: format!("T{i}"),
            name: format!("Trust {i}"),
            address: None,
            postcode: None,
            website: None,
            region: code.clone(),
            icb: None,
            note: None,
            sources: vec!["test".into()],
        });
        data.hubs.push(HubRecord {
            slug: format!("hub-{i}"),
            name: format!("Hub {i}"),
            lead_trust: format!("T{i}"),
            coverage_description: None,
            regions: Coverage {
                confidence: Confidence::Stated,
                codes: codes.clone(),
                extent: Default::default(),
            },
            icbs: vec![],
            valid_from: None,
            valid_from_precision: None,
            valid_to: None,
            valid_to_precision: None,
            note: None,
            sources: vec!["test".into()],
        });
        data.alliances.push(AllianceRecord {
            slug: format!("alliance-{i}"),
            name: format!("Alliance {i}"),
            hub: format!("hub-{i}"),
            website: None,
            host_trust: None,
            regions: Coverage {
                confidence: Confidence::Stated,
                codes,
                extent: Default::default(),
            },
            icbs: vec![],
            valid_from: None,
            valid_from_precision: None,
            valid_to: None,
            valid_to_precision: None,
            note: None,
            sources: vec!["test".into()],
        });
    }
    data
}

#[tokio::test]
async fn project_leads_stay_batched_both_ways() {
    let app = TestApp::spawn_with(unlimited()).await;
    // Depth 4: projects → leadAlliances → projects they lead → participating alliances, with
    // each project's participants beside its leads.
    let query = "{ transformationProjects(first: 100) { nodes {
        participatingAlliances { nodes { slug } }
        leadAlliances { edges { confidence node {
            projects(first: 100) { nodes { participatingAlliances { totalCount } } }
        } } }
    } } }";
    let (statements, data) = app.statements_of(query).await;
    let projects = data["transformationProjects"]["nodes"]
        .as_array()
        .expect("projects");
    assert_eq!(projects.len(), 14);
    let leads: usize = projects
        .iter()
        .map(|p| p["leadAlliances"]["edges"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(leads > 10, "{leads} leads");
    // projects; participants and leads (two relations, one statement each); the leads'
    // projects; their participants. One statement per relation per level, whatever the rows.
    assert_eq!(statements, 5);
}

#[tokio::test]
async fn more_rows_do_not_mean_more_statements() {
    let app = TestApp::spawn_with(unlimited()).await;
    seed(&app.db, &grown(40))
        .await
        .expect("seed the grown network");
    let query = "{ alliances(first: 500) { nodes { regions(first: 500) { nodes { hubs(first: 500) {
        nodes { leadTrust { name } } } } } } } }";
    let (statements, data) = app.statements_of(query).await;
    let alliances = data["alliances"]["nodes"].as_array().expect("alliances");
    assert_eq!(alliances.len(), 47);
    let hubs_reached: usize = alliances
        .iter()
        .flat_map(|a| a["regions"]["nodes"].as_array().expect("regions"))
        .map(|r| r["hubs"]["nodes"].as_array().expect("hubs").len())
        .sum();
    assert!(hubs_reached > 40 * 40, "{hubs_reached} hubs reached");
    assert_eq!(statements, 4);
}

#[tokio::test]
async fn a_root_total_count_comes_with_its_first_page() {
    let app = TestApp::spawn_with(unlimited()).await;
    let (without, _) = app.statements_of("{ hubs { nodes { name } } }").await;
    // The page's statement counts the whole listing, not just the page it returns.
    let (with, data) = app
        .statements_of("{ hubs(first: 2) { totalCount pageInfo { endCursor } nodes { name } } }")
        .await;
    assert_eq!(data["hubs"]["totalCount"], 7);
    assert_eq!(data["hubs"]["nodes"].as_array().expect("hubs").len(), 2);
    assert_eq!((without, with), (1, 1));

    // After a cursor the window would see only the rows that follow it: the total is counted
    // by a statement of its own, and is still the whole listing's.
    let cursor = data["hubs"]["pageInfo"]["endCursor"].clone();
    let (after, data) = app
        .statements_of_with(
            "query($c: String) { hubs(first: 2, after: $c) { totalCount nodes { name } } }",
            serde_json::json!({ "c": cursor }),
        )
        .await;
    assert_eq!(data["hubs"]["totalCount"], 7);
    assert_eq!(after, 2);

    // A filter that matches nothing: an empty page, a total of 0, one statement.
    let (empty, data) = app
        .statements_of(
            r#"{ hubs(filter: { name: { eq: "none such" } }) { totalCount nodes { name } } }"#,
        )
        .await;
    assert_eq!(data["hubs"]["totalCount"], 0);
    assert_eq!(empty, 1);

    // Relation totals come with their page.
    let (nested, _) = app
        .statements_of("{ hubs { nodes { regions { totalCount nodes { code } } } } }")
        .await;
    assert_eq!(nested, 2);
}

#[tokio::test]
async fn organisations_and_their_memberships_stay_batched_both_ways() {
    let app = TestApp::spawn_with(unlimited()).await;
    // hubs → memberships → organisation → its memberships → hub: one statement a level.
    let query = "{ hubs { nodes { memberships(first: 100) { nodes {
        organisation { hubMemberships { nodes { hub { slug } } } } } } } } }";
    let (statements, data) = app.statements_of(query).await;
    let organisations = data["hubs"]["nodes"]
        .as_array()
        .expect("hubs")
        .iter()
        .flat_map(|h| h["memberships"]["nodes"].as_array().expect("memberships"))
        .filter(|m| m["organisation"].is_object())
        .count();
    assert_eq!(organisations, 11);
    assert_eq!(statements, 5, "depth 4 costs d + 1 statements");
}

/// The statements of `sql` that read `table`, with MySQL's quotes made the others'.
fn reading(sql: &[String], table: &str) -> Vec<String> {
    let from = format!("FROM \"{table}\"");
    sql.iter()
        .map(|statement| statement.replace('`', "\""))
        .filter(|statement| statement.contains(&from))
        .collect()
}

/// Whether `statement` reads NULL in place of the records' `note` and `sources`.
fn leaves_out_provenance(statement: &str) -> bool {
    statement.contains("NULL AS \"note\"") && statement.contains("NULL AS \"sources\"")
}

#[tokio::test]
async fn records_shown_without_their_provenance_are_read_without_it() {
    let app = TestApp::spawn_with(unlimited()).await;
    // The benchmark's Q1: no record's note or sources.
    let brief = "{ hubs { nodes { name leadTrust { odsCode name }
        regions { edges { confidence node { code name } } } } } }";
    let (sql, without) = app.sql_of(brief).await;
    assert_eq!(sql.len(), 3, "{sql:#?}");
    for table in ["hub", "trust", "region"] {
        let reads = reading(&sql, table);
        assert_eq!(reads.len(), 1, "one statement reads {table}: {sql:#?}");
        assert!(leaves_out_provenance(&reads[0]), "{}", reads[0]);
    }

    // Asked for: the lead trusts' sources through a fragment, the regions' notes through
    // `edges { node }`. Those statements read them, the hubs' still does not, and no statement
    // is added.
    let shown = "query { hubs { nodes { name leadTrust { odsCode name ...Shown }
        regions { edges { confidence node { code name note } } } } } }
        fragment Shown on Trust { sources }";
    let (sql, with) = app.sql_of(shown).await;
    assert_eq!(sql.len(), 3, "{sql:#?}");
    assert!(leaves_out_provenance(&reading(&sql, "hub")[0]));
    assert!(!leaves_out_provenance(&reading(&sql, "trust")[0]));
    assert!(!leaves_out_provenance(&reading(&sql, "region")[0]));
    let hubs = with["hubs"]["nodes"].as_array().expect("hubs");
    assert_eq!(hubs.len(), 7);
    for hub in hubs {
        let sources = hub["leadTrust"]["sources"].as_array().expect("sources");
        assert!(!sources.is_empty(), "{hub}");
        for edge in hub["regions"]["edges"].as_array().expect("edges") {
            // Every region of the bundled network has a note.
            assert!(edge["node"]["note"].is_string(), "{edge}");
        }
    }
    // What both ask for is the same either way.
    let mut trimmed = with.clone();
    for hub in trimmed["hubs"]["nodes"].as_array_mut().expect("hubs") {
        hub["leadTrust"]
            .as_object_mut()
            .expect("lead trust")
            .remove("sources");
        for edge in hub["regions"]["edges"].as_array_mut().expect("edges") {
            edge["node"].as_object_mut().expect("region").remove("note");
        }
    }
    assert_eq!(trimmed, without);

    // The same records shown both ways in one level: one statement each, which reads them.
    let both = "{ hubs { nodes { leadTrust { name } lead: leadTrust { sources }
        regions { nodes { name } } covered: regions { nodes { sources } } } } }";
    let (sql, data) = app.sql_of(both).await;
    assert_eq!(sql.len(), 3, "{sql:#?}");
    assert!(!leaves_out_provenance(&reading(&sql, "trust")[0]));
    assert!(!leaves_out_provenance(&reading(&sql, "region")[0]));
    for hub in data["hubs"]["nodes"].as_array().expect("hubs") {
        assert!(hub["leadTrust"]["name"].is_string());
        assert!(
            !hub["lead"]["sources"]
                .as_array()
                .expect("sources")
                .is_empty()
        );
        let names = hub["regions"]["nodes"].as_array().expect("regions");
        let covered = hub["covered"]["nodes"].as_array().expect("regions");
        assert!(!names.is_empty());
        assert_eq!(names.len(), covered.len());
        for region in covered {
            assert!(!region["sources"].as_array().expect("sources").is_empty());
        }
    }
}

#[tokio::test]
async fn lookups_by_key_read_the_provenance_only_when_shown() {
    let app = TestApp::spawn().await;
    let brief = r#"{ a: hub(id: "Hub:east") { name } b: hubBySlug(slug: "north-west") { name } }"#;
    let (sql, without) = app.sql_of(brief).await;
    let sql: Vec<String> = sql.iter().map(|s| s.replace('`', "\"")).collect();
    assert_eq!(sql.len(), 1, "{sql:#?}");
    assert!(sql[0].contains("NULL AS \"hub.note\""), "{}", sql[0]);
    assert!(sql[0].contains("NULL AS \"hub.sources\""), "{}", sql[0]);

    // Shown through a fragment on one of the two: the one statement reads it for both.
    let shown = r#"query { a: hub(id: "Hub:east") { name } b: hubBySlug(slug: "north-west") {
        name ...Shown } } fragment Shown on Hub { note sources }"#;
    let (sql, with) = app.sql_of(shown).await;
    let sql: Vec<String> = sql.iter().map(|s| s.replace('`', "\"")).collect();
    assert_eq!(sql.len(), 1, "{sql:#?}");
    assert!(!sql[0].contains("NULL AS \"hub.sources\""), "{}", sql[0]);
    assert_eq!(with["a"], without["a"]);
    assert_eq!(with["b"]["name"], without["b"]["name"]);
    assert!(!with["b"]["sources"].as_array().expect("sources").is_empty());
    // Every hub of the bundled network has a note.
    assert!(with["b"]["note"].is_string(), "{}", with["b"]);
}
