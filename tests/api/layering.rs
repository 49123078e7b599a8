//! The layering of the source, checked: which modules may not name which. A cycle or a reach
//! across layers that comes back fails here, with the file and the line.

use std::path::{Path, PathBuf};

/// The Rust files under `dir` (or the one file it names), relative to the crate.
fn sources(relative: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let mut found = Vec::new();
    let mut pending = vec![root];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("a readable folder") {
                pending.push(entry.expect("an entry").path());
            }
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
    assert!(!found.is_empty(), "no sources under {relative}");
    found
}

/// The code lines (not comments) of the files under `of` that mention any of `names`.
fn mentions(of: &str, names: &[&str]) -> Vec<String> {
    let mut hits = Vec::new();
    for file in sources(of) {
        let text = std::fs::read_to_string(&file).expect("a readable file");
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            if names.iter().any(|name| code.contains(name)) {
                hits.push(format!("{}:{}: {code}", file.display(), n + 1));
            }
        }
    }
    hits
}

#[test]
fn each_layer_names_only_the_layers_below_it() {
    let rules: &[(&str, &[&str], &str)] = &[
        (
            "src/service",
            &["crate::graphql", "crate::http", "async_graphql", "axum"],
            "services are usable without GraphQL or HTTP",
        ),
        (
            "src/service",
            &["\"input."],
            "services report a write's field by its own name; the GraphQL layer names the input path",
        ),
        (
            "src/service",
            &["global_id(\""],
            "a kind's id prefix comes from its Kind, not a string",
        ),
        (
            "src/db",
            &["crate::graphql", "crate::http", "crate::service"],
            "the database layer is below the services",
        ),
        (
            "entity/src",
            &["gms_graph", "async_graphql", "axum"],
            "entities have no API dependency",
        ),
        (
            "src/config.rs",
            &["crate::graphql", "crate::http"],
            "the configuration is read before any layer is built",
        ),
        (
            "src/graphql/values",
            &[
                "graphql::types",
                "graphql::filters",
                "super::types",
                "super::filters",
            ],
            "ids, enums and scalars are below the types and filters that share them",
        ),
        (
            "src/graphql/filters",
            &["graphql::types", "super::types"],
            "filters are below the types whose fields take them",
        ),
        (
            "src/graphql",
            &["crate::http"],
            "the schema is below its transports",
        ),
        (
            "src/service/kinds.rs",
            &["super::listing", "super::filter"],
            "the kinds and their relations are below the listings and filters over them",
        ),
        (
            "src/service/filter.rs",
            &["super::listing"],
            "filters are below the listings that apply them",
        ),
    ];
    let mut broken = Vec::new();
    for (of, names, why) in rules {
        for hit in mentions(of, names) {
            broken.push(format!("{why}: {hit}"));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}
