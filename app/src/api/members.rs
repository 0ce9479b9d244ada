//! Members of an organisation: list, invite, change role, remove (org admin);
//! invitation info and acceptance (public, by token).

use crate::AppError;
use crate::auth::{InvitationInfo, MemberRow};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenInvitation {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MembersView {
    pub members: Vec<MemberRow>,
    pub invitations: Vec<OpenInvitation>,
}

#[server(endpoint = "org/members")]
pub async fn list_members(org_id: i64) -> Result<MembersView, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            let db = ctx::db()?;
            let members = crate::auth::members::list(&db, org_id).await?;
            let invitations = crate::db::tokens::open_invitations(&db, org_id)
                .await
                .map_err(|e| AppError::internal("invitations", &e))?
                .into_iter()
                .map(|t| OpenInvitation {
                    id: t.id,
                    email: t.email,
                    role: t.role.unwrap_or_default(),
                    expires_at: t.expires_at,
                })
                .collect();
            Ok(MembersView {
                members,
                invitations,
            })
        }
        .await,
    )
}

#[server(endpoint = "org/invite")]
pub async fn invite_member(org_id: i64, email: String, role: String) -> Result<i64, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            let state = ctx::state()?;
            crate::auth::members::invite(
                &state.db,
                org_id,
                user.id,
                &email,
                &role,
                &state.settings.public_url,
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "org/member_role")]
pub async fn set_member_role(org_id: i64, user_id: i64, role: String) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            crate::auth::members::set_role(&ctx::db()?, org_id, user.id, user_id, &role).await
        }
        .await,
    )
}

#[server(endpoint = "org/member_remove")]
pub async fn remove_member(org_id: i64, user_id: i64) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            crate::auth::members::remove(&ctx::db()?, org_id, user.id, user_id).await
        }
        .await,
    )
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub actor_user_id: Option<i64>,
    pub action: String,
    pub target: String,
    pub created_at: i64,
}

#[cfg(feature = "ssr")]
impl From<crate::db::audit::AuditRow> for AuditEntry {
    fn from(r: crate::db::audit::AuditRow) -> Self {
        AuditEntry {
            id: r.id,
            actor_user_id: r.actor_user_id,
            action: r.action,
            target: r.target,
            created_at: r.created_at,
        }
    }
}

/// The organisation's audit log (org admin).
#[server(endpoint = "org/audit")]
pub async fn org_audit(org_id: i64) -> Result<Vec<AuditEntry>, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            let rows = crate::db::audit::for_org(&ctx::db()?, org_id, 200)
                .await
                .map_err(|e| AppError::internal("audit", &e))?;
            Ok(rows.into_iter().map(AuditEntry::from).collect())
        }
        .await,
    )
}

/// Public: what an invitation link is for.
#[server(endpoint = "invite/info")]
pub async fn get_invitation_info(token: String) -> Result<InvitationInfo, AppError> {
    use crate::api::{ctx, respond};
    respond(async { crate::auth::members::invitation_info(&ctx::db()?, &token).await }.await)
}

/// Public: accept an invitation and sign in. Returns the organisation id.
#[server(endpoint = "invite/accept")]
pub async fn accept_invitation(
    token: String,
    display_name: String,
    password: String,
) -> Result<i64, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let state = ctx::state()?;
            let session = ctx::session().await?;
            let (user_id, org_id) =
                crate::auth::members::accept(&state.db, &token, &display_name, &password).await?;
            crate::auth::service::start_session(&state.db, &session, user_id).await?;
            Ok(org_id)
        }
        .await,
    )
}
