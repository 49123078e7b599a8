//! The listing indexes end with each table's natural key rather than its `id`: an ordering's
//! last tie-break is now the natural key, so that a cursor, which carries the ordering's values,
//! reveals no surrogate id. Same names, same leading columns.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (name, table, leading columns, the old tie-break, the new one)
const INDEXES: &[(&str, &str, &[&str], &str)] = &[
    ("ix_course_title", "training_course", &["title"], "slug"),
    (
        "ix_course_format_title",
        "training_course",
        &["format", "title"],
        "slug",
    ),
    (
        "ix_course_provider_title",
        "training_course",
        &["provider", "title"],
        "slug",
    ),
    (
        "ix_course_alliance_title",
        "training_course",
        &["alliance_id", "title"],
        "slug",
    ),
    (
        "ix_project_title",
        "transformation_project",
        &["title"],
        "slug",
    ),
    (
        "ix_project_theme_status_title",
        "transformation_project",
        &["theme", "status", "title"],
        "slug",
    ),
    (
        "ix_project_start_date",
        "transformation_project",
        &["start_date"],
        "slug",
    ),
    ("ix_trust_name", "trust", &["name"], "ods_code"),
    // The natural key is already its last column.
    (
        "ix_trust_region_ods_code",
        "trust",
        &["region_id", "ods_code"],
        "",
    ),
];

async fn recreate(
    manager: &SchemaManager<'_>,
    tie_break: impl Fn(&str) -> Option<&'static str>,
) -> Result<(), DbErr> {
    for (name, table, leading, key) in INDEXES {
        manager
            .drop_index(
                Index::drop()
                    .name(*name)
                    .table(Alias::new(*table))
                    .to_owned(),
            )
            .await?;
        let mut index = Index::create();
        index.name(*name).table(Alias::new(*table));
        for column in *leading {
            index.col(Alias::new(*column));
        }
        if let Some(last) = tie_break(key) {
            index.col(Alias::new(last));
        }
        manager.create_index(index).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// On one connection, on every backend: SQLite served from a pool may otherwise drop an index
    /// on one connection and create it again on another that does not yet see it gone.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        recreate(manager, |key| match key {
            "slug" => Some("slug"),
            "ods_code" => Some("ods_code"),
            _ => None,
        })
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        recreate(manager, |_| Some("id")).await
    }
}
