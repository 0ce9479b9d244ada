//! The public home page: what Spindel is, the six strategies, an example
//! spider chart and live platform figures.

use crate::api::platform::platform_summary;
use crate::charts::Series;
use crate::components::chart::SpiderChart;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// Illustrative values only (labelled as an example on the page).
const EXAMPLE_NOW: [f64; 6] = [5.5, 4.0, 3.5, 5.0, 3.0, 4.5];
const EXAMPLE_TARGET: [f64; 6] = [8.0, 7.0, 6.5, 8.0, 7.0, 7.5];
const EXAMPLE_PEERS: [f64; 6] = [5.0, 5.0, 4.5, 5.5, 4.0, 5.0];

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || format!("Spindel – {}", t_string!(i18n, home.title))/>
        <section class="hero">
            <h1>{t!(i18n, home.title)}</h1>
            <p class="lead">{t!(i18n, home.lead)}</p>
        </section>
        <section class="how" aria-labelledby="how-title">
            <h2 id="how-title">{t!(i18n, home.how_title)}</h2>
            <ol class="steps">
                <li>{t!(i18n, home.how_1)}</li>
                <li>{t!(i18n, home.how_2)}</li>
                <li>{t!(i18n, home.how_3)}</li>
            </ol>
        </section>
        <ModelSection/>
        <PlatformSection/>
    }
}

#[component]
fn ModelSection() -> impl IntoView {
    let i18n = use_i18n();
    let show_quadrants = RwSignal::new(false);

    let axes = Signal::derive(move || {
        vec![
            t_string!(i18n, strategy.s1).to_string(),
            t_string!(i18n, strategy.s2).to_string(),
            t_string!(i18n, strategy.s3).to_string(),
            t_string!(i18n, strategy.s4).to_string(),
            t_string!(i18n, strategy.s5).to_string(),
            t_string!(i18n, strategy.s6).to_string(),
        ]
    });
    let series = Signal::derive(move || {
        vec![
            Series {
                name: t_string!(i18n, home.series_now).to_string(),
                values: EXAMPLE_NOW.to_vec(),
            },
            Series {
                name: t_string!(i18n, home.series_target).to_string(),
                values: EXAMPLE_TARGET.to_vec(),
            },
            Series {
                name: t_string!(i18n, home.series_peers).to_string(),
                values: EXAMPLE_PEERS.to_vec(),
            },
        ]
    });

    view! {
        <section class="model" aria-labelledby="model-title">
            <h2 id="model-title">{t!(i18n, home.strategies_title)}</h2>
            <div class="model-grid">
                <ol class="strategy-list">
                    <li><span class="code">"S1"</span>{t!(i18n, strategy.s1)}</li>
                    <li><span class="code">"S2"</span>{t!(i18n, strategy.s2)}</li>
                    <li><span class="code">"S3"</span>{t!(i18n, strategy.s3)}</li>
                    <li><span class="code">"S4"</span>{t!(i18n, strategy.s4)}</li>
                    <li><span class="code">"S5"</span>{t!(i18n, strategy.s5)}</li>
                    <li><span class="code">"S6"</span>{t!(i18n, strategy.s6)}</li>
                </ol>
                <div>
                    <h3>{t!(i18n, home.chart_title)}</h3>
                    <SpiderChart
                        id="home-spider"
                        caption=Signal::derive(move || t_string!(i18n, home.chart_caption).to_string())
                        table_label=Signal::derive(move || t_string!(i18n, home.data_table).to_string())
                        axis_header=Signal::derive(move || t_string!(i18n, home.col_strategy).to_string())
                        axes=axes
                        series=series
                        labels=Signal::derive(|| (1..=6).map(|i| format!("S{i}")).collect::<Vec<_>>())
                    />
                </div>
            </div>
            <button
                type="button"
                id="quadrants-toggle"
                class="button secondary"
                aria-expanded=move || show_quadrants.get().to_string()
                aria-controls="quadrants"
                on:click=move |_| show_quadrants.update(|v| *v = !*v)
            >
                {move || {
                    if show_quadrants.get() {
                        t_string!(i18n, home.quadrants_hide)
                    } else {
                        t_string!(i18n, home.quadrants_show)
                    }
                }}
            </button>
            <div id="quadrants" class="quadrants" hidden=move || !show_quadrants.get()>
                <dl>
                    <div class="q q-conservative">
                        <dt>{t!(i18n, home.q_conservative)}</dt>
                        <dd>{t!(i18n, home.q_conservative_desc)}</dd>
                    </div>
                    <div class="q q-master">
                        <dt>{t!(i18n, home.q_master)}</dt>
                        <dd>{t!(i18n, home.q_master_desc)}</dd>
                    </div>
                    <div class="q q-beginner">
                        <dt>{t!(i18n, home.q_beginner)}</dt>
                        <dd>{t!(i18n, home.q_beginner_desc)}</dd>
                    </div>
                    <div class="q q-fashionista">
                        <dt>{t!(i18n, home.q_fashionista)}</dt>
                        <dd>{t!(i18n, home.q_fashionista_desc)}</dd>
                    </div>
                </dl>
            </div>
        </section>
    }
}

#[component]
fn PlatformSection() -> impl IntoView {
    let i18n = use_i18n();
    let summary = Resource::new(|| (), |_| platform_summary());
    view! {
        <section class="platform" aria-labelledby="platform-title">
            <h2 id="platform-title">{t!(i18n, home.platform_title)}</h2>
            <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match summary.await {
                        Ok(s) if s.organisations == 0 => {
                            view! { <p id="platform-orgs">{t!(i18n, home.platform_empty)}</p> }
                                .into_any()
                        }
                        Ok(s) => {
                            let count = s.organisations;
                            let k = s.min_group_size;
                            view! {
                                <p id="platform-orgs">{t!(i18n, home.platform_orgs, count = move || count)}</p>
                                <ul class="country-counts">
                                    {s.by_country
                                        .into_iter()
                                        .map(|(c, n)| view! { <li><span class="country">{c}</span>" "{n}</li> })
                                        .collect_view()}
                                </ul>
                                <p class="privacy-note">{t!(i18n, footer.privacy, k = move || k)}</p>
                            }
                                .into_any()
                        }
                        Err(_) => view! { <p role="alert">{t!(i18n, home.platform_error)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
