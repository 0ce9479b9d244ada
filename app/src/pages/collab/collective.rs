//! The collaboration's collective figures: the trend over years, the spider
//! of the latest year and the members' spread per strategy.

use crate::charts::{ChartSpec, Series};
use crate::collab::{CollabDashboard, CollectiveDim, CollectiveYear, DIMS};
use crate::components::chart::ChartFigure;
use crate::components::figures::{
    IndexStrategyHeaders, STRATEGIES, StrategySpider, TrendCharts, f1, or_dash, per_strategy,
    series, strategy_label, target_levels,
};
use crate::i18n::*;
use leptos::prelude::*;

/// The latest year with collective figures.
fn latest_with_figures(d: &CollabDashboard) -> Option<CollectiveYear> {
    d.collective
        .iter()
        .rev()
        .find(|y| !y.dims.is_empty())
        .cloned()
}

#[component]
pub(super) fn Collective(d: CollabDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let with_figures: Vec<&CollectiveYear> =
        d.collective.iter().filter(|y| !y.dims.is_empty()).collect();
    let body = if with_figures.is_empty() {
        let min = d.min_orgs;
        view! { <p class="notice" id="collective-none">{t!(i18n, collab.no_collective, min = move || min)}</p> }
            .into_any()
    } else {
        let years: Vec<String> = with_figures.iter().map(|y| y.year.to_string()).collect();
        let series_of = |dim: &str| -> Vec<Option<f64>> {
            with_figures
                .iter()
                .map(|y| y.dim(dim).map(|x| x.mean))
                .collect()
        };
        let index = series_of("INDEX");
        let strategies: Vec<(String, Vec<Option<f64>>)> = STRATEGIES
            .iter()
            .map(|s| (s.to_string(), series_of(s)))
            .collect();
        let rows = with_figures
            .iter()
            .map(|y| {
                let cells = DIMS
                    .iter()
                    .map(|dim| view! { <td>{or_dash(y.dim(dim).map(|x| f1(x.mean)))}</td> })
                    .collect_view();
                let members = or_dash(y.dim("INDEX").map(|x| x.members));
                let left_out = y.left_out;
                view! { <tr><th scope="row">{y.year}</th>{cells}<td>{members}</td><td>{left_out}</td></tr> }
            })
            .collect_view();
        view! {
            <TrendCharts
                index_id="collab-trend"
                strategies_id="collab-trend-strategies"
                index_caption=Signal::derive(move || t_string!(i18n, collab.trend_caption).to_string())
                strategies_caption=Signal::derive(move || t_string!(i18n, collab.trend_strategies).to_string())
                index_name=Signal::derive(move || t_string!(i18n, collab.collective_index).to_string())
                years=years
                index=index
                strategies=strategies
            >
                <table id="collective-table">
                    <caption>{t!(i18n, collab.collective_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, dash.col_year)}</th>
                            <IndexStrategyHeaders/>
                            <th scope="col">{t!(i18n, collab.col_members)}</th>
                            <th scope="col">{t!(i18n, collab.col_left_out)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TrendCharts>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="collective-h">
            <h2 id="collective-h">{t!(i18n, collab.collective_title)}</h2>
            {body}
        </section>
    }
}

/// Spider chart: the collective of the latest year with figures, the
/// collective target, and every member the reader may see by name.
#[component]
pub(super) fn CollabSpider(d: CollabDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let Some(latest) = latest_with_figures(&d) else {
        return ().into_any();
    };
    let year = latest.year;
    let collective = per_strategy(|s| latest.dim(s).map(|x| x.mean));
    let target = target_levels(&d.targets);
    let members: Vec<Series> = d
        .named_members
        .iter()
        .filter_map(|m| {
            let (_, vals) = m.years.iter().find(|(y, _)| *y == year)?;
            Some(Series {
                name: m.name.clone(),
                values: per_strategy(|s| vals.iter().find(|(k, _)| k == s).map(|(_, v)| *v)),
            })
        })
        .collect();
    let series = Signal::derive(move || {
        [
            series(
                t_string!(i18n, collab.collective).to_string(),
                Some(&collective),
            ),
            series(
                t_string!(i18n, collab.collective_target).to_string(),
                target.as_ref(),
            ),
        ]
        .into_iter()
        .flatten()
        .chain(members.iter().cloned())
        .collect::<Vec<_>>()
    });
    view! {
        <section aria-labelledby="collab-spider-h">
            <h2 id="collab-spider-h">{t!(i18n, collab.spider_title, year = move || year)}</h2>
            <StrategySpider
                id="collab-spider"
                caption=Signal::derive(move || t_string!(i18n, collab.spider_caption).to_string())
                series=series
            />
        </section>
    }
    .into_any()
}

/// Member spread per strategy in the latest year with figures.
#[component]
pub(super) fn Spread(d: CollabDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let Some(latest) = latest_with_figures(&d) else {
        return ().into_any();
    };
    let dims: Vec<CollectiveDim> = STRATEGIES
        .iter()
        .filter_map(|s| latest.dim(s).cloned())
        .collect();
    if dims.is_empty() {
        return ().into_any();
    }
    let year = latest.year;
    let categories: Vec<String> = dims.iter().map(|x| x.dimension.clone()).collect();
    let boxes: Vec<[f64; 5]> = dims
        .iter()
        .map(|x| [x.min, x.q1, x.median, x.q3, x.max])
        .collect();
    let own: Vec<Option<f64>> = dims
        .iter()
        .map(|x| {
            d.targets
                .iter()
                .find(|t| t.strategy == x.dimension)
                .map(|t| t.level)
        })
        .collect();
    let spec = Signal::derive(move || ChartSpec::Boxes {
        categories: categories.clone(),
        boxes: boxes.clone(),
        own: own.clone(),
        own_name: t_string!(i18n, collab.collective_target).to_string(),
        peers_name: t_string!(i18n, collab.members_spread).to_string(),
    });
    let rows = dims
        .iter()
        .map(|x| {
            let dim = x.dimension.clone();
            view! {
                <tr>
                    <th scope="row">{move || strategy_label(i18n, &dim)}</th>
                    <td>{x.members}</td>
                    <td>{f1(x.min)}</td>
                    <td>{f1(x.median)}</td>
                    <td>{f1(x.max)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="spread-h">
            <h2 id="spread-h">{t!(i18n, collab.spread_title, year = move || year)}</h2>
            <ChartFigure
                id="collab-spread"
                caption=Signal::derive(move || t_string!(i18n, collab.spread_caption).to_string())
                spec=spec
            >
                <table id="spread-table">
                    <caption>{t!(i18n, collab.spread_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, home.col_strategy)}</th>
                            <th scope="col">{t!(i18n, collab.col_members)}</th>
                            <th scope="col">{t!(i18n, collab.col_min)}</th>
                            <th scope="col">{t!(i18n, dash.col_median)}</th>
                            <th scope="col">{t!(i18n, collab.col_max)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </ChartFigure>
        </section>
    }
    .into_any()
}
