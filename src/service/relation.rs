//! The to-many relations of the graph, each described once: which table holds its rows and how
//! a row reaches its parent.

use entity::{alliance, hub, region, training_course, transformation_project, trust};

use super::kinds::Listed;

/// How related rows reach their parent.
#[derive(Clone, Copy, Debug)]
pub enum Via {
    /// A foreign-key column of the child table holds the parent's id.
    Column(&'static str),
    /// A link table joins parent and child; `confidence` says whether the link carries one.
    Link {
        table: &'static str,
        parent: &'static str,
        child: &'static str,
        confidence: bool,
    },
}

/// A to-many relation from a parent table to `Child`.
pub trait RelationSpec: Send + Sync + 'static {
    type Child: Listed;
    const VIA: Via;
}

macro_rules! relations {
    ($($(#[$doc:meta])* $name:ident => $child:ty, $via:expr;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $name;
        impl RelationSpec for $name {
            type Child = $child;
            const VIA: Via = $via;
        }
    )*};
}

const fn coverage(table: &'static str, parent: &'static str, child: &'static str) -> Via {
    Via::Link {
        table,
        parent,
        child,
        confidence: true,
    }
}

relations! {
    /// The regions a hub covers.
    HubRegions => region::Entity, coverage("hub_region", "hub_id", "region_id");
    /// The hubs that cover a region.
    RegionHubs => hub::Entity, coverage("hub_region", "region_id", "hub_id");
    /// The regions an alliance covers.
    AllianceRegions => region::Entity, coverage("alliance_region", "alliance_id", "region_id");
    /// The alliances that cover a region.
    RegionAlliances => alliance::Entity, coverage("alliance_region", "region_id", "alliance_id");
    /// The trusts in a region.
    RegionTrusts => trust::Entity, Via::Column("region_id");
    /// The hubs a trust leads.
    TrustLedHubs => hub::Entity, Via::Column("lead_trust_id");
    /// The projects an alliance leads.
    AllianceLedProjects => transformation_project::Entity, Via::Column("lead_alliance_id");
    /// The projects an alliance takes part in.
    AllianceParticipations => transformation_project::Entity, Via::Link {
        table: "project_participant", parent: "alliance_id", child: "project_id", confidence: false,
    };
    /// The alliances taking part in a project.
    ProjectParticipants => alliance::Entity, Via::Link {
        table: "project_participant", parent: "project_id", child: "alliance_id", confidence: false,
    };
    /// The courses an alliance offers.
    AllianceCourses => training_course::Entity, Via::Column("alliance_id");
    /// The courses a hub offers.
    HubCourses => training_course::Entity, Via::Column("hub_id");
}
