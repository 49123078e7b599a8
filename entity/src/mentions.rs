use sea_orm::FromJsonQueryResult;
use serde::{Deserialize, Serialize};

use crate::Confidence;

/// Organisations a source names, each as it names it, stored as a JSON array: the partners of a
/// Genomic Medicine Centre, say. Where the name maps to an ODS code of the network, `ods_code`
/// holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct Mentions(pub Vec<Mention>);

/// One organisation as a source names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub name_as_stated: String,
    pub ods_code: Option<String>,
    /// Its part, in the source's words, where the source gives one.
    pub role: Option<String>,
    pub confidence: Confidence,
    /// How the name was matched to an ODS code, if it was.
    pub ods_mapping: Option<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// The natural keys of records of one kind, stored as a JSON array: the alliances leading a
/// Network of Excellence, say.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct Keys(pub Vec<String>);

/// Texts of one kind, stored as a JSON array: the other titles sources give a project, say.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct Texts(pub Vec<String>);
