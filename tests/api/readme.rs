//! The queries the README shows run, from the README, and return what it promises.

use serde_json::{Value, json};

use crate::helpers::{TestApp, pluck};

/// The README's queries: each `<!-- query: NAME -->` marker and the ```graphql block after it.
fn readme_queries() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let mut queries = Vec::new();
    let mut rest = readme.as_str();
    while let Some(at) = rest.find("<!-- query: ") {
        rest = &rest[at + "<!-- query: ".len()..];
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
            "active-cancer-projects-in-london",
            "courses-by-alliance-and-format",
            "who-covers-london",
            "search-pharmacogenomics"
        ]
    );
    for (name, query) in &queries {
        let data = app.data(query).await;
        match name.as_str() {
            "active-cancer-projects-in-london" => {
                let projects = &data["transformationProjects"];
                assert_eq!(projects["totalCount"], 2);
                assert_eq!(
                    projects["nodes"],
                    json!([
                        { "title": "Universal Lynch syndrome testing in colorectal and endometrial cancer", "startDate": "2021-05-01", "leadAlliance": null },
                        { "title": "Lynch syndrome and familial hypercholesterolaemia priority programme", "startDate": null,
                          "leadAlliance": { "name": "North Thames Genomic Medicine Service Alliance" } },
                    ])
                );
                assert_eq!(projects["pageInfo"]["hasNextPage"], false);
            }
            "courses-by-alliance-and-format" => {
                let groups = data["trainingCourseStats"].as_array().expect("groups");
                let total: i64 = groups
                    .iter()
                    .map(|g| g["count"].as_i64().unwrap_or(0))
                    .sum();
                assert_eq!(total, 11);
                assert!(groups.contains(&json!({
                    "alliance": { "name": "North East and Yorkshire Genomic Medicine Service Alliance" },
                    "format": "SHORT_COURSE", "count": 1, "totalDurationMinutes": 0
                })));
                assert_eq!(
                    groups[0],
                    json!({ "alliance": null, "format": "MOOC", "count": 3, "totalDurationMinutes": 0 })
                );
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
                // PROGRESS says "pharmacogenetics", which is another word; the Network of
                // Excellence's topic says "pharmacogenomic", its summary the word itself.
                assert_eq!(data["search"]["totalCount"], 2);
                assert_eq!(edges[1]["rank"], 1);
                assert_eq!(
                    edges[1]["node"]["id"],
                    "NetworkOfExcellence:pharmacogenomics"
                );
                assert_eq!(edges[0]["rank"], 3);
                assert_eq!(
                    edges[0]["node"]["id"],
                    "TransformationProject:pharmacogenomics-network-of-excellence"
                );
                assert_eq!(
                    edges[0]["node"]["leadAlliance"]["name"],
                    "North West Genomic Medicine Service Alliance"
                );
            }
            other => panic!("no expectations for README query {other}"),
        }
    }
}
