//! Results and peer benchmarks of an organisation (leaders and org admins).
//! Every figure comes through the anonymity gate (`scoring::gate`,
//! `benchmark::service`).

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
            let lang = match lang.as_str() {
                "sv" | "da" | "nl" => lang,
                _ => "en".to_owned(),
            };
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
            let lang = match lang.as_str() {
                "sv" | "da" | "nl" => lang,
                _ => "en".to_owned(),
            };
            crate::benchmark::dashboard::dashboard(&state.db, org_id, &lang, settings(&state)).await
        }
        .await,
    )
}
