//! The Genomic Medicine Centres of the 100,000 Genomes Project, the Genomic Networks of
//! Excellence, and the timeline of the network.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date_null, integer_null, json, pk_auto, string, string_len, string_len_null, text, text_null,
};

use crate::table::{self, fk, index, record};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GenomicMedicineCentre {
    Table,
    Id,
    Slug,
    Name,
    LeadTrustId,
    LeadAsStated,
    LeadConfidence,
    LeadOdsMapping,
    ValidFrom,
    ValidFromPrecision,
    ValidTo,
    ValidToPrecision,
    Partners,
}

#[derive(DeriveIden)]
enum NetworkOfExcellence {
    Table,
    Id,
    Slug,
    Topic,
    Summary,
    Lead,
    LeadConfidence,
    LeadQuote,
    LeadAlliances,
    Partners,
}

#[derive(DeriveIden)]
enum TimelineEvent {
    Table,
    Id,
    Slug,
    Date,
    DatePrecision,
    Event,
    Confidence,
}

#[derive(DeriveIden)]
enum Trust {
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
                    .table(GenomicMedicineCentre::Table)
                    .col(pk_auto(GenomicMedicineCentre::Id))
                    .col(string_len(GenomicMedicineCentre::Slug, 128))
                    .col(string(GenomicMedicineCentre::Name))
                    .col(integer_null(GenomicMedicineCentre::LeadTrustId))
                    .col(text_null(GenomicMedicineCentre::LeadAsStated))
                    .col(string_len(GenomicMedicineCentre::LeadConfidence, 16))
                    .col(text_null(GenomicMedicineCentre::LeadOdsMapping))
                    .col(date_null(GenomicMedicineCentre::ValidFrom))
                    .col(string_len_null(
                        GenomicMedicineCentre::ValidFromPrecision,
                        8,
                    ))
                    .col(date_null(GenomicMedicineCentre::ValidTo))
                    .col(string_len_null(GenomicMedicineCentre::ValidToPrecision, 8))
                    .col(json(GenomicMedicineCentre::Partners))
                    .foreign_key(&mut fk(
                        (
                            GenomicMedicineCentre::Table,
                            GenomicMedicineCentre::LeadTrustId,
                        ),
                        (Trust::Table, Trust::Id),
                    )),
            )
            .to_owned(),
        )
        .await?;
        table::create(
            manager,
            record(
                Table::create()
                    .table(NetworkOfExcellence::Table)
                    .col(pk_auto(NetworkOfExcellence::Id))
                    .col(string_len(NetworkOfExcellence::Slug, 128))
                    .col(string(NetworkOfExcellence::Topic))
                    .col(text_null(NetworkOfExcellence::Summary))
                    .col(text_null(NetworkOfExcellence::Lead))
                    .col(string_len(NetworkOfExcellence::LeadConfidence, 16))
                    .col(text_null(NetworkOfExcellence::LeadQuote))
                    .col(json(NetworkOfExcellence::LeadAlliances))
                    .col(text_null(NetworkOfExcellence::Partners)),
            )
            .to_owned(),
        )
        .await?;
        table::create(
            manager,
            record(
                Table::create()
                    .table(TimelineEvent::Table)
                    .col(pk_auto(TimelineEvent::Id))
                    .col(string_len(TimelineEvent::Slug, 160))
                    .col(date_null(TimelineEvent::Date))
                    .col(string_len_null(TimelineEvent::DatePrecision, 8))
                    .col(text(TimelineEvent::Event))
                    .col(string_len(TimelineEvent::Confidence, 16)),
            )
            .to_owned(),
        )
        .await?;
        for index in [
            index(GenomicMedicineCentre::Table, &["slug"], true),
            index(GenomicMedicineCentre::Table, &["name"], false),
            index(GenomicMedicineCentre::Table, &["lead_trust_id"], false),
            index(NetworkOfExcellence::Table, &["slug"], true),
            index(NetworkOfExcellence::Table, &["topic"], false),
            index(TimelineEvent::Table, &["slug"], true),
            index(TimelineEvent::Table, &["date", "slug"], false),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        table::drop(manager, TimelineEvent::Table).await?;
        table::drop(manager, NetworkOfExcellence::Table).await?;
        table::drop(manager, GenomicMedicineCentre::Table).await
    }
}
