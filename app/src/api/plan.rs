//! Targets (målbild): members read them, org admins set them.

// `save_targets` takes one form field per input (12 of them) so the page's
// plain HTML form posts without JavaScript; the client stub that the `server`
// macro generates for the hydrate build does not carry an item-level allow.
#![allow(clippy::too_many_arguments)]

use crate::AppError;
use crate::plan::Targets;
use leptos::prelude::*;

#[server(endpoint = "plan/targets")]
pub async fn get_targets(org_id: i64) -> Result<Targets, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            ctx::require_org_role(org_id, OrgRole::Leader).await?;
            crate::plan::service::targets(&ctx::db()?, org_id).await
        }
        .await,
    )
}

/// One level and year per strategy; both empty = leave that strategy without a target.
#[server(endpoint = "plan/targets_save")]
pub async fn save_targets(
    org_id: i64,
    level_s1: String,
    year_s1: String,
    level_s2: String,
    year_s2: String,
    level_s3: String,
    year_s3: String,
    level_s4: String,
    year_s4: String,
    level_s5: String,
    year_s5: String,
    level_s6: String,
    year_s6: String,
) -> Result<usize, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            let input = crate::plan::parse_target_form([
                (&level_s1, &year_s1),
                (&level_s2, &year_s2),
                (&level_s3, &year_s3),
                (&level_s4, &year_s4),
                (&level_s5, &year_s5),
                (&level_s6, &year_s6),
            ])
            .map_err(AppError::BadRequest)?;
            crate::plan::service::save(&ctx::db()?, org_id, user.id, &input).await
        }
        .await,
    )
}
