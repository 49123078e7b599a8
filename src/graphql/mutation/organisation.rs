use async_graphql::{InputObject, MaybeUndefined};

use super::{Changes, Creates, Edit, patch};
use crate::error::AppResult;
use crate::service::write::OrganisationFields;

/// A new organisation that is not a trust of the ODS data.
#[derive(InputObject)]
pub struct CreateOrganisationInput {
    /// Lower-case letters, digits and hyphens; its id will be `Organisation:<slug>`.
    pub slug: String,
    /// Its name as the sources give it; not empty.
    pub name: String,
    /// Its ODS code, where a source gives one.
    pub ods_code: Option<String>,
    /// What the sources leave open.
    pub note: Option<String>,
    /// Where its facts come from.
    #[graphql(default)]
    pub sources: Vec<String>,
}

/// Changes to an organisation: fields left out stay as they are; null clears a field.
#[derive(InputObject)]
pub struct UpdateOrganisationInput {
    /// Its name as the sources give it; not empty.
    pub name: Option<String>,
    /// Its ODS code, where a source gives one.
    pub ods_code: MaybeUndefined<String>,
    /// What the sources leave open.
    pub note: MaybeUndefined<String>,
    /// Where its facts come from (replaces the list).
    pub sources: Option<Vec<String>>,
}

impl Creates for CreateOrganisationInput {
    type Fields = OrganisationFields;
    fn split(self) -> AppResult<(String, OrganisationFields)> {
        let fields = OrganisationFields {
            name: self.name,
            ods_code: self.ods_code,
            note: self.note,
            sources: self.sources,
        };
        Ok((self.slug, fields))
    }
}

impl Changes<OrganisationFields> for UpdateOrganisationInput {
    fn changes(self) -> AppResult<Edit<OrganisationFields>> {
        Ok(Box::new(move |f| {
            if let Some(v) = self.name {
                f.name = v;
            }
            patch(&mut f.ods_code, &self.ods_code);
            patch(&mut f.note, &self.note);
            if let Some(v) = self.sources {
                f.sources = v;
            }
        }))
    }
}

writes! {
    OrganisationMutation: Organisation, Organisations, Editor;
    /// Adds an organisation that is not a trust of the ODS data (editors and admins).
    create_organisation(CreateOrganisationInput);
    /// Changes an organisation still at `expectedVersion` (editors and admins): its ODS code,
    /// once a source gives it, say.
    update_organisation(UpdateOrganisationInput);
    /// Deletes an organisation still at `expectedVersion` (editors and admins); refused with
    /// CONFLICT while a hub membership names it.
    delete_organisation;
}
