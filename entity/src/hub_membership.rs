//! An organisation named as a member of a genomic laboratory hub (its lead, a partner laboratory
//! or a partner), in the words of the source that names it. The organisation is a trust of the
//! network where its ODS code is known, and only a name where it is not.

use sea_orm::entity::prelude::*;

use crate::{Confidence, MembershipRole, Sources};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "hub_membership")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `<hub slug>--<ODS code, lower-case>`, or the name's slug where there is no ODS code.
    #[sea_orm(unique)]
    pub slug: String,
    pub hub_id: i32,
    /// The trust, where the organisation's ODS code is known.
    pub trust_id: Option<i32>,
    /// The organisation, where it is not one of the network's trusts.
    pub organisation_id: Option<i32>,
    /// The organisation's name as the source gives it.
    pub name_as_stated: String,
    pub role: MembershipRole,
    pub role_confidence: Confidence,
    /// The role in the source's words.
    pub role_as_stated: Option<String>,
    /// How the name was matched to an ODS code.
    pub ods_mapping: Option<String>,
    pub quote: Option<String>,
    pub note: Option<String>,
    #[sea_orm(column_type = "Json")]
    pub sources: Sources,
    /// Incremented by every update: writers say which version they last saw.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::hub::Entity",
        from = "Column::HubId",
        to = "super::hub::Column::Id"
    )]
    Hub,
    #[sea_orm(
        belongs_to = "super::trust::Entity",
        from = "Column::TrustId",
        to = "super::trust::Column::Id"
    )]
    Trust,
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id"
    )]
    Organisation,
}

impl ActiveModelBehavior for ActiveModel {}
