use async_graphql::{Context, Result};
use entity::{hub, organisation, trust};

use super::connection::Conn;
use super::{Hub, Organisation, Trust};
use crate::graphql::loaders::{optional, required};
use crate::graphql::values::enums::{Confidence, MembershipRole};

api_type!(
    HubMembership,
    hub_membership,
    HubMembershipFilter,
    HubMembershipOrder,
    HubMembershipRoots
);

object! {
    /// An organisation named as a member of a genomic laboratory hub: its lead, a partner
    /// laboratory or a partner, in the words of the source that names it. Where the
    /// organisation's ODS code is known it is a trust of the network (`trust`); where it is not
    /// (an organisation the ODS data bundled here does not list, or not a trust), `trust` and
    /// `odsCode` are null and the member is an `organisation` of its own.
    impl HubMembership {
        /// Global, stable id: `HubMembership:<slug>`; the bundled network's slugs are
        /// `<hub slug>--<ODS code or name>`, e.g. `HubMembership:east--rwe`.
        id(&self) by slug;

        key(&self) slug: "`<hub slug>--<the member's ODS code, lower-case>`, or its name's slug where it has no ODS code.";

        fields {
            /// The organisation's name as the source gives it.
            async fn name_as_stated(&self) -> &str {
                &self.0.name_as_stated
            }

            /// What the organisation is to the hub.
            async fn role(&self) -> MembershipRole {
                self.0.role.into()
            }

            /// How sure the data is of the role: a partner trust may be STATED while that it
            /// hosts a laboratory is INFERRED.
            async fn role_confidence(&self) -> Confidence {
                self.0.role_confidence.into()
            }

            /// The role in the source's words.
            async fn role_as_stated(&self) -> Option<&str> {
                self.0.role_as_stated.as_deref()
            }

            /// How the name was matched to an ODS code, if it was.
            async fn ods_mapping(&self) -> Option<&str> {
                self.0.ods_mapping.as_deref()
            }

            /// The words of the source that names the organisation.
            async fn quote(&self) -> Option<&str> {
                self.0.quote.as_deref()
            }
        }

        record(&self) by slug;

        relations {
            /// The hub.
            async fn hub(&self, ctx: &Context<'_>) -> Result<Hub> {
                Ok(required::<hub::Entity>(ctx, self.0.hub_id).await?.into())
            }

            /// The member as a trust of the network; null where its ODS code is not known.
            async fn trust(&self, ctx: &Context<'_>) -> Result<Option<Trust>> {
                Ok(optional::<trust::Entity>(ctx, self.0.trust_id)
                    .await?
                    .map(Into::into))
            }

            /// The member as an organisation of its own, where it is not one of the network's
            /// trusts (null where `trust` is not).
            async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<Organisation>> {
                Ok(optional::<organisation::Entity>(ctx, self.0.organisation_id)
                    .await?
                    .map(Into::into))
            }

            /// The member's ODS code; null where the sources read give none.
            async fn ods_code(&self, ctx: &Context<'_>) -> Result<Option<String>> {
                Ok(optional::<trust::Entity>(ctx, self.0.trust_id)
                    .await?
                    .map(|t| t.ods_code))
            }
        }
    }
}

roots! {
    HubMembership: HubMembershipRoots(HubMembershipList, HubMembershipLookups) {
        /// The members of every hub, by hub.
        list hub_memberships;
        /// A membership by its id; null if there is none.
        hub_membership(id: async_graphql::ID = "Its global id, `<Type>:<key>`, as its `id` field gives it.") by_id;
        /// A membership by its slug, e.g. `east--rwe`; null if there is none.
        hub_membership_by_slug(slug: String = "Its slug: the key in its global id after the colon.") by_key;
    }
}

crate::graphql::plan::planned! {
    HubMembership(hub_membership) by slug {
        own {
            "slug": str slug,
            "nameAsStated": str name_as_stated,
            "role": enum role as MembershipRole,
            "roleConfidence": enum role_confidence as Confidence,
            "roleAsStated": opt_str role_as_stated,
            "odsMapping": opt_str ods_mapping,
            "quote": opt_str quote,
            "version": int version,
        }
        one {
            "hub": required Hub by hub_id,
            "trust": optional Trust by trust_id,
            "organisation": optional Organisation by organisation_id,
        }
        many {}
    }
}
