//! The kinds of record a listing serves, each with its keys and its natural order: one entry per
//! kind in the table below.

use entity::{alliance, hub, region, training_course, transformation_project, trust};
use sea_orm::EntityTrait;

/// An entity that can be listed: its keys and its natural order.
pub trait Listed: EntityTrait<Model: Sync> + Default {
    /// The surrogate key, the last tie-break of every ordering.
    fn id_column() -> Self::Column;
    /// The natural key (a code or a slug): unique, and what public ids are made of.
    fn key_column() -> Self::Column;
    /// The version every update increments.
    fn version_column() -> Self::Column;
    /// The columns a listing is ordered by when the client names none.
    fn default_order() -> Vec<Self::Column>;
    fn model_id(model: &Self::Model) -> i32;
}

macro_rules! listed {
    ($($module:ident: key $key:ident, by $($order:ident),+;)*) => {$(
        impl Listed for $module::Entity {
            fn id_column() -> Self::Column {
                $module::Column::Id
            }
            fn key_column() -> Self::Column {
                $module::Column::$key
            }
            fn version_column() -> Self::Column {
                $module::Column::Version
            }
            fn default_order() -> Vec<Self::Column> {
                vec![$($module::Column::$order),+]
            }
            fn model_id(model: &Self::Model) -> i32 {
                model.id
            }
        }
    )*};
}

listed! {
    region: key Code, by Code;
    trust: key OdsCode, by OdsCode;
    hub: key Slug, by Name;
    alliance: key Slug, by Name;
    transformation_project: key Slug, by Title;
    training_course: key Slug, by Title;
}
