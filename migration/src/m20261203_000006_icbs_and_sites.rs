//! Integrated care boards and hospital sites, and each trust's ICB.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    double_null, integer, integer_null, pk_auto, string, string_len, string_len_null,
};
use sea_orm_migration::sea_orm::DbBackend;

use crate::table::{self, fk, index, record};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Icb {
    Table,
    Id,
    OdsCode,
    Code,
    Name,
    RegionId,
}

#[derive(DeriveIden)]
enum Site {
    Table,
    Id,
    OdsCode,
    Name,
    TrustId,
    Postcode,
    Latitude,
    Longitude,
}

#[derive(DeriveIden)]
enum Trust {
    Table,
    Id,
    IcbId,
}

#[derive(DeriveIden)]
enum Region {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        table::create(
            manager,
            record(
                Table::create()
                    .table(Icb::Table)
                    .col(pk_auto(Icb::Id))
                    .col(string_len(Icb::OdsCode, 16))
                    .col(string_len(Icb::Code, 16))
                    .col(string(Icb::Name))
                    .col(integer(Icb::RegionId))
                    .foreign_key(&mut fk(
                        (Icb::Table, Icb::RegionId),
                        (Region::Table, Region::Id),
                    )),
            )
            .to_owned(),
        )
        .await?;
        table::create(
            manager,
            record(
                Table::create()
                    .table(Site::Table)
                    .col(pk_auto(Site::Id))
                    .col(string_len(Site::OdsCode, 16))
                    .col(string(Site::Name))
                    .col(integer(Site::TrustId))
                    .col(string_len_null(Site::Postcode, 16))
                    .col(double_null(Site::Latitude))
                    .col(double_null(Site::Longitude))
                    .foreign_key(&mut fk(
                        (Site::Table, Site::TrustId),
                        (Trust::Table, Trust::Id),
                    )),
            )
            .to_owned(),
        )
        .await?;
        // SQLite cannot add a foreign key to a table it has, nor drop a column that has one: there
        // the trust's ICB is checked by the writes alone.
        let mut alter = Table::alter();
        alter
            .table(Trust::Table)
            .add_column(integer_null(Trust::IcbId));
        if manager.get_database_backend() != DbBackend::Sqlite {
            alter.add_foreign_key(
                TableForeignKey::new()
                    .name("fk_trust_icb_id")
                    .from_tbl(Trust::Table)
                    .from_col(Trust::IcbId)
                    .to_tbl(Icb::Table)
                    .to_col(Icb::Id)
                    .on_delete(ForeignKeyAction::Restrict)
                    .on_update(ForeignKeyAction::Cascade),
            );
        }
        manager.alter_table(alter.to_owned()).await?;
        for index in [
            index(Icb::Table, &["ods_code"], true),
            index(Icb::Table, &["code"], true),
            index(Icb::Table, &["region_id"], false),
            index(Icb::Table, &["name"], false),
            index(Site::Table, &["ods_code"], true),
            index(Site::Table, &["trust_id"], false),
            index(Site::Table, &["name"], false),
            index(Trust::Table, &["icb_id"], false),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            manager
                .alter_table(
                    Table::alter()
                        .table(Trust::Table)
                        .drop_foreign_key(Alias::new("fk_trust_icb_id"))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("ix_trust_icb_id")
                    .table(Trust::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Trust::Table)
                    .drop_column(Trust::IcbId)
                    .to_owned(),
            )
            .await?;
        table::drop(manager, Site::Table).await?;
        table::drop(manager, Icb::Table).await
    }
}
