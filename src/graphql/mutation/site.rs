use async_graphql::{ID, InputObject, MaybeUndefined};

use super::{Changes, Creates, Edit, patch, reference};
use crate::error::AppResult;
use crate::graphql::values::node_id::Kind;
use crate::service::write::SiteFields;

/// A new site of an NHS trust.
#[derive(InputObject)]
pub struct CreateSiteInput {
    /// Its ODS code, e.g. `RGT01`; its id will be `Site:<odsCode>`.
    pub ods_code: String,
    /// Its name; not empty.
    pub name: String,
    /// The id of the trust it belongs to.
    pub trust_id: ID,
    /// Its postcode.
    pub postcode: Option<String>,
    /// WGS84 latitude, within England; with `longitude`.
    pub latitude: Option<f64>,
    /// WGS84 longitude, within England; with `latitude`.
    pub longitude: Option<f64>,
    /// What the sources leave open.
    pub note: Option<String>,
    /// Where its facts come from.
    #[graphql(default)]
    pub sources: Vec<String>,
}

/// Changes to a site: fields left out stay as they are; null clears a field.
#[derive(InputObject)]
pub struct UpdateSiteInput {
    /// Its name; not empty.
    pub name: Option<String>,
    /// The id of the trust it belongs to.
    pub trust_id: Option<ID>,
    /// Its postcode.
    pub postcode: MaybeUndefined<String>,
    /// WGS84 latitude, within England.
    pub latitude: MaybeUndefined<f64>,
    /// WGS84 longitude, within England.
    pub longitude: MaybeUndefined<f64>,
    /// What the sources leave open.
    pub note: MaybeUndefined<String>,
    /// Where its facts come from (replaces the list).
    pub sources: Option<Vec<String>>,
}

impl Creates for CreateSiteInput {
    type Fields = SiteFields;
    fn split(self) -> AppResult<(String, SiteFields)> {
        let fields = SiteFields {
            name: self.name,
            trust: reference("trust_id", &self.trust_id, Kind::Trust)?,
            postcode: self.postcode,
            latitude: self.latitude,
            longitude: self.longitude,
            note: self.note,
            sources: self.sources,
        };
        Ok((self.ods_code, fields))
    }
}

impl Changes<SiteFields> for UpdateSiteInput {
    fn changes(self) -> AppResult<Edit<SiteFields>> {
        let trust = self
            .trust_id
            .as_ref()
            .map(|id| reference("trust_id", id, Kind::Trust))
            .transpose()?;
        Ok(Box::new(move |f| {
            if let Some(v) = self.name {
                f.name = v;
            }
            if let Some(v) = trust {
                f.trust = v;
            }
            patch(&mut f.postcode, &self.postcode);
            patch(&mut f.latitude, &self.latitude);
            patch(&mut f.longitude, &self.longitude);
            patch(&mut f.note, &self.note);
            if let Some(v) = self.sources {
                f.sources = v;
            }
        }))
    }
}

writes! {
    SiteMutation: Site, Sites, Admin;
    /// Adds a site of a trust (admins).
    create_site(CreateSiteInput);
    /// Changes a site still at `expectedVersion` (admins).
    update_site(UpdateSiteInput);
    /// Deletes a site still at `expectedVersion` (admins); refused with CONFLICT while an
    /// event or a conflict names it.
    delete_site;
}
