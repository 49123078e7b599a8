//! The to-many relations of the graph, each described once: which table holds its rows and how
//! a row reaches its parent.

use entity::{
    alliance, alliance_region, hub, hub_region, project_participant, region, training_course,
    transformation_project, trust,
};
use sea_orm::{ColumnTrait, EntityName, IdenStatic};

use super::kinds::Listed;

/// How related rows reach their parent.
#[derive(Clone, Copy, Debug)]
pub enum Via {
    /// A foreign-key column of the child table holds the parent's id.
    Column(&'static str),
    /// A link table joins parent and child; each link has its sources, and some a confidence.
    Link {
        table: &'static str,
        parent: &'static str,
        child: &'static str,
        sources: &'static str,
        confidence: Option<&'static str>,
    },
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
    Via::Link {
        table: C::EntityName::default().table_name(),
        parent: parent.as_str(),
        child: child.as_str(),
        sources: sources.as_str(),
        confidence: confidence.map(|c| c.as_str()),
    }
}

/// A coverage link: the regions a hub or an alliance covers, each with its confidence.
macro_rules! coverage {
    ($link:ident: $parent:ident -> $child:ident) => {
        link(
            $link::Column::$parent,
            $link::Column::$child,
            $link::Column::Sources,
            Some($link::Column::Confidence),
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
    /// The hubs a trust leads.
    TrustLedHubs => hub::Entity, column(hub::Column::LeadTrustId);
    /// The projects an alliance leads.
    AllianceLedProjects => transformation_project::Entity,
        column(transformation_project::Column::LeadAllianceId);
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
