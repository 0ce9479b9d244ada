//! Ambition vs position, advice and "learn from": on the dashboard, the
//! report and the benchmark page.

use crate::benchmark::rank::AmbitionStatus;
use crate::benchmark::{Benchmark, BenchmarkStatus};
use crate::components::figures::dim_label;
use crate::i18n::*;
use leptos::prelude::*;

/// Ambition vs position, advice and "learn from".
#[component]
pub(super) fn AmbitionAndAdvice(bench: Option<Benchmark>) -> impl IntoView {
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
