//! The sea-orm entities of the Genomic Medicine Service network.
//!
//! Every table has an integer surrogate key (`id`) used for joins only; the public identity of a
//! record is its natural key (an ONS or ODS code, or a slug), which is unique in the database.

pub mod alliance;
pub mod alliance_icb;
pub mod alliance_region;
pub mod api_token;
pub mod change_log;
pub mod conflict_concern;
pub mod enums;
pub mod event_concern;
pub mod genomic_medicine_centre;
pub mod hub;
pub mod hub_icb;
pub mod hub_membership;
pub mod hub_region;
pub mod icb;
pub mod icb_serving_hub;
pub mod mentions;
pub mod network_of_excellence;
pub mod organisation;
pub mod project_lead;
pub mod project_participant;
pub mod region;
pub mod site;
pub mod site_serving_hub;
pub mod source_conflict;
pub mod sources;
pub mod timeline_event;
pub mod training_course;
pub mod transformation_project;
pub mod trust;
pub mod trust_serving_hub;

pub use enums::{
    AreaCoverage, Confidence, CourseFormat, DatePrecision, MembershipRole, ProjectStatus,
    ProjectTheme, ServingBasis,
};
pub use mentions::{Keys, Mention, Mentions, Texts};
pub use sources::Sources;
