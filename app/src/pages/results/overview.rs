//! The operator's platform overview: counts per year and a k-safe
//! distribution.

use super::ResultsError;
use crate::charts::ChartSpec;
use crate::components::chart::ChartFigure;
use crate::components::page::loading;
use crate::i18n::*;
use leptos::prelude::*;

/// The operator's platform overview (counts and a k-safe distribution).
#[component]
pub fn PlatformOverviewSection() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| crate::api::results::operator_overview());
    view! {
        <section aria-labelledby="op-overview">
            <h2 id="op-overview">{t!(i18n, opov.title)}</h2>
            <Suspense fallback=loading>
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
