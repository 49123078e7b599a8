//! Loading a dataset: every record is matched by its natural key (region code, trust ODS code,
//! slug) and inserted, updated or left alone, in one transaction. Seeding the same file twice
//! changes nothing. A record's region coverage and participants are set to exactly what the
//! file says; records the file does not name are left alone.

pub mod dataset;
pub mod synthetic;

use std::collections::HashMap;
use std::fmt;

use entity::change_log::{self, Action};
use entity::source_conflict::{self, Claim, Claims};
use entity::{
    Keys, Mention, Mentions, Sources, Texts, alliance, alliance_icb, alliance_region,
    conflict_concern, event_concern, genomic_medicine_centre, hub, hub_icb, hub_membership,
    hub_region, icb, network_of_excellence, organisation, project_lead, project_participant,
    region, site, timeline_event, training_course, transformation_project, trust,
};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, IdenStatic, IntoActiveModel, Iterable, ModelTrait,
    PaginatorTrait, QueryFilter, TransactionSession, TransactionTrait, Value,
    sea_query::{Alias, Expr, ExprTrait, Query},
};

pub use dataset::Dataset;

use crate::error::{AppError, AppResult};
use crate::service::concerns::ConcernTable;
use crate::service::kinds::{Kind, Listed};
use crate::service::listing::Columns;
use crate::service::records;
use crate::service::write::check::{ENGLAND_LATITUDE, ENGLAND_LONGITUDE};

/// What a seed run did, table by table.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub inserted: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
}

impl SeedReport {
    /// Whether the run changed anything.
    pub fn changed(&self) -> bool {
        self.inserted + self.updated + self.deleted > 0
    }
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} inserted, {} updated, {} deleted, {} unchanged",
            self.inserted, self.updated, self.deleted, self.unchanged
        )
    }
}

/// Seeds the bundled dataset when the database holds no regions yet. Replicas starting together
/// on one empty database race for it: the loser's insert meets the winner's unique keys once the
/// winner has committed, and it then finds the database seeded.
pub async fn seed_if_empty(
    db: &(impl ConnectionTrait + TransactionTrait),
) -> AppResult<Option<SeedReport>> {
    if region::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    match seed(db, &Dataset::bundled()?).await {
        Err(AppError::Database(err))
            if matches!(
                err.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) && region::Entity::find().count(db).await? > 0 =>
        {
            Ok(None)
        }
        other => other.map(Some),
    }
}

/// Loads `data` into the database, all or nothing. Every record and link it inserts, updates or
/// deletes is in the change log, by the actor `seed:<origin>`, in the same transaction; a run
/// that changes nothing writes nothing.
///
/// A seed that changed something then refreshes the planner's statistics ([`analyze`]).
pub async fn seed(
    db: &(impl ConnectionTrait + TransactionTrait),
    data: &Dataset,
) -> AppResult<SeedReport> {
    let report = seed_without_analyze(db, data).await?;
    if report.changed() {
        analyze(db).await;
    }
    Ok(report)
}

/// Refreshes the query planner's statistics after a seed, on PostgreSQL, as its documentation
/// advises after a bulk load: without them every table is planned at a default size (hundreds of
/// rows for the seven hubs), until autovacuum analyzes the tables where 50 rows have changed, or
/// never where it is off (bench/BENCHMARKS.md, "PostgreSQL's plans"). SQLite and MySQL are left as
/// they are (see there). Called once the seed has committed: a failure here is logged, not
/// returned, as nothing of the data is lost. It analyzes the whole database, as the seed's tables
/// are most of it.
pub async fn analyze(db: &impl ConnectionTrait) {
    if db.get_database_backend() == sea_orm::DbBackend::Postgres
        && let Err(err) = db.execute_unprepared("ANALYZE").await
    {
        tracing::warn!(error = %err, "could not refresh the planner's statistics after the seed");
    }
}

/// [`seed`] without the statistics, for a caller that seeds more before refreshing them.
pub(crate) async fn seed_without_analyze(
    db: &impl TransactionTrait,
    data: &Dataset,
) -> AppResult<SeedReport> {
    let txn = db.begin().await?;
    let mut report = SeedReport::default();
    let mut seeder = Seeder {
        db: &txn,
        report: &mut report,
        actor: data.actor(),
        at: chrono::Utc::now().naive_utc(),
        changes: Vec::new(),
        entries: HashMap::new(),
    };
    let outcome = match seeder.run(data).await {
        Ok(()) => seeder.record_changes().await,
        Err(err) => Err(err),
    };
    match outcome {
        Ok(()) => {
            txn.commit().await?;
            Ok(report)
        }
        Err(err) => {
            // Rolled back now, not when the connection is next used: a refused file's rows
            // would otherwise hold their locks (MySQL) until then, and a seed after it wait.
            if let Err(rollback) = txn.rollback().await {
                tracing::warn!(error = %rollback, "could not roll back a refused seed");
            }
            Err(err)
        }
    }
}

struct Seeder<'a, C> {
    db: &'a C,
    report: &'a mut SeedReport,
    /// Who the change log says made the changes: `seed:<origin>`.
    actor: String,
    /// When: one time for the whole run.
    at: chrono::NaiveDateTime,
    /// The change log's entries, written together at the end of the run.
    changes: Vec<change_log::ActiveModel>,
    /// The records this run changed, by global id: where their entries are in `changes`, so
    /// that a record's links join the one entry of its change (its creation, its update).
    entries: HashMap<String, usize>,
}

/// The record that owns a set of links, as the change log names it.
struct Owner {
    id: i32,
    kind: Kind,
    global_id: String,
    version: i32,
}

impl Owner {
    fn of<E: Listed>(model: &E::Model) -> AppResult<Self> {
        Ok(Self {
            id: E::model_id(model),
            kind: E::KIND,
            global_id: E::KIND.global_id(&key_of::<E>(model)?),
            version: match model.get(E::version_column()) {
                Value::Int(Some(v)) => v,
                _ => 1,
            },
        })
    }
}

/// A record's natural key.
fn key_of<E: Listed>(model: &E::Model) -> AppResult<String> {
    match model.get(E::key_column()) {
        Value::String(Some(key)) => Ok(key),
        other => Err(AppError::Internal(format!(
            "{}'s key is not a string: {other:?}",
            E::KIND
        ))),
    }
}

/// A record as the change log keeps it: its serialized model, as the API's writes keep it.
fn snapshot(model: &impl serde::Serialize) -> AppResult<serde_json::Value> {
    serde_json::to_value(model)
        .map_err(|err| AppError::Internal(format!("cannot record a change: {err}")))
}

/// A link as the change log keeps it: its columns but the owner's.
fn link_snapshot<M: ModelTrait>(link: &M, owner: &str) -> serde_json::Value {
    let columns = <<M::Entity as EntityTrait>::Column as Iterable>::iter()
        .filter(|column| column.as_str() != owner)
        .map(|column| {
            let value = sea_orm::sea_query::value::sea_value_to_json_value(&link.get(column));
            (column.as_str().to_owned(), value)
        });
    serde_json::Value::Object(columns.collect())
}

/// A record's dates as the API's writes check them (each with its precision, an end not before
/// the start), the fault named as the file names the field.
fn in_time(
    whose: &str,
    fields: [&str; 4],
    validity: crate::service::write::Validity,
) -> AppResult<()> {
    crate::service::write::check::validity(fields, &validity)
        .map(|_| ())
        .map_err(|err| match err {
            AppError::Invalid { field, message } => {
                AppError::bad_input(format!("dataset: {whose}, field {field}: {message}"))
            }
            other => other,
        })
}

/// The dataset's names of the four validity fields.
const VALIDITY: [&str; 4] = [
    "validFrom",
    "validFromPrecision",
    "validTo",
    "validToPrecision",
];

/// How many change-log rows one statement inserts.
const CHANGES_PER_STATEMENT: usize = 200;

/// A site's coordinates, where it has them, are in England.
fn on_the_map(site: &dataset::SiteRecord) -> AppResult<()> {
    let checks = [
        ("latitude", site.latitude, &ENGLAND_LATITUDE),
        ("longitude", site.longitude, &ENGLAND_LONGITUDE),
    ];
    for (field, value, bounds) in checks {
        if let Some(value) = value
            && !bounds.contains(&value)
        {
            return Err(AppError::bad_input(format!(
                "dataset: site {} has {field} {value}, outside England ({} to {})",
                site.ods_code,
                bounds.start(),
                bounds.end()
            )));
        }
    }
    Ok(())
}

/// The id of the record `key` names, among those of the file; `whose` is the record naming it
/// and `field` the field that does, as the file spells it.
fn lookup(
    ids: &HashMap<String, i32>,
    what: &str,
    field: &str,
    key: &str,
    whose: &str,
) -> AppResult<i32> {
    ids.get(key).copied().ok_or_else(|| {
        AppError::bad_input(format!(
            "dataset: {whose}, field {field}: names unknown {what} {key:?}"
        ))
    })
}

impl<C: ConnectionTrait> Seeder<'_, C> {
    async fn run(&mut self, data: &Dataset) -> AppResult<()> {
        let mut regions = HashMap::new();
        for r in &data.regions {
            let existing = region::Entity::find()
                .filter(region::Column::Code.eq(&r.code))
                .one(self.db)
                .await?;
            let desired = region::Model {
                id: existing.as_ref().map_or(0, |m| m.id),
                code: r.code.clone(),
                ods_code: r.ods_code.clone(),
                name: r.name.clone(),
                note: r.note.clone(),
                sources: Sources::from(r.sources.clone()),
                version: existing.as_ref().map_or(1, |m| m.version),
            };
            let saved = self.save::<region::Entity>(existing, desired).await?;
            regions.insert(saved.code, saved.id);
        }

        let mut icbs = HashMap::new();
        for i in &data.icbs {
            let existing = icb::Entity::find()
                .filter(icb::Column::OdsCode.eq(&i.ods_code))
                .one(self.db)
                .await?;
            in_time(
                &format!("ICB {}", i.ods_code),
                VALIDITY,
                crate::service::write::Validity {
                    from: i.valid_from,
                    from_precision: i.valid_from_precision,
                    to: i.valid_to,
                    to_precision: i.valid_to_precision,
                },
            )?;
            let desired = icb::Model {
                id: existing.as_ref().map_or(0, |m| m.id),
                ods_code: i.ods_code.clone(),
                code: i.code.clone(),
                name: i.name.clone(),
                region_id: lookup(
                    &regions,
                    "region",
                    "region",
                    &i.region,
                    &format!("ICB {}", i.ods_code),
                )?,
                valid_from: i.valid_from,
                valid_from_precision: i.valid_from_precision,
                valid_to: i.valid_to,
                valid_to_precision: i.valid_to_precision,
                note: i.note.clone(),
                sources: Sources::from(i.sources.clone()),
                version: existing.as_ref().map_or(1, |m| m.version),
            };
            let saved = self.save::<icb::Entity>(existing, desired).await?;
            icbs.insert(saved.ods_code, saved.id);
        }

        let mut trusts = HashMap::new();
        for t in &data.trusts {
            let existing = trust::Entity::find()
                .filter(trust::Column::OdsCode.eq(&t.ods_code))
                .one(self.db)
                .await?;
            let desired = trust::Model {
                id: existing.as_ref().map_or(0, |m| m.id),
                ods_code: t.ods_code.clone(),
                name: t.name.clone(),
                address: t.address.clone(),
                postcode: t.postcode.clone(),
                website: t.website.clone(),
                region_id: lookup(
                    &regions,
                    "region",
                    "region",
                    &t.region,
                    &format!("trust {}", t.ods_code),
                )?,
                icb_id: match &t.icb {
                    Some(code) => Some(lookup(
                        &icbs,
                        "ICB",
                        "icb",
                        code,
                        &format!("trust {}", t.ods_code),
                    )?),
                    None => None,
                },
                note: t.note.clone(),
                sources: Sources::from(t.sources.clone()),
                version: existing.as_ref().map_or(1, |m| m.version),
            };
            let saved = self.save::<trust::Entity>(existing, desired).await?;
            trusts.insert(saved.ods_code, saved.id);
        }

        for s in &data.sites {
            on_the_map(s)?;
            let existing = site::Entity::find()
                .filter(site::Column::OdsCode.eq(&s.ods_code))
                .one(self.db)
                .await?;
            let desired = site::Model {
                id: existing.as_ref().map_or(0, |m| m.id),
                ods_code: s.ods_code.clone(),
                name: s.name.clone(),
                trust_id: lookup(
                    &trusts,
                    "trust",
                    "trust",
                    &s.trust,
                    &format!("site {}", s.ods_code),
                )?,
                postcode: s.postcode.clone(),
                latitude: s.latitude,
                longitude: s.longitude,
                note: s.note.clone(),
                sources: Sources::from(s.sources.clone()),
                version: existing.as_ref().map_or(1, |m| m.version),
            };
            self.save::<site::Entity>(existing, desired).await?;
        }

        let mut hubs = HashMap::new();
        for h in &data.hubs {
            let whose = format!("hub {}", h.slug);
            let existing = hub::Entity::find()
                .filter(hub::Column::Slug.eq(&h.slug))
                .one(self.db)
                .await?;
            in_time(
                &whose,
                VALIDITY,
                crate::service::write::Validity {
                    from: h.valid_from,
                    from_precision: h.valid_from_precision,
                    to: h.valid_to,
                    to_precision: h.valid_to_precision,
                },
            )?;
            let desired = hub::Model {
                id: existing.as_ref().map_or(0, |m| m.id),
                slug: h.slug.clone(),
                name: h.name.clone(),
                lead_trust_id: lookup(&trusts, "trust", "leadTrust", &h.lead_trust, &whose)?,
                coverage_description: h.coverage_description.clone(),
                valid_from: h.valid_from,
                valid_from_precision: h.valid_from_precision,
                valid_to: h.valid_to,
                valid_to_precision: h.valid_to_precision,
                note: h.note.clone(),
                sources: Sources::from(h.sources.clone()),
                version: existing.as_ref().map_or(1, |m| m.version),
            };
            let saved = self.save::<hub::Entity>(existing, desired).await?;
            let mut links = Vec::new();
            for code in &h.regions.codes {
                links.push(hub_region::Model {
                    hub_id: saved.id,
                    region_id: lookup(&regions, "region", "regions.codes", code, &whose)?,
                    confidence: h.regions.confidence,
                    coverage: h.regions.extent.get(code).copied(),
                    sources: Sources::from(h.sources.clone()),
                });
            }
            self.sync_links(
                hub_region::Column::HubId,
                &Owner::of::<hub::Entity>(&saved)?,
                links,
                |l| l.region_id,
            )
            .await?;
            let mut areas = Vec::new();
            for area in &h.icbs {
                areas.push(hub_icb::Model {
                    hub_id: saved.id,
                    icb_id: lookup(&icbs, "ICB", "icbs.icb", &area.icb, &whose)?,
                    coverage: area.coverage,
                    confidence: area.confidence,
                    basis: area.basis.clone(),
                    quote: area.quote.clone(),
                    note: area.note.clone(),
                    sources: Sources::from(area.sources.clone()),
                });
            }
            self.sync_links(
                hub_icb::Column::HubId,
                &Owner::of::<hub::Entity>(&saved)?,
                areas,
                |l| l.icb_id,
            )
            .await?;
            hubs.insert(saved.slug, saved.id);
        }

        let mut alliances = HashMap::new();
        for a in &data.alliances {
            let whose = format!("alliance {}", a.slug);
            let existing = alliance::Entity::find()
                .filter(alliance::Column::Slug.eq(&a.slug))
                .one(self.db)
                .await?;
            let host_trust_id = match &a.host_trust {
                Some(code) => Some(lookup(&trusts, "trust", "hostTrust", code, &whose)?),
                None => None,
            };
            in_time(
                &whose,
                VALIDITY,
                crate::service::write::Validity {
                    from: a.valid_from,
                    from_precision: a.valid_from_precision,
                    to: a.valid_to,
                    to_precision: a.valid_to_precision,
                },
            )?;
            let desired = alliance::Model {
                id: existing.as_ref().map_or(0, |m| m.id),
                slug: a.slug.clone(),
                name: a.name.clone(),
                hub_id: lookup(&hubs, "hub", "hub", &a.hub, &whose)?,
                website: a.website.clone(),
                host_trust_id,
                valid_from: a.valid_from,
                valid_from_precision: a.valid_from_precision,
                valid_to: a.valid_to,
                valid_to_precision: a.valid_to_precision,
                note: a.note.clone(),
                sources: Sources::from(a.sources.clone()),
                version: existing.as_ref().map_or(1, |m| m.version),
            };
            let saved = self.save::<alliance::Entity>(existing, desired).await?;
            let mut links = Vec::new();
            for code in &a.regions.codes {
                links.push(alliance_region::Model {
                    alliance_id: saved.id,
                    region_id: lookup(&regions, "region", "regions.codes", code, &whose)?,
                    confidence: a.regions.confidence,
                    coverage: a.regions.extent.get(code).copied(),
                    sources: Sources::from(a.sources.clone()),
                });
            }
            self.sync_links(
                alliance_region::Column::AllianceId,
                &Owner::of::<alliance::Entity>(&saved)?,
                links,
                |l| l.region_id,
            )
            .await?;
            let mut areas = Vec::new();
            for area in &a.icbs {
                areas.push(alliance_icb::Model {
                    alliance_id: saved.id,
                    icb_id: lookup(&icbs, "ICB", "icbs.icb", &area.icb, &whose)?,
                    coverage: area.coverage,
                    confidence: area.confidence,
                    basis: area.basis.clone(),
                    quote: area.quote.clone(),
                    note: area.note.clone(),
                    sources: Sources::from(area.sources.clone()),
                });
            }
            self.sync_links(
                alliance_icb::Column::AllianceId,
                &Owner::of::<alliance::Entity>(&saved)?,
                areas,
                |l| l.icb_id,
            )
            .await?;
            alliances.insert(saved.slug, saved.id);
        }

        let mut organisations = HashMap::new();
        for o in &data.organisations {
            let existing = organisation::Entity::find()
                .filter(organisation::Column::Slug.eq(&o.slug))
                .one(self.db)
                .await?;
            let desired = organisation::Model {
                id: existing.as_ref().map_or(0, |x| x.id),
                slug: o.slug.clone(),
                name: o.name.clone(),
                ods_code: o.ods_code.clone(),
                note: o.note.clone(),
                sources: Sources::from(o.sources.clone()),
                version: existing.as_ref().map_or(1, |x| x.version),
            };
            let saved = self.save::<organisation::Entity>(existing, desired).await?;
            organisations.insert(saved.slug, saved.id);
        }

        for m in &data.hub_memberships {
            let whose = format!("hub membership {}", m.slug);
            let existing = hub_membership::Entity::find()
                .filter(hub_membership::Column::Slug.eq(&m.slug))
                .one(self.db)
                .await?;
            let trust_id = match &m.trust {
                Some(code) => Some(lookup(&trusts, "trust", "trust", code, &whose)?),
                None => None,
            };
            let organisation_id = match &m.organisation {
                Some(slug) => Some(lookup(
                    &organisations,
                    "organisation",
                    "organisation",
                    slug,
                    &whose,
                )?),
                None => None,
            };
            if trust_id.is_some() && organisation_id.is_some() {
                return Err(AppError::bad_input(format!(
                    "dataset: {whose}, field organisation: a member is a trust or an organisation, not both"
                )));
            }
            let desired = hub_membership::Model {
                id: existing.as_ref().map_or(0, |x| x.id),
                slug: m.slug.clone(),
                hub_id: lookup(&hubs, "hub", "hub", &m.hub, &whose)?,
                trust_id,
                organisation_id,
                name_as_stated: m.name_as_stated.clone(),
                role: m.role,
                role_confidence: m.role_confidence,
                role_as_stated: m.role_as_stated.clone(),
                ods_mapping: m.ods_mapping.clone(),
                quote: m.quote.clone(),
                note: m.note.clone(),
                sources: Sources::from(m.sources.clone()),
                version: existing.as_ref().map_or(1, |x| x.version),
            };
            self.save::<hub_membership::Entity>(existing, desired)
                .await?;
        }

        for n in &data.networks_of_excellence {
            let whose = format!("network of excellence {}", n.slug);
            for slug in &n.lead_alliances {
                lookup(&alliances, "alliance", "leadAlliances", slug, &whose)?;
            }
            let existing = network_of_excellence::Entity::find()
                .filter(network_of_excellence::Column::Slug.eq(&n.slug))
                .one(self.db)
                .await?;
            let desired = network_of_excellence::Model {
                id: existing.as_ref().map_or(0, |x| x.id),
                slug: n.slug.clone(),
                topic: n.topic.clone(),
                summary: n.summary.clone(),
                lead: n.lead.clone(),
                lead_confidence: n.lead_confidence,
                lead_quote: n.lead_quote.clone(),
                lead_alliances: Keys(n.lead_alliances.clone()),
                partners: n.partners.clone(),
                note: n.note.clone(),
                sources: Sources::from(n.sources.clone()),
                version: existing.as_ref().map_or(1, |x| x.version),
            };
            self.save::<network_of_excellence::Entity>(existing, desired)
                .await?;
        }

        for c in &data.genomic_medicine_centres {
            let whose = format!("genomic medicine centre {}", c.slug);
            let lead_trust_id = match &c.lead_trust {
                Some(code) => Some(lookup(&trusts, "trust", "leadTrust", code, &whose)?),
                None => None,
            };
            let mut partners = Vec::with_capacity(c.partners.len());
            for p in &c.partners {
                if let Some(code) = &p.ods_code {
                    lookup(&trusts, "trust", "partners.odsCode", code, &whose)?;
                }
                partners.push(Mention {
                    name_as_stated: p.name_as_stated.clone(),
                    ods_code: p.ods_code.clone(),
                    role: p.role.clone(),
                    confidence: p.confidence,
                    ods_mapping: p.ods_mapping.clone(),
                    note: p.note.clone(),
                    sources: p.sources.clone(),
                });
            }
            let existing = genomic_medicine_centre::Entity::find()
                .filter(genomic_medicine_centre::Column::Slug.eq(&c.slug))
                .one(self.db)
                .await?;
            in_time(
                &whose,
                VALIDITY,
                crate::service::write::Validity {
                    from: c.valid_from,
                    from_precision: c.valid_from_precision,
                    to: c.valid_to,
                    to_precision: c.valid_to_precision,
                },
            )?;
            let desired = genomic_medicine_centre::Model {
                id: existing.as_ref().map_or(0, |x| x.id),
                slug: c.slug.clone(),
                name: c.name.clone(),
                lead_trust_id,
                lead_as_stated: c.lead_as_stated.clone(),
                lead_confidence: c.lead_confidence,
                lead_ods_mapping: c.lead_ods_mapping.clone(),
                valid_from: c.valid_from,
                valid_from_precision: c.valid_from_precision,
                valid_to: c.valid_to,
                valid_to_precision: c.valid_to_precision,
                partners: Mentions(partners),
                note: c.note.clone(),
                sources: Sources::from(c.sources.clone()),
                version: existing.as_ref().map_or(1, |x| x.version),
            };
            self.save::<genomic_medicine_centre::Entity>(existing, desired)
                .await?;
        }

        let mut events = Vec::with_capacity(data.timeline.len());
        for e in &data.timeline {
            let existing = timeline_event::Entity::find()
                .filter(timeline_event::Column::Slug.eq(&e.slug))
                .one(self.db)
                .await?;
            in_time(
                &format!("timeline event {}", e.slug),
                ["date", "datePrecision", "date", "datePrecision"],
                crate::service::write::Validity {
                    from: e.date,
                    from_precision: e.date_precision,
                    ..Default::default()
                },
            )?;
            let desired = timeline_event::Model {
                id: existing.as_ref().map_or(0, |x| x.id),
                slug: e.slug.clone(),
                date: e.date,
                date_precision: e.date_precision,
                event: e.event.clone(),
                confidence: e.confidence,
                note: e.note.clone(),
                sources: Sources::from(e.sources.clone()),
                version: existing.as_ref().map_or(1, |x| x.version),
            };
            let saved = self
                .save::<timeline_event::Entity>(existing, desired)
                .await?;
            events.push((
                Owner::of::<timeline_event::Entity>(&saved)?,
                format!("timeline event {}", e.slug),
                &e.concerns,
            ));
        }

        for p in &data.transformation_projects {
            let whose = format!("project {}", p.slug);
            let existing = transformation_project::Entity::find()
                .filter(transformation_project::Column::Slug.eq(&p.slug))
                .one(self.db)
                .await?;
            let mut lead_ids = Vec::with_capacity(p.lead_alliances.len());
            for lead in &p.lead_alliances {
                lead_ids.push(lookup(
                    &alliances,
                    "alliance",
                    "leadAlliances.alliance",
                    &lead.alliance,
                    &whose,
                )?);
            }
            let desired = transformation_project::Model {
                id: existing.as_ref().map_or(0, |m| m.id),
                slug: p.slug.clone(),
                title: p.title.clone(),
                title_confidence: p.title_confidence,
                other_titles: (!p.other_titles.is_empty()).then(|| Texts(p.other_titles.clone())),
                summary: p.summary.clone(),
                theme: p.theme,
                status: p.status,
                status_confidence: p.status_confidence,
                status_note: p.status_note.clone(),
                start_date: p.start_date,
                start_date_precision: p.start_date_precision,
                end_date: p.end_date,
                end_date_precision: p.end_date_precision,
                lead_alliance_id: transformation_project::only_lead(&lead_ids),
                participants: p.participants.clone(),
                website: p.website.clone(),
                note: p.note.clone(),
                sources: Sources::from(p.sources.clone()),
                version: existing.as_ref().map_or(1, |m| m.version),
            };
            let saved = self
                .save::<transformation_project::Entity>(existing, desired)
                .await?;
            let mut links = Vec::new();
            for slug in &p.participating_alliances {
                links.push(project_participant::Model {
                    project_id: saved.id,
                    alliance_id: lookup(
                        &alliances,
                        "alliance",
                        "participatingAlliances",
                        slug,
                        &whose,
                    )?,
                    sources: Sources::from(p.sources.clone()),
                });
            }
            self.sync_links(
                project_participant::Column::ProjectId,
                &Owner::of::<transformation_project::Entity>(&saved)?,
                links,
                |l| l.alliance_id,
            )
            .await?;
            let leads = p
                .lead_alliances
                .iter()
                .zip(lead_ids)
                .map(|(lead, alliance_id)| project_lead::Model {
                    project_id: saved.id,
                    alliance_id,
                    confidence: lead.confidence,
                    quote: lead.quote.clone(),
                    note: lead.note.clone(),
                    sources: Sources::from(lead.sources.clone()),
                })
                .collect();
            self.sync_links(
                project_lead::Column::ProjectId,
                &Owner::of::<transformation_project::Entity>(&saved)?,
                leads,
                |l| l.alliance_id,
            )
            .await?;
        }

        for c in &data.training_courses {
            let whose = format!("course {}", c.slug);
            let existing = training_course::Entity::find()
                .filter(training_course::Column::Slug.eq(&c.slug))
                .one(self.db)
                .await?;
            let alliance_id = match &c.alliance {
                Some(slug) => Some(lookup(&alliances, "alliance", "alliance", slug, &whose)?),
                None => None,
            };
            let hub_id = match &c.hub {
                Some(slug) => Some(lookup(&hubs, "hub", "hub", slug, &whose)?),
                None => None,
            };
            let desired = training_course::Model {
                id: existing.as_ref().map_or(0, |m| m.id),
                slug: c.slug.clone(),
                title: c.title.clone(),
                title_confidence: c.title_confidence,
                title_note: c.title_note.clone(),
                provider: c.provider.clone(),
                format: c.format,
                format_as_stated: c.format_as_stated.clone(),
                audience: c.audience.clone(),
                duration_minutes: c.duration_minutes,
                credits: c.credits,
                website: c.website.clone(),
                alliance_id,
                hub_id,
                note: c.note.clone(),
                sources: Sources::from(c.sources.clone()),
                version: existing.as_ref().map_or(1, |m| m.version),
            };
            self.save::<training_course::Entity>(existing, desired)
                .await?;
        }

        let mut conflicts = Vec::with_capacity(data.conflicts.len());
        for c in &data.conflicts {
            let existing = source_conflict::Entity::find()
                .filter(source_conflict::Column::Slug.eq(&c.slug))
                .one(self.db)
                .await?;
            let desired = source_conflict::Model {
                id: existing.as_ref().map_or(0, |x| x.id),
                slug: c.slug.clone(),
                topic: c.topic.clone(),
                detail: c.detail.clone(),
                claims: Claims(
                    c.claims
                        .iter()
                        .map(|claim| Claim {
                            claim: claim.claim.clone(),
                            sources: claim.sources.clone(),
                        })
                        .collect(),
                ),
                note: c.note.clone(),
                sources: Sources::from(c.sources.clone()),
                version: existing.as_ref().map_or(1, |x| x.version),
            };
            let saved = self
                .save::<source_conflict::Entity>(existing, desired)
                .await?;
            conflicts.push((
                Owner::of::<source_conflict::Entity>(&saved)?,
                format!("conflict {}", c.slug),
                &c.concerns,
            ));
        }

        // What events and conflicts concern may be a record of any kind, so it is checked once
        // every record is in.
        self.check_concerns(events.iter().chain(&conflicts)).await?;
        for (owner, _, concerns) in &events {
            self.sync_concerns::<event_concern::Entity>(owner, concerns)
                .await?;
        }
        for (owner, _, concerns) in &conflicts {
            self.sync_concerns::<conflict_concern::Entity>(owner, concerns)
                .await?;
        }
        Ok(())
    }

    /// Makes the records `owner` names exactly `ids`, in that order.
    async fn sync_concerns<T>(&mut self, owner: &Owner, ids: &[String]) -> AppResult<()>
    where
        T: ConcernTable<Model: ModelTrait<Entity = T>, ActiveModel: ActiveModelBehavior + Send>,
    {
        self.sync_links(T::OWNER, owner, T::links(owner.id, ids), T::record)
            .await
    }

    /// Every global id that an event or a conflict names is a record of the database.
    async fn check_concerns<'d>(
        &self,
        owners: impl Iterator<Item = &'d (Owner, String, &'d Vec<String>)>,
    ) -> AppResult<()> {
        let mut named = Vec::new();
        for (_, whose, ids) in owners {
            let mut seen = std::collections::HashSet::new();
            for id in ids.iter() {
                let parsed = id
                    .split_once(':')
                    .and_then(|(kind, key)| Some((Kind::named(kind)?, key.to_owned())));
                let Some(key) = parsed.filter(|(_, key)| !key.is_empty()) else {
                    return Err(AppError::bad_input(format!(
                        "dataset: {whose}: concerns: {id:?} is not a global id (<Type>:<key>)"
                    )));
                };
                if !seen.insert(id) {
                    return Err(AppError::bad_input(format!(
                        "dataset: {whose}: concerns: {id:?} is named twice"
                    )));
                }
                named.push((whose, id, key));
            }
        }
        let keys: Vec<(Kind, String)> = named.iter().map(|(_, _, key)| key.clone()).collect();
        let found = records::by_keys(self.db, &keys, Columns::WithoutProvenance).await?;
        match named.iter().find(|(_, _, key)| !found.contains_key(key)) {
            Some((whose, id, _)) => Err(AppError::bad_input(format!(
                "dataset: {whose}: concerns: {id:?} names no record"
            ))),
            None => Ok(()),
        }
    }

    /// Inserts `desired` when there is no `existing` row, updates the row when they differ, and
    /// notes either in the change log.
    async fn save<E>(
        &mut self,
        existing: Option<E::Model>,
        desired: E::Model,
    ) -> AppResult<E::Model>
    where
        E: Listed,
        E::Model: IntoActiveModel<E::ActiveModel> + PartialEq + serde::Serialize,
        E::ActiveModel: ActiveModelBehavior + Send,
    {
        match existing {
            Some(current) if current == desired => {
                self.report.unchanged += 1;
                Ok(current)
            }
            Some(current) => {
                self.report.updated += 1;
                let version = match current.get(E::version_column()) {
                    Value::Int(Some(v)) => v + 1,
                    _ => 1,
                };
                let mut row = desired.into_active_model().reset_all();
                row.set(E::version_column(), version.into());
                let saved = row.update(self.db).await?;
                let global_id = E::KIND.global_id(&key_of::<E>(&saved)?);
                self.entries.insert(global_id.clone(), self.changes.len());
                self.change(
                    E::KIND,
                    global_id,
                    Action::Update,
                    version,
                    Some(snapshot(&current)?),
                    Some(snapshot(&saved)?),
                );
                Ok(saved)
            }
            None => {
                self.report.inserted += 1;
                let mut row = desired.into_active_model().reset_all();
                row.not_set(E::id_column());
                let saved = row.insert(self.db).await?;
                let owner = Owner::of::<E>(&saved)?;
                self.entries
                    .insert(owner.global_id.clone(), self.changes.len());
                self.change(
                    E::KIND,
                    owner.global_id,
                    Action::Create,
                    owner.version,
                    None,
                    Some(snapshot(&saved)?),
                );
                Ok(saved)
            }
        }
    }

    /// Notes a change for the change log.
    fn change(
        &mut self,
        kind: Kind,
        global_id: String,
        action: Action,
        version: i32,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) {
        self.changes.push(change_log::ActiveModel {
            at: Set(self.at),
            token_id: Set(None),
            actor: Set(self.actor.clone()),
            entity_type: Set(kind.name().to_owned()),
            entity_id: Set(global_id),
            action: Set(action),
            version: Set(version),
            before: Set(before),
            after: Set(after),
            ..Default::default()
        });
    }

    /// Writes the changes noted, in the run's transaction, oldest first.
    async fn record_changes(&mut self) -> AppResult<()> {
        let changes = std::mem::take(&mut self.changes);
        let mut changes = changes.into_iter().peekable();
        while changes.peek().is_some() {
            let chunk: Vec<_> = changes.by_ref().take(CHANGES_PER_STATEMENT).collect();
            change_log::Entity::insert_many(chunk).exec(self.db).await?;
        }
        Ok(())
    }

    /// Makes the links of `owner` (held in the links' column `column`) exactly `desired`;
    /// `other` names a link's far end. A change to them is an update of the owner in the change
    /// log, with its links of that table before and after.
    async fn sync_links<M, E, K>(
        &mut self,
        column: E::Column,
        owner: &Owner,
        desired: Vec<M>,
        other: impl Fn(&M) -> K,
    ) -> AppResult<()>
    where
        M: ModelTrait<Entity = E> + IntoActiveModel<E::ActiveModel> + PartialEq + Clone,
        E: EntityTrait<Model = M>,
        E::ActiveModel: ActiveModelBehavior + Send,
        K: Eq + std::hash::Hash,
    {
        let before = E::find().filter(column.eq(owner.id)).all(self.db).await?;
        let mut current: HashMap<K, M> = before.iter().cloned().map(|m| (other(&m), m)).collect();
        let mut changed = false;
        for link in &desired {
            match current.remove(&other(link)) {
                Some(old) if old == *link => self.report.unchanged += 1,
                Some(_) => {
                    self.report.updated += 1;
                    changed = true;
                    link.clone()
                        .into_active_model()
                        .reset_all()
                        .update(self.db)
                        .await?;
                }
                None => {
                    self.report.inserted += 1;
                    changed = true;
                    link.clone()
                        .into_active_model()
                        .reset_all()
                        .insert(self.db)
                        .await?;
                }
            }
        }
        for stale in current.into_values() {
            self.report.deleted += 1;
            changed = true;
            stale.delete(self.db).await?;
        }
        if !changed {
            return Ok(());
        }
        let table = E::default().table_name();
        let rows = |rows: &[M]| -> Vec<serde_json::Value> {
            rows.iter()
                .map(|l| link_snapshot(l, column.as_str()))
                .collect()
        };
        // The links are part of their record: they join the run's entry for it, and a record
        // the run had not changed yet is changed now, its version moving on as the API's
        // writes move it.
        let index = match self.entries.get(&owner.global_id) {
            Some(&index) => index,
            None => {
                let bump = Query::update()
                    .table(Alias::new(owner.kind.table()))
                    .value(
                        Alias::new("version"),
                        Expr::col(Alias::new("version")).add(1),
                    )
                    .and_where(Expr::col(Alias::new("id")).eq(owner.id))
                    .to_owned();
                self.db.execute(&bump).await?;
                let index = self.changes.len();
                self.entries.insert(owner.global_id.clone(), index);
                self.change(
                    owner.kind,
                    owner.global_id.clone(),
                    Action::Update,
                    owner.version + 1,
                    Some(serde_json::json!({})),
                    Some(serde_json::json!({})),
                );
                index
            }
        };
        if let Some(entry) = self.changes.get_mut(index) {
            if let Set(Some(serde_json::Value::Object(was))) = &mut entry.before {
                was.insert(table.to_owned(), rows(&before).into());
            }
            if let Set(Some(serde_json::Value::Object(is))) = &mut entry.after {
                is.insert(table.to_owned(), rows(&desired).into());
            }
        }
        Ok(())
    }
}
