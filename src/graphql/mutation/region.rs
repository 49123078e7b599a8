use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use entity::api_token::Role;

use super::{Deletion, announce, committed, in_input, patch, target};
use crate::graphql::access::require;
use crate::graphql::loaders::writer;
use crate::graphql::types::Region;
use crate::graphql::values::node_id::Kind;
use crate::service::write::{self, RegionFields};

/// A new NHS England region.
#[derive(InputObject)]
pub struct CreateRegionInput {
    /// Its ONS code, e.g. `E40000007`; its id will be `Region:<code>`.
    pub code: String,
    /// Its NHS ODS code, e.g. `Y61`; no other region's.
    pub ods_code: String,
    /// The region's name; not empty.
    pub name: String,
    /// What the sources leave open.
    pub note: Option<String>,
    /// Where its facts come from.
    #[graphql(default)]
    pub sources: Vec<String>,
}

/// Changes to a region: fields left out stay as they are; null clears a field.
#[derive(InputObject)]
pub struct UpdateRegionInput {
    /// Its NHS ODS code; no other region's.
    pub ods_code: Option<String>,
    /// The region's name; not empty.
    pub name: Option<String>,
    /// What the sources leave open.
    pub note: MaybeUndefined<String>,
    /// Where its facts come from (replaces the list).
    pub sources: Option<Vec<String>>,
}

#[derive(Default)]
pub struct RegionMutation;

#[Object]
impl RegionMutation {
    /// Adds an NHS England region (admins).
    async fn create_region(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateRegionInput,
    ) -> Result<Region> {
        let actor = require(ctx, Role::Admin)?;
        let fields = RegionFields {
            ods_code: input.ods_code,
            name: input.name,
            note: input.note,
            sources: input.sources,
        };
        Ok(committed(
            ctx,
            write::create::<write::Regions>(writer(ctx)?, actor, &input.code, &fields)
                .await
                .map_err(in_input)?,
        )
        .into())
    }

    /// Changes a region still at `expectedVersion` (admins); a stale version is refused with
    /// CONFLICT.
    async fn update_region(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's global id, `<Type>:<key>`.")] id: ID,
        #[graphql(
            desc = "The version last read (its `version` field); if the record has changed since, the change is refused with CONFLICT."
        )]
        expected_version: i32,
        #[graphql(desc = "The fields to change; one left out keeps its value.")]
        input: UpdateRegionInput,
    ) -> Result<Region> {
        let actor = require(ctx, Role::Admin)?;
        let key = target(&id, Kind::Region)?;
        let updated = write::update::<write::Regions>(
            writer(ctx)?,
            actor,
            &key,
            expected_version,
            move |f| {
                if let Some(v) = input.ods_code {
                    f.ods_code = v;
                }
                if let Some(v) = input.name {
                    f.name = v;
                }
                if let Some(v) = input.sources {
                    f.sources = v;
                }
                patch(&mut f.note, &input.note);
            },
        )
        .await
        .map_err(in_input)?;
        Ok(committed(ctx, updated).into())
    }

    /// Deletes a region still at `expectedVersion` (admins); refused with CONFLICT while a
    /// trust is in it or a hub or an alliance covers it.
    async fn delete_region(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's global id, `<Type>:<key>`.")] id: ID,
        #[graphql(
            desc = "The version last read (its `version` field); if the record has changed since, the change is refused with CONFLICT."
        )]
        expected_version: i32,
    ) -> Result<Deletion> {
        let actor = require(ctx, Role::Admin)?;
        let key = target(&id, Kind::Region)?;
        let event =
            write::delete::<write::Regions>(writer(ctx)?, actor, &key, expected_version).await?;
        announce(ctx, event);
        Ok(Deletion { id })
    }
}
