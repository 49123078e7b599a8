//! The gms-graph database schema, one migration per file.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_network;
mod m20261123_000002_listing_indexes;
mod m20261123_000003_versions_tokens_changes;
mod m20261123_000004_portable_text_and_time;
mod m20261124_000005_data_version;
mod m20261203_000006_icbs_and_sites;
mod m20261203_000007_memberships_and_areas;
mod m20261203_000008_centres_networks_timeline;
mod m20261204_000009_projects_and_courses_corrected;
mod m20261204_000010_validity;
mod m20261206_000011_conflicts_and_concerns;
mod m20261206_000012_organisations;
mod m20261206_000013_listing_indexes_by_key;
mod m20261207_000014_data_version_once_per_transaction;
pub mod table;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_network::Migration),
            Box::new(m20261123_000002_listing_indexes::Migration),
            Box::new(m20261123_000003_versions_tokens_changes::Migration),
            Box::new(m20261123_000004_portable_text_and_time::Migration),
            Box::new(m20261124_000005_data_version::Migration),
            Box::new(m20261203_000006_icbs_and_sites::Migration),
            Box::new(m20261203_000007_memberships_and_areas::Migration),
            Box::new(m20261203_000008_centres_networks_timeline::Migration),
            Box::new(m20261204_000009_projects_and_courses_corrected::Migration),
            Box::new(m20261204_000010_validity::Migration),
            Box::new(m20261206_000011_conflicts_and_concerns::Migration),
            Box::new(m20261206_000012_organisations::Migration),
            Box::new(m20261206_000013_listing_indexes_by_key::Migration),
            Box::new(m20261207_000014_data_version_once_per_transaction::Migration),
        ]
    }
}
