//! The top of the dashboard and the report: headline figures, the spider
//! and the strategy table.

use super::{available, quadrant_label, signed};
use crate::benchmark::{BenchmarkStatus, Dashboard};
use crate::components::figures::{
    StrategySpider, dim_label, f1, or_dash, per_strategy, series, target_levels,
};
use crate::i18n::*;
use crate::scoring::model::Availability;
use crate::scoring::score::DIMENSIONS;
use leptos::prelude::*;

/// Headline figures of the latest campaign.
#[component]
pub(super) fn Headline(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let Some(latest) = d.latest.clone() else {
        return view! { <p id="no-results" class="notice">{t!(i18n, dash.not_closed)}</p> }
            .into_any();
    };
    match latest.availability {
        Availability::Available => {}
        Availability::TooFew => {
            let k = latest.k;
            return view! { <p id="no-results" class="notice">{t!(i18n, dash.too_few, k = move || k)}</p> }
                .into_any();
        }
        Availability::NotClosed => {
            return view! { <p id="no-results" class="notice">{t!(i18n, dash.not_closed)}</p> }
                .into_any();
        }
    }
    let idx = latest.total("INDEX").copied();
    let quadrant = latest.quadrant.clone();
    view! {
        <section aria-labelledby="latest-title" class="headline">
            <h2 id="latest-title">{t!(i18n, dash.latest)} " " {latest.name.clone()} " (" {latest.year} ")"</h2>
            <dl class="figures">
                <div>
                    <dt>{t!(i18n, dash.responses)}</dt>
                    <dd id="latest-n">{or_dash(latest.n)}</dd>
                </div>
                {d.response_rate.map(|r| view! {
                    <div>
                        <dt>{t!(i18n, dash.response_rate)}</dt>
                        <dd id="latest-rate">{format!("{r:.0} %")}</dd>
                    </div>
                })}
                {idx.map(|s| view! {
                    <div>
                        <dt>{t!(i18n, dash.index)}</dt>
                        <dd id="latest-index">{format!("{:.0}", s.mean)}
                            <span class="ci">
                                {move || t_string!(i18n, dash.ci)} ": " {format!("{:.0}–{:.0}", s.ci_lo, s.ci_hi)}
                            </span>
                        </dd>
                    </div>
                })}
                {quadrant.map(|q| {
                    let class = format!("badge badge-{q}");
                    view! {
                        <div>
                            <dt>{t!(i18n, dash.stage)}</dt>
                            <dd><span class=class id="quadrant-badge">{move || quadrant_label(i18n, &q)}</span></dd>
                        </div>
                    }
                })}
            </dl>
        </section>
    }
    .into_any()
}

/// Spider chart: now, target, peer median.
#[component]
pub(super) fn Spider(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let Some(latest) = available(&d) else {
        return ().into_any();
    };
    let now = per_strategy(|s| latest.total(s).map(|x| x.mean));
    let target = target_levels(&d.targets);
    let peers: Option<Vec<f64>> = d
        .benchmark
        .as_ref()
        .filter(|b| b.status == BenchmarkStatus::Available)
        .map(|b| per_strategy(|s| b.dims.iter().find(|x| x.dimension == s).map(|x| x.median)));
    let series = Signal::derive(move || {
        [
            series(t_string!(i18n, dash.now).to_string(), Some(&now)),
            series(t_string!(i18n, dash.target).to_string(), target.as_ref()),
            series(t_string!(i18n, dash.peers).to_string(), peers.as_ref()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
    });
    view! {
        <section aria-labelledby="spider-title">
            <h2 id="spider-title">{t!(i18n, dash.spider_title)}</h2>
            <StrategySpider
                id="dashboard-spider"
                caption=Signal::derive(move || t_string!(i18n, dash.spider_caption).to_string())
                series=series
            />
        </section>
    }
    .into_any()
}

/// Strategy table: score, rank, percentile, plausible range, median, target gap, change.
#[component]
pub(super) fn StrategyTable(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let Some(latest) = available(&d) else {
        return ().into_any();
    };
    let bench = d
        .benchmark
        .clone()
        .filter(|b| b.status == BenchmarkStatus::Available);
    let rows = DIMENSIONS
        .into_iter()
        .filter_map(|dim| {
            let stat = latest.total(dim).copied()?;
            let b = bench.as_ref().and_then(|b| b.dims.iter().find(|x| x.dimension == dim).cloned());
            let own = b.as_ref().and_then(|b| b.own.clone());
            let target = d.targets.iter().find(|t| t.strategy == dim).map(|t| t.level);
            Some(view! {
                <tr data-dimension=dim>
                    <th scope="row">{move || dim_label(i18n, dim)}</th>
                    <td>{f1(stat.mean)} <span class="ci">{format!(" ({:.1}–{:.1})", stat.ci_lo, stat.ci_hi)}</span></td>
                    <td class="rank">{own.as_ref().map(|o| {
                        let (r, of) = (o.position.rank, o.position.of);
                        view! { {t!(i18n, dash.rank_of, rank = move || r, of = move || of)} }
                    })}</td>
                    <td>{own.as_ref().map(|o| format!("{:.0}", o.position.percentile))}</td>
                    <td>{own.as_ref().map(|o| format!("{}–{}", o.position.rank_best, o.position.rank_worst))}</td>
                    <td>{b.as_ref().map(|b| f1(b.median))}</td>
                    <td>{target.map(f1)}</td>
                    <td>{target.map(|t| signed(t - stat.mean))}</td>
                    <td>{own.as_ref().and_then(|o| o.year_over_year).map(signed)}</td>
                </tr>
            })
        })
        .collect_view();
    view! {
        <section aria-labelledby="table-title">
            <h2 id="table-title">{t!(i18n, dash.table_title)}</h2>
            {bench.is_none().then(|| {
                let min = d.benchmark.as_ref().map(|b| b.min_orgs).unwrap_or(5);
                view! { <p class="notice">{t!(i18n, dash.peers_too_small, min = move || min)}</p> }
            })}
            <div class="table-scroll">
                <table id="strategy-table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, dash.col_dimension)}</th>
                            <th scope="col">{t!(i18n, dash.col_score)}</th>
                            <th scope="col">{t!(i18n, dash.col_rank)}</th>
                            <th scope="col">{t!(i18n, dash.col_percentile)}</th>
                            <th scope="col">{t!(i18n, dash.col_range)}</th>
                            <th scope="col">{t!(i18n, dash.col_median)}</th>
                            <th scope="col">{t!(i18n, dash.col_target)}</th>
                            <th scope="col">{t!(i18n, dash.col_gap)}</th>
                            <th scope="col">{t!(i18n, dash.col_yoy)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}
