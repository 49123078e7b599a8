//! async-graphql's own validation of a planned request, without its execution: so that the
//! planned read refuses exactly what the resolvers would, and answers with the cache hints
//! async-graphql computes while validating.
//!
//! A schema built with [`Checked`] validates a request as any other does, then, in place of
//! executing it, hands back an empty answer; the validation's result is left in the request's
//! [`Slot`].

use std::sync::{Arc, Mutex, PoisonError};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextValidation,
};
use async_graphql::{CacheControl, Request, Response, ServerError, ValidationResult, Value};

/// What async-graphql's validation says of a request.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Verdict {
    /// Valid, with the cache hints of what it selects.
    Valid(CacheControl),
    /// Refused: the resolvers' path answers with the errors.
    Invalid,
}

/// The extension that stops a request after its validation.
pub(crate) struct Checked;

impl ExtensionFactory for Checked {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(CheckOnly)
    }
}

struct CheckOnly;

/// Where the validation of one request leaves its cache hints.
#[derive(Clone, Default)]
struct Slot(Arc<Mutex<Option<CacheControl>>>);

#[async_trait::async_trait]
impl Extension for CheckOnly {
    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        if let Some(slot) = ctx.data_opt::<Slot>() {
            *slot.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(result.cache_control);
        }
        Ok(result)
    }

    async fn execute(
        &self,
        _ctx: &ExtensionContext<'_>,
        _operation_name: Option<&str>,
        _next: NextExecute<'_>,
    ) -> Response {
        Response::new(Value::Null)
    }
}

/// The verdict of `schema` (built with [`Checked`]) on `request`, whose document is attached.
pub(crate) async fn verdict<Q, M, S>(
    schema: &async_graphql::Schema<Q, M, S>,
    request: Request,
) -> Verdict
where
    Q: async_graphql::ObjectType + 'static,
    M: async_graphql::ObjectType + 'static,
    S: async_graphql::SubscriptionType + 'static,
{
    let slot = Slot::default();
    let response = schema.execute(request.data(slot.clone())).await;
    let cache_control = slot.0.lock().unwrap_or_else(PoisonError::into_inner).take();
    match cache_control {
        Some(cache_control) if response.errors.is_empty() => Verdict::Valid(cache_control),
        _ => Verdict::Invalid,
    }
}
