use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use entity::api_token::Role;

use super::coverage::{RegionCoverageInput, coverage};
use super::{
    Deletion, announce, committed, in_input, optional_reference, patch, reference, target,
};
use crate::graphql::access::require;
use crate::graphql::loaders::writer;
use crate::graphql::types::Hub;
use crate::graphql::values::enums::DatePrecision;
use crate::graphql::values::node_id::Kind;
use crate::graphql::values::scalars::Date;
use crate::service::write::{self, HubFields};

/// A new genomic laboratory hub.
#[derive(InputObject)]
pub struct CreateHubInput {
    /// Lower-case letters, digits and hyphens; its id will be `Hub:<slug>`.
    pub slug: String,
    /// The hub's full name; not empty, and no other hub's.
    pub name: String,
    /// The id of the NHS trust that leads it.
    pub lead_trust_id: ID,
    /// The area it covers, in its sources' words.
    pub coverage_description: Option<String>,
    /// The regions it covers.
    #[graphql(default)]
    pub regions: Vec<RegionCoverageInput>,
    /// When it began; DAY precision unless said.
    pub valid_from: Option<Date>,
    /// How much of `validFrom` the sources give.
    pub valid_from_precision: Option<DatePrecision>,
    /// When it ended; not before `validFrom`.
    pub valid_to: Option<Date>,
    /// How much of `validTo` the sources give.
    pub valid_to_precision: Option<DatePrecision>,
    /// What the sources leave open.
    pub note: Option<String>,
    /// Where its facts come from.
    #[graphql(default)]
    pub sources: Vec<String>,
}

/// Changes to a hub: fields left out stay as they are; null clears a field.
#[derive(InputObject)]
pub struct UpdateHubInput {
    /// The hub's full name; not empty, and no other hub's.
    pub name: Option<String>,
    /// The id of the NHS trust that leads it.
    pub lead_trust_id: Option<ID>,
    /// The area it covers, in its sources' words.
    pub coverage_description: MaybeUndefined<String>,
    /// The regions it covers (replaces the list).
    pub regions: Option<Vec<RegionCoverageInput>>,
    /// When it began; null clears it (and its precision).
    pub valid_from: MaybeUndefined<Date>,
    /// How much of `validFrom` the sources give; DAY where a new date comes without it.
    pub valid_from_precision: MaybeUndefined<DatePrecision>,
    /// When it ended; null while it goes on.
    pub valid_to: MaybeUndefined<Date>,
    /// How much of `validTo` the sources give; DAY where a new date comes without it.
    pub valid_to_precision: MaybeUndefined<DatePrecision>,
    /// What the sources leave open.
    pub note: MaybeUndefined<String>,
    /// Where its facts come from (replaces the list).
    pub sources: Option<Vec<String>>,
}

#[derive(Default)]
pub struct HubMutation;

#[Object]
impl HubMutation {
    /// Adds a genomic laboratory hub (admins).
    async fn create_hub(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateHubInput,
    ) -> Result<Hub> {
        let actor = require(ctx, Role::Admin)?;
        let fields = HubFields {
            validity: super::validity(
                input.valid_from,
                input.valid_from_precision,
                input.valid_to,
                input.valid_to_precision,
            ),
            name: input.name,
            lead_trust: reference("input.leadTrustId", &input.lead_trust_id, Kind::Trust)?,
            coverage_description: input.coverage_description,
            regions: coverage(&input.regions)?,
            note: input.note,
            sources: input.sources,
        };
        Ok(committed(
            ctx,
            write::create::<write::Hubs>(writer(ctx)?, actor, &input.slug, &fields)
                .await
                .map_err(in_input)?,
        )
        .into())
    }

    /// Changes a hub still at `expectedVersion` (admins); a stale version is refused with
    /// CONFLICT.
    async fn update_hub(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's global id, `<Type>:<key>`.")] id: ID,
        #[graphql(
            desc = "The version last read (its `version` field); if the record has changed since, the change is refused with CONFLICT."
        )]
        expected_version: i32,
        #[graphql(desc = "The fields to change; one left out keeps its value.")]
        input: UpdateHubInput,
    ) -> Result<Hub> {
        let actor = require(ctx, Role::Admin)?;
        let key = target(&id, Kind::Hub)?;
        let lead_trust =
            optional_reference("input.leadTrustId", &input.lead_trust_id, Kind::Trust)?;
        let regions = input.regions.as_deref().map(coverage).transpose()?;
        let updated =
            write::update::<write::Hubs>(writer(ctx)?, actor, &key, expected_version, move |f| {
                if let Some(v) = input.name {
                    f.name = v;
                }
                if let Some(v) = lead_trust {
                    f.lead_trust = v;
                }
                if let Some(v) = regions {
                    f.regions = v;
                }
                if let Some(v) = input.sources {
                    f.sources = v;
                }
                patch(&mut f.coverage_description, &input.coverage_description);
                patch(&mut f.note, &input.note);
                super::patch_validity(
                    &mut f.validity,
                    &input.valid_from,
                    &input.valid_from_precision,
                    &input.valid_to,
                    &input.valid_to_precision,
                );
            })
            .await
            .map_err(in_input)?;
        Ok(committed(ctx, updated).into())
    }

    /// Deletes a hub still at `expectedVersion` (admins), with its region coverage; refused with
    /// CONFLICT while an alliance works with it or it offers courses.
    async fn delete_hub(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's global id, `<Type>:<key>`.")] id: ID,
        #[graphql(
            desc = "The version last read (its `version` field); if the record has changed since, the change is refused with CONFLICT."
        )]
        expected_version: i32,
    ) -> Result<Deletion> {
        let actor = require(ctx, Role::Admin)?;
        let key = target(&id, Kind::Hub)?;
        let event =
            write::delete::<write::Hubs>(writer(ctx)?, actor, &key, expected_version).await?;
        announce(ctx, event);
        Ok(Deletion { id })
    }
}
