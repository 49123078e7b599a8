//! The synthetic network: deterministic, idempotent, and large enough to show that deep pages
//! are index range scans.

use entity::training_course;
use gms_graph::seed::synthetic::seed_synthetic;
use gms_graph::service::{
    ListQuery, Ordering, PageRequest,
    filter::{Filter, FilterValue, Test},
    listing::{Columns, root_page, root_select},
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement, sea_query::Order,
};

use crate::helpers::TestApp;

/// Every synthetic course and project, in a fixed order, as plain text.
async fn fingerprint(db: &DatabaseConnection) -> Vec<String> {
    let mut rows = Vec::new();
    for table in ["training_course", "transformation_project"] {
        let sql = match table {
            "training_course" => {
                "SELECT slug, title, provider, format, COALESCE(duration_minutes, -1) AS a, COALESCE(credits, -1) AS b, COALESCE(alliance_id, -1) AS c FROM training_course ORDER BY slug"
            }
            _ => {
                "SELECT p.slug, p.title, p.theme, p.status, COALESCE(CAST(p.start_date AS CHAR(10)), '') AS a, COALESCE(p.lead_alliance_id, -1) AS b, (SELECT COUNT(*) FROM project_participant pp WHERE pp.project_id = p.id) AS c FROM transformation_project p ORDER BY p.slug"
            }
        };
        let found = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .expect("query");
        for row in found {
            let text: Vec<String> = (0..4)
                .map(|i| row.try_get_by_index::<String>(i).expect("text"))
                .collect();
            // Integers come back as 32 or 64 bits, depending on the backend and the expression.
            let int = |i: usize| {
                row.try_get_by_index::<i64>(i)
                    .or_else(|_| row.try_get_by_index::<i32>(i).map(i64::from))
                    .map(|n| n.to_string())
            };
            let a = int(4)
                .or_else(|_| row.try_get_by_index::<String>(4))
                .expect("a");
            let (b, c) = (int(5).expect("b"), int(6).expect("c"));
            rows.push(format!("{}|{a}|{b}|{c}", text.join("|")));
        }
    }
    rows
}

#[tokio::test]
async fn the_synthetic_network_is_deterministic_and_idempotent() {
    let first = TestApp::spawn_empty().await;
    let second = TestApp::spawn_empty().await;
    let report = seed_synthetic(&first.db, 2).await.expect("seed");
    assert_eq!(
        (report.trusts, report.projects, report.courses),
        (100, 400, 2000)
    );
    seed_synthetic(&second.db, 2).await.expect("seed");
    let a = fingerprint(&first.db).await;
    assert_eq!(a.len(), 2000 + 11 + 400 + 14);
    assert_eq!(
        a,
        fingerprint(&second.db).await,
        "the same scale gives the same records"
    );

    let again = seed_synthetic(&first.db, 2).await.expect("seed again");
    assert_eq!((again.trusts, again.projects, again.courses), (0, 0, 0));
    assert!(!again.bundled.changed());
    assert_eq!(fingerprint(&first.db).await, a);

    let grown = seed_synthetic(&first.db, 3)
        .await
        .expect("seed a larger scale");
    assert_eq!(
        (grown.trusts, grown.projects, grown.courses),
        (50, 200, 1000)
    );
    let data = first.data("{ trainingCourses { totalCount } transformationProjects { totalCount } trusts { totalCount } }").await;
    assert_eq!(data["trainingCourses"]["totalCount"], 3011);
    assert_eq!(data["transformationProjects"]["totalCount"], 614);
    // The bundled network's 143 and 150 synthetic.
    assert_eq!(data["trusts"]["totalCount"], 293);

    let refused = seed_synthetic(&first.db, 0).await.expect_err("scale 0");
    assert!(refused.detail().contains("--scale"));
}

/// The query plan of a page, one line per step, in the backend's own words.
async fn plan(db: &DatabaseConnection, query: &ListQuery<training_course::Entity>) -> Vec<String> {
    let backend = db.get_database_backend();
    let statement = backend.build(&root_select(query, Columns::All).expect("statement"));
    let prefix = match backend {
        DbBackend::Sqlite => "EXPLAIN QUERY PLAN",
        _ => "EXPLAIN",
    };
    let explain = Statement::from_sql_and_values(
        backend,
        format!("{prefix} {}", statement.sql),
        statement.values.map(|v| v.0).unwrap_or_default(),
    );
    let rows = db.query_all_raw(explain).await.expect("explain");
    rows.iter()
        .map(|row| match backend {
            DbBackend::Sqlite => row.try_get::<String>("", "detail").expect("detail"),
            // Without its cost estimates, which follow the bound values.
            DbBackend::Postgres => {
                let line = row.try_get::<String>("", "QUERY PLAN").expect("plan");
                let line = match (line.find("  (cost="), line.rfind(')')) {
                    (Some(start), Some(end)) if end > start => {
                        format!("{}{}", &line[..start], &line[end + 1..])
                    }
                    _ => line,
                };
                without_values(&line)
            }
            // MySQL/MariaDB: one row per table, the index used and how.
            _ => {
                let text = |c: &str| row.try_get::<Option<String>>("", c).ok().flatten();
                format!(
                    "{} type={} key={} extra={}",
                    text("table").unwrap_or_default(),
                    text("type").unwrap_or_default(),
                    text("key").unwrap_or_default(),
                    text("Extra").unwrap_or_default()
                )
            }
        })
        .collect()
}

/// A plan line with its quoted strings and numbers as `?`, to compare plans across bounds.
fn without_values(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                if !quoted {
                    out.push('?');
                }
                quoted = !quoted;
            }
            _ if quoted => {}
            '0'..='9' => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                out.push('?');
            }
            _ => out.push(c),
        }
    }
    out
}

/// Asserts that a deep page seeks on (format, title) and neither scans nor sorts.
fn assert_range_seek(backend: DbBackend, plan: &[String]) {
    let detail = plan.join(" / ");
    match backend {
        DbBackend::Sqlite => {
            assert!(
                detail.contains(
                    "SEARCH training_course USING INDEX ix_course_format_title_by_key (format=? AND title>?)"
                ),
                "a range seek on the index: {detail}"
            );
            assert!(!detail.contains("SCAN"), "no scan: {detail}");
            assert!(!detail.contains("TEMP B-TREE"), "no sort: {detail}");
        }
        DbBackend::Postgres => {
            assert!(
                detail.contains("Index Scan using ix_course_format_title_by_key"),
                "a range seek on the index: {detail}"
            );
            assert!(
                detail.contains("title >="),
                "the bound is an index condition: {detail}"
            );
            assert!(!detail.contains("Seq Scan"), "no scan: {detail}");
            assert!(!detail.contains("Sort"), "no sort: {detail}");
        }
        // MariaDB picks `range` on (format, title) for literal bounds; for bound parameters at
        // scale 100 it may pick `ref` on format with the title bound pushed into the index
        // (index condition pushdown). Either way: this index, in its order, no sort.
        _ => {
            assert!(
                detail.contains("type=range key=ix_course_format_title_by_key")
                    || detail.contains(
                        "type=ref key=ix_course_format_title_by_key extra=Using index condition"
                    ),
                "the index, with the bound in it: {detail}"
            );
            assert!(!detail.contains("filesort"), "no sort: {detail}");
        }
    }
}

#[tokio::test]
async fn a_deep_filtered_ordered_page_is_an_index_range_scan() {
    let app = TestApp::spawn_empty().await;
    let report = seed_synthetic(&app.db, 100).await.expect("seed scale 100");
    assert_eq!(report.courses, 100_000);
    let backend = app.db.get_database_backend();
    if backend == DbBackend::MySql {
        // Fresh statistics, as a server that has run a while would have them (the seed
        // analyzes on PostgreSQL itself: seed::analyze).
        app.db
            .execute_raw(Statement::from_string(
                backend,
                "ANALYZE TABLE training_course",
            ))
            .await
            .expect("analyze");
    }

    // MOOCs by title, 20 a page: the dashboard's filtered, ordered page.
    let ordering =
        Ordering::<training_course::Entity>::by(vec![(training_course::Column::Title, Order::Asc)]);
    let moocs = Filter::Column {
        column: "format",
        test: Test::Eq(FilterValue::Text("MOOC".into())),
    };
    let at = |offset: u64| {
        let ordering = ordering.clone();
        let db = app.db.clone();
        async move {
            training_course::Entity::find()
                .filter(training_course::Column::Format.eq(entity::CourseFormat::Mooc))
                .order_by_asc(training_course::Column::Title)
                .order_by_asc(training_course::Column::Id)
                .offset(offset)
                .limit(21)
                .all(&db)
                .await
                .expect("offset query")
                .iter()
                .map(|m| (ordering.cursor_of(m), m.slug.clone()))
                .collect::<Vec<_>>()
        }
    };
    let query = |after| ListQuery {
        filter: Some(moocs.clone()),
        ordering: ordering.clone(),
        page: PageRequest::first(20, after),
    };

    let first_page = plan(&app.db, &query(None)).await;
    let mut plans = Vec::new();
    for offset in [100, 5_000, 9_000] {
        let expected = at(offset).await;
        let (cursor, _) = expected[0].clone();
        let deep = query(Some(cursor));
        // The page after the row at `offset` is the next 20, as OFFSET would give them.
        let page = root_page(&app.db, &deep, Columns::All)
            .await
            .expect("deep page");
        let slugs: Vec<_> = page.rows.iter().map(|r| r.model.slug.clone()).collect();
        let expected: Vec<_> = expected[1..].iter().map(|(_, slug)| slug.clone()).collect();
        assert_eq!(slugs, expected, "page after offset {offset}");
        assert!(page.has_next_page);
        plans.push(plan(&app.db, &deep).await);
    }

    assert!(
        first_page
            .join(" ")
            .contains(if backend == DbBackend::Sqlite {
                "USING INDEX ix_course_format_title_by_key"
            } else {
                "ix_course_format_title_by_key"
            }),
        "{first_page:?}"
    );
    for deep in &plans {
        assert_range_seek(backend, deep);
    }
    // The cost does not grow with the offset: the same seek, whatever the depth. (MariaDB
    // weighs `ref` against `range` afresh for each bound; both are checked above, so only the
    // index it uses is compared.)
    if backend == DbBackend::Sqlite || backend == DbBackend::Postgres {
        assert_eq!(plans[0], plans[1]);
        assert_eq!(plans[1], plans[2]);
    }
}

/// A lookup by natural key (node, nodes, `_entities`, the records loader) reads the keys it is
/// given through the kind's unique index, however many rows the table holds. On PostgreSQL the
/// keys are one JSON array; taken as a set (`IN (SELECT jsonb_array_elements_text(…))`), the
/// planner hashed them and scanned every course. MySQL lists the keys one value each, as any
/// `IN`, and is not shown here.
#[tokio::test]
async fn a_lookup_by_key_reads_through_the_index_at_scale() {
    let backend = crate::backend::backend();
    if backend == DbBackend::MySql {
        return;
    }
    let app = TestApp::spawn_empty().await;
    seed_synthetic(&app.db, 10).await.expect("seed scale 10");
    let slugs = ["consent-and-ethics", "masters-in-genomic-medicine"];
    let representations = slugs
        .iter()
        .map(|slug| format!(r#"{{ __typename: "TrainingCourse", id: "TrainingCourse:{slug}" }}"#))
        .collect::<Vec<_>>()
        .join(", ");
    let (sql, data) = app
        .sql_of(&format!(
            "{{ _entities(representations: [{representations}]) {{ ... on TrainingCourse {{ slug }} }} }}"
        ))
        .await;
    assert_eq!(
        data["_entities"],
        serde_json::json!(slugs.map(|slug| serde_json::json!({ "slug": slug })))
    );
    let lookup = sql
        .iter()
        .find(|sql| sql.contains(r#""training_course"."slug""#))
        .unwrap_or_else(|| panic!("a lookup of courses by slug among {sql:?}"));
    let keys = serde_json::to_string(&slugs).expect("keys as JSON");
    let plan = match backend {
        DbBackend::Postgres => {
            // The plan for these keys, on one connection: the statement prepared as it was sent.
            let txn = sea_orm::TransactionTrait::begin(&app.db)
                .await
                .expect("begin");
            txn.execute_unprepared(&format!("PREPARE lookup AS {lookup}"))
                .await
                .expect("prepare");
            let rows = txn
                .query_all_raw(Statement::from_string(
                    backend,
                    format!("EXPLAIN EXECUTE lookup('{}')", keys.replace('\'', "''")),
                ))
                .await
                .expect("explain");
            // A prepared statement outlives its transaction: the pooled connection drops it.
            txn.execute_unprepared("DEALLOCATE lookup")
                .await
                .expect("deallocate");
            txn.rollback().await.expect("rollback");
            rows.iter()
                .map(|row| row.try_get_by_index::<String>(0).expect("a plan line"))
                .collect::<Vec<_>>()
                .join("\n")
        }
        _ => {
            let rows = app
                .db
                .query_all_raw(Statement::from_sql_and_values(
                    backend,
                    format!("EXPLAIN QUERY PLAN {lookup}"),
                    [keys.into()],
                ))
                .await
                .expect("explain");
            rows.iter()
                .map(|row| row.try_get::<String>("", "detail").expect("a plan line"))
                .collect::<Vec<_>>()
                .join("\n")
        }
    };
    assert!(
        plan.contains("ux_course_slug"),
        "the courses are read through their slugs' index: {plan}"
    );
    assert!(
        !plan.contains("Seq Scan on training_course") && !plan.contains("SCAN training_course"),
        "no course is read that was not asked for: {plan}"
    );
}
