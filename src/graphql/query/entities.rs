//! Apollo Federation entity resolvers: how a router fetches our entities by key. Each type is
//! keyed by `id`, and some also by their natural key (Trust by `odsCode`, Region by `code`) or
//! another unique field (Icb by `code` too), as the kinds' declaration says (see
//! [`crate::service::kinds`]). Every representation goes
//! through the request's DataLoader, so a batch of representations costs one statement whatever
//! their types (see [`crate::service::records`]).
//! A key that names nothing — unknown, or not an id of that type — resolves to null for that
//! representation alone.

use async_graphql::{Context, ID, Object, Result};

use crate::graphql::types::NodeType;
use crate::graphql::types::roots::{by_id, by_key, by_unique};
use crate::service::kinds::kinds;

#[derive(Default)]
pub struct EntityQuery;

/// An entity by id, where a malformed id is null rather than an error: `_entities` fails as a
/// whole on any error, and one bad representation must not take the others with it.
async fn entity<N: NodeType>(ctx: &Context<'_>, id: &str) -> Result<Option<N>> {
    match by_id(ctx, id).await {
        Err(crate::error::AppError::BadUserInput(_)) => Ok(None),
        found => Ok(found?),
    }
}

macro_rules! entities {
    ($(
        $(#[$doc:meta])*
        $kind:ident($module:ident) {
            key: $key:ident, order: [$($order:ident),+],
            $(active: [$($active:ident),+],)?
            label: $label:ident,
            search: [$($field:ident),+],
            entities: $by_id:ident $(, $by_key:ident($arg:ident))?;
            $(also: $($by_other:ident($other:ident) on $column:ident),+;)?
        }
    )*) => {
        #[Object]
        impl EntityQuery {
            $(
                #[graphql(entity)]
                async fn $by_id(
                    &self,
                    ctx: &Context<'_>,
                    id: ID,
                ) -> Result<Option<crate::graphql::types::$kind>> {
                    entity(ctx, &id).await
                }

                $(
                    #[graphql(entity)]
                    async fn $by_key(
                        &self,
                        ctx: &Context<'_>,
                        $arg: String,
                    ) -> Result<Option<crate::graphql::types::$kind>> {
                        Ok(by_key(ctx, &$arg).await?)
                    }
                )?

                $($(
                    #[graphql(entity)]
                    async fn $by_other(
                        &self,
                        ctx: &Context<'_>,
                        $other: String,
                    ) -> Result<Option<crate::graphql::types::$kind>> {
                        Ok(by_unique(ctx, entity::$module::Column::$column, &$other).await?)
                    }
                )+)?
            )*
        }
    };
}

kinds!(entities);
