//! Where a record's facts come from: `note` and `sources`, on every entity type.

use async_graphql::{Object, Result};
use entity::Sources;

use crate::error::AppError;
use crate::graphql::values::sources::SourceList;

/// A record's provenance: the record's own, or, for a record read without it
/// ([`crate::service::listing::Columns`]), the same record's read again.
pub enum Provenance<'a> {
    Read {
        note: &'a Option<String>,
        sources: &'a Sources,
    },
    ReadAgain(Result<(Option<String>, Sources)>),
}

impl<'a> Provenance<'a> {
    pub fn new(note: &'a Option<String>, sources: &'a Sources) -> Self {
        Self::Read { note, sources }
    }

    /// The provenance of version `version` of a record, read again by its key: `found` is
    /// what that read gave (note, sources, version). A record changed or deleted in between is
    /// an error, rather than one version's fields with another's provenance.
    pub fn read_again(
        kind: &str,
        key: &str,
        version: i32,
        found: Result<Option<(Option<String>, Sources, i32)>, AppError>,
    ) -> Self {
        Self::ReadAgain(match found {
            Ok(Some((note, sources, now))) if now == version => Ok((note, sources)),
            Ok(_) => Err(AppError::Conflict(format!(
                "{kind} {key} changed while it was being read; ask again"
            ))
            .into()),
            Err(err) => Err(err.into()),
        })
    }

    fn parts(&self) -> Result<(&Option<String>, &Sources)> {
        match self {
            Self::Read { note, sources } => Ok((note, sources)),
            Self::ReadAgain(Ok((note, sources))) => Ok((note, sources)),
            Self::ReadAgain(Err(err)) => Err(err.clone()),
        }
    }
}

/// Where a record's facts come from.
#[Object]
impl Provenance<'_> {
    /// What the sources leave open or say in other words, if anything.
    async fn note(&self) -> Result<Option<&str>> {
        Ok(self.parts()?.0.as_deref())
    }

    /// Where this record's facts come from: URLs, or a citation where a source has none.
    async fn sources(&self) -> Result<SourceList> {
        Ok(SourceList(self.parts()?.1.clone()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use async_graphql::{
        Context, EmptyMutation, EmptySubscription, Object, Schema, dataloader::DataLoader,
    };
    use entity::trust;
    use serde_json::json;

    use super::Provenance;
    use crate::config::DatabaseConfig;
    use crate::db::Session;
    use crate::graphql::loaders::Loaders;
    use crate::graphql::types::Trust;
    use crate::service::listing::{self, Columns};

    /// A root that reads a trust without its provenance whatever its selection: what a misread
    /// selection would do.
    struct Misread;

    #[Object]
    impl Misread {
        async fn trust(&self, ctx: &Context<'_>) -> Trust {
            let db = ctx.data_unchecked::<Session>();
            let read = listing::by_ids::<trust::Entity>(db, &[1], Columns::WithoutProvenance)
                .await
                .expect("read trust 1");
            let model = read.into_values().next().expect("trust 1");
            assert!(model.sources.omitted() && model.note.is_none());
            model.into()
        }
    }

    #[test]
    fn a_record_changed_or_gone_before_it_is_read_again_is_an_error() {
        let sources = || entity::Sources::from(vec!["https://example.org".to_owned()]);
        let same = Provenance::read_again("Trust", "RQ3", 2, Ok(Some((None, sources(), 2))));
        assert_eq!(same.parts().unwrap().1, &sources());
        let changed = Provenance::read_again("Trust", "RQ3", 2, Ok(Some((None, sources(), 3))));
        let gone = Provenance::read_again("Trust", "RQ3", 2, Ok(None));
        for refused in [changed, gone] {
            let err = refused.parts().unwrap_err();
            assert!(err.message.contains("Trust RQ3 changed"), "{}", err.message);
        }
    }

    #[tokio::test]
    async fn a_record_read_without_its_provenance_reads_it_again_when_asked() {
        let config = DatabaseConfig::new("sqlite::memory:");
        let (db, _) = crate::startup::connect_migrate_and_seed(&config)
            .await
            .expect("the bundled network in memory");
        let session = Session::pooled(db.clone());
        let schema = Schema::build(Misread, EmptyMutation, EmptySubscription)
            .data(session.clone())
            .data(DataLoader::new(Loaders::new(session.clone()), tokio::spawn))
            .finish();
        let answer = schema
            .execute("{ trust { odsCode note sources } }")
            .await
            .into_result()
            .expect("no errors");
        let whole = listing::by_ids::<trust::Entity>(&session, &[1], Columns::All)
            .await
            .expect("read trust 1 whole");
        let whole = whole.into_values().next().expect("trust 1");
        assert!(!whole.sources.urls().expect("sources").is_empty());
        assert_eq!(
            answer.data.into_json().expect("JSON"),
            json!({ "trust": {
                "odsCode": whole.ods_code,
                "note": whole.note,
                "sources": whole.sources.urls().expect("sources"),
            } })
        );
    }
}
