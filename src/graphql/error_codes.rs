//! Every error a client sees carries `extensions.code`: resolver errors get theirs from
//! `AppError`; this extension gives the rest the codes GraphQL clients know — a query that does
//! not parse, one that does not validate against the schema — and `BAD_USER_INPUT` to argument
//! values that do not fit their types.

use std::sync::Arc;

use async_graphql::{
    Response, ServerError, ServerResult, ValidationResult, Value, Variables,
    async_trait::async_trait,
    extensions::{
        Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextValidation,
    },
    parser::types::ExecutableDocument,
};

pub struct ErrorCodes;

/// How async-graphql's validation starts the message of an argument value of the wrong type,
/// whether written in the query or passed as a variable.
const BAD_ARGUMENT: &str = "Invalid value for argument";

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodes)
    }
}

/// Sets `code` on an error that has none.
pub(crate) fn with_code(mut error: ServerError, code: &str) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", Value::from(code));
    }
    error
}

#[async_trait]
impl Extension for ErrorCodes {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables)
            .await
            .map_err(|error| with_code(error, "GRAPHQL_PARSE_FAILED"))
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|error| {
                    // A value the client sent does not fit its argument's type (an unknown enum
                    // value, a string for an Int, …): bad input rather than a bad document.
                    let code = if error.message.starts_with(BAD_ARGUMENT) {
                        "BAD_USER_INPUT"
                    } else {
                        "GRAPHQL_VALIDATION_FAILED"
                    };
                    with_code(error, code)
                })
                .collect()
        })
    }

    /// Errors raised while executing that no resolver coded come from the request's own values:
    /// a variable of the wrong type, an entity representation without its key.
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        response.errors = std::mem::take(&mut response.errors)
            .into_iter()
            .map(|error| with_code(error, "BAD_USER_INPUT"))
            .collect();
        response
    }
}
