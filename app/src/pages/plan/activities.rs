//! The activities, by year or by strategy (with the strategy's progress and
//! KPIs), and the cost totals per year.

use super::common::{DeleteButton, PlanCtx, PlanTable, plan_head};
use super::labels::{funding_label, money, num, status_label, strategy_label};
use crate::AppError;
use crate::i18n::*;
use crate::plan::action::{ActionPlan, Activity, PlanInsights, STRATEGIES};
use leptos::prelude::*;

#[component]
fn ActivityTable(
    ctx: PlanCtx,
    caption: String,
    acts: Vec<Activity>,
    editing: RwSignal<Option<Activity>>,
    /// Second column: year (in the by-strategy view) or strategy.
    with_year: bool,
    #[prop(optional)] id: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let admin = ctx.admin;
    let currency = ctx.plan.with_value(|p| p.currency.clone());
    let rows = acts
        .into_iter()
        .map(|a| {
            let a2 = a.clone();
            let title = a.title.clone();
            view! {
                <tr data-activity=a.id class=format!("status-{}", a.status)>
                    <th scope="row">
                        {a.title.clone()}
                        {(!a.description.is_empty()).then(|| view! { <br/><small>{a.description.clone()}</small> })}
                    </th>
                    {if with_year {
                        view! { <td>{a.year}</td> }.into_any()
                    } else {
                        view! { <td>{a.strategy.clone()}</td> }.into_any()
                    }}
                    <td>{a.owner.clone()}</td>
                    <td class="num">{money(a.cost, &currency)}</td>
                    <td>{funding_label(i18n, &a.funding)}</td>
                    <td>{status_label(i18n, &a.status)}</td>
                    {admin.then(|| view! {
                        <td>
                            <button type="button" class="link-button" data-edit=a.id
                                aria-label=format!("{}: {}", t_string!(i18n, plan.edit), title)
                                on:click=move |_| {
                                    editing.set(Some(a2.clone()));
                                    #[cfg(feature = "hydrate")]
                                    if let Some(el) = document().get_element_by_id("act-title") {
                                        use leptos::wasm_bindgen::JsCast;
                                        if let Ok(el) = el.dyn_into::<leptos::web_sys::HtmlElement>() {
                                            let _ = el.focus();
                                        }
                                    }
                                }>
                                {t!(i18n, plan.edit)}
                            </button>
                            " "
                            <DeleteButton ctx kind="activity" id=a.id name=a.title.clone()/>
                        </td>
                    })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="activities" id=id>
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, plan.col_title)}</th>
                    <th scope="col">{if with_year { t_string!(i18n, plan.col_year) } else { t_string!(i18n, plan.col_strategy) }}</th>
                    <th scope="col">{t!(i18n, plan.col_owner)}</th>
                    <th scope="col">{t!(i18n, plan.col_cost)}</th>
                    <th scope="col">{t!(i18n, plan.col_funding)}</th>
                    <th scope="col">{t!(i18n, plan.col_status)}</th>
                    {admin.then(|| view! { <th scope="col">{t!(i18n, plan.col_actions)}</th> })}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
pub(super) fn ByYear(ctx: PlanCtx, editing: RwSignal<Option<Activity>>) -> impl IntoView {
    let i18n = use_i18n();
    let p = ctx.plan.get_value();
    if p.activities.is_empty() {
        return view! { <p class="muted" id="activities-none">{t!(i18n, plan.none)}</p> }
            .into_any();
    }
    let mut years: Vec<i64> = p.activities.iter().map(|a| a.year).collect();
    years.dedup();
    years
        .into_iter()
        .map(|y| {
            let acts: Vec<Activity> = p.activities.iter().filter(|a| a.year == y).cloned().collect();
            view! {
                <ActivityTable ctx caption=format!("{} {y}", t_string!(i18n, plan.col_year)) acts editing
                    with_year=false id=format!("activities-{y}")/>
            }
        })
        .collect_view()
        .into_any()
}

#[component]
pub(super) fn ByStrategy(
    ctx: PlanCtx,
    editing: RwSignal<Option<Activity>>,
    insights: Resource<Result<PlanInsights, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = ctx.plan.get_value();
    let progress = move |s: &'static str| {
        insights
            .get()
            .and_then(|r| r.ok())
            .and_then(|ins| ins.progress.into_iter().find(|x| x.strategy == s))
            .map(|x| x.points)
            .unwrap_or_default()
    };
    STRATEGIES
        .iter()
        .map(|s| {
            let acts: Vec<Activity> = p.activities.iter().filter(|a| a.strategy == *s).cloned().collect();
            let kpis: Vec<_> = p.kpis.iter().filter(|k| k.strategy == *s).cloned().collect();
            let lower = s.to_lowercase();
            let heading = strategy_label(i18n, s);
            view! {
                <section class="strategy-plan" id=format!("plan-{lower}") aria-labelledby=format!("plan-{lower}-h")>
                    <h3 id=format!("plan-{lower}-h")>{heading.clone()}</h3>
                    <p class="progress-line" data-progress=*s>
                        {t!(i18n, plan.progress)} ": "
                        {move || {
                            let pts = progress(s);
                            if pts.is_empty() {
                                t_string!(i18n, plan.progress_none).to_string()
                            } else {
                                let parts: Vec<String> = pts.iter().map(|(y, v)| format!("{y}: {v:.1}")).collect();
                                let delta = (pts.len() == 2).then(|| {
                                    let d = pts[1].1 - pts[0].1;
                                    format!(" ({}{d:.1})", if d >= 0.0 { "+" } else { "" })
                                });
                                format!("{}{}", parts.join(" → "), delta.unwrap_or_default())
                            }
                        }}
                    </p>
                    {if acts.is_empty() {
                        view! { <p class="muted">{t!(i18n, plan.strategy_none)}</p> }.into_any()
                    } else {
                        view! {
                            <ActivityTable ctx caption=heading.clone() acts editing with_year=true/>
                        }.into_any()
                    }}
                    {(!kpis.is_empty()).then(|| {
                        let items = kpis.into_iter().map(|k| {
                            let latest = k.measurements.last().map(|m| format!("{} {}", num(m.value), k.unit)).unwrap_or_else(|| "–".into());
                            let prog = k.progress.map(|v| format!("{v:.0} %")).unwrap_or_else(|| "–".into());
                            view! {
                                <li>{format!("{}: {} → {} {} · {} {} · {} {}",
                                    k.name, num(k.baseline), num(k.target), k.unit,
                                    t_string!(i18n, plan.col_latest), latest,
                                    t_string!(i18n, plan.col_progress), prog)}</li>
                            }
                        }).collect_view();
                        view! { <p><strong>{t!(i18n, plan.kpis)}</strong></p><ul>{items}</ul> }
                    })}
                </section>
            }
        })
        .collect_view()
}

#[component]
pub(super) fn CostTotals(plan: StoredValue<ActionPlan>) -> impl IntoView {
    let i18n = use_i18n();
    let p = plan.get_value();
    if p.cost_totals.is_empty() {
        return ().into_any();
    }
    let rows = p
        .cost_totals
        .iter()
        .map(|t| {
            view! {
                <tr>
                    <th scope="row">{t.year}</th>
                    <td class="num">{money(t.investment, &p.currency)}</td>
                    <td class="num">{money(t.operating, &p.currency)}</td>
                    <td class="num">{money(t.total, &p.currency)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <PlanTable id="cost-totals" caption=t!(i18n, plan.totals)
            head={plan_head!(i18n; col_year, funding_investment, funding_operating, col_total)} rows/>
        <p class="muted">{t!(i18n, plan.totals_note)}</p>
    }
    .into_any()
}
