//! Filters against a model written here: a few hundred filters generated from a fixed seed (on
//! fields that are often missing, relations that are often absent, `not`, `every` and `none`)
//! are run through the API and evaluated on the rows themselves, and must pick the same rows
//! on every backend. For every filter `X`, `X` and `not X` split the rows between them.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::helpers::TestApp;

/// A server whose filters may nest deeper than by default: the generated ones wrap each other.
async fn spawn() -> TestApp {
    let mut options = gms_graph::http::AppOptions::default();
    options.limits.inputs.max_filter_depth = 16;
    TestApp::spawn_with(options).await
}

/// A small deterministic generator (xorshift64*): the same filters on every run and backend.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const TEXT_FIELDS: [&str; 4] = ["title", "provider", "audience", "website"];
const INT_FIELDS: [&str; 2] = ["durationMinutes", "credits"];
const FORMATS: [&str; 4] = ["E_LEARNING", "MOOC", "WEBINAR", "WORKSHOP"];

/// The courses as the model sees them.
struct Courses {
    rows: Vec<Value>,
    /// Texts to test with: words from the data, and some that are in none of it.
    words: Vec<String>,
    ints: Vec<i64>,
}

impl Courses {
    async fn load(app: &TestApp) -> Self {
        let data = app
            .data(
                "{ trainingCourses(first: 500) { nodes { slug title provider audience website \
                 durationMinutes credits format alliance { slug } hub { slug } } } }",
            )
            .await;
        let rows = data["trainingCourses"]["nodes"]
            .as_array()
            .expect("courses")
            .clone();
        let mut words = vec![
            "zzz".to_owned(),
            "a".to_owned(),
            "e".to_owned(),
            "".to_owned(),
        ];
        let mut ints = vec![0, 1, 60, 1_000];
        for row in &rows {
            for field in TEXT_FIELDS {
                if let Some(text) = row[field].as_str() {
                    words.push(text.to_owned());
                    words.extend(text.split_whitespace().take(2).map(str::to_owned));
                }
            }
            for field in INT_FIELDS {
                ints.extend(row[field].as_i64());
            }
        }
        Courses { rows, words, ints }
    }
}

/// A test on one scalar field: the GraphQL input and the model's verdict on a value.
fn scalar_test(rng: &mut Rng, courses: &Courses) -> (String, Value) {
    match rng.below(3) {
        0 => {
            let field = *rng.pick(&TEXT_FIELDS);
            let word = rng.pick(&courses.words).clone();
            let other = rng.pick(&courses.words).clone();
            let op = *rng.pick(&[
                "eq",
                "ne",
                "in",
                "notIn",
                "isNull",
                "contains",
                "startsWith",
                "endsWith",
            ]);
            let test = match op {
                "in" | "notIn" => json!({ op: [word, other] }),
                "isNull" => json!({ op: rng.below(2) == 0 }),
                _ => json!({ op: word }),
            };
            (field.to_owned(), test)
        }
        1 => {
            let field = *rng.pick(&INT_FIELDS);
            let n = *rng.pick(&courses.ints);
            let op = *rng.pick(&[
                "eq", "ne", "in", "notIn", "isNull", "gt", "gte", "lt", "lte",
            ]);
            let test = match op {
                "in" | "notIn" => json!({ op: [n, rng.pick(&courses.ints)] }),
                "isNull" => json!({ op: rng.below(2) == 0 }),
                _ => json!({ op: n }),
            };
            (field.to_owned(), test)
        }
        _ => {
            let op = *rng.pick(&["eq", "ne", "in", "notIn", "isNull"]);
            let test = match op {
                "in" | "notIn" => json!({ op: [rng.pick(&FORMATS), rng.pick(&FORMATS)] }),
                "isNull" => json!({ op: rng.below(2) == 0 }),
                _ => json!({ op: rng.pick(&FORMATS) }),
            };
            ("format".to_owned(), test)
        }
    }
}

/// A course filter, `depth` levels of logic at most.
fn course_filter(rng: &mut Rng, courses: &Courses, depth: usize) -> Value {
    let choice = if depth == 0 {
        rng.below(2)
    } else {
        rng.below(6)
    };
    match choice {
        0 => {
            let (field, test) = scalar_test(rng, courses);
            json!({ field: test })
        }
        1 => {
            // A relation that many courses lack, with a test on its slug or a `not`.
            let relation = *rng.pick(&["alliance", "hub"]);
            let words = ["a", "e", "north", "zzz"];
            let inner = match rng.below(3) {
                0 => json!({ "slug": { "contains": rng.pick(&words) } }),
                1 => json!({ "not": { "slug": { "in": [] } } }),
                _ => json!({ "slug": { "ne": rng.pick(&words) } }),
            };
            json!({ relation: inner })
        }
        2 => json!({ "not": course_filter(rng, courses, depth - 1) }),
        3 | 4 => {
            let logic = if choice == 3 { "and" } else { "or" };
            let items: Vec<Value> = (0..1 + rng.below(3))
                .map(|_| course_filter(rng, courses, depth - 1))
                .collect();
            json!({ logic: items })
        }
        _ => {
            // Two conditions in one object: both must hold.
            let (field, test) = scalar_test(rng, courses);
            let mut both = course_filter(rng, courses, depth - 1);
            if let Some(map) = both.as_object_mut()
                && !map.contains_key(&field)
            {
                map.insert(field, test);
            }
            both
        }
    }
}

fn matches_scalar(value: &Value, test: &Value) -> bool {
    let (op, operand) = test
        .as_object()
        .and_then(|map| map.iter().next())
        .expect("one test");
    let lower = |v: &Value| v.as_str().map(str::to_lowercase);
    let present = !value.is_null();
    match op.as_str() {
        "eq" => present && value == operand,
        "ne" => !present || value != operand,
        "in" => present && operand.as_array().expect("a list").contains(value),
        "notIn" => !present || !operand.as_array().expect("a list").contains(value),
        "isNull" => operand.as_bool() == Some(!present),
        "contains" | "startsWith" | "endsWith" => match (lower(value), lower(operand)) {
            (Some(v), Some(o)) => match op.as_str() {
                "contains" => v.contains(&o),
                "startsWith" => v.starts_with(&o),
                _ => v.ends_with(&o),
            },
            _ => false,
        },
        "gt" | "gte" | "lt" | "lte" => match (value.as_i64(), operand.as_i64()) {
            (Some(v), Some(o)) => match op.as_str() {
                "gt" => v > o,
                "gte" => v >= o,
                "lt" => v < o,
                _ => v <= o,
            },
            _ => false,
        },
        other => panic!("no model for {other}"),
    }
}

/// Whether `row` matches `filter`, as the API documents it.
fn matches(row: &Value, filter: &Value) -> bool {
    filter
        .as_object()
        .expect("a filter object")
        .iter()
        .all(|(key, inner)| match key.as_str() {
            "and" => inner
                .as_array()
                .expect("a list")
                .iter()
                .all(|f| matches(row, f)),
            "or" => inner
                .as_array()
                .expect("a list")
                .iter()
                .any(|f| matches(row, f)),
            "not" => !matches(row, inner),
            "alliance" | "hub" => !row[key].is_null() && matches(&row[key], inner),
            "slug" => matches_scalar(&row["slug"], inner),
            field => matches_scalar(&row[field], inner),
        })
}

fn slugs(nodes: &Value) -> BTreeSet<String> {
    nodes
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["slug"].as_str().expect("a slug").to_owned())
        .collect()
}

#[tokio::test]
async fn filters_pick_what_the_model_picks_and_not_splits_the_rows() {
    let app = spawn().await;
    let courses = Courses::load(&app).await;
    let all: BTreeSet<String> = courses
        .rows
        .iter()
        .map(|r| r["slug"].as_str().expect("slug").to_owned())
        .collect();
    assert!(all.len() >= 10, "the bundled courses");
    let query = "query($f: TrainingCourseFilter) { trainingCourses(filter: $f, first: 500) { \
                 totalCount nodes { slug } } }";
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut filters = vec![
        // The two examples.
        json!({ "or": [{ "audience": { "contains": "a" } }, { "not": { "audience": { "contains": "a" } } }] }),
        json!({ "not": { "alliance": { "not": { "slug": { "in": [] } } } } }),
    ];
    filters.extend((0..150).map(|_| course_filter(&mut rng, &courses, 3)));
    for filter in &filters {
        let expected: BTreeSet<String> = courses
            .rows
            .iter()
            .filter(|row| matches(row, filter))
            .map(|r| r["slug"].as_str().expect("slug").to_owned())
            .collect();
        let data = app.data_with(query, json!({ "f": filter })).await;
        let got = slugs(&data["trainingCourses"]["nodes"]);
        assert_eq!(got, expected, "filter {filter}");
        let negated = app
            .data_with(query, json!({ "f": { "not": filter } }))
            .await;
        let rest = slugs(&negated["trainingCourses"]["nodes"]);
        assert!(
            got.is_disjoint(&rest),
            "filter {filter} and its not overlap"
        );
        assert_eq!(
            got.union(&rest).cloned().collect::<BTreeSet<_>>(),
            all,
            "filter {filter} and its not leave rows out"
        );
    }
}

#[tokio::test]
async fn quantified_filters_pick_what_the_model_picks() {
    let app = spawn().await;
    let courses = Courses::load(&app).await;
    let data = app
        .data("{ alliances(first: 50) { nodes { slug courses(first: 500) { nodes { slug } } } } }")
        .await;
    let alliances = data["alliances"]["nodes"]
        .as_array()
        .expect("alliances")
        .clone();
    let course_rows = |alliance: &Value| -> Vec<&Value> {
        let slugs = slugs(&alliance["courses"]["nodes"]);
        courses
            .rows
            .iter()
            .filter(|row| slugs.contains(row["slug"].as_str().unwrap_or_default()))
            .collect()
    };
    let query = "query($f: AllianceFilter) { alliances(filter: $f, first: 50) { nodes { slug } } }";
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for _ in 0..60 {
        let inner = course_filter(&mut rng, &courses, 2);
        let quantifier = *rng.pick(&["some", "every", "none"]);
        let negate = rng.below(2) == 0;
        let quantified = json!({ "courses": { quantifier: inner } });
        let filter = if negate {
            json!({ "not": quantified })
        } else {
            quantified
        };
        let expected: BTreeSet<String> = alliances
            .iter()
            .filter(|alliance| {
                let rows = course_rows(alliance);
                let holds = match quantifier {
                    "some" => rows.iter().any(|row| matches(row, &inner)),
                    "every" => rows.iter().all(|row| matches(row, &inner)),
                    _ => !rows.iter().any(|row| matches(row, &inner)),
                };
                holds != negate
            })
            .map(|a| a["slug"].as_str().expect("slug").to_owned())
            .collect();
        let data = app.data_with(query, json!({ "f": filter })).await;
        assert_eq!(
            slugs(&data["alliances"]["nodes"]),
            expected,
            "filter {filter}"
        );
    }
}
