//! Every relation, in both directions.

use serde_json::Value;

use crate::helpers::{TestApp, pluck};

fn names(connection: &Value, field: &str) -> Vec<String> {
    pluck(&connection["nodes"], field)
}

#[tokio::test]
async fn from_an_alliance_to_its_lead_trusts_and_back() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ allianceBySlug(slug: "north-thames") {
                   hub { name leadTrust { odsCode region { code } ledHubs { nodes { name alliance { slug } } } } }
                   regions { nodes { code hubs { nodes { slug } } alliances { nodes { slug } } } }
               } }"#,
        )
        .await;
    let alliance = &data["allianceBySlug"];
    let hub = &alliance["hub"];
    assert_eq!(hub["name"], "North Thames Genomic Laboratory Hub");
    assert_eq!(hub["leadTrust"]["odsCode"], "RP4");
    assert_eq!(hub["leadTrust"]["region"]["code"], "E40000003");
    assert_eq!(
        names(&hub["leadTrust"]["ledHubs"], "name"),
        ["North Thames Genomic Laboratory Hub"]
    );
    assert_eq!(
        hub["leadTrust"]["ledHubs"]["nodes"][0]["alliance"]["slug"],
        "north-thames"
    );

    let regions = alliance["regions"]["nodes"].as_array().expect("regions");
    assert_eq!(
        pluck(&alliance["regions"]["nodes"], "code"),
        ["E40000003", "E40000007"]
    );
    // London is covered by North Thames and South East; East of England by East and North Thames.
    assert_eq!(
        names(&regions[0]["hubs"], "slug"),
        ["north-thames", "south-east"]
    );
    assert_eq!(
        names(&regions[0]["alliances"], "slug"),
        ["north-thames", "south-east"]
    );
    assert_eq!(names(&regions[1]["hubs"], "slug"), ["east", "north-thames"]);
}

#[tokio::test]
async fn regions_list_their_trusts() {
    let app = TestApp::spawn().await;
    let data = app
        .data(r#"{ region(code: "E40000003") { name trusts(first: 100) { totalCount nodes { odsCode region { name } } } } }"#)
        .await;
    let region = &data["region"];
    assert_eq!(region["name"], "London");
    // The London trusts of the ODS data, among them the two hub leads there.
    assert_eq!(region["trusts"]["totalCount"], 20);
    let codes = names(&region["trusts"], "odsCode");
    assert!(codes.contains(&"RJ1".to_owned()) && codes.contains(&"RP4".to_owned()));
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted, "by ODS code");
    assert!(
        region["trusts"]["nodes"]
            .as_array()
            .expect("trusts")
            .iter()
            .all(|t| t["region"]["name"] == "London")
    );
}

#[tokio::test]
async fn projects_and_their_alliances_both_ways() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ allianceBySlug(slug: "north-west") {
                   projects { totalCount nodes { slug leadAlliance { slug } participatingAlliances { nodes { slug } } } }
                   participatingProjects { nodes { slug } }
               }
               transformationProjectBySlug(slug: "universal-lynch-syndrome-testing") {
                   leadAlliance { slug }
                   startDate theme status
                   participatingAlliances { totalCount nodes { slug participatingProjects { nodes { slug } } } }
               } }"#,
        )
        .await;
    let nw = &data["allianceBySlug"];
    assert_eq!(nw["projects"]["totalCount"], 3);
    // By title, in the database's binary order: "PROGRESS" sorts before "Pharmacogenomics".
    assert_eq!(
        names(&nw["projects"], "slug"),
        [
            "north-west-genomics-fhir-ig",
            "progress-pharmacogenetics-in-primary-care",
            "pharmacogenomics-network-of-excellence",
        ]
    );
    for project in nw["projects"]["nodes"].as_array().expect("projects") {
        assert_eq!(project["leadAlliance"]["slug"], "north-west");
        assert_eq!(
            names(&project["participatingAlliances"], "slug"),
            ["north-west"]
        );
    }
    // Led projects plus the national one.
    assert_eq!(names(&nw["participatingProjects"], "slug").len(), 4);

    let national = &data["transformationProjectBySlug"];
    assert_eq!(national["leadAlliance"], Value::Null);
    assert_eq!(national["startDate"], "2021-05-01");
    assert_eq!(national["theme"], "CANCER");
    assert_eq!(national["status"], "ACTIVE");
    assert_eq!(national["participatingAlliances"]["totalCount"], 7);
    for alliance in national["participatingAlliances"]["nodes"]
        .as_array()
        .expect("alliances")
    {
        assert!(
            names(&alliance["participatingProjects"], "slug")
                .contains(&"universal-lynch-syndrome-testing".to_owned())
        );
    }
}

#[tokio::test]
async fn courses_and_who_offers_them() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ allianceBySlug(slug: "north-east-and-yorkshire") { courses { nodes { slug format audience alliance { slug } hub { slug } } } }
                 trainingCourseBySlug(slug: "elsi-in-applied-genomics") { credits format alliance { slug } hub { slug } }
                 hubBySlug(slug: "north-west") { courses { totalCount } alliance { courses { totalCount } } } }"#,
        )
        .await;
    let courses = &data["allianceBySlug"]["courses"]["nodes"];
    assert_eq!(pluck(courses, "slug"), ["fh-genetics-for-pharmacists"]);
    assert_eq!(courses[0]["format"], "SHORT_COURSE");
    assert_eq!(courses[0]["audience"], "Pharmacists");
    assert_eq!(courses[0]["alliance"]["slug"], "north-east-and-yorkshire");
    assert_eq!(courses[0]["hub"], Value::Null);
    let elsi = &data["trainingCourseBySlug"];
    assert_eq!(elsi["credits"], 15);
    assert_eq!(elsi["format"], "POSTGRADUATE_MODULE");
    assert_eq!(elsi["alliance"], Value::Null);
    assert_eq!(data["hubBySlug"]["courses"]["totalCount"], 0);
    assert_eq!(data["hubBySlug"]["alliance"]["courses"]["totalCount"], 0);
}
