//! The network graph: regions, trusts, hubs, alliances, their region coverage, transformation
//! projects with their participants, and training courses.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Region {
    Table,
    Id,
    Code,
    OdsCode,
    Name,
}

#[derive(DeriveIden)]
enum Trust {
    Table,
    Id,
    OdsCode,
    Name,
    Address,
    Postcode,
    Website,
    RegionId,
}

#[derive(DeriveIden)]
enum Hub {
    Table,
    Id,
    Slug,
    Name,
    LeadTrustId,
    CoverageDescription,
}

#[derive(DeriveIden)]
enum Alliance {
    Table,
    Id,
    Slug,
    Name,
    HubId,
    Website,
    HostTrustId,
}

#[derive(DeriveIden)]
enum HubRegion {
    Table,
    HubId,
    RegionId,
    Confidence,
}

#[derive(DeriveIden)]
enum AllianceRegion {
    Table,
    AllianceId,
    RegionId,
    Confidence,
}

#[derive(DeriveIden)]
enum TransformationProject {
    Table,
    Id,
    Slug,
    Title,
    Summary,
    Theme,
    Status,
    StartDate,
    EndDate,
    LeadAllianceId,
    Website,
}

#[derive(DeriveIden)]
enum ProjectParticipant {
    Table,
    ProjectId,
    AllianceId,
}

#[derive(DeriveIden)]
enum TrainingCourse {
    Table,
    Id,
    Slug,
    Title,
    Provider,
    Format,
    Audience,
    DurationMinutes,
    Credits,
    Website,
    AllianceId,
    HubId,
}

/// Columns every record has: a free-text note and its sources (a JSON array of strings).
#[derive(DeriveIden)]
enum Provenance {
    Note,
    Sources,
}

fn provenance(table: &mut TableCreateStatement) -> &mut TableCreateStatement {
    table
        .col(text_null(Provenance::Note))
        .col(json(Provenance::Sources))
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .on_update(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(
    name: &str,
    table: impl IntoIden,
    cols: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(Alias::new(*col));
    }
    if unique {
        index.unique();
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                provenance(
                    Table::create()
                        .table(Region::Table)
                        .col(pk_auto(Region::Id))
                        .col(string_len(Region::Code, 16))
                        .col(string_len(Region::OdsCode, 16))
                        .col(string(Region::Name)),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_table(
                provenance(
                    Table::create()
                        .table(Trust::Table)
                        .col(pk_auto(Trust::Id))
                        .col(string_len(Trust::OdsCode, 16))
                        .col(string(Trust::Name))
                        .col(string_null(Trust::Address))
                        .col(string_len_null(Trust::Postcode, 16))
                        .col(string_null(Trust::Website))
                        .col(integer(Trust::RegionId))
                        .foreign_key(&mut fk(
                            "fk_trust_region",
                            (Trust::Table, Trust::RegionId),
                            (Region::Table, Region::Id),
                            ForeignKeyAction::Restrict,
                        )),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_table(
                provenance(
                    Table::create()
                        .table(Hub::Table)
                        .col(pk_auto(Hub::Id))
                        .col(string_len(Hub::Slug, 128))
                        .col(string(Hub::Name))
                        .col(integer(Hub::LeadTrustId))
                        .col(text_null(Hub::CoverageDescription))
                        .foreign_key(&mut fk(
                            "fk_hub_lead_trust",
                            (Hub::Table, Hub::LeadTrustId),
                            (Trust::Table, Trust::Id),
                            ForeignKeyAction::Restrict,
                        )),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_table(
                provenance(
                    Table::create()
                        .table(Alliance::Table)
                        .col(pk_auto(Alliance::Id))
                        .col(string_len(Alliance::Slug, 128))
                        .col(string(Alliance::Name))
                        .col(integer(Alliance::HubId))
                        .col(string_null(Alliance::Website))
                        .col(integer_null(Alliance::HostTrustId))
                        .foreign_key(&mut fk(
                            "fk_alliance_hub",
                            (Alliance::Table, Alliance::HubId),
                            (Hub::Table, Hub::Id),
                            ForeignKeyAction::Restrict,
                        ))
                        .foreign_key(&mut fk(
                            "fk_alliance_host_trust",
                            (Alliance::Table, Alliance::HostTrustId),
                            (Trust::Table, Trust::Id),
                            ForeignKeyAction::SetNull,
                        )),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(HubRegion::Table)
                    .col(integer(HubRegion::HubId))
                    .col(integer(HubRegion::RegionId))
                    .col(string_len(HubRegion::Confidence, 16))
                    .col(json(Provenance::Sources))
                    .primary_key(
                        Index::create()
                            .col(HubRegion::HubId)
                            .col(HubRegion::RegionId),
                    )
                    .foreign_key(&mut fk(
                        "fk_hub_region_hub",
                        (HubRegion::Table, HubRegion::HubId),
                        (Hub::Table, Hub::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_hub_region_region",
                        (HubRegion::Table, HubRegion::RegionId),
                        (Region::Table, Region::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AllianceRegion::Table)
                    .col(integer(AllianceRegion::AllianceId))
                    .col(integer(AllianceRegion::RegionId))
                    .col(string_len(AllianceRegion::Confidence, 16))
                    .col(json(Provenance::Sources))
                    .primary_key(
                        Index::create()
                            .col(AllianceRegion::AllianceId)
                            .col(AllianceRegion::RegionId),
                    )
                    .foreign_key(&mut fk(
                        "fk_alliance_region_alliance",
                        (AllianceRegion::Table, AllianceRegion::AllianceId),
                        (Alliance::Table, Alliance::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_alliance_region_region",
                        (AllianceRegion::Table, AllianceRegion::RegionId),
                        (Region::Table, Region::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                provenance(
                    Table::create()
                        .table(TransformationProject::Table)
                        .col(pk_auto(TransformationProject::Id))
                        .col(string_len(TransformationProject::Slug, 128))
                        .col(string(TransformationProject::Title))
                        .col(text(TransformationProject::Summary))
                        .col(string_len(TransformationProject::Theme, 32))
                        .col(string_len(TransformationProject::Status, 16))
                        .col(date_null(TransformationProject::StartDate))
                        .col(date_null(TransformationProject::EndDate))
                        .col(integer_null(TransformationProject::LeadAllianceId))
                        .col(string_null(TransformationProject::Website))
                        .foreign_key(&mut fk(
                            "fk_project_lead_alliance",
                            (
                                TransformationProject::Table,
                                TransformationProject::LeadAllianceId,
                            ),
                            (Alliance::Table, Alliance::Id),
                            ForeignKeyAction::SetNull,
                        )),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProjectParticipant::Table)
                    .col(integer(ProjectParticipant::ProjectId))
                    .col(integer(ProjectParticipant::AllianceId))
                    .col(json(Provenance::Sources))
                    .primary_key(
                        Index::create()
                            .col(ProjectParticipant::ProjectId)
                            .col(ProjectParticipant::AllianceId),
                    )
                    .foreign_key(&mut fk(
                        "fk_project_participant_project",
                        (ProjectParticipant::Table, ProjectParticipant::ProjectId),
                        (TransformationProject::Table, TransformationProject::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_project_participant_alliance",
                        (ProjectParticipant::Table, ProjectParticipant::AllianceId),
                        (Alliance::Table, Alliance::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                provenance(
                    Table::create()
                        .table(TrainingCourse::Table)
                        .col(pk_auto(TrainingCourse::Id))
                        .col(string_len(TrainingCourse::Slug, 128))
                        .col(string(TrainingCourse::Title))
                        .col(string(TrainingCourse::Provider))
                        .col(string_len(TrainingCourse::Format, 32))
                        .col(string_null(TrainingCourse::Audience))
                        .col(integer_null(TrainingCourse::DurationMinutes))
                        .col(integer_null(TrainingCourse::Credits))
                        .col(string_null(TrainingCourse::Website))
                        .col(integer_null(TrainingCourse::AllianceId))
                        .col(integer_null(TrainingCourse::HubId))
                        .foreign_key(&mut fk(
                            "fk_course_alliance",
                            (TrainingCourse::Table, TrainingCourse::AllianceId),
                            (Alliance::Table, Alliance::Id),
                            ForeignKeyAction::SetNull,
                        ))
                        .foreign_key(&mut fk(
                            "fk_course_hub",
                            (TrainingCourse::Table, TrainingCourse::HubId),
                            (Hub::Table, Hub::Id),
                            ForeignKeyAction::SetNull,
                        )),
                )
                .to_owned(),
            )
            .await?;

        for index in indexes() {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "training_course",
            "project_participant",
            "transformation_project",
            "alliance_region",
            "hub_region",
            "alliance",
            "hub",
            "trust",
            "region",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// Natural keys are unique; every foreign key has an index (link tables' first key column is
/// covered by their primary key).
fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index("ux_region_code", Region::Table, &["code"], true),
        index("ux_region_ods_code", Region::Table, &["ods_code"], true),
        index("ux_trust_ods_code", Trust::Table, &["ods_code"], true),
        index("ix_trust_region_id", Trust::Table, &["region_id"], false),
        index("ux_hub_slug", Hub::Table, &["slug"], true),
        index("ux_hub_name", Hub::Table, &["name"], true),
        index(
            "ix_hub_lead_trust_id",
            Hub::Table,
            &["lead_trust_id"],
            false,
        ),
        index("ux_alliance_slug", Alliance::Table, &["slug"], true),
        index("ux_alliance_name", Alliance::Table, &["name"], true),
        index("ux_alliance_hub_id", Alliance::Table, &["hub_id"], true),
        index(
            "ix_alliance_host_trust_id",
            Alliance::Table,
            &["host_trust_id"],
            false,
        ),
        index(
            "ix_hub_region_region_id",
            HubRegion::Table,
            &["region_id"],
            false,
        ),
        index(
            "ix_alliance_region_region_id",
            AllianceRegion::Table,
            &["region_id"],
            false,
        ),
        index(
            "ux_project_slug",
            TransformationProject::Table,
            &["slug"],
            true,
        ),
        index(
            "ix_project_lead_alliance_id",
            TransformationProject::Table,
            &["lead_alliance_id"],
            false,
        ),
        index(
            "ix_project_participant_alliance_id",
            ProjectParticipant::Table,
            &["alliance_id"],
            false,
        ),
        index("ux_course_slug", TrainingCourse::Table, &["slug"], true),
        index(
            "ix_course_alliance_id",
            TrainingCourse::Table,
            &["alliance_id"],
            false,
        ),
        index(
            "ix_course_hub_id",
            TrainingCourse::Table,
            &["hub_id"],
            false,
        ),
    ]
}
