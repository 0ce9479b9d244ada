//! What leaders see: the organisation dashboard, the benchmark page and the
//! printable report. Every figure arrives through the anonymity gate; every
//! chart has its data table beside it.

use crate::AppError;
use crate::api::results::{benchmark_context, org_dashboard, peer_benchmark};
use crate::benchmark::rank::AmbitionStatus;
use crate::benchmark::{BenchContext, Benchmark, BenchmarkStatus, Dashboard, RANKING_PAGE};
use crate::charts::{ChartSpec, Series};
use crate::components::chart::{ChartFigure, SpiderChart};
use crate::i18n::*;
use crate::scoring::model::Availability;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const STRATS: [&str; 6] = ["S1", "S2", "S3", "S4", "S5", "S6"];

fn org_id_param() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())))
}

fn dim_label(i18n: I18nContext<Locale>, d: &str) -> String {
    match d {
        "INDEX" => t_string!(i18n, dash.index).to_string(),
        "DI" => t_string!(i18n, dash.di).to_string(),
        "TMI" => t_string!(i18n, dash.tmi).to_string(),
        "S1" => format!("S1 {}", t_string!(i18n, strategy.s1)),
        "S2" => format!("S2 {}", t_string!(i18n, strategy.s2)),
        "S3" => format!("S3 {}", t_string!(i18n, strategy.s3)),
        "S4" => format!("S4 {}", t_string!(i18n, strategy.s4)),
        "S5" => format!("S5 {}", t_string!(i18n, strategy.s5)),
        "S6" => format!("S6 {}", t_string!(i18n, strategy.s6)),
        other => other.to_string(),
    }
}

/// "S3 Flexible system architecture" in the reader's language.
pub fn strategy_label(i18n: I18nContext<Locale>, s: &str) -> String {
    dim_label(i18n, s)
}

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

fn f1(v: f64) -> String {
    format!("{v:.1}")
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

/// Errors of the results pages, in the reader's language.
#[component]
fn ResultsError(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    match error {
        AppError::Unauthorized => view! {
            <p role="alert" id="results-error">
                {t!(i18n, dash.sign_in_needed)} " " <a href="/sign-in">{t!(i18n, nav.sign_in)}</a>
            </p>
        }
        .into_any(),
        // A database outage or overload is not "not found": say so.
        AppError::Unavailable | AppError::TooManyRequests => {
            let msg = error.public_message();
            view! { <p role="alert" id="results-error">{move || crate::components::messages::localize(i18n, &msg)}</p> }
                .into_any()
        }
        _ => view! { <p role="alert" id="results-error">{t!(i18n, dash.not_found)}</p> }.into_any(),
    }
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

/// Headline figures of the latest campaign.
#[component]
fn Headline(d: Dashboard) -> impl IntoView {
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
                    <dd id="latest-n">{latest.n.map(|n| n.to_string()).unwrap_or_else(|| "–".into())}</dd>
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
fn Spider(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let latest = d
        .latest
        .clone()
        .filter(|l| l.availability == Availability::Available);
    let Some(latest) = latest else {
        return ().into_any();
    };
    let now: Vec<f64> = STRATS
        .iter()
        .map(|s| latest.total(s).map(|x| x.mean).unwrap_or(0.0))
        .collect();
    let target: Option<Vec<f64>> = (!d.targets.is_empty()).then(|| {
        STRATS
            .iter()
            .map(|s| {
                d.targets
                    .iter()
                    .find(|t| t.strategy == *s)
                    .map(|t| t.level)
                    .unwrap_or(0.0)
            })
            .collect()
    });
    let peers: Option<Vec<f64>> = d
        .benchmark
        .as_ref()
        .filter(|b| b.status == BenchmarkStatus::Available)
        .map(|b| {
            STRATS
                .iter()
                .map(|s| {
                    b.dims
                        .iter()
                        .find(|x| x.dimension == *s)
                        .map(|x| x.median)
                        .unwrap_or(0.0)
                })
                .collect()
        });
    let axes = Signal::derive(move || {
        STRATS
            .iter()
            .map(|s| dim_label(i18n, s))
            .collect::<Vec<_>>()
    });
    let labels = Signal::derive(|| STRATS.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    let series = Signal::derive(move || {
        let mut v = vec![Series {
            name: t_string!(i18n, dash.now).to_string(),
            values: now.clone(),
        }];
        if let Some(t) = &target {
            v.push(Series {
                name: t_string!(i18n, dash.target).to_string(),
                values: t.clone(),
            });
        }
        if let Some(p) = &peers {
            v.push(Series {
                name: t_string!(i18n, dash.peers).to_string(),
                values: p.clone(),
            });
        }
        v
    });
    view! {
        <section aria-labelledby="spider-title">
            <h2 id="spider-title">{t!(i18n, dash.spider_title)}</h2>
            <SpiderChart
                id="dashboard-spider"
                caption=Signal::derive(move || t_string!(i18n, dash.spider_caption).to_string())
                table_label=Signal::derive(move || t_string!(i18n, dash.data_table).to_string())
                axis_header=Signal::derive(move || t_string!(i18n, home.col_strategy).to_string())
                axes=axes
                series=series
                labels=labels
            />
        </section>
    }
    .into_any()
}

/// Strategy table: score, rank, percentile, plausible range, median, target gap, change.
#[component]
fn StrategyTable(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let Some(latest) = d
        .latest
        .clone()
        .filter(|l| l.availability == Availability::Available)
    else {
        return ().into_any();
    };
    let bench = d
        .benchmark
        .clone()
        .filter(|b| b.status == BenchmarkStatus::Available);
    let rows = ["INDEX", "DI", "TMI", "S1", "S2", "S3", "S4", "S5", "S6"]
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

#[component]
fn Trend(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    if d.trend.is_empty() {
        return ().into_any();
    }
    let years: Vec<String> = d.trend.iter().map(|t| t.year.to_string()).collect();
    let value = |t: &crate::benchmark::TrendPoint, dim: &str| {
        t.dims
            .iter()
            .find(|x| x.dimension == dim)
            .map(|x| x.stat.mean)
    };
    let index: Vec<Option<f64>> = d.trend.iter().map(|t| value(t, "INDEX")).collect();
    let strat: Vec<(String, Vec<Option<f64>>)> = STRATS
        .iter()
        .map(|s| (s.to_string(), d.trend.iter().map(|t| value(t, s)).collect()))
        .collect();
    let (y1, i1) = (years.clone(), index.clone());
    let index_spec = Signal::derive(move || ChartSpec::Lines {
        x: y1.clone(),
        series: vec![(t_string!(i18n, dash.index).to_string(), i1.clone())],
        y_max: 100.0,
    });
    let (y2, s2) = (years.clone(), strat.clone());
    let strat_spec = Signal::derive(move || ChartSpec::Lines {
        x: y2.clone(),
        series: s2.clone(),
        y_max: 10.0,
    });
    let rows = d
        .trend
        .iter()
        .map(|t| {
            let cells = std::iter::once("INDEX")
                .chain(STRATS)
                .map(|dim| view! { <td>{value(t, dim).map(f1).unwrap_or_else(|| "–".into())}</td> })
                .collect_view();
            view! { <tr><th scope="row">{t.year}</th>{cells}</tr> }
        })
        .collect_view();
    let table = view! {
        <table>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, dash.col_year)}</th>
                    <th scope="col">{t!(i18n, dash.index)}</th>
                    {STRATS.iter().map(|s| view! { <th scope="col">{*s}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    };
    view! {
        <section aria-labelledby="trend-title" class="page-break">
            <h2 id="trend-title">{t!(i18n, dash.trend_title)}</h2>
            <div class="chart-pair">
                <ChartFigure
                    id="trend-index"
                    caption=Signal::derive(move || t_string!(i18n, dash.trend_caption).to_string())
                    table_label=Signal::derive(move || t_string!(i18n, dash.data_table).to_string())
                    spec=index_spec
                    height=280
                >
                    {table}
                </ChartFigure>
                <ChartFigure
                    id="trend-strategies"
                    caption=Signal::derive(move || t_string!(i18n, dash.trend_strategies).to_string())
                    table_label=Signal::derive(move || t_string!(i18n, dash.data_table).to_string())
                    spec=strat_spec
                    height=280
                >
                    <p>{t!(i18n, dash.trend_caption)}</p>
                </ChartFigure>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn Breakdowns(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let Some(latest) = d
        .latest
        .clone()
        .filter(|l| l.availability == Availability::Available)
    else {
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
                        let value = |dim: &str| g.dims.iter().find(|x| x.dimension == dim).map(|x| f1(x.stat.mean)).unwrap_or_else(|| "–".into());
                        view! {
                            <tr>
                                <th scope="row">{d.label(&g.group).to_owned()}</th>
                                <td>{g.n.map(|n| n.to_string()).unwrap_or_else(|| "–".into())}</td>
                                <td>{value("INDEX")}</td>
                                {STRATS.iter().map(|s| view! { <td>{value(s)}</td> }).collect_view()}
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
                                    <th scope="col">{t!(i18n, dash.index)}</th>
                                    {STRATS.iter().map(|s| view! { <th scope="col">{*s}</th> }).collect_view()}
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
fn FreeTexts(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let Some(latest) = d
        .latest
        .clone()
        .filter(|l| l.availability == Availability::Available && !l.free_texts.is_empty())
    else {
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

/// Ambition vs position, advice and "learn from".
#[component]
fn AmbitionAndAdvice(bench: Option<Benchmark>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(b) = bench.filter(|b| b.status == BenchmarkStatus::Available) else {
        return ().into_any();
    };
    let ambition = b.ambition.clone().map(|a| {
        let p = format!("{:.0}", a.percentile);
        let e = a.expected_percentile.map(|e| format!("{e:.0}")).unwrap_or_default();
        let (p2, e2) = (p.clone(), e.clone());
        let text = match a.status {
            AmbitionStatus::Meets => view! { {t!(i18n, dash.ambition_meets, p = move || p.clone(), e = move || e.clone())} }.into_any(),
            AmbitionStatus::Below => view! { {t!(i18n, dash.ambition_below, p = move || p2.clone(), e = move || e2.clone())} }.into_any(),
            AmbitionStatus::NoExpectation => {
                let p3 = format!("{:.0}", a.percentile);
                view! { {t!(i18n, dash.ambition_none, p = move || p3.clone())} }.into_any()
            }
        };
        let class = match a.status {
            AmbitionStatus::Meets => "ambition ok",
            AmbitionStatus::Below => "ambition below",
            AmbitionStatus::NoExpectation => "ambition",
        };
        view! { <p class=class id="ambition">{text}</p> }
    });
    let advice = b.advice.clone().map(|a| {
        let quadrant = a
            .quadrant
            .map(|q| view! { <p id="advice-quadrant">{q}</p> });
        let items = a
            .strategies
            .into_iter()
            .map(|(s, _band, text)| {
                let s2 = s.clone();
                view! { <li><strong>{move || dim_label(i18n, &s2)}</strong> ": " {text}</li> }
            })
            .collect_view();
        view! { {quadrant} <ul class="advice">{items}</ul> }
    });
    let learn = if b.learn_from.is_empty() {
        view! { <p class="muted">{t!(i18n, bench.learn_from_none)}</p> }.into_any()
    } else {
        let items = b
            .learn_from
            .iter()
            .map(|l| {
                let s = l.strategy.clone();
                let names = l
                    .peers
                    .iter()
                    .map(|(n, v)| format!("{n} ({v:.1})"))
                    .collect::<Vec<_>>()
                    .join(", ");
                view! { <li><strong>{move || dim_label(i18n, &s)}</strong> {format!(" ({:.1}): ", l.own)} {names}</li> }
            })
            .collect_view();
        view! { <p>{t!(i18n, dash.learn_from_intro)}</p> <ul id="learn-from">{items}</ul> }
            .into_any()
    };
    view! {
        <section aria-labelledby="ambition-title" class="page-break">
            <h2 id="ambition-title">{t!(i18n, dash.ambition_title)}</h2>
            {ambition}
            <h3>{t!(i18n, dash.advice_title)}</h3>
            {advice}
            <h3>{t!(i18n, dash.learn_from)}</h3>
            {learn}
        </section>
    }
    .into_any()
}

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
    let org_id = org_id_param();
    let data = dashboard_resource(org_id);
    view! {
        <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
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
    let org_id = org_id_param();
    let data = dashboard_resource(org_id);
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let _ = window().print();
        }
    };
    view! {
        <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
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

/// The peer-group filter as it is in the address
/// (?year=&country=&kind=&size=&collab=&page=).
#[derive(Debug, Clone, PartialEq)]
struct Filter {
    year: Option<i64>,
    country: String,
    kind: String,
    size: String,
    collab: Option<i64>,
    page: Option<i64>,
}

#[component]
pub fn BenchmarkPage() -> impl IntoView {
    let i18n = use_i18n();
    let org_id = org_id_param();
    let query = use_query_map();
    let dash = Resource::new(
        move || org_id.get(),
        |id| async move {
            match id {
                Some(id) => benchmark_context(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let filter = Memo::new(move |_| {
        query.with(|q| Filter {
            year: q.get("year").and_then(|y| y.parse().ok()),
            country: q.get("country").unwrap_or_default(),
            kind: q.get("kind").unwrap_or_default(),
            size: q.get("size").unwrap_or_default(),
            collab: q.get("collab").and_then(|c| c.parse().ok()),
            page: q.get("page").and_then(|p| p.parse().ok()),
        })
    });
    // The peer group as shown: without a year in the address, the latest
    // year and the organisation's own country.
    let effective = move |d: &BenchContext, f: &Filter| {
        let untouched = f.year.is_none();
        Filter {
            year: f.year.or(d.years.last().copied()),
            country: if untouched {
                d.country.clone()
            } else {
                f.country.clone()
            },
            ..f.clone()
        }
    };
    // One resource, created once: it waits for the dashboard (the default
    // year and country), then asks for the benchmark.
    let bench = Resource::new(
        move || (filter.get(), lang_code(i18n)),
        move |(f, lang)| async move {
            let d = dash.await?;
            let f = effective(&d, &f);
            match f.year {
                Some(y) => peer_benchmark(
                    d.org_id, y, f.country, f.kind, f.size, f.collab, lang, f.page,
                )
                .await
                .map(|b| Some((d.org_id, b))),
                None => Ok(None),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match dash.await {
                    Ok(d) => {
                        let f = effective(&d, &filter.get());
                        view! {
                            <Title text=format!("{} – {}", d.org_name, t_string!(i18n, bench.title))/>
                            <h1 id="benchmark-title">{d.org_name.clone()} ": " {t!(i18n, bench.title)}</h1>
                            <OrgResultsNav org_id=d.org_id/>
                            <FilterForm d=d.clone() year=f.year country=f.country.clone() kind=f.kind.clone() size=f.size.clone() collab=f.collab/>
                            <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
                                {move || Suspend::new(async move {
                                    match bench.await {
                                        Ok(Some((org, b))) => view! { <BenchmarkView b=b org_id=org/> }.into_any(),
                                        Ok(None) => view! { <p class="notice" id="bench-empty">{t!(i18n, bench.no_results)}</p> }.into_any(),
                                        Err(e) => view! { <ResultsError error=e/> }.into_any(),
                                    }
                                })}
                            </Suspense>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ResultsError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FilterForm(
    d: BenchContext,
    year: Option<i64>,
    country: String,
    kind: String,
    size: String,
    collab: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let years = d
        .years
        .iter()
        .rev()
        .map(|y| view! { <option value=y.to_string() selected=Some(*y) == year>{*y}</option> })
        .collect_view();
    let countries = ["SE", "DK", "NL"]
        .into_iter()
        .map(|c| view! { <option value=c selected=country == c>{c}</option> })
        .collect_view();
    let kinds = ["municipality", "region", "agency", "other"]
        .into_iter()
        .map(|k| {
            let sel = kind == k;
            view! { <option value=k selected=sel>{move || kind_label(i18n, k)}</option> }
        })
        .collect_view();
    let sizes = crate::domain::org::SizeBand::ALL
        .into_iter()
        .map(|b| view! { <option value=b.code() selected=size == b.code()>{b.label()}</option> })
        .collect_view();
    let collabs = d
        .collaborations
        .iter()
        .map(|c| view! { <option value=c.id.to_string() selected=collab == Some(c.id)>{c.name.clone()}</option> })
        .collect_view();
    view! {
        <form method="get" class="filters" id="peer-filter">
            <fieldset>
                <legend>{t!(i18n, bench.filters)}</legend>
                <div class="field">
                    <label for="f-year">{t!(i18n, bench.year)}</label>
                    <select id="f-year" name="year">{years}</select>
                </div>
                <div class="field">
                    <label for="f-country">{t!(i18n, bench.country)}</label>
                    <select id="f-country" name="country">
                        <option value="">{t!(i18n, bench.any)}</option>
                        {countries}
                    </select>
                </div>
                <div class="field">
                    <label for="f-kind">{t!(i18n, bench.kind)}</label>
                    <select id="f-kind" name="kind">
                        <option value="">{t!(i18n, bench.any)}</option>
                        {kinds}
                    </select>
                </div>
                <div class="field">
                    <label for="f-size">{t!(i18n, bench.size_band)}</label>
                    <select id="f-size" name="size">
                        <option value="">{t!(i18n, bench.any)}</option>
                        {sizes}
                    </select>
                </div>
                <div class="field">
                    <label for="f-collab">{t!(i18n, bench.collaboration)}</label>
                    <select id="f-collab" name="collab">
                        <option value="">{t!(i18n, bench.any)}</option>
                        {collabs}
                    </select>
                </div>
                <button type="submit" class="button" id="filter-apply">{t!(i18n, bench.show)}</button>
            </fieldset>
        </form>
    }
}

/// Address of one page of the ranking, with the peer group as shown.
fn ranking_href(org_id: i64, f: &crate::benchmark::PeerFilter, page: Option<i64>) -> String {
    let mut q = vec![format!("year={}", f.year)];
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    q.push(format!("country={}", text(&f.country)));
    q.push(format!("kind={}", text(&f.kind)));
    q.push(format!("size={}", text(&f.size_band)));
    q.push(format!(
        "collab={}",
        f.collaboration.map(|c| c.to_string()).unwrap_or_default()
    ));
    if let Some(p) = page {
        q.push(format!("page={p}"));
    }
    format!("/orgs/{org_id}/benchmark?{}#ranking-title", q.join("&"))
}

#[component]
fn RankingPager(org_id: i64, b: Benchmark) -> impl IntoView {
    let i18n = use_i18n();
    let (offset, total, shown) = (b.ranking_offset, b.ranking_total, b.entries.len() as i64);
    let (from, to) = (offset + 1, offset + shown);
    let page = offset / RANKING_PAGE;
    let own_here = b.entries.iter().any(|e| e.is_self);
    let f = b.filter.clone();
    let prev = (page > 0).then(|| {
        let href = ranking_href(org_id, &f, Some(page - 1));
        view! { <a href=href id="ranking-prev" rel="prev">{t!(i18n, bench.page_prev, n = move || RANKING_PAGE)}</a> }
    });
    let next = (offset + shown < total).then(|| {
        let href = ranking_href(org_id, &f, Some(page + 1));
        view! { <a href=href id="ranking-next" rel="next">{t!(i18n, bench.page_next, n = move || RANKING_PAGE)}</a> }
    });
    let own = (!own_here).then(|| {
        let href = ranking_href(org_id, &f, None);
        view! { <a href=href id="ranking-own">{t!(i18n, bench.page_own)}</a> }
    });
    view! {
        <nav class="pager" aria-label=move || t_string!(i18n, bench.page_nav).to_string()>
            <span id="ranking-status" data-total=total>
                {t!(i18n, bench.page_status, from = move || from, to = move || to, total = move || total)}
            </span>
            {prev}
            {own}
            {next}
        </nav>
    }
}

#[component]
fn BenchmarkView(b: Benchmark, org_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    if b.status == BenchmarkStatus::TooSmall {
        let min = b.min_orgs;
        return view! { <p class="notice" id="bench-too-small" role="status">{t!(i18n, dash.peers_too_small, min = move || min)}</p> }
            .into_any();
    }
    let offset = b.ranking_offset;
    let ranking = b
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let label = e.label.clone();
            let name = move || {
                label.name.clone().unwrap_or_else(|| {
                    format!("{}, {}, {}", kind_label(i18n, &label.kind), band_label(&label.size_band), label.country)
                })
            };
            let idx = e.value("INDEX").cloned();
            let quadrant = e.quadrant.clone();
            let class = if e.is_self { "self" } else { "" };
            let place = offset + i as i64 + 1;
            view! {
                <tr class=class aria-current=e.is_self.then_some("true") data-place=place>
                    <td>{idx.as_ref().map(|v| v.position.rank)}</td>
                    <th scope="row">{name} {e.is_self.then(|| view! { " (" {t!(i18n, bench.you)} ")" })}</th>
                    <td>{idx.as_ref().map(|v| format!("{:.0}", v.mean))}</td>
                    <td>{idx.as_ref().map(|v| format!("{:.0}–{:.0}", v.ci_lo, v.ci_hi))}</td>
                    <td>{idx.as_ref().map(|v| format!("{}–{}", v.position.rank_best, v.position.rank_worst))}</td>
                    <td>{quadrant.map(|q| {
                        let class = format!("badge badge-{q}");
                        view! { <span class=class>{move || quadrant_label(i18n, &q)}</span> }
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    let peers = b.scatter.clone();
    let own = b.scatter_own;
    let scatter = Signal::derive(move || ChartSpec::Quadrant {
        peers: peers.clone(),
        own,
        own_name: t_string!(i18n, bench.you).to_string(),
        peers_name: t_string!(i18n, bench.peers).to_string(),
        x_name: t_string!(i18n, dash.di).to_string(),
        y_name: t_string!(i18n, dash.tmi).to_string(),
    });
    // The scatter's data table: how many peers are in each stage (hundreds
    // of anonymous points say no more than that), and the reader's own values.
    let scatter_rows = b
        .quadrant_counts
        .iter()
        .map(|(q, n)| {
            let q = q.clone();
            view! {
                <tr>
                    <th scope="row">{move || quadrant_label(i18n, &q)}</th>
                    <td>{*n}</td>
                </tr>
            }
        })
        .collect_view();
    let scatter_own = own.map(|(di, tmi)| {
        let (di, tmi) = (f1(di), f1(tmi));
        view! { <p id="scatter-own">{t!(i18n, bench.scatter_table, di = move || di.clone(), tmi = move || tmi.clone())}</p> }
    });
    let box_dims: Vec<_> = b
        .dims
        .iter()
        .filter(|d| STRATS.contains(&d.dimension.as_str()))
        .cloned()
        .collect();
    let (cats, boxes, owns): (Vec<String>, Vec<[f64; 5]>, Vec<Option<f64>>) = (
        box_dims.iter().map(|d| d.dimension.clone()).collect(),
        box_dims
            .iter()
            .map(|d| [d.min, d.q1, d.median, d.q3, d.max])
            .collect(),
        box_dims
            .iter()
            .map(|d| d.own.as_ref().map(|o| o.mean))
            .collect(),
    );
    let box_spec = Signal::derive(move || ChartSpec::Boxes {
        categories: cats.clone(),
        boxes: boxes.clone(),
        own: owns.clone(),
        own_name: t_string!(i18n, bench.you).to_string(),
        peers_name: t_string!(i18n, bench.peers).to_string(),
    });
    let box_rows = box_dims
        .iter()
        .map(|d| {
            let dim = d.dimension.clone();
            view! {
                <tr>
                    <th scope="row">{move || dim_label(i18n, &dim)}</th>
                    <td>{f1(d.min)}</td>
                    <td>{f1(d.q1)}</td>
                    <td>{f1(d.median)}</td>
                    <td>{f1(d.q3)}</td>
                    <td>{f1(d.max)}</td>
                    <td>{d.own.as_ref().map(|o| f1(o.mean))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="ranking-title">
            <h2 id="ranking-title">{t!(i18n, bench.ranking)}</h2>
            <div class="table-scroll">
                <table id="ranking-table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, dash.col_rank)}</th>
                            <th scope="col">{t!(i18n, bench.col_org)}</th>
                            <th scope="col">{t!(i18n, dash.index)}</th>
                            <th scope="col">{t!(i18n, dash.ci)}</th>
                            <th scope="col">{t!(i18n, dash.col_range)}</th>
                            <th scope="col">{t!(i18n, bench.col_quadrant)}</th>
                        </tr>
                    </thead>
                    <tbody>{ranking}</tbody>
                </table>
            </div>
            <RankingPager org_id=org_id b=b.clone()/>
        </section>
        <div class="chart-pair">
            <section aria-labelledby="scatter-title">
                <h2 id="scatter-title">{t!(i18n, bench.scatter_title)}</h2>
                <ChartFigure
                    id="bench-scatter"
                    caption=Signal::derive(move || t_string!(i18n, bench.scatter_caption).to_string())
                    table_label=Signal::derive(move || t_string!(i18n, dash.data_table).to_string())
                    spec=scatter
                >
                    <table id="scatter-table">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, bench.col_quadrant)}</th>
                                <th scope="col">{t!(i18n, bench.quadrant_count)}</th>
                            </tr>
                        </thead>
                        <tbody>{scatter_rows}</tbody>
                    </table>
                    {scatter_own}
                </ChartFigure>
            </section>
            <section aria-labelledby="boxes-title">
                <h2 id="boxes-title">{t!(i18n, bench.boxes_title)}</h2>
                <ChartFigure
                    id="bench-boxes"
                    caption=Signal::derive(move || t_string!(i18n, bench.boxes_caption).to_string())
                    table_label=Signal::derive(move || t_string!(i18n, dash.data_table).to_string())
                    spec=box_spec
                >
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, dash.col_dimension)}</th>
                                <th scope="col">{t!(i18n, bench.col_min)}</th>
                                <th scope="col">{t!(i18n, bench.col_q1)}</th>
                                <th scope="col">{t!(i18n, dash.col_median)}</th>
                                <th scope="col">{t!(i18n, bench.col_q3)}</th>
                                <th scope="col">{t!(i18n, bench.col_max)}</th>
                                <th scope="col">{t!(i18n, bench.col_you)}</th>
                            </tr>
                        </thead>
                        <tbody>{box_rows}</tbody>
                    </table>
                </ChartFigure>
            </section>
        </div>
        <AmbitionAndAdvice bench=Some(b.clone())/>
    }
    .into_any()
}

/// The operator's platform overview (counts and a k-safe distribution).
#[component]
pub fn PlatformOverviewSection() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| crate::api::results::operator_overview());
    view! {
        <section aria-labelledby="op-overview">
            <h2 id="op-overview">{t!(i18n, opov.title)}</h2>
            <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(o) => {
                            let countries = o
                                .by_country
                                .iter()
                                .map(|(c, n)| format!("{c} {n}"))
                                .collect::<Vec<_>>()
                                .join(" · ");
                            let x: Vec<String> = o.years.iter().map(|y| y.year.to_string()).collect();
                            let with: Vec<Option<f64>> = o.years.iter().map(|y| Some(y.orgs_with_results as f64)).collect();
                            let max = o.years.iter().map(|y| y.orgs_with_results).max().unwrap_or(1).max(1) as f64;
                            let spec = Signal::derive(move || ChartSpec::Lines {
                                x: x.clone(),
                                series: vec![(t_string!(i18n, opov.with_results).to_string(), with.clone())],
                                y_max: (max * 1.1).ceil(),
                            });
                            let rows = o
                                .years
                                .iter()
                                .map(|y| view! {
                                    <tr>
                                        <th scope="row">{y.year}</th>
                                        <td>{y.campaigns}</td>
                                        <td>{y.responses}</td>
                                        <td>{y.orgs_with_results}</td>
                                    </tr>
                                })
                                .collect_view();
                            let dist = match o.distribution {
                                Some(d) => view! {
                                    <h3>{t!(i18n, opov.distribution)} " (" {d.year} ")"</h3>
                                    <table id="platform-distribution">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, opov.orgs)}</th>
                                                <th scope="col">{t!(i18n, bench.col_min)}</th>
                                                <th scope="col">{t!(i18n, bench.col_q1)}</th>
                                                <th scope="col">{t!(i18n, dash.col_median)}</th>
                                                <th scope="col">{t!(i18n, bench.col_q3)}</th>
                                                <th scope="col">{t!(i18n, bench.col_max)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            <tr>
                                                <td>{d.count}</td>
                                                <td>{format!("{:.0}", d.min)}</td>
                                                <td>{format!("{:.0}", d.q1)}</td>
                                                <td>{format!("{:.0}", d.median)}</td>
                                                <td>{format!("{:.0}", d.q3)}</td>
                                                <td>{format!("{:.0}", d.max)}</td>
                                            </tr>
                                        </tbody>
                                    </table>
                                }
                                .into_any(),
                                None => view! { <p class="muted">{t!(i18n, opov.distribution_hidden)}</p> }.into_any(),
                            };
                            view! {
                                <p id="platform-orgs-total">{t!(i18n, opov.orgs)} ": " {o.orgs} " (" {countries} ")"</p>
                                <ChartFigure
                                    id="platform-years"
                                    caption=Signal::derive(move || t_string!(i18n, opov.per_year).to_string())
                                    table_label=Signal::derive(move || t_string!(i18n, dash.data_table).to_string())
                                    spec=spec
                                    height=260
                                >
                                    <table id="platform-years-table">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, dash.col_year)}</th>
                                                <th scope="col">{t!(i18n, opov.campaigns)}</th>
                                                <th scope="col">{t!(i18n, opov.responses)}</th>
                                                <th scope="col">{t!(i18n, opov.with_results)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </ChartFigure>
                                {dist}
                            }
                            .into_any()
                        }
                        Err(e) => view! { <ResultsError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
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
