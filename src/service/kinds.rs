//! The kinds of record, each declared once in [`kinds!`]: its API type name (the prefix of its
//! global ids), its entity, its natural key, its natural order, when its records are in force
//! (for kinds whose records begin or end), what search looks into, and the keys a federation
//! router may fetch it by; and below it, the relations between them, each
//! declared once in `relations!`. Everything that lists the kinds — [`Kind`],
//! the `Listed` impls, the records lookup, search, the `Node` interface, `EntityType`,
//! `node(id:)` and `_entities` — is generated from that one declaration by a macro of its own
//! that `kinds!` calls with every entry.

use entity::{
    alliance, alliance_icb, alliance_region, genomic_medicine_centre, hub, hub_icb, hub_membership,
    hub_region, icb, icb_serving_hub, project_lead, project_participant, region, site,
    site_serving_hub, training_course, transformation_project, trust, trust_serving_hub,
};
use sea_orm::{ColumnTrait, EntityName, EntityTrait, IdenStatic};

/// Calls `$then!` with every kind of record, in the order the API lists them. Each entry:
///
/// ```text
/// /// What `EntityType` says of the kind.
/// ApiTypeName(entity_module) {
///     key: <natural key column>,
///     order: [<columns of the natural order>],
///     [active: [<first day in force>, <last day>, <the last day's precision>],]
///     label: <the column that names a record>,
///     search: [<columns a search word may match>],
///     entities: <_entities lookup by id> [, <lookup by natural key>(<its argument>)];
///     [also: <_entities lookup by another unique column>(<its argument>) on <the column>, …;]
/// }
/// ```
///
/// Adding a kind is one entry here (see docs/adding-a-kind.md).
macro_rules! kinds {
    ($then:ident) => {
        $then! {
            /// NHS England regions.
            Region(region) {
                key: Code,
                order: [Code],
                label: Name,
                search: [Name, Code, OdsCode],
                entities: find_region_by_id, find_region_by_code(code);
            }
            /// Integrated care boards.
            Icb(icb) {
                key: OdsCode,
                order: [OdsCode],
                active: [ValidFrom, ValidTo, ValidToPrecision],
                label: Name,
                search: [Name, OdsCode, Code],
                entities: find_icb_by_id, find_icb_by_ods_code(ods_code);
                also: find_icb_by_code(code) on Code;
            }
            /// NHS trusts.
            Trust(trust) {
                key: OdsCode,
                order: [OdsCode],
                label: Name,
                search: [Name, OdsCode, Postcode],
                entities: find_trust_by_id, find_trust_by_ods_code(ods_code);
            }
            /// Hospitals and other sites of NHS trusts.
            Site(site) {
                key: OdsCode,
                order: [OdsCode],
                label: Name,
                search: [Name, OdsCode, Postcode],
                entities: find_site_by_id, find_site_by_ods_code(ods_code);
            }
            /// Genomic laboratory hubs.
            Hub(hub) {
                key: Slug,
                order: [Name],
                active: [ValidFrom, ValidTo, ValidToPrecision],
                label: Name,
                search: [Name, Slug, CoverageDescription],
                entities: find_hub_by_id;
            }
            /// Genomic medicine service alliances.
            Alliance(alliance) {
                key: Slug,
                order: [Name],
                active: [ValidFrom, ValidTo, ValidToPrecision],
                label: Name,
                search: [Name, Slug],
                entities: find_alliance_by_id;
            }
            /// Memberships of genomic laboratory hubs: their lead and partner organisations.
            HubMembership(hub_membership) {
                key: Slug,
                order: [Slug],
                label: NameAsStated,
                search: [NameAsStated, RoleAsStated],
                entities: find_hub_membership_by_id;
            }
            /// Organisations the sources name that are not trusts of the ODS data.
            Organisation(organisation) {
                key: Slug,
                order: [Name],
                label: Name,
                search: [Name, Slug],
                entities: find_organisation_by_id;
            }
            /// The Genomic Networks of Excellence.
            NetworkOfExcellence(network_of_excellence) {
                key: Slug,
                order: [Topic],
                label: Topic,
                search: [Topic, Summary, Lead],
                entities: find_network_of_excellence_by_id;
            }
            /// The Genomic Medicine Centres of the 100,000 Genomes Project.
            GenomicMedicineCentre(genomic_medicine_centre) {
                key: Slug,
                order: [Name],
                active: [ValidFrom, ValidTo, ValidToPrecision],
                label: Name,
                search: [Name, LeadAsStated],
                entities: find_genomic_medicine_centre_by_id;
            }
            /// Events in the history of the network.
            TimelineEvent(timeline_event) {
                key: Slug,
                order: [Date, Slug],
                label: Event,
                search: [Event, Note],
                entities: find_timeline_event_by_id;
            }
            /// Places where sources contradict each other.
            SourceConflict(source_conflict) {
                key: Slug,
                order: [Topic],
                label: Topic,
                search: [Topic, Detail],
                entities: find_source_conflict_by_id;
            }
            /// Transformation projects.
            TransformationProject(transformation_project) {
                key: Slug,
                order: [Title],
                active: [StartDate, EndDate, EndDatePrecision],
                label: Title,
                search: [Title, Summary],
                entities: find_transformation_project_by_id;
            }
            /// Training courses.
            TrainingCourse(training_course) {
                key: Slug,
                order: [Title],
                label: Title,
                search: [Title, Provider],
                entities: find_training_course_by_id;
            }
        }
    };
}
pub(crate) use kinds;

/// An entity that can be listed: its kind, its keys and its natural order.
pub trait Listed: EntityTrait<Model: Sync> + Default {
    const KIND: Kind;
    /// The surrogate key: what rows refer to each other by, never shown.
    fn id_column() -> Self::Column;
    /// The natural key (a code or a slug): unique, and what public ids are made of.
    fn key_column() -> Self::Column;
    /// The version every update increments.
    fn version_column() -> Self::Column;
    /// The columns a listing is ordered by when the client names none.
    fn default_order() -> Vec<Self::Column>;
    /// The record's provenance, `note` and `sources`: the longest columns of most rows, which
    /// a read that does not show them leaves out (see [`super::listing::Columns`]).
    fn provenance_columns() -> [Self::Column; 2];
    fn model_id(model: &Self::Model) -> i32;
}

/// A kind's [`Validity`], from its `active:` columns; none without them.
macro_rules! validity {
    ($module:ident) => {
        None
    };
    ($module:ident: $from:ident, $to:ident, $to_precision:ident) => {
        Some(Validity {
            from: entity::$module::Column::$from.as_str(),
            to: entity::$module::Column::$to.as_str(),
            to_precision: entity::$module::Column::$to_precision.as_str(),
        })
    };
}

macro_rules! declare {
    ($(
        $(#[$doc:meta])*
        $kind:ident($module:ident) {
            key: $key:ident, order: [$($order:ident),+],
            $(active: [$from:ident, $to:ident, $to_precision:ident],)?
            label: $label:ident, $($rest:tt)*
        }
    )*) => {
        /// A kind of record: what its global ids start with, and which table holds it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind { $($kind,)* }

        impl Kind {
            /// Every kind, in the order the API lists them.
            pub const ALL: &[Kind] = &[$(Kind::$kind,)*];

            /// The API type's name, which its global ids start with, e.g. `Hub`.
            pub const fn name(self) -> &'static str {
                match self { $(Self::$kind => stringify!($kind),)* }
            }

            /// The table its records are in.
            pub fn table(self) -> &'static str {
                match self { $(Self::$kind => entity::$module::Entity.table_name(),)* }
            }

            /// The columns that bound when a record of this kind is in force, for kinds whose
            /// records begin or end; `activeOn` reads them.
            pub fn validity(self) -> Option<Validity> {
                match self {
                    $(Self::$kind => validity!($module $(: $from, $to, $to_precision)?),)*
                }
            }
        }

        $(impl Listed for entity::$module::Entity {
            const KIND: Kind = Kind::$kind;
            fn id_column() -> Self::Column {
                entity::$module::Column::Id
            }
            fn key_column() -> Self::Column {
                entity::$module::Column::$key
            }
            fn version_column() -> Self::Column {
                entity::$module::Column::Version
            }
            fn default_order() -> Vec<Self::Column> {
                vec![$(entity::$module::Column::$order),+]
            }
            fn provenance_columns() -> [Self::Column; 2] {
                [entity::$module::Column::Note, entity::$module::Column::Sources]
            }
            fn model_id(model: &Self::Model) -> i32 {
                model.id
            }
        })*
    };
}

kinds!(declare);

impl Kind {
    /// The kind whose API type is `name`.
    pub fn named(name: &str) -> Option<Kind> {
        Self::ALL.iter().copied().find(|kind| kind.name() == name)
    }

    /// The kind whose records `table` holds.
    pub fn of_table(table: &str) -> Option<Kind> {
        Self::ALL.iter().copied().find(|kind| kind.table() == table)
    }

    /// Whether this kind has only a handful of records, whatever the network's size: the seven
    /// NHS England regions, the seven hubs and the seven alliances.
    pub fn has_few_records(self) -> bool {
        matches!(self, Kind::Region | Kind::Hub | Kind::Alliance)
    }

    /// The global id of the record of this kind with natural key `key`.
    pub fn global_id(self, key: &str) -> String {
        super::ids::global_id(self.name(), key)
    }
}

/// The columns of a kind that say when a record is in force: the first day, and the last one
/// as the first day of its period (a year, a month or a day, as its precision says).
#[derive(Clone, Copy, Debug)]
pub struct Validity {
    pub from: &'static str,
    pub to: &'static str,
    pub to_precision: &'static str,
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

// The to-many relations between the kinds, each described once: which table holds its rows and
// how a row reaches its parent.

/// How related rows reach their parent.
#[derive(Clone, Copy, Debug)]
pub enum Via {
    /// A foreign-key column of the child table holds the parent's id.
    Column(&'static str),
    /// A link table joins parent and child; each link has its sources, and some a confidence
    /// and more, as its shape says.
    Link {
        table: &'static str,
        parent: &'static str,
        child: &'static str,
        sources: &'static str,
        confidence: Option<&'static str>,
        shape: LinkShape,
    },
}

/// What a link table holds besides its ends, sources and confidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkShape {
    /// Nothing more.
    Plain,
    /// Region coverage (`hub_region`, `alliance_region`): how much of the region (`coverage`).
    Region,
    /// An area served (`hub_icb`, `alliance_icb`): the columns of [`hub_icb`] (`coverage`,
    /// `basis`, `quote`, `note`).
    Area,
    /// A serving hub (the `*_serving_hub` views): the columns of [`trust_serving_hub`]
    /// (`basis`, `coverage`, `ambiguous`, `explanation`).
    Serving,
    /// A project's lead (`project_lead`): the source's words (`quote`) and a `note`.
    Lead,
}

/// A to-many relation from a parent table to `Child`.
pub trait RelationSpec: Send + Sync + 'static {
    type Child: Listed;
    fn via() -> Via;
}

macro_rules! relations {
    ($($(#[$doc:meta])* $name:ident => $child:ty, $via:expr;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $name;
        impl RelationSpec for $name {
            type Child = $child;
            fn via() -> Via {
                $via
            }
        }
    )*};
}

/// The child's column that holds the parent's id.
fn column(child: impl IdenStatic) -> Via {
    Via::Column(child.as_str())
}

/// A link table's columns: the parent's id, the child's id, the link's sources and, where links
/// carry one, its confidence.
fn link<C: ColumnTrait>(parent: C, child: C, sources: C, confidence: Option<C>) -> Via {
    shaped(parent, child, sources, confidence, LinkShape::Plain)
}

fn shaped<C: ColumnTrait>(
    parent: C,
    child: C,
    sources: C,
    confidence: Option<C>,
    shape: LinkShape,
) -> Via {
    Via::Link {
        table: C::EntityName::default().table_name(),
        parent: parent.as_str(),
        child: child.as_str(),
        sources: sources.as_str(),
        confidence: confidence.map(|c| c.as_str()),
        shape,
    }
}

/// An area link: the ICBs a hub or an alliance serves, how much of each, how sure, and why.
macro_rules! area {
    ($link:ident: $parent:ident -> $child:ident) => {
        shaped(
            $link::Column::$parent,
            $link::Column::$child,
            $link::Column::Sources,
            Some($link::Column::Confidence),
            LinkShape::Area,
        )
    };
}

/// A serving-hub view: the hubs serving a trust, a site or an ICB, and what each rests on.
macro_rules! serving {
    ($view:ident: $parent:ident) => {
        shaped(
            $view::Column::$parent,
            $view::Column::HubId,
            $view::Column::Sources,
            Some($view::Column::Confidence),
            LinkShape::Serving,
        )
    };
}

/// A coverage link: the regions a hub or an alliance covers, each with its confidence.
macro_rules! coverage {
    ($link:ident: $parent:ident -> $child:ident) => {
        shaped(
            $link::Column::$parent,
            $link::Column::$child,
            $link::Column::Sources,
            Some($link::Column::Confidence),
            LinkShape::Region,
        )
    };
}

/// A project lead link: the alliances leading a project, or the projects an alliance leads.
macro_rules! lead {
    ($parent:ident -> $child:ident) => {
        shaped(
            project_lead::Column::$parent,
            project_lead::Column::$child,
            project_lead::Column::Sources,
            Some(project_lead::Column::Confidence),
            LinkShape::Lead,
        )
    };
}

relations! {
    /// The regions a hub covers.
    HubRegions => region::Entity, coverage!(hub_region: HubId -> RegionId);
    /// The hubs that cover a region.
    RegionHubs => hub::Entity, coverage!(hub_region: RegionId -> HubId);
    /// The regions an alliance covers.
    AllianceRegions => region::Entity, coverage!(alliance_region: AllianceId -> RegionId);
    /// The alliances that cover a region.
    RegionAlliances => alliance::Entity, coverage!(alliance_region: RegionId -> AllianceId);
    /// The trusts in a region.
    RegionTrusts => trust::Entity, column(trust::Column::RegionId);
    /// The integrated care boards in a region.
    RegionIcbs => icb::Entity, column(icb::Column::RegionId);
    /// The trusts whose sites are in an integrated care board.
    IcbTrusts => trust::Entity, column(trust::Column::IcbId);
    /// The sites of a trust.
    TrustSites => site::Entity, column(site::Column::TrustId);
    /// The memberships of a hub: its lead and partner organisations.
    HubMemberships => hub_membership::Entity, column(hub_membership::Column::HubId);
    /// The Genomic Medicine Centres a trust led.
    TrustLedCentres => genomic_medicine_centre::Entity,
        column(genomic_medicine_centre::Column::LeadTrustId);
    /// The hub memberships of a trust.
    TrustMemberships => hub_membership::Entity, column(hub_membership::Column::TrustId);
    /// The hub memberships of an organisation that is not a trust of the ODS data.
    OrganisationMemberships => hub_membership::Entity,
        column(hub_membership::Column::OrganisationId);
    /// The ICBs a hub serves.
    HubIcbs => icb::Entity, area!(hub_icb: HubId -> IcbId);
    /// The hubs serving an ICB.
    IcbHubs => hub::Entity, area!(hub_icb: IcbId -> HubId);
    /// The ICBs an alliance serves.
    AllianceIcbs => icb::Entity, area!(alliance_icb: AllianceId -> IcbId);
    /// The alliances serving an ICB.
    IcbAlliances => alliance::Entity, area!(alliance_icb: IcbId -> AllianceId);
    /// The hubs serving a trust.
    TrustServingHubs => hub::Entity, serving!(trust_serving_hub: TrustId);
    /// The hubs serving a site (its trust's).
    SiteServingHubs => hub::Entity, serving!(site_serving_hub: SiteId);
    /// The hubs serving an ICB.
    IcbServingHubs => hub::Entity, serving!(icb_serving_hub: IcbId);
    /// The hubs a trust leads.
    TrustLedHubs => hub::Entity, column(hub::Column::LeadTrustId);
    /// The projects an alliance leads, alone or with others.
    AllianceLedProjects => transformation_project::Entity, lead!(AllianceId -> ProjectId);
    /// The alliances leading a project.
    ProjectLeads => alliance::Entity, lead!(ProjectId -> AllianceId);
    /// The projects an alliance takes part in.
    AllianceParticipations => transformation_project::Entity,
        link(
        project_participant::Column::AllianceId,
        project_participant::Column::ProjectId,
        project_participant::Column::Sources,
        None,
    );
    /// The alliances taking part in a project.
    ProjectParticipants => alliance::Entity,
        link(
        project_participant::Column::ProjectId,
        project_participant::Column::AllianceId,
        project_participant::Column::Sources,
        None,
    );
    /// The courses an alliance offers.
    AllianceCourses => training_course::Entity, column(training_course::Column::AllianceId);
    /// The courses a hub offers.
    HubCourses => training_course::Entity, column(training_course::Column::HubId);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_tables_name_one_kind_each() {
        for kind in Kind::ALL {
            assert_eq!(Kind::named(kind.name()), Some(*kind));
            assert_eq!(Kind::of_table(kind.table()), Some(*kind));
        }
        assert_eq!(Kind::named("Nothing"), None);
        assert_eq!(Kind::of_table("change_log"), None);
    }
}
