//! The root `Mutation`: writes to projects, courses, hub memberships, Networks of Excellence,
//! Genomic Medicine Centres, timeline events and conflicts between sources (editors and admins)
//! and to hubs, trusts, alliances, regions, integrated care boards and sites (admins). Every
//! mutation is one transaction, checks the version its caller last saw, and is recorded in the
//! change log. Links are part of the record that holds them: a project's participants, a hub's
//! or an alliance's regions, the records an event names.

#[macro_use]
mod writes;
mod alliance;
mod centre;
mod conflict;
mod course;
mod coverage;
mod hub;
mod icb;
mod membership;
mod network;
mod organisation;
mod project;
mod region;
mod site;
mod timeline;
mod trust;

use async_graphql::{ID, MaybeUndefined, MergedObject, SimpleObject};

use super::values::node_id::{Kind, key_of};
use crate::error::{AppError, AppResult};
use crate::service::events::{ChangeBus, ChangeEvent};

/// Writes to the network's data.
#[derive(MergedObject, Default)]
pub struct Mutation(
    course::CourseMutation,
    project::ProjectMutation,
    trust::TrustMutation,
    hub::HubMutation,
    alliance::AllianceMutation,
    region::RegionMutation,
    icb::IcbMutation,
    site::SiteMutation,
    membership::HubMembershipMutation,
    organisation::OrganisationMutation,
    network::NetworkOfExcellenceMutation,
    centre::GenomicMedicineCentreMutation,
    timeline::TimelineEventMutation,
    conflict::SourceConflictMutation,
);

/// A write's error with its field named as the mutation's `input` argument names it: the
/// service's `lead_trust_id` is `input.leadTrustId`, its `regions.0.region_id` is
/// `input.regions.0.regionId`.
fn in_input(err: AppError) -> AppError {
    match err {
        AppError::Invalid { field, message } => AppError::Invalid {
            field: input_path(&field),
            message,
        },
        other => other,
    }
}

fn input_path(field: &str) -> String {
    let mut path = String::from("input");
    for segment in field.split('.') {
        path.push('.');
        let mut words = segment.split('_');
        path.extend(words.next());
        for word in words {
            let mut chars = word.chars();
            path.extend(chars.next().map(|c| c.to_ascii_uppercase()));
            path.push_str(chars.as_str());
        }
    }
    path
}

/// Tells subscribers of a committed write (on PostgreSQL the write's NOTIFY already has).
fn committed<M>(ctx: &async_graphql::Context<'_>, (model, event): (M, ChangeEvent)) -> M {
    announce(ctx, event);
    model
}

fn announce(ctx: &async_graphql::Context<'_>, event: ChangeEvent) {
    if let Ok(bus) = ctx.data::<ChangeBus>() {
        bus.committed(event);
    }
}

/// A create input: the new record's natural key, and its fields.
trait Creates {
    type Fields;
    fn split(self) -> AppResult<(String, Self::Fields)>;
}

/// An edit of a record's fields, made inside the write's transaction.
type Edit<F> = Box<dyn FnOnce(&mut F) + Send>;

/// An update input: what it changes in a record's fields, checked before the write begins.
trait Changes<F> {
    fn changes(self) -> AppResult<Edit<F>>;
}

/// An update's changes to when a record began and ended: each left alone when absent, cleared
/// when null; a new date without its precision is a DAY.
#[allow(clippy::too_many_arguments)]
fn patch_validity(
    validity: &mut crate::service::write::Validity,
    from: &MaybeUndefined<crate::graphql::values::scalars::Date>,
    from_precision: &MaybeUndefined<crate::graphql::values::enums::DatePrecision>,
    to: &MaybeUndefined<crate::graphql::values::scalars::Date>,
    to_precision: &MaybeUndefined<crate::graphql::values::enums::DatePrecision>,
) {
    use crate::graphql::values::enums::DatePrecision;
    let day = || Some(DatePrecision::Day.into());
    let date = |d: &MaybeUndefined<crate::graphql::values::scalars::Date>| match d {
        MaybeUndefined::Undefined => MaybeUndefined::Undefined,
        MaybeUndefined::Null => MaybeUndefined::Null,
        MaybeUndefined::Value(d) => MaybeUndefined::Value(d.0),
    };
    let precision = |p: &MaybeUndefined<DatePrecision>| match p {
        MaybeUndefined::Undefined => MaybeUndefined::Undefined,
        MaybeUndefined::Null => MaybeUndefined::Null,
        MaybeUndefined::Value(p) => MaybeUndefined::Value((*p).into()),
    };
    patch(&mut validity.from, &date(from));
    patch(&mut validity.from_precision, &precision(from_precision));
    patch(&mut validity.to, &date(to));
    patch(&mut validity.to_precision, &precision(to_precision));
    if matches!(from, MaybeUndefined::Value(_)) && from_precision.is_undefined() {
        validity.from_precision = day();
    }
    if matches!(to, MaybeUndefined::Value(_)) && to_precision.is_undefined() {
        validity.to_precision = day();
    }
    if from.is_null() && from_precision.is_undefined() {
        validity.from_precision = None;
    }
    if to.is_null() && to_precision.is_undefined() {
        validity.to_precision = None;
    }
}

/// A new record's validity from a create input's four fields; a date without its precision is
/// a DAY.
fn validity(
    from: Option<crate::graphql::values::scalars::Date>,
    from_precision: Option<crate::graphql::values::enums::DatePrecision>,
    to: Option<crate::graphql::values::scalars::Date>,
    to_precision: Option<crate::graphql::values::enums::DatePrecision>,
) -> crate::service::write::Validity {
    use crate::graphql::values::enums::DatePrecision;
    let precision = |date: bool, p: Option<DatePrecision>| match (date, p) {
        (true, None) => Some(entity::DatePrecision::Day),
        (_, p) => p.map(Into::into),
    };
    crate::service::write::Validity {
        from: from.map(|d| d.0),
        from_precision: precision(from.is_some(), from_precision),
        to: to.map(|d| d.0),
        to_precision: precision(to.is_some(), to_precision),
    }
}

/// Global ids as the write checks them (each must name a record).
fn global_ids(ids: Vec<ID>) -> Vec<String> {
    ids.into_iter().map(|id| id.0).collect()
}

/// What a deletion removed.
#[derive(SimpleObject)]
pub struct Deletion {
    /// The id of the record deleted.
    pub id: ID,
}

/// The natural key of the record `id` names, which must be of type `kind`; anything else names
/// nothing there is to change.
fn target(id: &ID, kind: Kind) -> AppResult<String> {
    match key_of(id, kind) {
        Ok(Some(key)) => Ok(key.to_owned()),
        _ => Err(AppError::NotFound(format!(
            "no {} {:?}",
            kind.name(),
            id.as_str()
        ))),
    }
}

/// The slug a reference field's id names, which must be of type `kind`.
fn reference(field: &str, id: &ID, kind: Kind) -> AppResult<String> {
    match key_of(id, kind) {
        Ok(Some(key)) => Ok(key.to_owned()),
        _ => Err(AppError::invalid(
            field,
            format!("{:?} is not the id of a {}", id.as_str(), kind.name()),
        )),
    }
}

fn optional_reference(field: &str, id: &Option<ID>, kind: Kind) -> AppResult<Option<String>> {
    id.as_ref().map(|id| reference(field, id, kind)).transpose()
}

/// An update's nullable reference: left alone when absent, cleared when null, else the slug
/// the id names.
fn maybe_reference(
    field: &str,
    id: &MaybeUndefined<ID>,
    kind: Kind,
) -> AppResult<MaybeUndefined<String>> {
    Ok(match id {
        MaybeUndefined::Undefined => MaybeUndefined::Undefined,
        MaybeUndefined::Null => MaybeUndefined::Null,
        MaybeUndefined::Value(id) => MaybeUndefined::Value(reference(field, id, kind)?),
    })
}

/// An update's value for a nullable field: left alone when absent, cleared when null.
fn patch<T: Clone>(target: &mut Option<T>, value: &MaybeUndefined<T>) {
    match value {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *target = None,
        MaybeUndefined::Value(v) => *target = Some(v.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::input_path;

    #[test]
    fn a_write_field_is_named_as_the_input_names_it() {
        assert_eq!(input_path("title"), "input.title");
        assert_eq!(input_path("lead_trust_id"), "input.leadTrustId");
        assert_eq!(
            input_path("regions.0.region_id"),
            "input.regions.0.regionId"
        );
        assert_eq!(
            input_path("participating_alliance_ids.3"),
            "input.participatingAllianceIds.3"
        );
    }
}
