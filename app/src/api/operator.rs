//! The platform operator: organisations (list, edit, disable), the mail
//! outbox and the audit log.

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgListRow {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub kind: String,
    pub population: i64,
    pub size_band: String,
    pub ambition: String,
    pub disabled: bool,
    pub members: i64,
}

#[server(endpoint = "operator/orgs")]
pub async fn operator_orgs() -> Result<Vec<OrgListRow>, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            ctx::require_operator().await?;
            let rows = crate::db::orgs::list_with_member_counts(&ctx::db()?)
                .await
                .map_err(|e| AppError::internal("operator orgs", &e))?;
            Ok(rows
                .into_iter()
                .map(|(o, members)| OrgListRow {
                    id: o.id,
                    name: o.name,
                    country: o.country,
                    kind: o.kind,
                    population: o.population,
                    size_band: o.size_band,
                    ambition: o.ambition,
                    disabled: o.disabled,
                    members,
                })
                .collect())
        }
        .await,
    )
}

/// Edit an organisation's profile (operator).
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "operator/org_update")]
pub async fn operator_update_org(
    org_id: i64,
    name: String,
    country: String,
    kind: String,
    population: String,
    ambition: String,
) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let op = ctx::require_operator().await?;
            let edit = crate::auth::operator::ProfileEdit {
                name: &name,
                country: &country,
                kind: &kind,
                population: &population,
                ambition: &ambition,
                named_benchmarking: None,
            };
            crate::auth::operator::update_org(&ctx::db()?, op.id, org_id, &edit).await
        }
        .await,
    )
}

/// Disable or re-enable an organisation (operator). Members keep their
/// accounts; the organisation disappears from their reach and from peer groups.
#[server(endpoint = "operator/org_disabled")]
pub async fn operator_set_org_disabled(org_id: i64, disabled: bool) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let op = ctx::require_operator().await?;
            crate::auth::operator::set_org_disabled(&ctx::db()?, op.id, org_id, disabled).await
        }
        .await,
    )
}

/// A mail as the operator sees it: its body with every link withheld (the
/// links carry invitation, survey and reset tokens).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MailView {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    /// Delivered (false: still queued).
    pub sent: bool,
}

/// The operator's outbox: whether mail is delivered at all, and the latest mails.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxView {
    pub delivery: bool,
    pub mails: Vec<MailView>,
}

#[server(endpoint = "operator/outbox")]
pub async fn operator_outbox() -> Result<OutboxView, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            ctx::require_operator().await?;
            let state = ctx::state()?;
            let rows = crate::db::outbox::latest(&state.db, 200)
                .await
                .map_err(|e| AppError::internal("outbox", &e))?;
            let mails = rows
                .into_iter()
                .map(|m| MailView {
                    id: m.id,
                    recipient: m.recipient,
                    subject: m.subject,
                    body: crate::db::outbox::redact(&m.body),
                    created_at: m.created_at,
                    sent: m.sent_at.is_some(),
                })
                .collect();
            Ok(OutboxView {
                delivery: state.settings.mail_delivery,
                mails,
            })
        }
        .await,
    )
}

#[server(endpoint = "operator/audit")]
pub async fn operator_audit() -> Result<Vec<crate::api::members::AuditEntry>, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            ctx::require_operator().await?;
            let rows = crate::db::audit::all(&ctx::db()?, 300)
                .await
                .map_err(|e| AppError::internal("audit", &e))?;
            Ok(rows
                .into_iter()
                .map(crate::api::members::AuditEntry::from)
                .collect())
        }
        .await,
    )
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionnaireVersionView {
    pub version: String,
    pub published_at: i64,
    pub campaigns: i64,
}

#[server(endpoint = "operator/questionnaires")]
pub async fn operator_questionnaires() -> Result<Vec<QuestionnaireVersionView>, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            ctx::require_operator().await?;
            let db = ctx::db()?;
            let rows = crate::db::campaigns::versions(&db)
                .await
                .map_err(|e| AppError::internal("versions", &e))?;
            let mut out = Vec::new();
            for v in rows {
                let campaigns = crate::db::campaigns::count_for_version(&db, v.id)
                    .await
                    .map_err(|e| AppError::internal("versions", &e))?;
                out.push(QuestionnaireVersionView {
                    version: v.version,
                    published_at: v.published_at,
                    campaigns,
                });
            }
            Ok(out)
        }
        .await,
    )
}

/// Import a questionnaire version from its JSON document (validated).
#[server(endpoint = "operator/questionnaire_import")]
pub async fn operator_import_questionnaire(document: String) -> Result<String, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let op = ctx::require_operator().await?;
            crate::survey::service::import_version(&ctx::db()?, op.id, &document).await
        }
        .await,
    )
}

/// Export a version exactly as published.
#[server(endpoint = "operator/questionnaire_export")]
pub async fn operator_export_questionnaire(version: String) -> Result<String, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            ctx::require_operator().await?;
            crate::survey::service::export_version(&ctx::db()?, &version).await
        }
        .await,
    )
}
