//! The later sections of the dashboard and the report: the trend over years,
//! the breakdowns by group and the free texts.

use super::available;
use crate::benchmark::{Dashboard, TrendPoint};
use crate::components::figures::{IndexStrategyHeaders, STRATEGIES, TrendCharts, f1, or_dash};
use crate::i18n::*;
use leptos::prelude::*;

/// The mean of `dim` in one year of the trend.
fn trend_value(t: &TrendPoint, dim: &str) -> Option<f64> {
    t.dims
        .iter()
        .find(|x| x.dimension == dim)
        .map(|x| x.stat.mean)
}

#[component]
pub(super) fn Trend(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    if d.trend.is_empty() {
        return ().into_any();
    }
    let years: Vec<String> = d.trend.iter().map(|t| t.year.to_string()).collect();
    let index: Vec<Option<f64>> = d.trend.iter().map(|t| trend_value(t, "INDEX")).collect();
    let strategies: Vec<(String, Vec<Option<f64>>)> = STRATEGIES
        .iter()
        .map(|s| {
            (
                s.to_string(),
                d.trend.iter().map(|t| trend_value(t, s)).collect(),
            )
        })
        .collect();
    let rows = d
        .trend
        .iter()
        .map(|t| {
            let cells = std::iter::once("INDEX")
                .chain(STRATEGIES)
                .map(|dim| view! { <td>{or_dash(trend_value(t, dim).map(f1))}</td> })
                .collect_view();
            view! { <tr><th scope="row">{t.year}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="trend-title" class="page-break">
            <h2 id="trend-title">{t!(i18n, dash.trend_title)}</h2>
            <TrendCharts
                index_id="trend-index"
                strategies_id="trend-strategies"
                index_caption=Signal::derive(move || t_string!(i18n, dash.trend_caption).to_string())
                strategies_caption=Signal::derive(move || t_string!(i18n, dash.trend_strategies).to_string())
                index_name=Signal::derive(move || t_string!(i18n, dash.index).to_string())
                years=years
                index=index
                strategies=strategies
            >
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, dash.col_year)}</th>
                            <IndexStrategyHeaders/>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TrendCharts>
        </section>
    }
    .into_any()
}

#[component]
pub(super) fn Breakdowns(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let Some(latest) = available(&d) else {
        return ().into_any();
    };
    let k = latest.k;
    let blocks = ["role_group", "department", "tenure_band"]
        .into_iter()
        .map(|b| {
            let groups: Vec<_> = latest.groups.iter().filter(|g| g.breakdown == b).cloned().collect();
            let title = move || match b {
                "role_group" => t_string!(i18n, dash.by_role_group),
                "department" => t_string!(i18n, dash.by_department),
                _ => t_string!(i18n, dash.by_tenure_band),
            };
            let body = if groups.is_empty() {
                view! { <p class="muted">{t!(i18n, dash.no_groups)}</p> }.into_any()
            } else {
                let rows = groups
                    .iter()
                    .map(|g| {
                        let value = |dim: &str| or_dash(g.dims.iter().find(|x| x.dimension == dim).map(|x| f1(x.stat.mean)));
                        view! {
                            <tr>
                                <th scope="row">{d.label(&g.group).to_owned()}</th>
                                <td>{or_dash(g.n)}</td>
                                <td>{value("INDEX")}</td>
                                {STRATEGIES.iter().map(|s| view! { <td>{value(s)}</td> }).collect_view()}
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="table-scroll">
                        <table class="breakdown" data-breakdown=b>
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, dash.col_group)}</th>
                                    <th scope="col">{t!(i18n, dash.responses)}</th>
                                    <IndexStrategyHeaders/>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            };
            view! { <h3>{title}</h3> {body} }
        })
        .collect_view();
    view! {
        <section aria-labelledby="breakdowns-title" class="page-break">
            <h2 id="breakdowns-title">{t!(i18n, dash.breakdowns)}</h2>
            <p class="muted">{t!(i18n, dash.breakdown_note, k = move || k)}</p>
            {blocks}
        </section>
    }
    .into_any()
}

#[component]
pub(super) fn FreeTexts(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let Some(latest) = available(&d).filter(|l| !l.free_texts.is_empty()) else {
        return ().into_any();
    };
    let items = latest
        .free_texts
        .iter()
        .map(|f| {
            let texts = f
                .texts
                .iter()
                .map(|t| view! { <li>{t.clone()}</li> })
                .collect_view();
            view! { <h3>{d.label(&f.item_id).to_owned()}</h3> <ul class="free-texts">{texts}</ul> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="texts-title" class="page-break">
            <h2 id="texts-title">{t!(i18n, dash.free_texts)}</h2>
            <p class="muted">{t!(i18n, dash.free_texts_note)}</p>
            {items}
        </section>
    }
    .into_any()
}
