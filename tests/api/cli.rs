//! The command line: clear one-line errors, never a panic; seed and export-schema.

use std::process::{Command, Output};

use sea_orm::EntityTrait;

use crate::backend::TestDatabase;

pub(crate) fn gms_graph(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gms-graph"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("GMS_BIND")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gms-graph")
}

/// The command failed with exactly one line on stderr, and no panic.
pub(crate) fn fails_with_one_line(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "should fail: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    stderr
}

#[test]
fn a_malformed_database_url_is_one_clear_line() {
    let out = gms_graph(&["migrate", "--database-url", "oracle://nowhere"]);
    let err = fails_with_one_line(&out);
    assert!(err.contains("unsupported database URL"), "{err}");
}

#[test]
fn an_unreachable_database_is_one_clear_line() {
    let out = gms_graph(&[
        "serve",
        "--database-url",
        "postgres://postgres:secret@127.0.0.1:1/gms",
        "--db-timeout-secs",
        "1",
    ]);
    let err = fails_with_one_line(&out);
    assert!(err.contains("cannot connect to the database"), "{err}");
    assert!(!err.contains("secret"), "the password is not shown: {err}");
}

#[tokio::test]
async fn a_port_in_use_is_one_clear_line() {
    let database = TestDatabase::create().await;
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let url = database.url.clone();
    let out = gms_graph(&["serve", "--bind", &addr, "--database-url", &url]);
    let err = fails_with_one_line(&out);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
}

#[tokio::test]
async fn seed_is_idempotent_from_the_command_line() {
    let database = TestDatabase::create().await;
    let url = database.url.clone();
    let first = gms_graph(&["seed", "--database-url", &url]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let first = String::from_utf8_lossy(&first.stdout).into_owned();
    assert!(
        first.contains("seeded the bundled network: ") && !first.contains(" 0 inserted"),
        "{first}"
    );
    let second = gms_graph(&["seed", "--database-url", &url]);
    let second = String::from_utf8_lossy(&second.stdout).into_owned();
    assert!(
        second.contains("0 inserted, 0 updated, 0 deleted"),
        "{second}"
    );
}

#[tokio::test]
async fn seed_with_a_missing_or_broken_file_is_one_clear_line() {
    let database = TestDatabase::create().await;
    let url = database.url.clone();
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("missing.json");
    let err = fails_with_one_line(&gms_graph(&[
        "seed",
        "--file",
        &missing.display().to_string(),
        "--database-url",
        &url,
    ]));
    assert!(err.contains("cannot read"), "{err}");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{ \"regions\": [ }").expect("write");
    let err = fails_with_one_line(&gms_graph(&[
        "seed",
        "--file",
        &broken.display().to_string(),
        "--database-url",
        &url,
    ]));
    assert!(
        err.contains("broken.json") && err.contains("line 1"),
        "{err}"
    );
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    // export-schema's 300 KB is more than a pipe holds, so its writes meet the closed pipe.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gms-graph"))
        .arg("export-schema")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("gms-graph");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("the first bytes");
    // The pipe is closed now, as `head` closes it.
    let out = child.wait_with_output().expect("exit");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn export_schema_prints_schema_graphql() {
    let out = gms_graph(&["export-schema"]);
    assert!(out.status.success());
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
        .expect("schema.graphql");
    assert!(
        String::from_utf8_lossy(&out.stdout) == committed,
        "export-schema differs from schema.graphql"
    );
    let out = gms_graph(&["export-schema", "--client"]);
    assert!(out.status.success());
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/client-schema.graphql"
    ))
    .expect("docs/client-schema.graphql");
    assert!(
        String::from_utf8_lossy(&out.stdout) == committed,
        "export-schema --client differs from docs/client-schema.graphql"
    );
}

#[tokio::test]
async fn seed_synthetic_from_the_command_line() {
    let database = TestDatabase::create().await;
    let url = database.url.clone();
    let out = gms_graph(&[
        "seed",
        "--synthetic",
        "--scale",
        "1",
        "--database-url",
        &url,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("synthetic: 50 trusts, 200 projects, 1000 courses inserted"),
        "{stdout}"
    );

    let err = fails_with_one_line(&gms_graph(&[
        "seed",
        "--synthetic",
        "--scale",
        "0",
        "--database-url",
        &url,
    ]));
    assert!(err.contains("--scale must be from 1 to 1000"), "{err}");
    // --scale means nothing without --synthetic: clap refuses it (its usage lines follow).
    let out = gms_graph(&["seed", "--scale", "3", "--database-url", &url]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--synthetic"));
}

#[tokio::test]
async fn tokens_are_created_listed_and_revoked_from_the_command_line() {
    let database = TestDatabase::create().await;
    let url = database.url.clone();
    let out = gms_graph(&[
        "token",
        "create",
        "--name",
        "east-cms",
        "--role",
        "editor",
        "--database-url",
        &url,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let token = stdout
        .lines()
        .last()
        .expect("the token, on the last line")
        .to_owned();
    assert!(token.starts_with("gms_") && token.len() > 40, "{stdout}");

    let list =
        String::from_utf8_lossy(&gms_graph(&["token", "list", "--database-url", &url]).stdout)
            .into_owned();
    assert!(
        list.contains("editor\teast-cms") && list.contains("active"),
        "{list}"
    );
    assert!(
        !list.contains(&token),
        "the token itself is never shown again"
    );
    // Only a hash is stored: not in any column, nor, on SQLite, anywhere in the files.
    let db = sea_orm::Database::connect(&url).await.expect("connect");
    let rows = entity::api_token::Entity::find()
        .all(&db)
        .await
        .expect("tokens");
    assert_eq!(rows.len(), 1);
    assert!(
        !format!("{rows:?}").contains(&token),
        "only a hash is stored"
    );
    db.close().await.ok();
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .and_then(|rest| rest.split('?').next())
    {
        let stored = std::fs::read(path).expect("database file");
        let wal = std::fs::read(format!("{path}-wal")).unwrap_or_default();
        let needle = token.as_bytes();
        for bytes in [&stored, &wal] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "only a hash is stored"
            );
        }
    }

    let id = list.split('\t').next().expect("id").trim().to_owned();
    let out = gms_graph(&["token", "revoke", &id, "--database-url", &url]);
    assert!(out.status.success());
    let list =
        String::from_utf8_lossy(&gms_graph(&["token", "list", "--database-url", &url]).stdout)
            .into_owned();
    assert!(list.contains("revoked"), "{list}");

    let err = fails_with_one_line(&gms_graph(&[
        "token",
        "revoke",
        "999",
        "--database-url",
        &url,
    ]));
    assert!(err.contains("no token 999"), "{err}");
    let err = fails_with_one_line(&gms_graph(&[
        "token",
        "create",
        "--name",
        " ",
        "--role",
        "admin",
        "--database-url",
        &url,
    ]));
    assert!(err.contains("name"), "{err}");
}
