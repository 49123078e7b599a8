//! Every relation, in both directions.

use serde_json::{Value, json};

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
               southEast: allianceBySlug(slug: "south-east") { projects { nodes { slug } } }
               transformationProjectBySlug(slug: "universal-lynch-syndrome-testing") {
                   leadAlliance { slug }
                   leadAlliances { totalCount edges { confidence quote node { slug projects { nodes { slug } } } } }
                   startDate startDatePrecision endDate endDatePrecision theme status statusConfidence statusNote
                   participatingAlliances { totalCount nodes { slug participatingProjects { nodes { slug } } } }
               } }"#,
        )
        .await;
    let nw = &data["allianceBySlug"];
    assert_eq!(nw["projects"]["totalCount"], 2);
    // By title: "NHS North West Genomics (FHIR…)", "Pharmacogenetics Roll Out…". The
    // pharmacogenomics Network of Excellence, once shown as led by it, has no lead a source names.
    assert_eq!(
        names(&nw["projects"], "slug"),
        [
            "north-west-genomics-fhir-ig",
            "progress-pharmacogenetics-in-primary-care",
        ]
    );
    for project in nw["projects"]["nodes"].as_array().expect("projects") {
        assert_eq!(project["leadAlliance"]["slug"], "north-west");
        assert_eq!(
            names(&project["participatingAlliances"], "slug"),
            ["north-west"]
        );
    }
    // Led projects plus the national one, which all seven alliances took part in.
    assert_eq!(names(&nw["participatingProjects"], "slug").len(), 3);
    assert!(
        names(&data["southEast"]["projects"], "slug")
            .contains(&"universal-lynch-syndrome-testing".to_owned()),
        "a project led by two alliances is among each one's projects"
    );

    // The national Lynch syndrome project ran 2021-2025, led by two alliances.
    let lynch = &data["transformationProjectBySlug"];
    assert_eq!(
        lynch["leadAlliance"],
        Value::Null,
        "two leads: no single one"
    );
    assert_eq!(lynch["leadAlliances"]["totalCount"], 2);
    let leads = lynch["leadAlliances"]["edges"].as_array().expect("leads");
    assert_eq!(
        leads
            .iter()
            .map(|e| (e["node"]["slug"].clone(), e["confidence"].clone()))
            .collect::<Vec<_>>(),
        [
            (json!("north-thames"), json!("STATED")),
            (json!("south-east"), json!("STATED"))
        ]
    );
    assert_eq!(
        leads[0]["quote"],
        "Led by the North Thames and South East Genomic Medicine Service Alliance"
    );
    for lead in leads {
        assert!(
            names(&lead["node"]["projects"], "slug")
                .contains(&"universal-lynch-syndrome-testing".to_owned())
        );
    }
    assert_eq!(lynch["startDate"], "2021-01-01");
    assert_eq!(lynch["startDatePrecision"], "YEAR");
    assert_eq!(lynch["endDate"], "2025-01-01");
    assert_eq!(lynch["endDatePrecision"], "YEAR");
    assert_eq!(lynch["theme"], "CANCER");
    assert_eq!(lynch["status"], "COMPLETED");
    assert_eq!(lynch["statusConfidence"], "STATED");
    assert_eq!(
        lynch["statusNote"],
        "a national NHS England programme that ran from 2021 to 2025"
    );
    assert_eq!(lynch["participatingAlliances"]["totalCount"], 7);
    for alliance in lynch["participatingAlliances"]["nodes"]
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
async fn no_project_is_shown_active_on_an_inference() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ transformationProjects(first: 100) { totalCount nodes { slug title titleConfidence status statusConfidence statusNote sources } }
                 fh: transformationProjectBySlug(slug: "fh-systematic-record-search") { status statusConfidence statusNote }
                 pgx: transformationProjectBySlug(slug: "pharmacogenomics-network-of-excellence") { status statusConfidence statusNote leadAlliance { slug } leadAlliances { totalCount } note }
                 programme: transformationProjectBySlug(slug: "lynch-syndrome-and-fh-priority-programme") { title titleConfidence theme summary } }"#,
        )
        .await;
    let all = data["transformationProjects"]["nodes"]
        .as_array()
        .expect("projects");
    assert_eq!(data["transformationProjects"]["totalCount"], 14);
    for p in all {
        assert!(
            !p["sources"].as_array().expect("sources").is_empty(),
            "{} has a source",
            p["slug"]
        );
        if p["status"] == "ACTIVE" {
            assert_eq!(p["statusConfidence"], "STATED", "{}", p["slug"]);
        }
        if p["status"] == "UNCONFIRMED" {
            assert_eq!(p["statusConfidence"], "UNCONFIRMED", "{}", p["slug"]);
        }
    }
    // The familial hypercholesterolaemia search is legacy work: completed, as inferred.
    assert_eq!(data["fh"]["status"], "COMPLETED");
    assert_eq!(data["fh"]["statusConfidence"], "INFERRED");
    assert!(
        data["fh"]["statusNote"]
            .as_str()
            .is_some_and(|n| n.contains("legacy work"))
    );
    // The reference infers that the pharmacogenomics network goes on; that is not shown as ACTIVE.
    let pgx = &data["pgx"];
    assert_eq!(pgx["status"], "UNCONFIRMED");
    assert!(
        pgx["statusNote"]
            .as_str()
            .is_some_and(|n| n.starts_with("No source states that it is active"))
    );
    assert_eq!(pgx["leadAlliance"], Value::Null);
    assert_eq!(pgx["leadAlliances"]["totalCount"], 0);
    assert!(
        pgx["note"]
            .as_str()
            .is_some_and(|n| n.contains("not supported by sources read"))
    );
    // A "programme" invented from prose keeps its id, shown as no source's title.
    let programme = &data["programme"];
    assert_eq!(programme["titleConfidence"], "UNCONFIRMED");
    assert_eq!(programme["theme"], "UNCONFIRMED");
    assert!(
        programme["summary"]
            .as_str()
            .is_some_and(|s| s.contains("it does not name a programme"))
    );
}

#[tokio::test]
async fn courses_and_who_offers_them() {
    let app = TestApp::spawn().await;
    let data = app
        .data(
            r#"{ allianceBySlug(slug: "north-east-and-yorkshire") { courses { totalCount } }
                 fh: trainingCourseBySlug(slug: "fh-genetics-for-pharmacists") { title titleConfidence titleNote provider format formatAsStated alliance { slug } hub { slug } }
                 trainingCourseBySlug(slug: "elsi-in-applied-genomics") { credits format alliance { slug } hub { slug } }
                 hubBySlug(slug: "north-west") { courses { totalCount } alliance { courses { totalCount } } } }"#,
        )
        .await;
    // The course title for pharmacists was invented; the source names Northumbria University.
    assert_eq!(data["allianceBySlug"]["courses"]["totalCount"], 0);
    let fh = &data["fh"];
    assert_eq!(fh["titleConfidence"], "UNCONFIRMED");
    assert!(
        fh["titleNote"]
            .as_str()
            .is_some_and(|n| n.starts_with("The title in network-facts.json was invented"))
    );
    assert_eq!(
        fh["provider"],
        "Northumbria University, in collaboration with the NEY GMS FH project"
    );
    assert_eq!(fh["format"], "SHORT_COURSE");
    assert_eq!(fh["formatAsStated"], "condensed course");
    assert_eq!(fh["alliance"], Value::Null);
    assert_eq!(fh["hub"], Value::Null);
    let elsi = &data["trainingCourseBySlug"];
    assert_eq!(elsi["credits"], 15);
    assert_eq!(elsi["format"], "POSTGRADUATE_MODULE");
    assert_eq!(elsi["alliance"], Value::Null);
    assert_eq!(data["hubBySlug"]["courses"]["totalCount"], 0);
    assert_eq!(data["hubBySlug"]["alliance"]["courses"]["totalCount"], 0);
}
