//! The planned reads (src/graphql/plan) answer exactly as the resolvers do, byte for byte, on
//! every backend: for a set of queries generated from the kinds they plan (varied selections,
//! filters, orderings, pages, cursors, aliases, fragments, `__typename`, variables), and, since
//! every `TestApp` runs with the plan check on (see `helpers`), for every query of the suite.

use async_graphql::{Request, Variables};
use gms_graph::graphql::limits::Limits;
use gms_graph::graphql::{Api, Outcome, SdlOptions};
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// A kind's fields, as the generator picks them: its own values, its to-one relations and its
/// connections (to which kind), and its orderings.
struct Kind {
    name: &'static str,
    own: &'static [&'static str],
    one: &'static [(&'static str, &'static str)],
    /// Its connections: the field, the kind, and what their edges' links say.
    many: &'static [(&'static str, &'static str, &'static [&'static str])],
    orders: &'static [&'static str],
    /// The text field its filter matches on.
    text: &'static str,
}

const NO_LINK: &[&str] = &[];
const COVERAGE: &[&str] = &["confidence", "coverage"];
const AREA: &[&str] = &["coverage", "confidence", "basis", "quote", "note"];
const SERVING: &[&str] = &[
    "basis",
    "coverage",
    "confidence",
    "ambiguous",
    "explanation",
];
const LEAD: &[&str] = &["confidence", "quote", "note"];

const KINDS: &[Kind] = &[
    Kind {
        name: "Alliance",
        own: &["id", "slug", "name", "website", "version", "__typename"],
        one: &[("hub", "Hub"), ("hostTrust", "Trust")],
        many: &[
            ("regions", "Region", COVERAGE),
            ("icbs", "Icb", AREA),
            ("projects", "TransformationProject", NO_LINK),
            ("participatingProjects", "TransformationProject", NO_LINK),
            ("courses", "TrainingCourse", NO_LINK),
        ],
        orders: &["NAME", "SLUG"],
        text: "name",
    },
    Kind {
        name: "Hub",
        own: &["id", "slug", "name", "coverageDescription", "version"],
        one: &[("leadTrust", "Trust")],
        many: &[
            ("regions", "Region", COVERAGE),
            ("icbs", "Icb", AREA),
            ("courses", "TrainingCourse", NO_LINK),
            ("memberships", "HubMembership", NO_LINK),
        ],
        orders: &["NAME", "SLUG"],
        text: "name",
    },
    Kind {
        name: "Region",
        own: &["id", "code", "odsCode", "name", "version", "__typename"],
        one: &[],
        many: &[
            ("hubs", "Hub", COVERAGE),
            ("alliances", "Alliance", COVERAGE),
            ("trusts", "Trust", NO_LINK),
            ("icbs", "Icb", NO_LINK),
        ],
        orders: &["CODE", "ODS_CODE", "NAME"],
        text: "name",
    },
    Kind {
        name: "Trust",
        own: &[
            "id", "odsCode", "name", "address", "postcode", "website", "version",
        ],
        one: &[("region", "Region"), ("icb", "Icb")],
        many: &[
            ("ledHubs", "Hub", NO_LINK),
            ("servingHubs", "Hub", SERVING),
            ("hubMemberships", "HubMembership", NO_LINK),
            (
                "ledGenomicMedicineCentres",
                "GenomicMedicineCentre",
                NO_LINK,
            ),
            ("sites", "Site", NO_LINK),
        ],
        orders: &["ODS_CODE", "NAME", "POSTCODE"],
        text: "name",
    },
    Kind {
        name: "Icb",
        own: &["id", "odsCode", "code", "name", "version"],
        one: &[("region", "Region")],
        many: &[
            ("trusts", "Trust", NO_LINK),
            ("hubs", "Hub", AREA),
            ("alliances", "Alliance", AREA),
            ("servingHubs", "Hub", SERVING),
        ],
        orders: &["ODS_CODE", "CODE", "NAME"],
        text: "name",
    },
    Kind {
        name: "TrainingCourse",
        own: &[
            "id",
            "slug",
            "title",
            "titleConfidence",
            "titleNote",
            "provider",
            "format",
            "formatAsStated",
            "audience",
            "durationMinutes",
            "credits",
            "website",
            "version",
        ],
        one: &[("alliance", "Alliance"), ("hub", "Hub")],
        many: &[],
        orders: &["TITLE", "PROVIDER", "FORMAT", "DURATION_MINUTES", "CREDITS"],
        text: "title",
    },
    Kind {
        name: "TransformationProject",
        own: &[
            "id",
            "slug",
            "title",
            "titleConfidence",
            "summary",
            "theme",
            "status",
            "statusConfidence",
            "statusNote",
            "startDatePrecision",
            "endDatePrecision",
            "participantsAsStated",
            "website",
            "version",
        ],
        one: &[("leadAlliance", "Alliance")],
        many: &[
            ("participatingAlliances", "Alliance", NO_LINK),
            ("leadAlliances", "Alliance", LEAD),
        ],
        orders: &["TITLE", "THEME", "STATUS", "START_DATE", "END_DATE"],
        text: "title",
    },
];

const MORE_KINDS: &[Kind] = &[
    Kind {
        name: "Site",
        own: &[
            "id",
            "odsCode",
            "name",
            "postcode",
            "latitude",
            "longitude",
            "version",
        ],
        one: &[("trust", "Trust")],
        many: &[("servingHubs", "Hub", SERVING)],
        orders: &["ODS_CODE", "NAME", "POSTCODE", "LATITUDE", "LONGITUDE"],
        text: "name",
    },
    Kind {
        name: "HubMembership",
        own: &[
            "id",
            "slug",
            "nameAsStated",
            "role",
            "roleConfidence",
            "roleAsStated",
            "odsMapping",
            "quote",
            "version",
        ],
        one: &[
            ("hub", "Hub"),
            ("trust", "Trust"),
            ("organisation", "Organisation"),
        ],
        many: &[],
        orders: &["SLUG", "NAME_AS_STATED", "ROLE"],
        text: "nameAsStated",
    },
    Kind {
        name: "Organisation",
        own: &["id", "slug", "name", "odsCode", "version"],
        one: &[],
        many: &[("hubMemberships", "HubMembership", NO_LINK)],
        orders: &["NAME", "SLUG"],
        text: "name",
    },
    Kind {
        name: "NetworkOfExcellence",
        own: &[
            "id",
            "slug",
            "topic",
            "summary",
            "lead",
            "leadConfidence",
            "leadQuote",
            "partners",
            "version",
        ],
        one: &[],
        many: &[],
        orders: &["TOPIC", "SLUG"],
        text: "topic",
    },
    Kind {
        name: "GenomicMedicineCentre",
        own: &[
            "id",
            "slug",
            "name",
            "leadAsStated",
            "leadConfidence",
            "leadOdsMapping",
            "validFromPrecision",
            "validToPrecision",
            "version",
        ],
        one: &[("leadTrust", "Trust")],
        many: &[],
        orders: &["NAME", "SLUG", "VALID_FROM"],
        text: "name",
    },
];

const ROOTS: &[(&str, &str)] = &[
    ("sites", "Site"),
    ("hubMemberships", "HubMembership"),
    ("organisations", "Organisation"),
    ("networksOfExcellence", "NetworkOfExcellence"),
    ("genomicMedicineCentres", "GenomicMedicineCentre"),
    ("alliances", "Alliance"),
    ("hubs", "Hub"),
    ("regions", "Region"),
    ("trusts", "Trust"),
    ("icbs", "Icb"),
    ("trainingCourses", "TrainingCourse"),
    ("transformationProjects", "TransformationProject"),
];

fn kind(name: &str) -> &'static Kind {
    KINDS
        .iter()
        .chain(MORE_KINDS)
        .find(|k| k.name == name)
        .expect("a kind the generator knows")
}

/// A small deterministic generator (a linear congruential one), so that a failure repeats.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
    fn chance(&mut self, in_ten: usize) -> bool {
        self.below(10) < in_ten
    }
}

/// One generated operation: its text, its variables, and its fragments as they are written.
struct Writer {
    dice: Dice,
    fragments: Vec<String>,
    variables: serde_json::Map<String, Value>,
    declared: Vec<String>,
    aliases: usize,
}

impl Writer {
    /// A selection on a record of `kind`, `depth` levels below the root.
    fn selection(&mut self, kind: &Kind, depth: usize) -> String {
        let mut parts = Vec::new();
        // Its own values: one to all, some under an alias.
        let n = 1 + self.dice.below(kind.own.len());
        let start = self.dice.below(kind.own.len());
        for i in 0..n {
            let field = kind.own[(start + i) % kind.own.len()];
            if self.dice.chance(2) {
                self.aliases += 1;
                parts.push(format!("a{}: {field}", self.aliases));
            } else {
                parts.push(field.to_owned());
            }
        }
        if depth < 3 && !kind.one.is_empty() && self.dice.chance(4) {
            let (field, to) = kind.one[self.dice.below(kind.one.len())];
            let inner = self.selection(kind_of(to), depth + 1);
            parts.push(format!("{field} {{ {inner} }}"));
        }
        if depth < 3 && !kind.many.is_empty() && self.dice.chance(5) {
            let (field, to, link) = kind.many[self.dice.below(kind.many.len())];
            let conn = self.connection(kind_of(to), depth + 1, true, link);
            parts.push(format!("{field}{conn}"));
        }
        if self.dice.chance(2) {
            parts.push("__typename".to_owned());
        }
        // Some of it in a fragment, inline or named.
        let text = parts.join(" ");
        match self.dice.below(6) {
            0 => format!("... on {} {{ {text} }}", kind.name),
            1 => {
                let name = format!("F{}", self.fragments.len());
                self.fragments
                    .push(format!("fragment {name} on {} {{ {text} }}", kind.name));
                format!("...{name}")
            }
            2 => format!("... {{ {text} }}"),
            _ => text,
        }
    }

    /// A connection's arguments and selection, over `kind`.
    fn connection(&mut self, kind: &Kind, depth: usize, nested: bool, link: &[&str]) -> String {
        let mut args = Vec::new();
        // Nested pages are small, so that the operations stay within the cost limit.
        match self.dice.below(if nested { 4 } else { 6 }) {
            0 => args.push(format!("first: {}", 1 + self.dice.below(4))),
            1 => args.push(format!("last: {}", 1 + self.dice.below(3))),
            2 => {
                let name = format!("n{}", self.declared.len());
                self.declared.push(format!("${name}: Int"));
                self.variables
                    .insert(name.clone(), json!(1 + self.dice.below(5)));
                args.push(format!("first: ${name}"));
            }
            3 => args.push("first: 2".to_owned()),
            _ => {}
        }
        if self.dice.chance(3) {
            let field = kind.orders[self.dice.below(kind.orders.len())];
            let direction = if self.dice.chance(5) { "DESC" } else { "ASC" };
            args.push(format!(
                "orderBy: [{{ field: {field}, direction: {direction} }}]"
            ));
        }
        if self.dice.chance(3) {
            let text = ["North", "a", "Trust", "London", "e", "Z"][self.dice.below(6)];
            let field = kind.text;
            if self.dice.chance(5) {
                args.push(format!("filter: {{ {field}: {{ contains: \"{text}\" }} }}"));
            } else {
                let name = format!("f{}", self.declared.len());
                self.declared.push(format!("${name}: {}Filter", kind.name));
                self.variables
                    .insert(name.clone(), json!({ field: { "contains": text } }));
                args.push(format!("filter: ${name}"));
            }
        }
        let mut parts = Vec::new();
        match self.dice.below(3) {
            0 => parts.push(format!("nodes {{ {} }}", self.selection(kind, depth))),
            1 => {
                // Some of what the edges' links say, when they say anything.
                let said: Vec<&str> = link
                    .iter()
                    .copied()
                    .filter(|_| self.dice.chance(6))
                    .collect();
                parts.push(format!(
                    "edges {{ cursor {} node {{ {} }} }}",
                    said.join(" "),
                    self.selection(kind, depth)
                ));
            }
            _ => {
                parts.push(format!("nodes {{ {} }}", self.selection(kind, depth)));
                parts.push("edges { cursor __typename }".to_owned());
            }
        }
        if self.dice.chance(4) {
            parts.push("totalCount".to_owned());
        }
        if self.dice.chance(4) {
            parts.push("pageInfo { hasNextPage hasPreviousPage startCursor endCursor }".to_owned());
        }
        if self.dice.chance(2) {
            parts.push("__typename".to_owned());
        }
        let args = if args.is_empty() {
            String::new()
        } else {
            format!("({})", args.join(", "))
        };
        format!("{args} {{ {} }}", parts.join(" "))
    }
}

fn kind_of(name: &str) -> &'static Kind {
    kind(name)
}

/// The `n`th generated operation and its variables.
fn generated(n: u64) -> (String, Value) {
    let mut writer = Writer {
        dice: Dice(n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03),
        fragments: Vec::new(),
        variables: serde_json::Map::new(),
        declared: Vec::new(),
        aliases: 0,
    };
    let roots = 1 + writer.dice.below(2);
    let mut fields = Vec::new();
    for i in 0..roots {
        let (root, kind_name) = ROOTS[writer.dice.below(ROOTS.len())];
        let conn = writer.connection(kind(kind_name), 0, false, NO_LINK);
        fields.push(format!("r{i}: {root}{conn}"));
    }
    if writer.dice.chance(2) {
        fields.push("__typename".to_owned());
    }
    let declared = if writer.declared.is_empty() {
        String::new()
    } else {
        format!("({})", writer.declared.join(", "))
    };
    let text = format!(
        "query Generated{declared} {{ {} }} {}",
        fields.join(" "),
        writer.fragments.join(" ")
    );
    (text, Value::Object(writer.variables))
}

/// The Api over the app's database, planning or not.
fn api(app: &TestApp, planned: bool) -> Api {
    Api::new(
        app.db.clone().into(),
        &Limits::default(),
        &SdlOptions::default(),
    )
    .with_planned_reads(planned)
}

fn request(query: &str, variables: &Value) -> Request {
    Request::new(query).variables(Variables::from_json(variables.clone()))
}

/// The bytes of an answer, and whether it was planned.
async fn answered(api: &Api, query: &str, variables: &Value) -> (Vec<u8>, bool) {
    match api.answer(request(query, variables)).await {
        Outcome::Written(written) => (written.body, true),
        Outcome::Response(response) => (
            serde_json::to_vec(&response).expect("a response serializes"),
            false,
        ),
    }
}

/// Both ways, the same bytes; whether the planned one was planned.
async fn same_both_ways(planned: &Api, resolved: &Api, query: &str, variables: &Value) -> bool {
    let (plan_bytes, was_planned) = answered(planned, query, variables).await;
    let (resolved_bytes, resolved_planned) = answered(resolved, query, variables).await;
    assert!(!resolved_planned, "the resolvers' Api planned");
    assert_eq!(
        String::from_utf8_lossy(&plan_bytes),
        String::from_utf8_lossy(&resolved_bytes),
        "{query} with {variables}"
    );
    was_planned
}

#[tokio::test]
async fn generated_queries_are_answered_the_same_both_ways() {
    let app = TestApp::spawn().await;
    let (planned, resolved) = (api(&app, true), api(&app, false));
    let total = 320;
    let mut written = 0;
    for n in 0..total {
        let (query, variables) = generated(n);
        if same_both_ways(&planned, &resolved, &query, &variables).await {
            written += 1;
        } else {
            let (bytes, _) = answered(&resolved, &query, &variables).await;
            eprintln!(
                "not planned: {query}\n  {}",
                String::from_utf8_lossy(&bytes)
                    .chars()
                    .take(300)
                    .collect::<String>()
            );
        }
    }
    // Every one of these has a plan: only a run that fails (none should) or a refusal (the
    // limits; none of these reaches them) would leave one to the resolvers.
    assert_eq!(written, total, "each generated query was planned");
}

#[tokio::test]
async fn pages_after_and_before_cursors_are_the_same_both_ways() {
    let app = TestApp::spawn().await;
    let (planned, resolved) = (api(&app, true), api(&app, false));
    let first = app
        .data("{ trusts(first: 5) { edges { cursor } } regions { nodes { trusts(first: 3) { edges { cursor } } } } }")
        .await;
    let root_cursor = first["trusts"]["edges"][2]["cursor"]
        .as_str()
        .expect("a cursor")
        .to_owned();
    let nested_cursor = first["regions"]["nodes"][0]["trusts"]["edges"][1]["cursor"]
        .as_str()
        .expect("a cursor")
        .to_owned();
    let paged = "query($after: String, $before: String) { \
        a: trusts(first: 4, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { odsCode } } \
        b: trusts(last: 2, before: $before) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { odsCode } } \
        regions { nodes { trusts(first: 2, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { odsCode } } } } }";
    for (after, before) in [
        (root_cursor.clone(), root_cursor.clone()),
        (nested_cursor.clone(), nested_cursor.clone()),
    ] {
        let variables = json!({ "after": after, "before": before });
        assert!(same_both_ways(&planned, &resolved, paged, &variables).await);
    }
    // A malformed cursor: the resolvers say why, the same error either way.
    let variables = json!({ "after": "not-a-cursor", "before": null });
    assert!(!same_both_ways(&planned, &resolved, paged, &variables).await);
}

#[tokio::test]
async fn what_is_not_planned_is_answered_by_the_resolvers() {
    let app = TestApp::spawn().await;
    let (planned, resolved) = (api(&app, true), api(&app, false));
    for query in [
        // A kind without a plan, a directive, an edge's sources, introspection, a lookup,
        // provenance.
        "{ networksOfExcellence(first: 2) { nodes { leadAlliances { slug } } } }",
        "query($x: Boolean!) { hubs { nodes { name @include(if: $x) } } }",
        "{ hubs { nodes { regions { edges { sources { __typename } node { name } } } } } }",
        "{ __schema { queryType { name } } }",
        "{ hub(id: \"Hub:east\") { name } }",
        "{ hubs { nodes { sources { title } } } }",
        // Invalid: the resolvers refuse it, with their error.
        "{ hubs { nodes { nothing } } }",
        "{ hubs(first: -1) { nodes { name } } }",
    ] {
        let variables = json!({ "x": true });
        assert!(
            !same_both_ways(&planned, &resolved, query, &variables).await,
            "{query} was planned"
        );
    }
}

#[tokio::test]
async fn the_mission_traversal_is_planned_over_http_too() {
    let app = TestApp::spawn().await;
    // The benchmark's Q2 over HTTP, cached and not: the plan check (see `helpers`) compares it
    // with the resolvers' answer each time it is computed.
    let q2 = include_str!("../../bench/queries/q2.graphql");
    let body = app.post(q2, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        body["data"]["alliances"]["nodes"].as_array().map(Vec::len),
        Some(7)
    );
    let (planned, resolved) = (api(&app, true), api(&app, false));
    assert!(same_both_ways(&planned, &resolved, q2, &json!({})).await);
    // Q1: hubs with their regions' coverage links, `confidence` and all.
    let q1 = include_str!("../../bench/queries/q1.graphql");
    assert!(same_both_ways(&planned, &resolved, q1, &json!({})).await);
}

#[tokio::test]
async fn entities_are_the_same_both_ways() {
    let app = TestApp::spawn().await;
    let (planned, resolved) = (api(&app, true), api(&app, false));
    // The benchmark's Q4: 100 representations of six kinds, by id and by natural key.
    let q4: Value = serde_json::from_str(include_str!("../../bench/queries/q4.json")).unwrap();
    let query = q4["query"].as_str().unwrap();
    assert!(same_both_ways(&planned, &resolved, query, &q4["variables"]).await);
    // Nested selections, fragments on the union and on its members, __typename, and keys that
    // find nothing: an unknown key, a malformed id, an id of another kind.
    let query = "query($r: [_Any!]!) { _entities(representations: $r) { __typename \
        ...E ... on Trust { odsCode region { name } ledHubs { nodes { slug } } } \
        ... on Hub { slug leadTrust { name } regions(first: 2) { totalCount nodes { code } } } \
        ... on TrainingCourse { title format alliance { slug } } \
        ... on Site { name } } } \
        fragment E on Region { code hubs { nodes { name } } __typename }";
    let representations = json!([
        { "__typename": "Trust", "odsCode": "RQ3" },
        { "__typename": "Hub", "id": "Hub:east" },
        { "__typename": "Region", "code": "E40000003" },
        { "__typename": "Trust", "id": "Trust:NOPE" },
        { "__typename": "Hub", "id": "not an id" },
        { "__typename": "Hub", "id": "Trust:RQ3" },
        { "__typename": "Region", "id": "Region:E40000007" },
        { "__typename": "TrainingCourse", "id": "TrainingCourse:whole-genome-sequencing-mooc" },
        { "__typename": "Trust", "odsCode": "RQ3" },
        { "__typename": "Icb", "odsCode": "QE1" },
    ]);
    let variables = json!({ "r": representations });
    assert!(same_both_ways(&planned, &resolved, query, &variables).await);
    // async-graphql leaves out a fragment on a member nested in one on the union; planned,
    // it would be answered (as the spec has it), so it is left to the resolvers.
    let nested = "query($r: [_Any!]!) { _entities(representations: $r) { ...U } } \
        fragment U on _Entity { ... on Region { code } }";
    let variables = json!({ "r": [{ "__typename": "Region", "code": "E40000003" }] });
    assert!(!same_both_ways(&planned, &resolved, nested, &variables).await);
    // Sites by ODS code and id, memberships, organisations, networks and centres by id.
    let more = "query($r: [_Any!]!) { _entities(representations: $r) { __typename \
        ... on Site { name trust { odsCode } } ... on HubMembership { role hub { slug } } \
        ... on Organisation { name } ... on NetworkOfExcellence { topic } \
        ... on GenomicMedicineCentre { name leadConfidence } } }";
    let found = app
        .data("{ sites(first: 2) { nodes { id odsCode } } hubMemberships(first: 2) { nodes { id } } \
               organisations(first: 1) { nodes { id } } networksOfExcellence(first: 1) { nodes { id } } \
               genomicMedicineCentres(first: 1) { nodes { id } } }")
        .await;
    let id = |path: &str, i: usize| found[path]["nodes"][i]["id"].clone();
    let kind_of_id = |id: &Value| id.as_str().unwrap().split(':').next().unwrap().to_owned();
    let mut representations = vec![json!({
        "__typename": "Site",
        "odsCode": found["sites"]["nodes"][0]["odsCode"],
    })];
    for (path, i) in [
        ("sites", 1),
        ("hubMemberships", 0),
        ("hubMemberships", 1),
        ("organisations", 0),
        ("networksOfExcellence", 0),
        ("genomicMedicineCentres", 0),
    ] {
        let id = id(path, i);
        representations.push(json!({ "__typename": kind_of_id(&id), "id": id }));
    }
    let variables = json!({ "r": representations });
    assert!(same_both_ways(&planned, &resolved, more, &variables).await);
    // Left to the resolvers: an ICB by its code, a representation with two keys, one with
    // none.
    for representation in [
        json!({ "__typename": "Icb", "code": "E54000048" }),
        json!({ "__typename": "Trust", "id": "Trust:RQ3", "odsCode": "RQ3" }),
        json!({ "__typename": "Trust" }),
    ] {
        let variables = json!({ "r": [representation] });
        assert!(!same_both_ways(&planned, &resolved, query, &variables).await);
    }
}

/// The shapes an independent review found the plans answering otherwise than the resolvers:
/// each is now left to the resolvers, or answered as they answer.
#[tokio::test]
async fn shapes_the_resolvers_answer_otherwise_are_left_to_them() {
    let app = TestApp::spawn().await;
    let (planned, resolved) = (api(&app, true), api(&app, false));
    let hub = json!({ "r": [{ "__typename": "Hub", "id": "Hub:east" }] });
    let both = json!({ "r": [
        { "__typename": "Hub", "id": "Hub:east" },
        { "__typename": "Alliance", "id": "Alliance:east" },
    ] });
    let entities = "query($r: [_Any!]!) { _entities(representations: $r) ";
    for (query, variables, is_planned) in [
        // An edge's node under two aliases.
        (
            "{ hubs { edges { a: node { slug } b: node { name } } } }".to_owned(),
            json!({}),
            false,
        ),
        // Fragments on the union (async-graphql leaves them out), on an interface, and a
        // member whose selection is empty (async-graphql answers null).
        (
            format!("{entities} {{ ... on _Entity {{ __typename }} ... on Hub {{ slug }} }} }}"),
            hub.clone(),
            false,
        ),
        (
            format!("{entities} {{ ... on Node {{ id }} }} }}"),
            hub.clone(),
            false,
        ),
        (
            format!("{entities} {{ ... on Alliance {{ slug }} }} }}"),
            hub.clone(),
            false,
        ),
        // Fragments on two members, the same keys in different orders: the resolvers' answer
        // cannot be put in each record's order, as it does not say its type.
        (
            format!(
                "{entities} {{ ... on Alliance {{ slug name }} ... on Hub {{ name slug }} }} }}"
            ),
            both.clone(),
            false,
        ),
        // In the same order, or with __typename: planned.
        (
            format!(
                "{entities} {{ ... on Alliance {{ slug name }} ... on Hub {{ slug leadTrust {{ name }} }} }} }}"
            ),
            both,
            true,
        ),
        // A non-null variable left out.
        (
            "query($n: Int!) { hubs(first: $n) { nodes { slug } } }".to_owned(),
            json!({}),
            false,
        ),
    ] {
        assert_eq!(
            same_both_ways(&planned, &resolved, &query, &variables).await,
            is_planned,
            "{query}"
        );
    }
    // A fragment that only another operation spreads is still checked against the request's
    // variables: a verdict kept for the operation without them must not answer with them.
    let document = "query A { hubs { nodes { slug } } } \
        query B($n: Int) { ...F } fragment F on Query { trusts(first: $n) { totalCount } }";
    let run = |variables: Value| {
        let (planned, resolved) = (&planned, &resolved);
        async move {
            let request = || {
                Request::new(document)
                    .variables(Variables::from_json(variables.clone()))
                    .operation_name("A")
            };
            let plan = match planned.answer(request()).await {
                Outcome::Written(written) => written.body,
                Outcome::Response(response) => serde_json::to_vec(&response).unwrap(),
            };
            let Outcome::Response(response) = resolved.answer(request()).await else {
                panic!("the resolvers' Api planned");
            };
            assert_eq!(
                String::from_utf8_lossy(&plan),
                String::from_utf8_lossy(&serde_json::to_vec(&response).unwrap())
            );
        }
    };
    run(json!({})).await;
    run(json!({ "n": "not a number" })).await;
}

#[tokio::test]
async fn over_the_row_limit_the_answer_is_the_resolvers() {
    let app = TestApp::spawn().await;
    let limits = Limits {
        max_rows: 60,
        ..Limits::default()
    };
    let api = |planned: bool| {
        Api::new(app.db.clone().into(), &limits, &SdlOptions::default()).with_planned_reads(planned)
    };
    let (planned, resolved) = (api(true), api(false));
    // Within the limit (7 regions and 35 trusts): planned.
    let within = "{ regions { nodes { trusts(first: 5) { nodes { odsCode } } } } }";
    assert!(same_both_ways(&planned, &resolved, within, &json!({})).await);
    // The same page of trusts under two aliases: the resolvers read it once (42 rows), a plan
    // twice (77): it is left to them, and answers as they do.
    let aliased = "{ regions { nodes { a: trusts(first: 5) { nodes { odsCode } } b: trusts(first: 5) { nodes { odsCode } } } } }";
    assert!(!same_both_ways(&planned, &resolved, aliased, &json!({})).await);
    let (bytes, _) = answered(&resolved, aliased, &json!({})).await;
    let answer: Value = serde_json::from_slice(&bytes).expect("JSON");
    assert!(answer.get("errors").is_none(), "{answer}");
    // Over it both ways: the resolvers' refusal.
    let over = "{ trusts(first: 100) { nodes { odsCode } } }";
    assert!(!same_both_ways(&planned, &resolved, over, &json!({})).await);
    let (bytes, _) = answered(&resolved, over, &json!({})).await;
    let answer: Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "TOO_MANY_ROWS",
        "{answer}"
    );
}
