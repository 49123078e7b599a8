//! Indexes for the orderings and filters that connections offer, so that a filtered, ordered
//! page is an index range scan however deep it lies. Each ends with `id`, the tie-break of every
//! ordering.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (name, table, columns)
const INDEXES: &[(&str, &str, &[&str])] = &[
    ("ix_course_title", "training_course", &["title", "id"]),
    (
        "ix_course_format_title",
        "training_course",
        &["format", "title", "id"],
    ),
    (
        "ix_course_provider_title",
        "training_course",
        &["provider", "title", "id"],
    ),
    (
        "ix_course_alliance_title",
        "training_course",
        &["alliance_id", "title", "id"],
    ),
    (
        "ix_project_title",
        "transformation_project",
        &["title", "id"],
    ),
    (
        "ix_project_theme_status_title",
        "transformation_project",
        &["theme", "status", "title", "id"],
    ),
    (
        "ix_project_start_date",
        "transformation_project",
        &["start_date", "id"],
    ),
    ("ix_trust_name", "trust", &["name", "id"]),
    (
        "ix_trust_region_ods_code",
        "trust",
        &["region_id", "ods_code", "id"],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, columns) in INDEXES {
            let mut index = Index::create();
            index.name(*name).table(Alias::new(*table));
            for column in *columns {
                index.col(Alias::new(*column));
            }
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(*name)
                        .table(Alias::new(*table))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
