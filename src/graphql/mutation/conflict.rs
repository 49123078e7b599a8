use async_graphql::{ID, InputObject, MaybeUndefined};

use super::{Changes, Creates, Edit, global_ids, patch};
use crate::error::AppResult;
use crate::service::write::ConflictFields;

/// One claim of a conflict: what a source, or a set of sources, says.
#[derive(InputObject)]
pub struct ConflictClaimInput {
    /// The claim; not empty.
    pub claim: String,
    /// The sources that make it; at least one.
    pub sources: Vec<String>,
}

/// A new place where sources contradict each other.
#[derive(InputObject)]
pub struct CreateSourceConflictInput {
    /// Lower-case letters, digits and hyphens; its id will be `SourceConflict:<slug>`.
    pub slug: String,
    /// What the sources disagree about; not empty.
    pub topic: String,
    /// The contradiction in words; not empty.
    pub detail: String,
    /// Each claim with its sources; at least one.
    pub claims: Vec<ConflictClaimInput>,
    /// The ids of the records whose value the sources dispute, of any type.
    #[graphql(default)]
    pub concerns: Vec<ID>,
    /// What the sources leave open.
    pub note: Option<String>,
    /// Where its facts come from.
    #[graphql(default)]
    pub sources: Vec<String>,
}

/// Changes to a conflict: fields left out stay as they are; null clears a field.
#[derive(InputObject)]
pub struct UpdateSourceConflictInput {
    /// What the sources disagree about; not empty.
    pub topic: Option<String>,
    /// The contradiction in words; not empty.
    pub detail: Option<String>,
    /// Each claim with its sources (replaces the list).
    pub claims: Option<Vec<ConflictClaimInput>>,
    /// The ids of the records it bears on (replaces the list).
    pub concerns: Option<Vec<ID>>,
    /// What the sources leave open.
    pub note: MaybeUndefined<String>,
    /// Where its facts come from (replaces the list).
    pub sources: Option<Vec<String>>,
}

fn claims(claims: Vec<ConflictClaimInput>) -> Vec<(String, Vec<String>)> {
    claims.into_iter().map(|c| (c.claim, c.sources)).collect()
}

impl Creates for CreateSourceConflictInput {
    type Fields = ConflictFields;
    fn split(self) -> AppResult<(String, ConflictFields)> {
        let fields = ConflictFields {
            topic: self.topic,
            detail: self.detail,
            claims: claims(self.claims),
            concerns: global_ids(self.concerns),
            note: self.note,
            sources: self.sources,
        };
        Ok((self.slug, fields))
    }
}

impl Changes<ConflictFields> for UpdateSourceConflictInput {
    fn changes(self) -> AppResult<Edit<ConflictFields>> {
        Ok(Box::new(move |f| {
            if let Some(v) = self.topic {
                f.topic = v;
            }
            if let Some(v) = self.detail {
                f.detail = v;
            }
            if let Some(v) = self.claims {
                f.claims = claims(v);
            }
            if let Some(v) = self.concerns {
                f.concerns = global_ids(v);
            }
            if let Some(v) = self.sources {
                f.sources = v;
            }
            patch(&mut f.note, &self.note);
        }))
    }
}

writes! {
    SourceConflictMutation: SourceConflict, Conflicts, Editor;
    /// Records a place where sources contradict each other (editors and admins).
    create_source_conflict(CreateSourceConflictInput);
    /// Changes a conflict still at `expectedVersion` (editors and admins).
    update_source_conflict(UpdateSourceConflictInput);
    /// Deletes a conflict still at `expectedVersion` (editors and admins).
    delete_source_conflict;
}
