use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use entity::api_token::Role;

use super::{
    Deletion, announce, committed, in_input, maybe_reference, optional_reference, patch, reference,
    target,
};
use crate::graphql::access::require;
use crate::graphql::loaders::writer;
use crate::graphql::types::Trust;
use crate::graphql::values::node_id::Kind;
use crate::service::write::{self, TrustFields};

/// A new NHS trust.
#[derive(InputObject)]
pub struct CreateTrustInput {
    /// Its ODS code: upper-case letters and digits; its id will be `Trust:<odsCode>`.
    pub ods_code: String,
    /// The trust's name; not empty.
    pub name: String,
    /// Postal address of its headquarters.
    pub address: Option<String>,
    /// Postcode of its headquarters.
    pub postcode: Option<String>,
    /// Its website: an http(s) URL.
    pub website: Option<String>,
    /// The id of the region it is in.
    pub region_id: ID,
    /// The id of the integrated care board its sites are in.
    pub icb_id: Option<ID>,
    /// What the sources leave open.
    pub note: Option<String>,
    /// Where its facts come from.
    #[graphql(default)]
    pub sources: Vec<String>,
}

/// Changes to a trust: fields left out stay as they are; null clears a field.
#[derive(InputObject)]
pub struct UpdateTrustInput {
    /// The trust's name; not empty.
    pub name: Option<String>,
    /// Postal address of its headquarters.
    pub address: MaybeUndefined<String>,
    /// Postcode of its headquarters.
    pub postcode: MaybeUndefined<String>,
    /// Its website: an http(s) URL.
    pub website: MaybeUndefined<String>,
    /// The id of the region it is in.
    pub region_id: Option<ID>,
    /// The id of the integrated care board its sites are in; null clears it.
    pub icb_id: MaybeUndefined<ID>,
    /// What the sources leave open.
    pub note: MaybeUndefined<String>,
    /// Where its facts come from (replaces the list).
    pub sources: Option<Vec<String>>,
}

#[derive(Default)]
pub struct TrustMutation;

#[Object]
impl TrustMutation {
    /// Adds an NHS trust (admins).
    async fn create_trust(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateTrustInput,
    ) -> Result<Trust> {
        let actor = require(ctx, Role::Admin)?;
        let fields = TrustFields {
            name: input.name,
            address: input.address,
            postcode: input.postcode,
            website: input.website,
            region: reference("input.regionId", &input.region_id, Kind::Region)?,
            icb: optional_reference("input.icbId", &input.icb_id, Kind::Icb)?,
            note: input.note,
            sources: input.sources,
        };
        Ok(committed(
            ctx,
            write::create::<write::Trusts>(writer(ctx)?, actor, &input.ods_code, &fields)
                .await
                .map_err(in_input)?,
        )
        .into())
    }

    /// Changes a trust still at `expectedVersion` (admins); a stale version is refused with
    /// CONFLICT.
    async fn update_trust(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's global id, `<Type>:<key>`.")] id: ID,
        #[graphql(
            desc = "The version last read (its `version` field); if the record has changed since, the change is refused with CONFLICT."
        )]
        expected_version: i32,
        #[graphql(desc = "The fields to change; one left out keeps its value.")]
        input: UpdateTrustInput,
    ) -> Result<Trust> {
        let actor = require(ctx, Role::Admin)?;
        let key = target(&id, Kind::Trust)?;
        let region = optional_reference("input.regionId", &input.region_id, Kind::Region)?;
        let icb = maybe_reference("input.icbId", &input.icb_id, Kind::Icb)?;
        let updated =
            write::update::<write::Trusts>(writer(ctx)?, actor, &key, expected_version, move |f| {
                if let Some(v) = input.name {
                    f.name = v;
                }
                if let Some(v) = region {
                    f.region = v;
                }
                if let Some(v) = input.sources {
                    f.sources = v;
                }
                patch(&mut f.address, &input.address);
                patch(&mut f.postcode, &input.postcode);
                patch(&mut f.website, &input.website);
                patch(&mut f.icb, &icb);
                patch(&mut f.note, &input.note);
            })
            .await
            .map_err(in_input)?;
        Ok(committed(ctx, updated).into())
    }

    /// Deletes a trust still at `expectedVersion` (admins); refused with CONFLICT while it
    /// leads a hub, hosts an alliance or has sites.
    async fn delete_trust(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's global id, `<Type>:<key>`.")] id: ID,
        #[graphql(
            desc = "The version last read (its `version` field); if the record has changed since, the change is refused with CONFLICT."
        )]
        expected_version: i32,
    ) -> Result<Deletion> {
        let actor = require(ctx, Role::Admin)?;
        let key = target(&id, Kind::Trust)?;
        let event =
            write::delete::<write::Trusts>(writer(ctx)?, actor, &key, expected_version).await?;
        announce(ctx, event);
        Ok(Deletion { id })
    }
}
