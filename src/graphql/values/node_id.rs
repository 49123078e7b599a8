//! Global ids: `<Type>:<natural key>`, e.g. `Hub:north-west` or `Trust:RQ3`. They come from the
//! natural key, so an entity has the same id on every database and after every re-seed.

use async_graphql::ID;

use crate::error::{AppError, AppResult};
pub use crate::service::kinds::Kind;

impl Kind {
    /// The global id of the record of this kind with natural key `key`.
    pub fn id(self, key: &str) -> ID {
        ID(self.global_id(key))
    }
}

/// Splits a global id into its type and natural key. An id that is not of that form is bad
/// input; a well-formed id of another type is not.
pub fn parse(id: &str) -> AppResult<(Kind, &str)> {
    let malformed = || {
        AppError::bad_input(format!(
            "malformed id {id:?}: expected <Type>:<key>, e.g. Hub:north-west"
        ))
    };
    let (kind, key) = id.split_once(':').ok_or_else(malformed)?;
    let kind = Kind::named(kind).ok_or_else(malformed)?;
    if key.is_empty() {
        return Err(malformed());
    }
    Ok((kind, key))
}

/// The natural key in `id` when it names an entity of type `kind`, `None` for another type.
pub fn key_of(id: &str, kind: Kind) -> AppResult<Option<&str>> {
    let (found, key) = parse(id)?;
    Ok((found == kind).then_some(key))
}
