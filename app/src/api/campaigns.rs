//! Campaigns of an organisation (org admins run them; leaders may look).

use crate::AppError;
use crate::survey::CampaignView;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub id: i64,
    pub version: String,
}

#[server(endpoint = "campaigns/versions")]
pub async fn questionnaire_versions() -> Result<Vec<VersionInfo>, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            ctx::require_user().await?;
            Ok(crate::db::campaigns::versions(&ctx::db()?)
                .await
                .map_err(|e| AppError::internal("versions", &e))?
                .into_iter()
                .map(|v| VersionInfo {
                    id: v.id,
                    version: v.version,
                })
                .collect())
        }
        .await,
    )
}

#[server(endpoint = "campaigns/list")]
pub async fn list_campaigns(org_id: i64) -> Result<Vec<CampaignView>, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            ctx::require_org_role(org_id, OrgRole::Leader).await?;
            crate::survey::service::list(&ctx::db()?, org_id).await
        }
        .await,
    )
}

#[server(endpoint = "campaigns/create")]
pub async fn create_campaign(
    org_id: i64,
    year: i64,
    name: String,
    version_id: i64,
    departments: String,
) -> Result<i64, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            crate::survey::service::create_campaign(
                &ctx::db()?,
                org_id,
                user.id,
                year,
                &name,
                version_id,
                &departments,
            )
            .await
        }
        .await,
    )
}

/// `to` is "open" or "closed".
#[server(endpoint = "campaigns/transition")]
pub async fn set_campaign_state(org_id: i64, campaign_id: i64, to: String) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            crate::survey::service::transition(&ctx::db()?, org_id, user.id, campaign_id, &to).await
        }
        .await,
    )
}

/// Issue single-use invitations; returns them as CSV (token, link) for a mail merge.
#[server(endpoint = "campaigns/tokens")]
pub async fn issue_tokens(org_id: i64, campaign_id: i64, count: i64) -> Result<String, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            let state = ctx::state()?;
            let tokens = crate::survey::service::issue_tokens(
                &state.db,
                org_id,
                user.id,
                campaign_id,
                count,
            )
            .await?;
            Ok(crate::survey::service::tokens_csv(
                &state.settings.public_url,
                &tokens,
            ))
        }
        .await,
    )
}

/// Invite people by e-mail (one personal link each). Returns how many.
#[server(endpoint = "campaigns/invite_emails")]
pub async fn invite_by_email(
    org_id: i64,
    campaign_id: i64,
    emails: String,
) -> Result<i64, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            let state = ctx::state()?;
            crate::survey::service::invite_by_email(
                &state.db,
                org_id,
                user.id,
                campaign_id,
                &emails,
                &state.settings.public_url,
            )
            .await
        }
        .await,
    )
}

/// Remind e-mail invitees who have not started. Returns how many.
#[server(endpoint = "campaigns/remind")]
pub async fn send_reminders(org_id: i64, campaign_id: i64) -> Result<i64, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            let state = ctx::state()?;
            crate::survey::service::send_reminders(
                &state.db,
                org_id,
                user.id,
                campaign_id,
                &state.settings.public_url,
            )
            .await
        }
        .await,
    )
}

/// Set the staff headcount per department (`Department: number` per line).
#[server(endpoint = "campaigns/headcounts")]
pub async fn set_headcounts(
    org_id: i64,
    campaign_id: i64,
    headcounts: String,
) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            crate::survey::service::set_headcounts(
                &ctx::db()?,
                org_id,
                user.id,
                campaign_id,
                &headcounts,
            )
            .await
        }
        .await,
    )
}
