use super::HubMembership;
use super::connection::{Conn, connection};
use crate::graphql::loaders::related;
use crate::service::kinds::OrganisationMemberships;

api_type!(
    Organisation,
    organisation,
    OrganisationFilter,
    OrganisationOrder,
    OrganisationRoots
);

object! {
    /// An organisation the sources name that is not one of the network's trusts in the ODS data
    /// bundled here: a specialist trust that data leaves out, a laboratory company, a genomics
    /// centre. A record of its own, with a stable id, and its ODS code where a source read
    /// gives one (none does yet: `odsCode` is null rather than a code from elsewhere).
    impl Organisation {
        /// Global, stable id: `Organisation:<slug>`, e.g.
        /// `Organisation:the-christie-nhs-foundation-trust`.
        id(&self) by slug;

        key(&self) slug: "From its name, e.g. `the-christie-nhs-foundation-trust`.";

        fields {
            /// Its name as the sources give it.
            async fn name(&self) -> &str {
                &self.0.name
            }

            /// Its ODS code, where a source read gives one; null otherwise.
            async fn ods_code(&self) -> Option<&str> {
                self.0.ods_code.as_deref()
            }
        }

        record(&self) by slug;

        connections {
            /// Its memberships of genomic laboratory hubs, each with its role.
            fn hub_memberships(&self, ctx, query) -> Conn<HubMembership> {
                Ok(connection(related::<OrganisationMemberships>(ctx, self.0.id, query).await?))
            }
        }
    }
}

roots! {
    Organisation: OrganisationRoots(OrganisationList, OrganisationLookups) {
        /// Organisations the sources name that are not trusts of the ODS data, by name.
        list organisations;
        /// An organisation by its id; null if there is none.
        organisation(id: async_graphql::ID = "Its global id, `<Type>:<key>`, as its `id` field gives it.") by_id;
        /// An organisation by its slug; null if there is none.
        organisation_by_slug(slug: String = "Its slug: the key in its global id after the colon.") by_key;
    }
}

crate::graphql::plan::planned! {
    Organisation(organisation) by slug {
        own {
            "slug": str slug,
            "name": str name,
            "odsCode": opt_str ods_code,
            "version": int version,
        }
        one {}
        many {
            "hubMemberships": OrganisationMemberships => HubMembership
                with async_graphql::connection::EmptyFields,
        }
    }
}
