//! The queries the README shows run, from the README, and return what it promises.

use serde_json::{Value, json};

use crate::helpers::{TestApp, pluck};

/// The README's operations: each `<!-- operation: NAME -->` marker and the ```graphql block after
/// it (what `gms-graph trusted-documents` prints as a manifest).
fn readme_queries() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let mut queries = Vec::new();
    let mut rest = readme.as_str();
    while let Some(at) = rest.find("<!-- operation: ") {
        rest = &rest[at + "<!-- operation: ".len()..];
        let name = rest[..rest.find(" -->").expect("marker end")].to_owned();
        let start = rest
            .find("```graphql\n")
            .expect("a graphql block after the marker")
            + "```graphql\n".len();
        let end = start + rest[start..].find("```").expect("block end");
        queries.push((name, rest[start..end].to_owned()));
        rest = &rest[end..];
    }
    queries
}

#[tokio::test]
async fn the_readme_queries_return_what_they_promise() {
    let app = TestApp::spawn().await;
    let queries = readme_queries();
    let names: Vec<&str> = queries.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "mission-traversal",
            "cancer-projects-led-from-london",
            "courses-by-format",
            "who-covers-london",
            "search-pharmacogenomics",
            "course-changes"
        ]
    );
    for (name, query) in &queries {
        // The subscription runs over the WebSocket (tests/subscriptions); the rest here.
        if name == "course-changes" {
            assert!(query.starts_with("subscription CourseChanges {"), "{query}");
            continue;
        }
        let data = app.data(query).await;
        match name.as_str() {
            "mission-traversal" => {
                let alliances = data["alliances"]["nodes"].as_array().expect("alliances");
                assert_eq!(alliances.len(), 7);
                let north_west = alliances
                    .iter()
                    .find(|a| a["name"] == "North West Genomic Medicine Service Alliance")
                    .expect("the North West alliance");
                let hubs = &north_west["regions"]["edges"][0]["node"]["hubs"]["nodes"];
                assert!(
                    pluck(hubs, "name").contains(&"North West Genomic Laboratory Hub".to_owned()),
                    "{hubs:#}"
                );
            }
            "cancer-projects-led-from-london" => {
                let projects = &data["transformationProjects"];
                assert_eq!(projects["totalCount"], 3);
                let nodes: Vec<Value> = projects["edges"]
                    .as_array()
                    .expect("edges")
                    .iter()
                    .map(|edge| edge["node"].clone())
                    .collect();
                let lead = |confidence: &str, name: &str| json!({ "confidence": confidence, "node": { "name": name } });
                let north_thames = "North Thames Genomic Medicine Service Alliance";
                assert_eq!(
                    Value::Array(nodes),
                    json!([
                        { "title": "NHS Jewish BRCA Testing Programme", "status": "UNCONFIRMED",
                          "statusConfidence": "UNCONFIRMED",
                          "startDate": "2023-01-01", "startDatePrecision": "MONTH",
                          "leadAlliances": { "edges": [lead("INFERRED", north_thames)] } },
                        { "title": "The English National Lynch Syndrome transformation project",
                          "status": "COMPLETED", "statusConfidence": "STATED",
                          "startDate": "2021-01-01", "startDatePrecision": "YEAR",
                          "leadAlliances": { "edges": [
                              lead("STATED", north_thames),
                              lead("STATED", "South East Genomic Medicine Service Alliance"),
                          ] } },
                        { "title": "National circulating tumour DNA (ctDNA) pilot",
                          "status": "UNCONFIRMED", "statusConfidence": "UNCONFIRMED",
                          "startDate": null, "startDatePrecision": null,
                          "leadAlliances": { "edges": [lead("STATED", north_thames)] } },
                    ])
                );
                assert_eq!(projects["pageInfo"]["hasNextPage"], false);
            }
            "courses-by-format" => {
                let groups = data["trainingCourseStats"].as_array().expect("groups");
                let total: i64 = groups
                    .iter()
                    .map(|g| g["count"].as_i64().unwrap_or(0))
                    .sum();
                assert_eq!(total, 11);
                assert_eq!(
                    groups[0],
                    json!({ "format": "MOOC", "count": 3, "totalDurationMinutes": 0, "totalCredits": 0 })
                );
                assert!(groups.contains(&json!({
                    "format": "POSTGRADUATE_MODULE", "count": 2, "totalDurationMinutes": 0, "totalCredits": 30
                })));
            }
            "who-covers-london" => {
                let region = &data["region"];
                assert_eq!(region["name"], "London");
                let hubs = region["hubs"]["edges"].as_array().expect("edges");
                let leads: Vec<(Value, Value)> = hubs
                    .iter()
                    .map(|e| {
                        (
                            e["confidence"].clone(),
                            e["node"]["leadTrust"]["odsCode"].clone(),
                        )
                    })
                    .collect();
                assert_eq!(
                    leads,
                    [
                        (json!("INFERRED"), json!("RP4")),
                        (json!("INFERRED"), json!("RJ1"))
                    ]
                );
                assert_eq!(
                    pluck(&region["alliances"]["nodes"], "name"),
                    [
                        "North Thames Genomic Medicine Service Alliance",
                        "South East Genomic Medicine Service Alliance"
                    ]
                );
            }
            "search-pharmacogenomics" => {
                let edges = data["search"]["edges"].as_array().expect("edges");
                // PROGRESS says "pharmacogenetics", which is another word, and the project
                // record of the pharmacogenomics network says "pharmacogenomic"; the Network of
                // Excellence's summary has the word itself; a source names its lead.
                assert_eq!(data["search"]["totalCount"], 1);
                assert_eq!(edges[0]["rank"], 1);
                assert_eq!(
                    edges[0]["node"]["id"],
                    "NetworkOfExcellence:pharmacogenomics"
                );
                assert_eq!(edges[0]["node"]["leadConfidence"], "STATED");
                assert_eq!(
                    edges[0]["node"]["leadAlliances"],
                    json!([{ "name": "North West Genomic Medicine Service Alliance" }])
                );
            }
            other => panic!("no expectations for README query {other}"),
        }
    }
}
