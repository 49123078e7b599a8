use async_graphql::{ID, InputObject, MaybeUndefined};

use super::{Changes, Creates, Edit, maybe_reference, optional_reference, patch, reference};
use crate::error::AppResult;
use crate::graphql::values::enums::{Confidence, MembershipRole};
use crate::graphql::values::node_id::Kind;
use crate::service::write::MembershipFields;

/// A new membership of a genomic laboratory hub.
#[derive(InputObject)]
pub struct CreateHubMembershipInput {
    /// Lower-case letters, digits and hyphens; its id will be `HubMembership:<slug>`.
    pub slug: String,
    /// The id of the hub.
    pub hub_id: ID,
    /// The id of the member trust, where it is one of the network's trusts.
    pub trust_id: Option<ID>,
    /// The id of the member organisation, where it is not a trust; not with `trustId`.
    pub organisation_id: Option<ID>,
    /// The organisation's name as the source gives it; not empty.
    pub name_as_stated: String,
    /// Its part in the hub.
    pub role: MembershipRole,
    /// How sure the data is of the role.
    pub role_confidence: Confidence,
    /// The role in the source's words.
    pub role_as_stated: Option<String>,
    /// How the name was matched to an ODS code, if it was.
    pub ods_mapping: Option<String>,
    /// The source's words naming the member.
    pub quote: Option<String>,
    /// What the sources leave open.
    pub note: Option<String>,
    /// Where its facts come from.
    #[graphql(default)]
    pub sources: Vec<String>,
}

/// Changes to a membership: fields left out stay as they are; null clears a field.
#[derive(InputObject)]
pub struct UpdateHubMembershipInput {
    /// The id of the hub.
    pub hub_id: Option<ID>,
    /// The id of the member trust; null where it is none of the network's trusts.
    pub trust_id: MaybeUndefined<ID>,
    /// The id of the member organisation; null where it is none.
    pub organisation_id: MaybeUndefined<ID>,
    /// The organisation's name as the source gives it; not empty.
    pub name_as_stated: Option<String>,
    /// Its part in the hub.
    pub role: Option<MembershipRole>,
    /// How sure the data is of the role.
    pub role_confidence: Option<Confidence>,
    /// The role in the source's words.
    pub role_as_stated: MaybeUndefined<String>,
    /// How the name was matched to an ODS code, if it was.
    pub ods_mapping: MaybeUndefined<String>,
    /// The source's words naming the member.
    pub quote: MaybeUndefined<String>,
    /// What the sources leave open.
    pub note: MaybeUndefined<String>,
    /// Where its facts come from (replaces the list).
    pub sources: Option<Vec<String>>,
}

impl Creates for CreateHubMembershipInput {
    type Fields = MembershipFields;
    fn split(self) -> AppResult<(String, MembershipFields)> {
        let fields = MembershipFields {
            hub: reference("hub_id", &self.hub_id, Kind::Hub)?,
            trust: optional_reference("trust_id", &self.trust_id, Kind::Trust)?,
            organisation: optional_reference(
                "organisation_id",
                &self.organisation_id,
                Kind::Organisation,
            )?,
            name_as_stated: self.name_as_stated,
            role: self.role.into(),
            role_confidence: self.role_confidence.into(),
            role_as_stated: self.role_as_stated,
            ods_mapping: self.ods_mapping,
            quote: self.quote,
            note: self.note,
            sources: self.sources,
        };
        Ok((self.slug, fields))
    }
}

impl Changes<MembershipFields> for UpdateHubMembershipInput {
    fn changes(self) -> AppResult<Edit<MembershipFields>> {
        let hub = self
            .hub_id
            .as_ref()
            .map(|id| reference("hub_id", id, Kind::Hub))
            .transpose()?;
        let trust = maybe_reference("trust_id", &self.trust_id, Kind::Trust)?;
        let organisation =
            maybe_reference("organisation_id", &self.organisation_id, Kind::Organisation)?;
        Ok(Box::new(move |f| {
            if let Some(v) = hub {
                f.hub = v;
            }
            patch(&mut f.trust, &trust);
            patch(&mut f.organisation, &organisation);
            if let Some(v) = self.name_as_stated {
                f.name_as_stated = v;
            }
            if let Some(v) = self.role {
                f.role = v.into();
            }
            if let Some(v) = self.role_confidence {
                f.role_confidence = v.into();
            }
            patch(&mut f.role_as_stated, &self.role_as_stated);
            patch(&mut f.ods_mapping, &self.ods_mapping);
            patch(&mut f.quote, &self.quote);
            patch(&mut f.note, &self.note);
            if let Some(v) = self.sources {
                f.sources = v;
            }
        }))
    }
}

writes! {
    HubMembershipMutation: HubMembership, Memberships, Editor;
    /// Adds a lead or partner organisation to a hub (editors and admins).
    create_hub_membership(CreateHubMembershipInput);
    /// Changes a membership still at `expectedVersion` (editors and admins).
    update_hub_membership(UpdateHubMembershipInput);
    /// Deletes a membership still at `expectedVersion` (editors and admins).
    delete_hub_membership;
}
