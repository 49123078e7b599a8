//! Apollo Federation entity resolvers: how a router fetches our entities by key. Each type is
//! keyed by `id`; Trust also by `odsCode`, Region also by `code`. Every representation goes
//! through the request's DataLoader, so a batch of representations costs one statement whatever
//! their types (see [`crate::service::records`]).
//! A key that names nothing — unknown, or not an id of that type — resolves to null for that
//! representation alone.

use async_graphql::{Context, ID, Object, Result};

use super::{by_id, by_key};
use crate::graphql::types::{Alliance, Hub, Region, TrainingCourse, TransformationProject, Trust};
use crate::graphql::values::node_id::NodeType;

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

#[Object]
impl EntityQuery {
    #[graphql(entity)]
    async fn find_region_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Region>> {
        entity(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_region_by_code(&self, ctx: &Context<'_>, code: String) -> Result<Option<Region>> {
        Ok(by_key(ctx, &code).await?)
    }

    #[graphql(entity)]
    async fn find_trust_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Trust>> {
        entity(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_trust_by_ods_code(
        &self,
        ctx: &Context<'_>,
        ods_code: String,
    ) -> Result<Option<Trust>> {
        Ok(by_key(ctx, &ods_code).await?)
    }

    #[graphql(entity)]
    async fn find_hub_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Hub>> {
        entity(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_alliance_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Alliance>> {
        entity(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_transformation_project_by_id(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<Option<TransformationProject>> {
        entity(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_training_course_by_id(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<Option<TrainingCourse>> {
        entity(ctx, &id).await
    }
}
