//! Collaborations: any signed-in account creates one and coordinates it;
//! org admins answer invitations and choose what their organisation shares.
//! Readers who are neither coordinator nor member get 404.

// `save_collab_targets` takes one form field per level and year; the client stub
// the `server` macro generates for the hydrate build does not carry an item-level allow.
#![allow(clippy::too_many_arguments)]

use crate::AppError;
use crate::collab::{CollabDashboard, CollabList, OrgCollab, OrgPick};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn settings(state: &crate::state::AppState) -> crate::benchmark::service::BenchSettings {
    crate::benchmark::service::BenchSettings {
        k: state.settings.min_group_size,
        min_orgs: state.settings.min_peer_orgs,
        quadrant_threshold: state.settings.quadrant_threshold,
    }
}

/// The reader's collaborations and pending invitations.
#[server(endpoint = "collab/list")]
pub async fn list_collaborations() -> Result<CollabList, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let user = ctx::require_user().await?;
            crate::collab::service::list(&ctx::db()?, &user).await
        }
        .await,
    )
}

/// Create a collaboration; the creator becomes its coordinator. Returns its id.
#[server(endpoint = "collab/create")]
pub async fn create_collaboration(name: String) -> Result<i64, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let user = ctx::require_user().await?;
            crate::collab::service::create(&ctx::db()?, user.id, &name).await
        }
        .await,
    )
}

/// The collaboration dashboard (coordinators and members' users only).
#[server(endpoint = "collab/dashboard")]
pub async fn collaboration_dashboard(id: i64) -> Result<CollabDashboard, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let user = ctx::require_user().await?;
            let state = ctx::state()?;
            let access = crate::collab::service::access(&state.db, &user, id).await?;
            crate::collab::service::dashboard(&state.db, id, &access, settings(&state)).await
        }
        .await,
    )
}

/// Organisations the coordinator may invite, by name.
#[server(endpoint = "collab/search_orgs")]
pub async fn search_orgs(id: i64, query: String) -> Result<Vec<OrgPick>, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let user = ctx::require_user().await?;
            let db = ctx::db()?;
            crate::collab::service::require_coordinator(&db, &user, id).await?;
            crate::collab::service::search_orgs(&db, id, &query).await
        }
        .await,
    )
}

#[server(endpoint = "collab/invite")]
pub async fn invite_org(id: i64, org_id: i64) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let user = ctx::require_user().await?;
            let db = ctx::db()?;
            crate::collab::service::require_coordinator(&db, &user, id).await?;
            crate::collab::service::invite(&db, user.id, id, org_id).await
        }
        .await,
    )
}

/// The coordinator removes a member or withdraws an invitation.
#[server(endpoint = "collab/remove")]
pub async fn remove_member(id: i64, org_id: i64) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let user = ctx::require_user().await?;
            let db = ctx::db()?;
            crate::collab::service::require_coordinator(&db, &user, id).await?;
            crate::collab::service::remove(&db, user.id, id, org_id).await
        }
        .await,
    )
}

/// An org admin accepts or declines (`decision` = "accept" | "decline").
/// Checkboxes: `named` (members and coordinator see us by name) and
/// `shares_targets` (the collaboration sees our targets).
#[server(endpoint = "collab/respond")]
pub async fn respond_invitation(
    id: i64,
    org_id: i64,
    decision: String,
    named: Option<String>,
    shares_targets: Option<String>,
) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    use crate::collab::flag;
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            crate::collab::service::respond(
                &ctx::db()?,
                user.id,
                id,
                org_id,
                decision.trim(),
                flag(named.as_deref()),
                flag(shares_targets.as_deref()),
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "collab/consent")]
pub async fn set_consent(
    id: i64,
    org_id: i64,
    named: Option<String>,
    shares_targets: Option<String>,
) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    use crate::collab::flag;
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            crate::collab::service::set_consent(
                &ctx::db()?,
                user.id,
                id,
                org_id,
                flag(named.as_deref()),
                flag(shares_targets.as_deref()),
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "collab/leave")]
pub async fn leave_collaboration(id: i64, org_id: i64) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            crate::collab::service::leave(&ctx::db()?, user.id, id, org_id).await
        }
        .await,
    )
}

/// The collaborations and invitations of one organisation (its members read).
#[server(endpoint = "collab/org")]
pub async fn org_collaborations(org_id: i64) -> Result<Vec<OrgCollab>, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            ctx::require_org_role(org_id, OrgRole::Leader).await?;
            crate::collab::service::org_collabs(&ctx::db()?, org_id).await
        }
        .await,
    )
}

/// Collective targets: one level and year per strategy; both empty = none.
#[server(endpoint = "collab/targets_save")]
pub async fn save_collab_targets(
    id: i64,
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
    respond(
        async {
            let user = ctx::require_user().await?;
            let db = ctx::db()?;
            crate::collab::service::require_coordinator(&db, &user, id).await?;
            let input = crate::plan::parse_target_form([
                (&level_s1, &year_s1),
                (&level_s2, &year_s2),
                (&level_s3, &year_s3),
                (&level_s4, &year_s4),
                (&level_s5, &year_s5),
                (&level_s6, &year_s6),
            ])
            .map_err(AppError::BadRequest)?;
            crate::collab::service::save_targets(&db, user.id, id, &input).await
        }
        .await,
    )
}
