//! Who a request comes from, and what their role lets them do.

use async_graphql::Context;
use entity::api_token::Role;

use crate::error::{AppError, AppResult};
use crate::service::auth::Principal;

/// A request's credentials, checked before the request runs.
#[derive(Clone, Debug, Default)]
pub enum Access {
    /// No token (reads are open unless the server requires one).
    #[default]
    Anonymous,
    Token(Principal),
}

/// The request's principal, if its role is at least `role`. Checked before anything is looked
/// up, so a refusal says nothing about whether an id exists.
pub fn require<'a>(ctx: &'a Context<'_>, role: Role) -> AppResult<&'a Principal> {
    match ctx.data_opt::<Access>() {
        Some(Access::Token(principal)) if principal.role >= role => Ok(principal),
        Some(Access::Token(_)) => Err(AppError::Forbidden(format!(
            "this needs a token with the {} role or higher",
            match role {
                Role::Viewer => "viewer",
                Role::Editor => "editor",
                Role::Admin => "admin",
            }
        ))),
        _ => Err(AppError::Unauthenticated(
            "this needs a token: send `Authorization: Bearer <token>`".into(),
        )),
    }
}

/// The kinds of record only admins may create, change or delete; editors write the others.
const ADMIN_WRITES: [&str; 6] = ["Alliance", "Hub", "Icb", "Region", "Site", "Trust"];

/// The role `parent.field` needs beyond reading, as its resolver checks it with [`require`]:
/// what the SDL's `@requiresScopes` says (see `sdl`). tests/api/authorization.rs holds the
/// two together, field by field.
pub fn needed(parent: &str, field: &str) -> Option<Role> {
    match (parent, field) {
        (_, "history") | ("Query", "changes") => Some(Role::Editor),
        ("Mutation", field) => {
            let kind = ["create", "update", "delete"]
                .iter()
                .find_map(|verb| field.strip_prefix(verb))?;
            Some(if ADMIN_WRITES.contains(&kind) {
                Role::Admin
            } else {
                Role::Editor
            })
        }
        _ => None,
    }
}
