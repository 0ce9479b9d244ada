//! The benchmark's ranking of the peer group, a page at a time.

use super::{band_label, kind_label, quadrant_label};
use crate::benchmark::{Benchmark, RANKING_PAGE};
use crate::i18n::*;
use leptos::prelude::*;

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

/// The ranking table: rank, organisation (named or described), index with its
/// confidence interval, plausible rank range and stage; the reader's row
/// marked.
#[component]
pub(super) fn Ranking(b: Benchmark, org_id: i64) -> impl IntoView {
    let i18n = use_i18n();
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
            <RankingPager org_id=org_id b=b/>
        </section>
    }
}
