//! Where a record's facts come from: `note` and `sources`, on every entity type.

use async_graphql::Object;
use entity::Sources;

use crate::graphql::values::sources::SourceList;

pub struct Provenance<'a> {
    note: &'a Option<String>,
    sources: &'a Sources,
}

impl<'a> Provenance<'a> {
    pub fn new(note: &'a Option<String>, sources: &'a Sources) -> Self {
        Self { note, sources }
    }
}

/// Where a record's facts come from.
#[Object]
impl Provenance<'_> {
    /// What the sources leave open or say in other words, if anything.
    async fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Where this record's facts come from: URLs, or a citation where a source has none.
    async fn sources(&self) -> SourceList {
        SourceList(self.sources.clone())
    }
}
