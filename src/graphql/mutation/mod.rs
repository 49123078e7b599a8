//! The root `Mutation`: writes to projects and courses (editors and admins) and to hubs, trusts,
//! alliances and regions (admins). Every mutation is one transaction, checks the version its
//! caller last saw, and is recorded in the change log. Links are part of the record that holds
//! them: a project's participants, a hub's or an alliance's regions.

mod alliance;
mod course;
mod coverage;
mod hub;
mod project;
mod region;
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
