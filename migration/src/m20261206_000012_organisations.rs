//! Organisations the sources name that are not trusts of the ODS data (`organisation`), and a
//! hub membership's link to one (`hub_membership.organisation_id`). On PostgreSQL and MySQL the
//! link is a foreign key; SQLite cannot add one to an existing table, so there the writes check
//! it (and a deletion is refused while a membership names the organisation).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer_null, pk_auto, string, string_len, string_len_null};
use sea_orm_migration::sea_orm::DbBackend;

use crate::table::{self, fk, index, record};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
    Slug,
    Name,
    OdsCode,
}

#[derive(DeriveIden)]
enum HubMembership {
    Table,
    OrganisationId,
}

const FOREIGN_KEY: &str = "fk_hub_membership_organisation_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        table::create(
            manager,
            record(
                Table::create()
                    .table(Organisation::Table)
                    .col(pk_auto(Organisation::Id))
                    .col(string_len(Organisation::Slug, 128))
                    .col(string(Organisation::Name))
                    .col(string_len_null(Organisation::OdsCode, 16)),
            )
            .to_owned(),
        )
        .await?;
        for index in [
            index(Organisation::Table, &["slug"], true),
            index(Organisation::Table, &["name"], false),
        ] {
            manager.create_index(index).await?;
        }
        // An integer column: no collation to set (and `table::add_columns` would re-set the
        // text columns, which PostgreSQL refuses for columns the serving views read).
        manager
            .alter_table(
                Table::alter()
                    .table(HubMembership::Table)
                    .add_column(integer_null(HubMembership::OrganisationId))
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() != DbBackend::Sqlite {
            manager
                .create_foreign_key(
                    fk(
                        (HubMembership::Table, HubMembership::OrganisationId),
                        (Organisation::Table, Organisation::Id),
                    )
                    .name(FOREIGN_KEY)
                    .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(index(HubMembership::Table, &["organisation_id"], false))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The foreign key first: MySQL keeps the index for it.
        if manager.get_database_backend() != DbBackend::Sqlite {
            manager
                .drop_foreign_key(
                    ForeignKey::drop()
                        .name(FOREIGN_KEY)
                        .table(HubMembership::Table)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("ix_hub_membership_organisation_id")
                    .table(HubMembership::Table)
                    .to_owned(),
            )
            .await?;
        table::drop_columns(manager, "hub_membership", &["organisation_id"]).await?;
        table::drop(manager, Organisation::Table).await
    }
}
