//! When integrated care boards, hubs and alliances began (and ended, where they did): the
//! bounds `activeOn` reads, with how much of each date is known. Genomic Medicine Centres have
//! theirs already; a project's are its start and end dates.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{date_null, string_len_null};

use crate::table;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 3] = ["icb", "hub", "alliance"];
const COLUMNS: [&str; 4] = [
    "valid_from",
    "valid_from_precision",
    "valid_to",
    "valid_to_precision",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in TABLES {
            table::add_columns(
                manager,
                name,
                vec![
                    date_null(Alias::new("valid_from")),
                    string_len_null(Alias::new("valid_from_precision"), 8),
                    date_null(Alias::new("valid_to")),
                    string_len_null(Alias::new("valid_to_precision"), 8),
                ],
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in TABLES {
            table::drop_columns(manager, name, &COLUMNS).await?;
        }
        Ok(())
    }
}
