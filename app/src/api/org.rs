//! Organisation profile (members only).

use crate::AppError;
use crate::domain::roles::OrgRole;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgProfile {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub kind: String,
    pub population: i64,
    pub size_band: String,
    pub ambition: String,
    pub named_benchmarking: bool,
    pub your_role: OrgRole,
}

/// The profile of an organisation the caller belongs to. Anyone else gets
/// "not found", whether or not the organisation exists.
#[server(endpoint = "org/profile")]
pub async fn get_org_profile(org_id: i64) -> Result<OrgProfile, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let (_user, role) = ctx::require_org_role(org_id, OrgRole::Leader).await?;
            let state = ctx::state()?;
            let org = crate::db::orgs::get(&state.db, org_id)
                .await
                .map_err(|e| AppError::internal("org profile", &e))?
                .filter(|o| !o.disabled)
                .ok_or(AppError::NotFound)?;
            Ok(OrgProfile {
                id: org.id,
                name: org.name,
                country: org.country,
                kind: org.kind,
                population: org.population,
                size_band: org.size_band,
                ambition: org.ambition,
                named_benchmarking: org.named_benchmarking,
                your_role: role,
            })
        }
        .await,
    )
}

/// The organisation's admin edits its profile and sharing setting.
#[server(endpoint = "org/profile_update")]
pub async fn update_org_profile(
    org_id: i64,
    name: String,
    country: String,
    kind: String,
    population: String,
    ambition: String,
    named_benchmarking: Option<String>,
) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            let edit = crate::auth::operator::ProfileEdit {
                name: &name,
                country: &country,
                kind: &kind,
                population: &population,
                ambition: &ambition,
                // An unchecked checkbox sends nothing.
                named_benchmarking: Some(named_benchmarking.as_deref() == Some("on")),
            };
            crate::auth::operator::update_org(&ctx::db()?, user.id, org_id, &edit).await
        }
        .await,
    )
}
