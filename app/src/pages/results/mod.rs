//! What leaders see: the organisation dashboard, the benchmark page and the
//! printable report. Every figure arrives through the anonymity gate; every
//! chart has its data table beside it.
//!
//! - `dashboard`: the dashboard and report pages (and the CSV export); their
//!   sections in `summary` (headline, spider, strategy table) and `details`
//!   (trend, breakdowns, free texts).
//! - `advice`: ambition vs position, advice and "learn from" (dashboard,
//!   report and benchmark).
//! - `benchmark`: the benchmark page and its peer-group filter; `ranking`
//!   its ranking, `peers` its scatter and box charts.
//! - `overview`: the operator's platform overview.

mod advice;
mod benchmark;
mod dashboard;
mod details;
mod overview;
mod peers;
mod ranking;
mod summary;

pub use crate::components::figures::strategy_label;
pub use benchmark::BenchmarkPage;
pub use dashboard::{DashboardPage, ReportPage};
pub use overview::PlatformOverviewSection;

use crate::AppError;
use crate::benchmark::Dashboard;
use crate::components::page::PageError;
use crate::i18n::*;
use crate::scoring::model::{Availability, CampaignResults};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

fn quadrant_label(i18n: I18nContext<Locale>, q: &str) -> String {
    match q {
        "beginner" => t_string!(i18n, home.q_beginner).to_string(),
        "fashionista" => t_string!(i18n, home.q_fashionista).to_string(),
        "conservative" => t_string!(i18n, home.q_conservative).to_string(),
        _ => t_string!(i18n, home.q_master).to_string(),
    }
}

fn kind_label(i18n: I18nContext<Locale>, k: &str) -> String {
    match k {
        "municipality" => t_string!(i18n, signup.kind_municipality).to_string(),
        "region" => t_string!(i18n, signup.kind_region).to_string(),
        "agency" => t_string!(i18n, signup.kind_agency).to_string(),
        _ => t_string!(i18n, signup.kind_other).to_string(),
    }
}

fn band_label(code: &str) -> String {
    crate::domain::org::SizeBand::parse(code)
        .map(|b| b.label().to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn signed(v: f64) -> String {
    if v >= 0.0 {
        format!("+{v:.1}")
    } else {
        format!("−{:.1}", v.abs())
    }
}

fn lang_code(i18n: I18nContext<Locale>) -> String {
    i18n.get_locale().as_str().to_owned()
}

/// The latest campaign's results, when they may be shown.
fn available(d: &Dashboard) -> Option<CampaignResults> {
    d.latest
        .clone()
        .filter(|l| l.availability == Availability::Available)
}

/// Errors of the results pages, in the reader's language.
#[component]
fn ResultsError(error: AppError) -> impl IntoView {
    view! { <PageError error=error id="results-error" outages=true/> }
}

#[component]
fn OrgResultsNav(org_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="subnav" aria-label=move || t_string!(i18n, dash.title)>
            <a href=format!("/orgs/{org_id}/dashboard") id="dashboard-link">{t!(i18n, dash.link)}</a>
            <a href=format!("/orgs/{org_id}/benchmark") id="benchmark-link">{t!(i18n, dash.benchmark_link)}</a>
            <a href=format!("/orgs/{org_id}/report") id="report-link">{t!(i18n, dash.report_link)}</a>
            <a href=format!("/orgs/{org_id}/targets") id="targets-link">{t!(i18n, targets.link)}</a>
            <a href=format!("/orgs/{org_id}") >{t!(i18n, org.profile)}</a>
        </nav>
    }
}
