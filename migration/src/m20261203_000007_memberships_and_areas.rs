//! Hub memberships (the lead and partner organisations of each hub), the integrated care boards
//! each hub and alliance serves, how much of each region they cover, and the views that say
//! which hubs serve a trust, a site and an ICB.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, integer_null, json, pk_auto, string, string_len, string_len_null, text, text_null,
};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::table::{self, fk, index, record};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum HubMembership {
    Table,
    Id,
    Slug,
    HubId,
    TrustId,
    NameAsStated,
    Role,
    RoleConfidence,
    RoleAsStated,
    OdsMapping,
    Quote,
}

#[derive(DeriveIden)]
enum Hub {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Alliance {
    Table,
}

#[derive(DeriveIden)]
enum Trust {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Icb {
    Table,
    Id,
}

/// An area link's columns besides its two ends.
#[derive(DeriveIden)]
enum Area {
    IcbId,
    Coverage,
    Confidence,
    Basis,
    Quote,
    Note,
    Sources,
}

/// Which hubs serve a trust, strongest basis first: the hubs it is a member of; else the hubs
/// serving its ICB (a trust in an ICB a hub serves only in part, or unclearly, is only
/// UNCONFIRMED to be served by it); else the hubs covering its region. `ambiguous` is 1 where
/// the data does not single out one hub: a trust in several hubs, an ICB that no single hub
/// serves whole, a region covered by several hubs.
const TRUST_SERVING_HUB: &str = "CREATE VIEW trust_serving_hub AS
SELECT m.trust_id AS trust_id, m.hub_id AS hub_id, 'MEMBERSHIP' AS basis, NULL AS coverage,
       m.role_confidence AS confidence,
       CASE WHEN (SELECT COUNT(DISTINCT o.hub_id) FROM hub_membership o
                  WHERE o.trust_id = m.trust_id) > 1 THEN 1 ELSE 0 END AS ambiguous,
       COALESCE(m.role_as_stated, m.role) AS explanation, m.sources AS sources
  FROM hub_membership m
 WHERE m.trust_id IS NOT NULL
UNION ALL
SELECT t.id, l.hub_id, 'ICB', l.coverage,
       CASE WHEN l.coverage = 'WHOLE' THEN l.confidence ELSE 'UNCONFIRMED' END,
       CASE WHEN (SELECT COUNT(*) FROM hub_icb w
                  WHERE w.icb_id = l.icb_id AND w.coverage = 'WHOLE') = 1 THEN 0 ELSE 1 END,
       l.basis, l.sources
  FROM trust t JOIN hub_icb l ON l.icb_id = t.icb_id
 WHERE NOT EXISTS (SELECT 1 FROM hub_membership m WHERE m.trust_id = t.id)
UNION ALL
SELECT t.id, r.hub_id, 'REGION', NULL, r.confidence,
       CASE WHEN (SELECT COUNT(*) FROM hub_region o
                  WHERE o.region_id = r.region_id) > 1 THEN 1 ELSE 0 END,
       NULL, r.sources
  FROM trust t JOIN hub_region r ON r.region_id = t.region_id
 WHERE NOT EXISTS (SELECT 1 FROM hub_membership m WHERE m.trust_id = t.id)
   AND NOT EXISTS (SELECT 1 FROM hub_icb l WHERE l.icb_id = t.icb_id)";

/// A site is served by its trust's hubs.
const SITE_SERVING_HUB: &str = "CREATE VIEW site_serving_hub AS
SELECT s.id AS site_id, v.hub_id AS hub_id, v.basis AS basis, v.coverage AS coverage,
       v.confidence AS confidence, v.ambiguous AS ambiguous, v.explanation AS explanation,
       v.sources AS sources
  FROM site s JOIN trust_serving_hub v ON v.trust_id = s.trust_id";

/// An ICB is served by the hubs linked to it, ambiguously unless one of them serves it whole.
const ICB_SERVING_HUB: &str = "CREATE VIEW icb_serving_hub AS
SELECT l.icb_id AS icb_id, l.hub_id AS hub_id, 'ICB' AS basis, l.coverage AS coverage,
       l.confidence AS confidence,
       CASE WHEN (SELECT COUNT(*) FROM hub_icb w
                  WHERE w.icb_id = l.icb_id AND w.coverage = 'WHOLE') = 1 THEN 0 ELSE 1 END
         AS ambiguous,
       l.basis AS explanation, l.sources AS sources
  FROM hub_icb l";

const VIEWS: [(&str, &str); 3] = [
    ("trust_serving_hub", TRUST_SERVING_HUB),
    ("site_serving_hub", SITE_SERVING_HUB),
    ("icb_serving_hub", ICB_SERVING_HUB),
];

/// The link table from `owner` (`hub` or `alliance`) to the ICBs it serves.
fn area(owner: &str, owner_table: impl IntoIden + 'static) -> TableCreateStatement {
    let table = Alias::new(format!("{owner}_icb"));
    let owner_id = Alias::new(format!("{owner}_id"));
    Table::create()
        .table(table.clone())
        .col(integer(owner_id.clone()))
        .col(integer(Area::IcbId))
        .col(string_len(Area::Coverage, 16))
        .col(string_len(Area::Confidence, 16))
        .col(text(Area::Basis))
        .col(text_null(Area::Quote))
        .col(text_null(Area::Note))
        .col(json(Area::Sources))
        .primary_key(Index::create().col(owner_id.clone()).col(Area::IcbId))
        .foreign_key(
            &mut fk((table.clone(), owner_id), (owner_table, Alias::new("id")))
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(&mut fk((table, Area::IcbId), (Icb::Table, Icb::Id)))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        table::create(
            manager,
            record(
                Table::create()
                    .table(HubMembership::Table)
                    .col(pk_auto(HubMembership::Id))
                    .col(string_len(HubMembership::Slug, 128))
                    .col(integer(HubMembership::HubId))
                    .col(integer_null(HubMembership::TrustId))
                    .col(string(HubMembership::NameAsStated))
                    .col(string_len(HubMembership::Role, 32))
                    .col(string_len(HubMembership::RoleConfidence, 16))
                    .col(text_null(HubMembership::RoleAsStated))
                    .col(text_null(HubMembership::OdsMapping))
                    .col(text_null(HubMembership::Quote))
                    .foreign_key(&mut fk(
                        (HubMembership::Table, HubMembership::HubId),
                        (Hub::Table, Hub::Id),
                    ))
                    .foreign_key(&mut fk(
                        (HubMembership::Table, HubMembership::TrustId),
                        (Trust::Table, Trust::Id),
                    )),
            )
            .to_owned(),
        )
        .await?;
        table::create(manager, area("hub", Hub::Table)).await?;
        table::create(manager, area("alliance", Alliance::Table)).await?;
        for index in [
            index(HubMembership::Table, &["slug"], true),
            index(HubMembership::Table, &["hub_id"], false),
            index(HubMembership::Table, &["trust_id"], false),
            index(HubMembership::Table, &["name_as_stated"], false),
            index(Alias::new("hub_icb"), &["icb_id"], false),
            index(Alias::new("alliance_icb"), &["icb_id"], false),
        ] {
            manager.create_index(index).await?;
        }
        for link in ["hub_region", "alliance_region"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(link))
                        .add_column(string_len_null(Area::Coverage, 16))
                        .to_owned(),
                )
                .await?;
            if manager.get_database_backend() == DbBackend::Postgres {
                manager
                    .get_connection()
                    .execute_unprepared(&format!(
                        "ALTER TABLE \"{link}\" ALTER COLUMN coverage TYPE varchar(16) COLLATE \"C\""
                    ))
                    .await?;
            }
        }
        let db = manager.get_connection();
        for (_, view) in VIEWS {
            db.execute_unprepared(view).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, _) in VIEWS.iter().rev() {
            db.execute_unprepared(&format!("DROP VIEW IF EXISTS {name}"))
                .await?;
        }
        for link in ["hub_region", "alliance_region"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(link))
                        .drop_column(Area::Coverage)
                        .to_owned(),
                )
                .await?;
        }
        table::drop(manager, Alias::new("alliance_icb")).await?;
        table::drop(manager, Alias::new("hub_icb")).await?;
        table::drop(manager, HubMembership::Table).await
    }
}
