//! Every `extensions.code` a client can see, named once. What each means is in the README's
//! Errors table and Hostile queries section.

use std::fmt;

/// An error code, as a client sees it in `extensions.code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    // Requests that did not get as far as GraphQL.
    BadRequest,
    UnsupportedMediaType,
    MethodNotAllowed,
    PayloadTooLarge,
    RequestTimeout,
    BatchTooLarge,
    ServerBusy,
    RateLimited,
    PersistedQueryNotFound,
    PersistedQueryNotSupported,
    PersistedQueryNotInList,
    // The document and its limits.
    GraphqlParseFailed,
    GraphqlValidationFailed,
    OperationResolutionFailure,
    QueryTooLarge,
    QueryTooDeep,
    QueryTooComplex,
    TooManyFields,
    TooManyAliases,
    TooManyDirectives,
    IntrospectionDisabled,
    // While it runs.
    BadUserInput,
    Unauthenticated,
    Forbidden,
    Conflict,
    NotFound,
    Timeout,
    TooManyRows,
    ResponseTooLarge,
    ServiceUnavailable,
    InternalServerError,
}

impl Code {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "BAD_REQUEST",
            Self::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            Self::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            Self::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Self::RequestTimeout => "REQUEST_TIMEOUT",
            Self::BatchTooLarge => "BATCH_TOO_LARGE",
            Self::ServerBusy => "SERVER_BUSY",
            Self::RateLimited => "RATE_LIMITED",
            Self::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            Self::PersistedQueryNotSupported => "PERSISTED_QUERY_NOT_SUPPORTED",
            Self::PersistedQueryNotInList => "PERSISTED_QUERY_NOT_IN_LIST",
            Self::GraphqlParseFailed => "GRAPHQL_PARSE_FAILED",
            Self::GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
            Self::OperationResolutionFailure => "OPERATION_RESOLUTION_FAILURE",
            Self::QueryTooLarge => "QUERY_TOO_LARGE",
            Self::QueryTooDeep => "QUERY_TOO_DEEP",
            Self::QueryTooComplex => "QUERY_TOO_COMPLEX",
            Self::TooManyFields => "TOO_MANY_FIELDS",
            Self::TooManyAliases => "TOO_MANY_ALIASES",
            Self::TooManyDirectives => "TOO_MANY_DIRECTIVES",
            Self::IntrospectionDisabled => "INTROSPECTION_DISABLED",
            Self::BadUserInput => "BAD_USER_INPUT",
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::Conflict => "CONFLICT",
            Self::NotFound => "NOT_FOUND",
            Self::Timeout => "TIMEOUT",
            Self::TooManyRows => "TOO_MANY_ROWS",
            Self::ResponseTooLarge => "RESPONSE_TOO_LARGE",
            Self::ServiceUnavailable => "SERVICE_UNAVAILABLE",
            Self::InternalServerError => "INTERNAL_SERVER_ERROR",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Code> for async_graphql::Value {
    fn from(code: Code) -> Self {
        Self::from(code.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
