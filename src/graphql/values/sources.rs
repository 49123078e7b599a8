//! A record's or a link's sources as the API gives them: a list of strings, parsed from what the
//! database stored only when a query asks for them.

use std::borrow::Cow;

use async_graphql::{
    ContextSelectionSet, OutputType, Positioned, ServerResult, Value, parser::types::Field,
    registry::Registry,
};
use entity::Sources;

use crate::error::AppError;

/// `[String!]!`: where a fact comes from, URLs or citations.
pub struct SourceList(pub Sources);

impl OutputType for SourceList {
    fn type_name() -> Cow<'static, str> {
        <Vec<String> as OutputType>::type_name()
    }

    fn qualified_type_name() -> String {
        <Vec<String> as OutputType>::qualified_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        <Vec<String> as OutputType>::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        match self.0.urls() {
            Ok(urls) => OutputType::resolve(&urls, ctx, field).await,
            Err(err) => {
                Err(async_graphql::Error::from(AppError::stored(err)).into_server_error(field.pos))
            }
        }
    }
}
