//! The listing indexes end with each table's natural key rather than its `id`: an ordering's
//! last tie-break is now the natural key, so that a cursor, which carries the ordering's values,
//! reveals no surrogate id. Each new index (the old name with `_by_key`) is made before the old
//! one is dropped: no statement depends on another's having been seen, so the migration needs no
//! transaction, which MySQL/MariaDB would end at the first DDL statement anyway.

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

fn create(name: &str, table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(Alias::new(table));
    for column in columns {
        index.col(Alias::new(*column));
    }
    index
}

fn drop(name: &str, table: &str) -> IndexDropStatement {
    Index::drop().name(name).table(Alias::new(table)).to_owned()
}

/// The index of `leading` columns and `last` (none if empty).
fn columns<'a>(leading: &[&'a str], last: &'a str) -> Vec<&'a str> {
    let mut columns = leading.to_vec();
    if !last.is_empty() {
        columns.push(last);
    }
    columns
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, leading, key) in INDEXES {
            let by_key = format!("{name}_by_key");
            manager
                .create_index(create(&by_key, table, &columns(leading, key)))
                .await?;
            manager.drop_index(drop(name, table)).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, leading, _) in INDEXES {
            manager
                .create_index(create(name, table, &columns(leading, "id")))
                .await?;
            manager
                .drop_index(drop(&format!("{name}_by_key"), table))
                .await?;
        }
        Ok(())
    }
}
