//! The schema as SDL: what `_service { sdl }` answers, `schema.graphql` and
//! `docs/client-schema.graphql`.
//!
//! async-graphql prints the subgraph SDL with a fixed `@link` to federation v2.5, and answers
//! `_service` with that print. The server answers with this one instead (see `Api`): linked to
//! federation v2.9, with what a router reads of cost (`@listSize`, `@cost`, always: what the
//! server's own estimate, `cost`, is computed from) and, when asked (`--federation-auth`), of
//! authorization (`@requiresScopes`, `@authenticated`: what the resolvers check, see
//! `access::needed`), which Apollo Router reads and Apollo Gateway refuses.

use std::collections::HashMap;

use async_graphql::Name;
use async_graphql::parser::types::{BaseType, FieldDefinition, TypeKind, TypeSystemDefinition};
use async_graphql::registry::SDLExportOptions;
use entity::api_token::Role;

use super::access;
use super::cost::named;
use super::inputs::InputLimits;
use super::schema::AppSchema;
use crate::service::page::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

/// What the subgraph SDL says beyond the schema's types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SdlOptions {
    /// `@requiresScopes` and `@authenticated` on what needs them (`--federation-auth`).
    pub auth: bool,
    /// Reads need a token (`--require-auth`): with `auth`, every root field and every entity is
    /// `@authenticated`.
    pub reads_need_token: bool,
    /// Most ids `nodes` takes (`--max-list-length`): how many items it is assumed to hold.
    pub max_ids: usize,
}

impl Default for SdlOptions {
    fn default() -> Self {
        Self {
            auth: false,
            reads_need_token: false,
            max_ids: InputLimits::default().max_list_length,
        }
    }
}

/// How many items a list outside a connection is assumed to hold: as many as the largest page.
/// The data decides their length (a record's history, its conflicts, a centre's partners, the
/// groups of a grouped count); none is near it in the bundled network, the largest grouped count
/// (sites by trust) being 143 groups. A record's history has no bound but its edits: what a
/// request reads is bounded by --max-rows.
pub const ASSUMED_LIST_SIZE: u64 = MAX_PAGE_SIZE;

/// The subgraph SDL of `schema`: what `_service { sdl }` answers.
pub fn service_sdl(schema: &AppSchema, options: &SdlOptions) -> String {
    let printed = schema.sdl_with_options(SDLExportOptions::new().federation().compose_directive());
    with_specified_by(&annotate(&printed, options))
}

/// The subgraph SDL of the schema as built with no options: what `export-schema` prints.
pub fn sdl(options: &SdlOptions) -> String {
    service_sdl(&super::schema::unlimited(), options)
}

/// The definitions of the federation directives the SDL imports (see the file).
const FEDERATION_DEFINITIONS: &str = include_str!("federation.graphql");

/// The definition of `@authenticated`, imported when the SDL carries authorization.
const AUTHENTICATED_DEFINITION: &str =
    "directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM\n\n";

/// schema.graphql: the subgraph schema, as `_service { sdl }` gives it, and after it the
/// definitions of the federation directives it imports, so that a tool that knows nothing of
/// federation (graphql-js `buildSchema`, linters, code generators) loads it as it is, and
/// composition takes it as the subgraph's.
pub fn subgraph_schema(options: &SdlOptions) -> String {
    let mut out = sdl(options);
    if options.auth {
        out.push_str(AUTHENTICATED_DEFINITION);
    }
    out + FEDERATION_DEFINITIONS
}

/// Where each custom scalar's format is specified, as its `specified_by_url` says (a test holds
/// the two together): the SDL that async-graphql prints leaves it out.
const SPECIFIED_BY: [(&str, &str); 2] = [
    ("Date", "https://www.rfc-editor.org/rfc/rfc3339#section-5.6"),
    ("JSON", "https://www.rfc-editor.org/rfc/rfc8259"),
];

/// `sdl` with each custom scalar's `@specifiedBy`.
fn with_specified_by(sdl: &str) -> String {
    let mut out = String::with_capacity(sdl.len() + 200);
    for line in sdl.lines() {
        out.push_str(line);
        if let Some((_, url)) = SPECIFIED_BY
            .iter()
            .find(|(name, _)| line.strip_prefix("scalar ") == Some(*name))
        {
            out.push_str(&format!(" @specifiedBy(url: \"{url}\")"));
        }
        out.push('\n');
    }
    out
}

/// The fields and types federation adds for the router, which a client never calls.
const FEDERATION_ONLY: [&str; 3] = ["scalar _Any", "union _Entity", "type _Service"];

/// docs/client-schema.graphql: the API as a client sees it, for client code generators and
/// document validators: the schema without federation's machinery (no `_service`,
/// `_entities`, `_Any`, `_Entity`, `_Service`, no federation directives).
pub fn client_schema() -> String {
    let sdl = super::schema::unlimited().sdl_with_options(SDLExportOptions::new());
    // Definitions are separated by blank lines, each with its description just before it.
    let kept: Vec<String> = sdl
        .split("\n\n")
        .filter(|block| {
            !block
                .lines()
                .any(|line| FEDERATION_ONLY.iter().any(|d| line.starts_with(d)))
        })
        .map(|block| {
            block
                .lines()
                .filter(|line| {
                    !line.starts_with("\t_service: ") && !line.starts_with("\t_entities(")
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    with_specified_by(&kept.join("\n\n"))
}

/// The `@link` async-graphql prints, and what it imports last.
const PRINTED_LINK: &str = "\turl: \"https://specs.apollo.dev/federation/v2.5\",";
const PRINTED_LAST_IMPORT: &str = "\"@requiresScopes\"]";

/// `printed` linked to federation v2.9, with the directives a router reads on each field (and
/// entity) they apply to. Each field's definition ends on the line of its type, so that is
/// where its directives go.
fn annotate(printed: &str, options: &SdlOptions) -> String {
    // async-graphql's own print parses; were it ever not to, it is served as printed (the
    // schema tests would fail first).
    let Ok(doc) = async_graphql::parser::parse_schema(printed) else {
        return printed.to_owned();
    };
    let mut kinds: HashMap<&Name, &TypeKind> = HashMap::new();
    for definition in &doc.definitions {
        if let TypeSystemDefinition::Type(ty) = definition {
            kinds.insert(&ty.node.name.node, &ty.node.kind);
        }
    }
    let schema = Types { kinds };
    // Line number (from 1) → what goes at its end (or, on a type's line, before its `{`).
    let mut added: HashMap<usize, String> = HashMap::new();
    for definition in &doc.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let ty = &ty.node;
        let fields = match &ty.kind {
            TypeKind::Object(object) => &object.fields,
            TypeKind::Interface(interface) => &interface.fields,
            _ => continue,
        };
        let keyed = ty.directives.iter().any(|d| d.node.name.node == "key");
        if options.auth && options.reads_need_token && keyed {
            added
                .entry(ty.name.pos.line)
                .or_default()
                .push_str(" @authenticated");
        }
        for field in fields {
            let directives = schema.directives(&ty.name.node, &field.node, options);
            if !directives.is_empty() {
                added
                    .entry(field.node.ty.pos.line)
                    .or_default()
                    .push_str(&directives);
            }
        }
    }
    let mut imports = String::from("\"@requiresScopes\", \"@cost\", \"@listSize\"");
    if options.auth {
        imports.push_str(", \"@authenticated\"");
    }
    let mut out = String::with_capacity(printed.len() + added.len() * 60);
    for (index, line) in printed.lines().enumerate() {
        if line == PRINTED_LINK {
            out.push_str("\turl: \"https://specs.apollo.dev/federation/v2.9\",\n");
            continue;
        }
        let line = if line.starts_with("\timport: [") && line.ends_with(PRINTED_LAST_IMPORT) {
            line.replace(PRINTED_LAST_IMPORT, &format!("{imports}]"))
        } else {
            line.to_owned()
        };
        match added.get(&(index + 1)) {
            Some(more) => match line.strip_suffix(" {") {
                Some(head) => {
                    out.push_str(head);
                    out.push_str(more);
                    out.push_str(" {");
                }
                None => {
                    out.push_str(&line);
                    out.push_str(more);
                }
            },
            None => out.push_str(&line),
        }
        out.push('\n');
    }
    out
}

/// The schema's types by name, to say what each field's directives are.
struct Types<'a> {
    kinds: HashMap<&'a Name, &'a TypeKind>,
}

impl Types<'_> {
    /// The list fields of a connection type (its `edges` and `nodes`): what its page size sizes.
    fn sized_fields(&self, ty: &Name) -> Option<Vec<&Name>> {
        if !ty.ends_with("Connection") {
            return None;
        }
        match self.kinds.get(ty) {
            Some(TypeKind::Object(object)) => Some(
                object
                    .fields
                    .iter()
                    .filter(|f| matches!(f.node.ty.node.base, BaseType::List(_)))
                    .map(|f| &f.node.name.node)
                    .collect(),
            ),
            _ => None,
        }
    }

    fn is_composite(&self, ty: &Name) -> bool {
        matches!(
            self.kinds.get(ty),
            Some(TypeKind::Object(_) | TypeKind::Interface(_) | TypeKind::Union(_))
        )
    }

    /// What goes after the type of `parent.field`, each with a space before it.
    fn directives(&self, parent: &Name, field: &FieldDefinition, options: &SdlOptions) -> String {
        let mut out = String::new();
        let (named, list) = named(&field.ty.node);
        if let Some(sized) = self.sized_fields(&named) {
            // A page: as many items as `first` or `last` asks, else the default page.
            let slicing: Vec<&str> = field
                .arguments
                .iter()
                .map(|a| a.node.name.node.as_str())
                .filter(|a| matches!(*a, "first" | "last"))
                .collect();
            out.push_str(&format!(" @listSize(assumedSize: {DEFAULT_PAGE_SIZE}"));
            if !slicing.is_empty() {
                out.push_str(&format!(", slicingArguments: {}", quoted(slicing)));
            }
            out.push_str(&format!(
                ", sizedFields: {}, requireOneSlicingArgument: false)",
                quoted(sized.iter().map(|s| s.as_str()))
            ));
        } else if list && self.is_composite(&named) && !parent.ends_with("Connection") {
            // A connection's own lists are sized by the field that returns it.
            let assumed = if parent.as_str() == "Query" && field.name.node == "nodes" {
                options.max_ids as u64
            } else {
                ASSUMED_LIST_SIZE
            };
            out.push_str(&format!(" @listSize(assumedSize: {assumed})"));
        }
        if field.name.node == "totalCount" {
            // A count of the whole list: a statement of its own.
            out.push_str(" @cost(weight: 1)");
        }
        if options.auth {
            match access::needed(parent, &field.name.node) {
                Some(role) => out.push_str(&format!(" @requiresScopes(scopes: {})", scopes(role))),
                None if options.reads_need_token
                    && matches!(parent.as_str(), "Query" | "Subscription") =>
                {
                    out.push_str(" @authenticated");
                }
                None => {}
            }
        }
        out
    }
}

/// The scopes that stand for `role` or any above it, one per alternative: a token's role
/// is its scope.
pub fn scopes(role: Role) -> String {
    let roles: &[&str] = match role {
        Role::Viewer => &["viewer", "editor", "admin"],
        Role::Editor => &["editor", "admin"],
        Role::Admin => &["admin"],
    };
    let alternatives: Vec<String> = roles.iter().map(|r| format!("[\"{r}\"]")).collect();
    format!("[{}]", alternatives.join(", "))
}

fn quoted<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<String> = names.into_iter().map(|n| format!("\"{n}\"")).collect();
    format!("[{}]", names.join(", "))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use async_graphql::Positioned;
    use std::collections::HashSet;

    /// The coordinates (`Type.field`) of every field `sdl` gives `directive`.
    fn fields_with(sdl: &str, directive: &str) -> HashSet<String> {
        let Ok(doc) = async_graphql::parser::parse_schema(sdl) else {
            return HashSet::new();
        };
        let mut out = HashSet::new();
        for definition in &doc.definitions {
            let TypeSystemDefinition::Type(ty) = definition else {
                continue;
            };
            let fields: &[Positioned<FieldDefinition>] = match &ty.node.kind {
                TypeKind::Object(object) => &object.fields,
                TypeKind::Interface(interface) => &interface.fields,
                _ => continue,
            };
            for field in fields {
                if field
                    .node
                    .directives
                    .iter()
                    .any(|d| d.node.name.node == directive)
                {
                    out.insert(format!("{}.{}", ty.node.name.node, field.node.name.node));
                }
            }
        }
        out
    }

    #[test]
    fn the_sdl_links_federation_2_9_and_imports_what_it_uses() {
        let plain = sdl(&SdlOptions::default());
        assert!(plain.contains("url: \"https://specs.apollo.dev/federation/v2.9\""));
        assert!(plain.contains("\"@requiresScopes\", \"@cost\", \"@listSize\"]"));
        assert!(!plain.contains("@authenticated"));
        assert!(!plain.contains(" @requiresScopes(scopes"));
        let auth = sdl(&SdlOptions {
            auth: true,
            ..SdlOptions::default()
        });
        assert!(auth.contains("\"@listSize\", \"@authenticated\"]"));
        assert!(auth.contains(" @requiresScopes(scopes: [[\"admin\"]])"));
    }

    #[test]
    fn every_connection_and_list_of_records_is_sized() {
        let sdl = sdl(&SdlOptions::default());
        let sized = fields_with(&sdl, "listSize");
        for field in [
            "Query.alliances",
            "Query.search",
            "Query.changes",
            "Query.nodes",
            "Hub.history",
            "Hub.conflicts",
            "Region.hubs",
        ] {
            assert!(sized.contains(field), "{field}");
        }
        assert!(sdl.contains(
            "@listSize(assumedSize: 50, slicingArguments: [\"first\", \"last\"], sizedFields: [\"edges\", \"nodes\"], requireOneSlicingArgument: false)"
        ));
        // Every list of objects is sized by its field or, in a connection, by the field that
        // returns it: none is left to a router's default.
        let doc = async_graphql::parser::parse_schema(&sdl).unwrap();
        let mut composite = HashSet::new();
        for definition in &doc.definitions {
            if let TypeSystemDefinition::Type(ty) = definition
                && matches!(
                    ty.node.kind,
                    TypeKind::Object(_) | TypeKind::Interface(_) | TypeKind::Union(_)
                )
            {
                composite.insert(ty.node.name.node.to_string());
            }
        }
        for definition in &doc.definitions {
            let TypeSystemDefinition::Type(ty) = definition else {
                continue;
            };
            let TypeKind::Object(object) = &ty.node.kind else {
                continue;
            };
            if ty.node.name.node.ends_with("Connection") {
                continue;
            }
            for field in &object.fields {
                let (named, list) = named(&field.node.ty.node);
                if list && composite.contains(named.as_str()) {
                    let coordinate = format!("{}.{}", ty.node.name.node, field.node.name.node);
                    assert!(sized.contains(&coordinate), "{coordinate} has no @listSize");
                }
            }
        }
    }

    #[test]
    fn the_annotated_sdl_gives_the_cost_model_its_sizes() {
        let sdl = sdl(&SdlOptions::default());
        let model = super::super::cost::CostModel::from_sdl(&sdl).unwrap();
        let doc = async_graphql::parser::parse_query(
            "{ alliances(first: 7) { nodes { regions(first: 2) { totalCount nodes { id } } } } }",
        )
        .unwrap();
        let cost = model.cost(&doc, None, &Default::default()).unwrap();
        // The page 1, 7 alliances each 1 + its regions' page 1 + count 1 + 2 regions.
        assert_eq!(cost, 1 + 7 * (1 + 1 + 1 + 2));
    }
}
