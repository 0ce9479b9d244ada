//! The organisation dashboard and the printable report: the same sections,
//! the report without navigation and with the chart data tables open.

use super::advice::AmbitionAndAdvice;
use super::details::{Breakdowns, FreeTexts, Trend};
use super::summary::{Headline, Spider, StrategyTable};
use super::{OrgResultsNav, ResultsError, lang_code};
use crate::AppError;
use crate::api::results::org_dashboard;
use crate::benchmark::Dashboard;
use crate::components::page::{loading, route_id};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

fn dashboard_resource(org_id: Memo<Option<i64>>) -> Resource<Result<Dashboard, AppError>> {
    let i18n = use_i18n();
    Resource::new(
        move || (org_id.get(), lang_code(i18n)),
        |(id, lang)| async move {
            match id {
                Some(id) => org_dashboard(id, lang).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let org_id = route_id();
    let data = dashboard_resource(org_id);
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! {
                        <Title text=format!("{} – Spindel", d.org_name)/>
                        <h1 id="dashboard-title">{d.org_name.clone()} ": " {t!(i18n, dash.title)}</h1>
                        <OrgResultsNav org_id=d.org_id/>
                        <Headline d=d.clone()/>
                        <div class="two-col">
                            <Spider d=d.clone()/>
                            <AmbitionAndAdvice bench=d.benchmark.clone()/>
                        </div>
                        <StrategyTable d=d.clone()/>
                        <Trend d=d.clone()/>
                        <Breakdowns d=d.clone()/>
                        <FreeTexts d=d.clone()/>
                        <ExportCsv org_id=d.org_id/>
                    }
                    .into_any(),
                    Err(e) => view! { <ResultsError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    provide_context(crate::components::chart::PrintTables);
    let org_id = route_id();
    let data = dashboard_resource(org_id);
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let _ = window().print();
        }
    };
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        let name = d.org_name.clone();
                        let year = d.latest.as_ref().map(|l| l.year.to_string()).unwrap_or_default();
                        let k = d.latest.as_ref().map(|l| l.k).unwrap_or(5);
                        view! {
                            <Title text=format!("{} – {}", d.org_name, t_string!(i18n, report.title))/>
                            <article class="report" id="report">
                                <header class="report-header">
                                    <h1 id="report-title">{t!(i18n, report.title)} ": " {d.org_name.clone()}</h1>
                                    <p>{t!(i18n, report.intro, name = move || name.clone(), year = move || year.clone(), k = move || k)}</p>
                                    <p class="no-print">
                                        <button type="button" class="button" id="print-button" on:click=print>
                                            {t!(i18n, report.print)}
                                        </button>
                                    </p>
                                </header>
                                <Headline d=d.clone()/>
                                <Spider d=d.clone()/>
                                <StrategyTable d=d.clone()/>
                                <AmbitionAndAdvice bench=d.benchmark.clone()/>
                                <Trend d=d.clone()/>
                                <Breakdowns d=d.clone()/>
                                <FreeTexts d=d.clone()/>
                            </article>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ResultsError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Download of the organisation's own k-safe aggregates as CSV.
#[component]
fn ExportCsv(org_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let export = Action::new(move |_: &()| crate::api::results::export_results_csv(org_id));
    view! {
        <p class="no-print">
            <button type="button" class="button secondary" id="export-csv" on:click=move |_| { export.dispatch(()); }>
                {t!(i18n, dash.export_link)}
            </button>
            {move || export.value().get().and_then(|r| r.ok()).map(|csv| {
                let href = crate::components::download::data_url("text/csv", &csv);
                view! { " " <a href=href download="spindel-results.csv" id="export-download">"spindel-results.csv"</a> }
            })}
        </p>
    }
}
