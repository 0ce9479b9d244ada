//! Action plan and benefits realisation: members (leaders and org admins)
//! read; org admins write. Non-members get 404 (see `ctx::require_org_role`).
//! Every write: parse and check input → role and tenant → one transaction
//! with an audit entry (`plan::action_service`).

// Form-shaped server functions take one argument per field.
#![allow(clippy::too_many_arguments)]

use crate::AppError;
use crate::plan::action::{ActionPlan, PlanInsights};
use leptos::prelude::*;

#[server(endpoint = "action_plan/get")]
pub async fn get_action_plan(org_id: i64) -> Result<ActionPlan, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            ctx::require_org_role(org_id, OrgRole::Leader).await?;
            crate::plan::action_service::plan(&ctx::db()?, org_id).await
        }
        .await,
    )
}

/// Suggested activities for the weakest strategies and the strategy scores
/// of the latest closed campaigns.
#[server(endpoint = "action_plan/insights")]
pub async fn get_plan_insights(org_id: i64, lang: String) -> Result<PlanInsights, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            ctx::require_org_role(org_id, OrgRole::Leader).await?;
            let state = ctx::state()?;
            let lang = crate::domain::language::or_default(&lang).to_owned();
            crate::plan::action_service::insights(
                &state.db,
                org_id,
                &lang,
                crate::benchmark::service::BenchSettings {
                    k: state.settings.min_group_size,
                    min_orgs: state.settings.min_peer_orgs,
                    quadrant_threshold: state.settings.quadrant_threshold,
                },
            )
            .await
        }
        .await,
    )
}

/// Create (`id` = 0) or update an activity; returns its id.
#[server(endpoint = "action_plan/activity_save")]
pub async fn save_activity(
    org_id: i64,
    id: i64,
    title: String,
    description: String,
    strategy: String,
    year: String,
    owner: String,
    cost: String,
    funding: String,
    status: String,
) -> Result<i64, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            let input = crate::plan::action::parse_activity(
                &title,
                &description,
                &strategy,
                &year,
                &owner,
                &cost,
                &funding,
                &status,
            )
            .map_err(AppError::BadRequest)?;
            crate::plan::action_service::save_activity(&ctx::db()?, org_id, user.id, id, &input)
                .await
        }
        .await,
    )
}

/// Adopt a suggested activity (advice `index` of `strategy`) as a planned
/// activity for `year`, in the reader's language; returns its id.
#[server(endpoint = "action_plan/adopt")]
pub async fn adopt_suggestion(
    org_id: i64,
    strategy: String,
    index: usize,
    year: String,
    lang: String,
) -> Result<i64, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            let year = crate::plan::action::parse_year(&year)
                .map_err(|e| AppError::BadRequest(e.into()))?;
            let lang = crate::domain::language::or_default(&lang).to_owned();
            crate::plan::action_service::adopt_suggestion(
                &ctx::db()?,
                org_id,
                user.id,
                strategy.trim(),
                index,
                &lang,
                year,
            )
            .await
        }
        .await,
    )
}

/// Create (`id` = 0) or update an expected benefit. `scope`: "S1"–"S6" or
/// "activity:<id>".
#[server(endpoint = "action_plan/benefit_save")]
pub async fn save_benefit(
    org_id: i64,
    id: i64,
    scope: String,
    benefit_type: String,
    description: String,
    success_criteria: String,
) -> Result<i64, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            let input = crate::plan::action::parse_benefit(
                &scope,
                &benefit_type,
                &description,
                &success_criteria,
            )
            .map_err(AppError::BadRequest)?;
            crate::plan::action_service::save_benefit(&ctx::db()?, org_id, user.id, id, &input)
                .await
        }
        .await,
    )
}

/// Create (`id` = 0) or update a KPI.
#[server(endpoint = "action_plan/kpi_save")]
pub async fn save_kpi(
    org_id: i64,
    id: i64,
    scope: String,
    name: String,
    unit: String,
    baseline: String,
    target: String,
    owner: String,
    frequency: String,
) -> Result<i64, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            let input = crate::plan::action::parse_kpi(
                &scope, &name, &unit, &baseline, &target, &owner, &frequency,
            )
            .map_err(AppError::BadRequest)?;
            crate::plan::action_service::save_kpi(&ctx::db()?, org_id, user.id, id, &input).await
        }
        .await,
    )
}

/// Record a measured value of a KPI.
#[server(endpoint = "action_plan/measurement_add")]
pub async fn add_measurement(
    org_id: i64,
    kpi_id: i64,
    measured_on: String,
    value: String,
) -> Result<i64, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    use crate::plan::action::{E_VALUE, SEP, parse_date, parse_number};
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            let (date, value) = match (parse_date(&measured_on), parse_number(&value, E_VALUE)) {
                (Ok(d), Ok(v)) => (d, v),
                (d, v) => {
                    let p: Vec<&str> = [d.err(), v.err()].into_iter().flatten().collect();
                    return Err(AppError::BadRequest(p.join(SEP)));
                }
            };
            crate::plan::action_service::add_measurement(
                &ctx::db()?,
                org_id,
                user.id,
                kpi_id,
                &date,
                value,
            )
            .await
        }
        .await,
    )
}

/// Set the business case of an activity (or strategy) for one year.
#[server(endpoint = "action_plan/business_case_save")]
pub async fn save_business_case(
    org_id: i64,
    scope: String,
    year: String,
    investment: String,
    running_cost: String,
    savings: String,
) -> Result<i64, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            let input = crate::plan::action::parse_business_case(
                &scope,
                &year,
                &investment,
                &running_cost,
                &savings,
            )
            .map_err(AppError::BadRequest)?;
            crate::plan::action_service::save_business_case(&ctx::db()?, org_id, user.id, &input)
                .await
        }
        .await,
    )
}

/// Delete an activity, benefit, kpi, measurement or business_case row.
#[server(endpoint = "action_plan/delete")]
pub async fn delete_plan_item(org_id: i64, kind: String, id: i64) -> Result<(), AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            let (user, _) = ctx::require_org_role(org_id, OrgRole::OrgAdmin).await?;
            crate::plan::action_service::delete(&ctx::db()?, org_id, user.id, &kind, id).await
        }
        .await,
    )
}
