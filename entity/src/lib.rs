//! The sea-orm entities of the Genomic Medicine Service network.
//!
//! Every table has an integer surrogate key (`id`) used for joins only; the public identity of a
//! record is its natural key (an ONS or ODS code, or a slug), which is unique in the database.

pub mod alliance;
pub mod alliance_region;
pub mod api_token;
pub mod change_log;
pub mod enums;
pub mod hub;
pub mod hub_region;
pub mod project_participant;
pub mod region;
pub mod sources;
pub mod training_course;
pub mod transformation_project;
pub mod trust;

pub use enums::{Confidence, CourseFormat, ProjectStatus, ProjectTheme};
pub use sources::Sources;
