//! Every error a client sees carries `extensions.code`. Resolver errors get theirs from
//! `AppError`, and the limits and the parser set theirs where they refuse (see `api`). What is
//! left is coded here, on the way out: async-graphql's own limit errors, a document that does not
//! validate against the schema (`BAD_USER_INPUT` when it is an argument value that does not fit
//! its type), an operation name that names no operation, and execution errors no resolver coded.
//!
//! This is a pass over the response rather than an async-graphql extension: with any extension
//! installed, async-graphql wraps every field it resolves in the extension chain, which cost a
//! quarter of a traversal's time (bench/BENCHMARKS.md).

use crate::code::Code;
use async_graphql::{Response, ServerError, Value};

/// How async-graphql's validation starts the message of an argument value of the wrong type,
/// whether written in the query or passed as a variable.
const BAD_ARGUMENT: &str = "Invalid value for argument";

/// What async-graphql's cost analysis adds when a page size is of the wrong type, after
/// validation has already said so.
const REPEATED_BAD_ARGUMENT: &str = "Expected input type";

/// Sets `code` on an error that has none.
pub(crate) fn with_code(mut error: ServerError, code: Code) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", Value::from(code));
    }
    error
}

/// An error raised outside any field (a refusal, a limit, a timeout), with its code.
pub(crate) fn coded(message: impl Into<String>, code: Code) -> ServerError {
    with_code(ServerError::new(message, None), code)
}

fn has_code(error: &ServerError) -> bool {
    error
        .extensions
        .as_ref()
        .is_some_and(|extensions| extensions.get("code").is_some())
}

/// The code of an error that came without one. Those raised while executing come from the
/// request's own values (a value a scalar cannot read, an entity representation that finds
/// nothing): they carry the path of their field, or, at the root, one of async-graphql's
/// messages for them. The rest were raised before anything ran.
fn code_of(error: &ServerError) -> Code {
    let message = error.message.as_str();
    if !error.path.is_empty()
        || message.starts_with("Failed to parse")
        || message == "Entity not found."
    {
        Code::BadUserInput
    } else if message.starts_with("Query is nested too deep")
        || message.starts_with("The recursion depth")
    {
        Code::QueryTooDeep
    } else if message.starts_with("The number of directives") {
        Code::TooManyDirectives
    } else if message.starts_with("Unknown operation")
        || message.starts_with("Operation name required")
    {
        Code::OperationResolutionFailure
    } else if message.starts_with(BAD_ARGUMENT) {
        Code::BadUserInput
    } else {
        Code::GraphqlValidationFailed
    }
}

/// Gives every error of `response` a code, and drops the cost analysis's repeat of a bad
/// argument that validation has reported.
pub(crate) fn code_errors(mut response: Response) -> Response {
    if response.errors.iter().all(has_code) {
        return response;
    }
    let bad_argument = response
        .errors
        .iter()
        .any(|e| e.message.starts_with(BAD_ARGUMENT));
    response.errors = std::mem::take(&mut response.errors)
        .into_iter()
        .filter(|e| !(bad_argument && e.message.starts_with(REPEATED_BAD_ARGUMENT)))
        .map(|error| {
            let code = code_of(&error);
            with_code(error, code)
        })
        .collect();
    response
}
