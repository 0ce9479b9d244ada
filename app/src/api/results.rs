//! Results and peer benchmarks of an organisation (leaders and org admins).
//! Every figure comes through the anonymity gate (`scoring::gate`,
//! `benchmark::service`).

// `peer_benchmark` takes one form field per filter (eight arguments); the
// `server` macro generates a client function too, which an item-level allow
// does not reach.
#![allow(clippy::too_many_arguments)]

use crate::AppError;
use crate::benchmark::Benchmark;
use crate::scoring::model::CampaignResults;
use leptos::prelude::*;

#[server(endpoint = "results/campaign")]
pub async fn get_campaign_results(
    org_id: i64,
    campaign_id: i64,
) -> Result<CampaignResults, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            ctx::require_org_role(org_id, OrgRole::Leader).await?;
            let state = ctx::state()?;
            crate::scoring::gate::campaign_results(
                &state.db,
                org_id,
                campaign_id,
                state.settings.min_group_size,
                state.settings.quadrant_threshold,
            )
            .await
        }
        .await,
    )
}

/// The organisation's benchmark against a peer group. Empty filter values
/// mean "any"; `lang` selects the advice language.
#[server(endpoint = "results/benchmark")]
pub async fn peer_benchmark(
    org_id: i64,
    year: i64,
    country: String,
    kind: String,
    size_band: String,
    collaboration: Option<i64>,
    lang: String,
    /// Page of the ranking table (0-based); none: the page holding the reader.
    #[server(default)]
    page: Option<i64>,
) -> Result<Benchmark, AppError> {
    use crate::api::{ctx, respond};
    use crate::benchmark::service::{BenchSettings, benchmark};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            ctx::require_org_role(org_id, OrgRole::Leader).await?;
            let state = ctx::state()?;
            let opt = |s: String| {
                let s = s.trim().to_owned();
                (!s.is_empty()).then_some(s)
            };
            let filter = crate::benchmark::PeerFilter {
                year,
                country: opt(country),
                kind: opt(kind),
                size_band: opt(size_band),
                collaboration,
            };
            let lang = crate::domain::language::or_default(&lang).to_owned();
            benchmark(
                &state.db,
                Some(org_id),
                &filter,
                &lang,
                BenchSettings {
                    k: state.settings.min_group_size,
                    min_orgs: state.settings.min_peer_orgs,
                    quadrant_threshold: state.settings.quadrant_threshold,
                },
            )
            .await
            .map(|b| b.ranking_page(Some(page)))
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn settings(state: &crate::state::AppState) -> crate::benchmark::service::BenchSettings {
    crate::benchmark::service::BenchSettings {
        k: state.settings.min_group_size,
        min_orgs: state.settings.min_peer_orgs,
        quadrant_threshold: state.settings.quadrant_threshold,
    }
}

/// The organisation dashboard (and printable report): k-safe results only.
#[server(endpoint = "results/dashboard")]
pub async fn org_dashboard(
    org_id: i64,
    lang: String,
) -> Result<crate::benchmark::Dashboard, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            ctx::require_org_role(org_id, OrgRole::Leader).await?;
            let state = ctx::state()?;
            let lang = crate::domain::language::or_default(&lang).to_owned();
            crate::benchmark::dashboard::dashboard(&state.db, org_id, &lang, settings(&state)).await
        }
        .await,
    )
}

/// The benchmark page's frame (name, default country, years, collaborations).
#[server(endpoint = "results/benchmark_context")]
pub async fn benchmark_context(org_id: i64) -> Result<crate::benchmark::BenchContext, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    respond(
        async {
            ctx::require_org_role(org_id, OrgRole::Leader).await?;
            let state = ctx::state()?;
            crate::benchmark::dashboard::bench_context(
                &state.db,
                org_id,
                state.settings.min_group_size,
            )
            .await
        }
        .await,
    )
}

/// Platform overview for the operator (counts and k-safe distributions).
#[server(endpoint = "results/platform")]
pub async fn operator_overview() -> Result<crate::benchmark::PlatformOverview, AppError> {
    use crate::api::{ctx, respond};
    respond(
        async {
            ctx::require_operator().await?;
            let state = ctx::state()?;
            crate::benchmark::dashboard::platform_overview(
                &state.db,
                state.settings.min_group_size,
                state.settings.min_peer_orgs,
            )
            .await
        }
        .await,
    )
}

/// CSV of the organisation's own results (every closed campaign, through the
/// anonymity gate): one row per campaign, group and dimension. Text cells are
/// formula-injection safe.
#[server(endpoint = "results/export_csv")]
pub async fn export_results_csv(org_id: i64) -> Result<String, AppError> {
    use crate::api::{ctx, respond};
    use crate::domain::roles::OrgRole;
    use crate::export::{num_cell, safe_cell, to_csv};
    respond(
        async {
            ctx::require_org_role(org_id, OrgRole::Leader).await?;
            let state = ctx::state()?;
            let ids: Vec<(i64,)> = sqlx::query_as(
                "SELECT id FROM campaigns WHERE org_id = $1 AND state = 'closed' ORDER BY year, id",
            )
            .bind(org_id)
            .fetch_all(state.db.pool())
            .await
            .map_err(|e| AppError::internal("campaigns for export", &e))?;
            let mut rows: Vec<Vec<String>> = Vec::new();
            for (id,) in ids {
                let r = crate::scoring::gate::campaign_results(
                    &state.db,
                    org_id,
                    id,
                    state.settings.min_group_size,
                    state.settings.quadrant_threshold,
                )
                .await?;
                let groups = std::iter::once(("total".to_owned(), String::new(), &r.total)).chain(
                    r.groups
                        .iter()
                        .map(|g| (g.breakdown.clone(), g.group.clone(), &g.dims)),
                );
                for (breakdown, group, dims) in groups {
                    for d in dims {
                        let s = &d.stat;
                        rows.push(vec![
                            r.year.to_string(),
                            safe_cell(&r.name),
                            safe_cell(&breakdown),
                            safe_cell(&group),
                            safe_cell(&d.dimension),
                            s.n.to_string(),
                            num_cell(s.mean, 3),
                            s.median.map_or(String::new(), |v| num_cell(v, 3)),
                            num_cell(s.sd, 3),
                            s.q1.map_or(String::new(), |v| num_cell(v, 3)),
                            s.q3.map_or(String::new(), |v| num_cell(v, 3)),
                            num_cell(s.ci_lo, 3),
                            num_cell(s.ci_hi, 3),
                        ]);
                    }
                }
            }
            Ok(to_csv(
                &[
                    "year",
                    "campaign",
                    "breakdown",
                    "group",
                    "dimension",
                    "n",
                    "mean",
                    "median",
                    "sd",
                    "q1",
                    "q3",
                    "ci_lo",
                    "ci_hi",
                ],
                &rows,
            ))
        }
        .await,
    )
}
