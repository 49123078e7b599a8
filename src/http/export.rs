//! GET /export/{Kind}.csv: a kind's records as CSV, for scripts (`pandas.read_csv(url)`) and the
//! explorer's tables. It takes what the kind's root connection takes, as URL parameters:
//! `filter` and `orderBy` as JSON, `activeOn`, and `first`/`after` for one page (every row when
//! `first` is not given). The rows come from the public GraphQL API, through the same pipeline,
//! token checks and limits as a POST to /graphql, so the CSV holds what a query would.
//!
//! The columns are the kind's own scalar fields, in the schema's order (lists joined with
//! " | "), then, for each record it points to, that record's id and name (`region.id`,
//! `region.name`). They are read from the schema, so a new kind exports with no change here.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use async_graphql::Request;
use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Map, Value, json};

use crate::code::Code;

use super::AppState;
use super::auth::{Caller, access, refusal};
use super::errors::HttpError;
use super::pipeline::{run, turn};
use super::rate_limit::Peer;

/// The rows one export may hold.
const MAX_ROWS: usize = 100_000;
/// Rows asked for in one statement of the loop.
const PAGE: usize = 500;
/// The fields that name a record, in the order they are tried (as the explorer does).
const LABELS: [&str; 8] = [
    "name",
    "nameAsStated",
    "title",
    "event",
    "summary",
    "field",
    "odsCode",
    "code",
];

/// How one kind is exported.
struct Plan {
    /// The query that reads one page.
    query: String,
    /// The CSV's columns: a header, and where its value lies in a node.
    columns: Vec<(String, Vec<String>)>,
    /// The arguments the root field takes, of those the URL may give.
    arguments: HashSet<&'static str>,
}

/// The plans of every kind, read once from the schema.
fn plans() -> &'static HashMap<String, Plan> {
    static PLANS: OnceLock<HashMap<String, Plan>> = OnceLock::new();
    PLANS.get_or_init(|| plan_all(&crate::graphql::sdl(&Default::default())))
}

fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(inner) => named(inner),
    }
}

fn plan_all(sdl: &str) -> HashMap<String, Plan> {
    let Ok(document) = async_graphql::parser::parse_schema(sdl) else {
        tracing::error!("the schema's SDL does not parse: no CSV exports");
        return HashMap::new();
    };
    let types: HashMap<&str, &TypeKind> = document
        .definitions
        .iter()
        .filter_map(|d| match d {
            TypeSystemDefinition::Type(t) => Some((t.node.name.node.as_str(), &t.node.kind)),
            _ => None,
        })
        .collect();
    let fields_of = |name: &str| match types.get(name) {
        Some(TypeKind::Object(object)) => Some(&object.fields),
        _ => None,
    };
    let is_leaf = |name: &str| {
        matches!(name, "String" | "Int" | "Float" | "Boolean" | "ID")
            || matches!(types.get(name), Some(TypeKind::Scalar | TypeKind::Enum(_)))
    };
    let is_node = |name: &str| match types.get(name) {
        Some(TypeKind::Object(object)) => object.implements.iter().any(|i| i.node == "Node"),
        _ => false,
    };
    let label_of = |name: &str| {
        let fields = fields_of(name)?;
        LABELS.into_iter().find(|label| {
            fields
                .iter()
                .any(|f| f.node.name.node == *label && is_leaf(named(&f.node.ty.node)))
        })
    };
    let deprecated = |directives: &[async_graphql::Positioned<
        async_graphql::parser::types::ConstDirective,
    >]| directives.iter().any(|d| d.node.name.node == "deprecated");

    let mut plans = HashMap::new();
    let Some(query_fields) = fields_of("Query") else {
        return plans;
    };
    for root in query_fields {
        let root = &root.node;
        let connection = named(&root.ty.node);
        let Some(connection_fields) = fields_of(connection) else {
            continue;
        };
        let Some(nodes) = connection_fields
            .iter()
            .find(|f| f.node.name.node == "nodes")
        else {
            continue;
        };
        let kind = named(&nodes.node.ty.node);
        if !is_node(kind)
            || plans.contains_key(kind)
            || !root.arguments.iter().any(|a| a.node.name.node == "first")
        {
            continue;
        }
        let Some(kind_fields) = fields_of(kind) else {
            continue;
        };
        let mut selection = Vec::new();
        let mut columns = Vec::new();
        let mut references = Vec::new();
        for field in kind_fields {
            let field = &field.node;
            let name = field.name.node.as_str();
            let target = named(&field.ty.node);
            let required_arguments = field.arguments.iter().any(|a| !a.node.ty.node.nullable);
            if deprecated(&field.directives) || required_arguments || name == "version" {
                continue;
            }
            if is_leaf(target) {
                selection.push(name.to_owned());
                columns.push((name.to_owned(), vec![name.to_owned()]));
            } else if is_node(target) && matches!(field.ty.node.base, BaseType::Named(_)) {
                let label = label_of(target);
                selection.push(format!("{name} {{ id {} }}", label.unwrap_or("")));
                references.push((format!("{name}.id"), vec![name.to_owned(), "id".to_owned()]));
                if let Some(label) = label {
                    references.push((
                        format!("{name}.{label}"),
                        vec![name.to_owned(), label.to_owned()],
                    ));
                }
            }
        }
        columns.extend(references);
        let mut arguments = HashSet::new();
        let mut variables = Vec::new();
        let mut passed = Vec::new();
        for (argument, fixed) in [
            ("filter", None),
            ("orderBy", None),
            ("activeOn", None),
            ("first", Some("Int")),
            ("after", Some("String")),
        ] {
            let Some(defined) = root.arguments.iter().find(|a| a.node.name.node == argument) else {
                continue;
            };
            let ty = fixed.map_or_else(|| defined.node.ty.node.to_string(), str::to_owned);
            arguments.insert(argument);
            variables.push(format!("${argument}: {ty}"));
            passed.push(format!("{argument}: ${argument}"));
        }
        let query = format!(
            "query Export({}) {{ rows: {}({}) {{ pageInfo {{ hasNextPage endCursor }} nodes {{ {} }} }} }}",
            variables.join(", "),
            root.name.node,
            passed.join(", "),
            selection.join(" "),
        );
        plans.insert(
            kind.to_owned(),
            Plan {
                query,
                columns,
                arguments,
            },
        );
    }
    plans
}

fn bad_request(message: impl Into<String>) -> HttpError {
    HttpError::new(StatusCode::BAD_REQUEST, Code::BadRequest, message)
}

/// The variables the URL gives, checked: JSON where the API takes an object or a list.
fn variables(
    plan: &Plan,
    params: &HashMap<String, String>,
) -> Result<Map<String, Value>, HttpError> {
    let mut variables = Map::new();
    for (name, value) in params {
        let Some(argument) = plan.arguments.iter().find(|a| **a == name.as_str()) else {
            let mut known: Vec<_> = plan.arguments.iter().copied().collect();
            known.sort_unstable();
            return Err(bad_request(format!(
                "unknown parameter `{name}`: this export takes {}",
                known.join(", ")
            )));
        };
        let value = match *argument {
            "filter" | "orderBy" => serde_json::from_str(value).map_err(|err| {
                bad_request(format!(
                    "`{argument}` must be JSON, as the API takes it: {err}"
                ))
            })?,
            "first" => match value.parse::<usize>() {
                Ok(n) if n > 0 => json!(n),
                _ => return Err(bad_request("`first` must be a whole number above 0")),
            },
            _ => Value::String(value.clone()),
        };
        variables.insert((*argument).to_owned(), value);
    }
    Ok(variables)
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. Text that a
/// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return) gets a leading `'`, as OWASP advises; numbers are written as they are.
fn field(out: &mut String, value: &Value) {
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" | "),
        other => other.to_string(),
    };
    let text = if !value.is_number() && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&text);
    }
}

fn row(out: &mut String, values: impl Iterator<Item = Value>) {
    for (i, value) in values.enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, &value);
    }
    out.push_str("\r\n");
}

pub(super) async fn export(
    State(state): State<AppState>,
    peer: Peer,
    Path(file): Path<String>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(kind) = file.strip_suffix(".csv") else {
        return HttpError::new(
            StatusCode::NOT_FOUND,
            Code::NotFound,
            "exports are at /export/<Kind>.csv, e.g. /export/Trust.csv",
        )
        .into_response();
    };
    let Some(plan) = plans().get(kind) else {
        let mut kinds: Vec<_> = plans().keys().map(String::as_str).collect();
        kinds.sort_unstable();
        return HttpError::new(
            StatusCode::NOT_FOUND,
            Code::NotFound,
            format!("no kind `{kind}` to export: one of {}", kinds.join(", ")),
        )
        .into_response();
    };
    let mut variables = match variables(plan, &params) {
        Ok(variables) => variables,
        Err(refusal) => return refusal.into_response(),
    };
    let wanted = variables
        .get("first")
        .and_then(Value::as_u64)
        .map_or(MAX_ROWS, |n| (n as usize).min(MAX_ROWS));
    let access = match access(&state, Caller::new(&headers, peer), 1).await {
        Ok(access) => access,
        Err(err) => return refusal(err),
    };
    let anonymous = matches!(access, crate::graphql::access::Access::Anonymous);
    let _turn = match turn(&state).await {
        Ok(permit) => permit,
        Err(busy) => return busy,
    };

    let mut csv = String::new();
    row(
        &mut csv,
        plan.columns.iter().map(|(h, _)| Value::String(h.clone())),
    );
    let mut count = 0;
    loop {
        variables.insert("first".to_owned(), json!(PAGE.min(wanted - count)));
        // The server's own query, run whatever the trusted documents are.
        let request = Request::new(plan.query.clone())
            .variables(async_graphql::Variables::from_json(Value::Object(
                variables.clone(),
            )))
            .data(crate::graphql::trusted::Internal);
        let answer = match run(&state, access.clone(), request, true, None).await {
            Ok(ran) => ran.answer.into_json(),
            Err(refusal) => return refusal.into_response(),
        };
        if let Some(error) = answer["errors"].as_array().and_then(|e| e.first()) {
            let code = error["extensions"]["code"]
                .as_str()
                .unwrap_or("BAD_REQUEST");
            let status = match code {
                "UNAUTHENTICATED" => StatusCode::UNAUTHORIZED,
                "FORBIDDEN" => StatusCode::FORBIDDEN,
                "INTERNAL_SERVER_ERROR" => StatusCode::INTERNAL_SERVER_ERROR,
                "TIMEOUT" | "SERVER_BUSY" => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::BAD_REQUEST,
            };
            let body = json!({ "errors": [error] });
            return (
                status,
                [(header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
                .into_response();
        }
        let page = &answer["data"]["rows"];
        let nodes = page["nodes"].as_array().map(Vec::as_slice).unwrap_or(&[]);
        for node in nodes {
            row(
                &mut csv,
                plan.columns.iter().map(|(_, path)| {
                    path.iter()
                        .try_fold(node, |value, key| value.get(key))
                        .cloned()
                        .unwrap_or(Value::Null)
                }),
            );
        }
        count += nodes.len();
        let more = page["pageInfo"]["hasNextPage"].as_bool().unwrap_or(false);
        if more && count >= MAX_ROWS {
            return HttpError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                Code::TooManyRows,
                format!(
                    "more than {MAX_ROWS} rows match: narrow the filter, or take them a page at a time with first and after"
                ),
            )
            .into_response();
        }
        match page["pageInfo"]["endCursor"].as_str() {
            Some(cursor) if more && count < wanted && !nodes.is_empty() => {
                variables.insert("after".to_owned(), Value::String(cursor.to_owned()));
            }
            _ => break,
        }
    }

    let mut response = (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CACHE_CONTROL,
                if anonymous {
                    "public, max-age=60"
                } else {
                    "private, no-store"
                },
            ),
        ],
        csv,
    )
        .into_response();
    if let Ok(disposition) = HeaderValue::from_str(&format!("inline; filename=\"{kind}.csv\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, disposition);
    }
    response
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn written(value: Value) -> String {
        let mut out = String::new();
        field(&mut out, &value);
        out
    }

    #[test]
    fn fields_are_quoted_as_rfc_4180_has_it_and_formulas_defused() {
        assert_eq!(written(json!("plain")), "plain");
        assert_eq!(written(json!("a, b")), "\"a, b\"");
        assert_eq!(written(json!("say \"hi\"")), "\"say \"\"hi\"\"\"");
        assert_eq!(written(json!("two\nlines")), "\"two\nlines\"");
        assert_eq!(written(json!("=HYPERLINK(1)")), "'=HYPERLINK(1)");
        assert_eq!(written(json!("@SUM(A1)")), "'@SUM(A1)");
        assert_eq!(written(json!("-1+1")), "'-1+1");
        assert_eq!(written(json!(-1.75)), "-1.75");
        assert_eq!(written(json!(null)), "");
        assert_eq!(written(json!(true)), "true");
        assert_eq!(written(json!(["a", "b,c"])), "\"a | b,c\"");
    }

    #[test]
    fn every_kind_with_a_root_list_has_a_plan() {
        let plans = plans();
        for kind in [
            "Alliance",
            "Hub",
            "Region",
            "Icb",
            "Trust",
            "Site",
            "TimelineEvent",
        ] {
            let plan = plans.get(kind).unwrap();
            assert!(
                plan.query.contains("pageInfo { hasNextPage endCursor }"),
                "{kind}"
            );
            assert_eq!(plan.columns[0].0, "id", "{kind}");
        }
        assert!(
            !plans.contains_key("Change"),
            "the change log is not a kind of record"
        );
    }
}
