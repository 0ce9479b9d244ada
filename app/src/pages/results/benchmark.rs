//! The benchmark page: the organisation among its peers, in a peer group
//! chosen in the address (year, country, kind, size band, collaboration).

use super::advice::AmbitionAndAdvice;
use super::peers::PeerCharts;
use super::ranking::Ranking;
use super::{OrgResultsNav, ResultsError, kind_label, lang_code};
use crate::AppError;
use crate::api::results::{benchmark_context, peer_benchmark};
use crate::benchmark::{BenchContext, Benchmark, BenchmarkStatus};
use crate::components::page::{loading, route_id};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

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
    let org_id = route_id();
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
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match dash.await {
                    Ok(d) => {
                        let f = effective(&d, &filter.get());
                        view! {
                            <Title text=format!("{} – {}", d.org_name, t_string!(i18n, bench.title))/>
                            <h1 id="benchmark-title">{d.org_name.clone()} ": " {t!(i18n, bench.title)}</h1>
                            <OrgResultsNav org_id=d.org_id/>
                            <FilterForm d=d.clone() year=f.year country=f.country.clone() kind=f.kind.clone() size=f.size.clone() collab=f.collab/>
                            <Suspense fallback=loading>
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
                <AnyOf id="f-country" name="country" label=move || t_string!(i18n, bench.country)>{countries}</AnyOf>
                <AnyOf id="f-kind" name="kind" label=move || t_string!(i18n, bench.kind)>{kinds}</AnyOf>
                <AnyOf id="f-size" name="size" label=move || t_string!(i18n, bench.size_band)>{sizes}</AnyOf>
                <AnyOf id="f-collab" name="collab" label=move || t_string!(i18n, bench.collaboration)>{collabs}</AnyOf>
                <button type="submit" class="button" id="filter-apply">{t!(i18n, bench.show)}</button>
            </fieldset>
        </form>
    }
}

/// A choice of the peer group whose first option, "any", leaves it open.
#[component]
fn AnyOf(
    id: &'static str,
    name: &'static str,
    #[prop(into)] label: TextProp,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{move || label.get()}</label>
            <select id=id name=name>
                <option value="">{t!(i18n, bench.any)}</option>
                {children()}
            </select>
        </div>
    }
}

/// The benchmark of one peer group: the ranking, the charts, and ambition
/// and advice; or why there is none.
#[component]
fn BenchmarkView(b: Benchmark, org_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    if b.status == BenchmarkStatus::TooSmall {
        let min = b.min_orgs;
        return view! { <p class="notice" id="bench-too-small" role="status">{t!(i18n, dash.peers_too_small, min = move || min)}</p> }
            .into_any();
    }
    view! {
        <Ranking b=b.clone() org_id=org_id/>
        <PeerCharts b=b.clone()/>
        <AmbitionAndAdvice bench=Some(b)/>
    }
    .into_any()
}
