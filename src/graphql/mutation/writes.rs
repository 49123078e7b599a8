//! `writes!`: a kind's create, update and delete mutations, written once.

/// A kind's three mutations, each one transaction through [`write`]: `create…` from an input
/// implementing [`Creates`], `update…` from one implementing [`Changes`] at the version the
/// caller last saw, and `delete…`, refused while anything refers to the record.
macro_rules! writes {
    (
        $mutation:ident: $ty:ident, $writable:ident, $role:ident;
        $(#[$create_doc:meta])* $create:ident($create_input:ident);
        $(#[$update_doc:meta])* $update:ident($update_input:ident);
        $(#[$delete_doc:meta])* $delete:ident;
    ) => {
        #[derive(Default)]
        pub struct $mutation;

        #[async_graphql::Object]
        impl $mutation {
            $(#[$create_doc])*
            async fn $create(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(desc = "The new record.")] input: $create_input,
            ) -> async_graphql::Result<$crate::graphql::types::$ty> {
                let actor = $crate::graphql::access::require(
                    ctx,
                    entity::api_token::Role::$role,
                )?;
                let (key, fields) = super::Creates::split(input).map_err(super::in_input)?;
                let created = $crate::service::write::create::<$crate::service::write::$writable>(
                    $crate::graphql::loaders::writer(ctx)?,
                    actor,
                    &key,
                    &fields,
                )
                .await
                .map_err(super::in_input)?;
                Ok(super::committed(ctx, created).into())
            }

            $(#[$update_doc])*
            async fn $update(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(desc = "The record's id.")] id: async_graphql::ID,
                #[graphql(desc = "The version last read; a record changed since is refused \
                                  with CONFLICT.")]
                expected_version: i32,
                #[graphql(desc = "What changes: fields left out stay as they are.")]
                input: $update_input,
            ) -> async_graphql::Result<$crate::graphql::types::$ty> {
                let actor = $crate::graphql::access::require(
                    ctx,
                    entity::api_token::Role::$role,
                )?;
                let kind = <$crate::graphql::types::$ty as $crate::graphql::types::NodeType>::kind();
                let key = super::target(&id, kind)?;
                let change = super::Changes::changes(input).map_err(super::in_input)?;
                let updated = $crate::service::write::update::<$crate::service::write::$writable>(
                    $crate::graphql::loaders::writer(ctx)?,
                    actor,
                    &key,
                    expected_version,
                    change,
                )
                .await
                .map_err(super::in_input)?;
                Ok(super::committed(ctx, updated).into())
            }

            $(#[$delete_doc])*
            async fn $delete(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(desc = "The record's id.")] id: async_graphql::ID,
                #[graphql(desc = "The version last read; a record changed since is refused \
                                  with CONFLICT.")]
                expected_version: i32,
            ) -> async_graphql::Result<super::Deletion> {
                let actor = $crate::graphql::access::require(
                    ctx,
                    entity::api_token::Role::$role,
                )?;
                let kind = <$crate::graphql::types::$ty as $crate::graphql::types::NodeType>::kind();
                let key = super::target(&id, kind)?;
                let event = $crate::service::write::delete::<$crate::service::write::$writable>(
                    $crate::graphql::loaders::writer(ctx)?,
                    actor,
                    &key,
                    expected_version,
                )
                .await?;
                super::announce(ctx, event);
                Ok(super::Deletion { id })
            }
        }
    };
}
