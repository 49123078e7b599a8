use async_graphql::{ID, InputObject, MaybeUndefined};

use super::{Changes, Creates, Edit, patch, patch_validity, reference, validity};
use crate::error::AppResult;
use crate::graphql::values::enums::DatePrecision;
use crate::graphql::values::node_id::Kind;
use crate::graphql::values::scalars::Date;
use crate::service::write::IcbFields;

/// A new integrated care board.
#[derive(InputObject)]
pub struct CreateIcbInput {
    /// Its ODS code, e.g. `QUE`; its id will be `Icb:<odsCode>`.
    pub ods_code: String,
    /// Its ONS code, e.g. `E54000056`; no other ICB's.
    pub code: String,
    /// Its name; not empty.
    pub name: String,
    /// The id of the region it is in.
    pub region_id: ID,
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

/// Changes to an ICB: fields left out stay as they are; null clears a field.
#[derive(InputObject)]
pub struct UpdateIcbInput {
    /// Its ONS code; no other ICB's.
    pub code: Option<String>,
    /// Its name; not empty.
    pub name: Option<String>,
    /// The id of the region it is in.
    pub region_id: Option<ID>,
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

impl Creates for CreateIcbInput {
    type Fields = IcbFields;
    fn split(self) -> AppResult<(String, IcbFields)> {
        let fields = IcbFields {
            code: self.code,
            name: self.name,
            region: reference("region_id", &self.region_id, Kind::Region)?,
            validity: validity(
                self.valid_from,
                self.valid_from_precision,
                self.valid_to,
                self.valid_to_precision,
            ),
            note: self.note,
            sources: self.sources,
        };
        Ok((self.ods_code, fields))
    }
}

impl Changes<IcbFields> for UpdateIcbInput {
    fn changes(self) -> AppResult<Edit<IcbFields>> {
        let region = self
            .region_id
            .as_ref()
            .map(|id| reference("region_id", id, Kind::Region))
            .transpose()?;
        Ok(Box::new(move |f| {
            if let Some(v) = self.code {
                f.code = v;
            }
            if let Some(v) = self.name {
                f.name = v;
            }
            if let Some(v) = region {
                f.region = v;
            }
            patch_validity(
                &mut f.validity,
                &self.valid_from,
                &self.valid_from_precision,
                &self.valid_to,
                &self.valid_to_precision,
            );
            patch(&mut f.note, &self.note);
            if let Some(v) = self.sources {
                f.sources = v;
            }
        }))
    }
}

writes! {
    IcbMutation: Icb, Icbs, Admin;
    /// Adds an integrated care board (admins).
    create_icb(CreateIcbInput);
    /// Changes an ICB still at `expectedVersion` (admins).
    update_icb(UpdateIcbInput);
    /// Deletes an ICB still at `expectedVersion` (admins); refused with CONFLICT while a trust
    /// is in it, a hub or an alliance serves it, or an event or a conflict names it.
    delete_icb;
}
