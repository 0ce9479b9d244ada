//! The business case: per year investment, running cost, savings, net and
//! accumulated net, as a chart and a table, with the rows it is summed from.

use super::common::{
    DeleteCell, OrNone, PlanCtx, PlanErrors, PlanSection, PlanTable, form_top, plan_head,
    scope_field, scope_label,
};
use super::labels::{I18n, money};
use crate::api::action_plan::SaveBusinessCase;
use crate::charts::ChartSpec;
use crate::components::chart::ChartFigure;
use crate::i18n::*;
use crate::plan::action::{self, ActionPlan};
use leptos::prelude::*;

#[component]
pub(super) fn BusinessCase(ctx: PlanCtx, save_bc: ServerAction<SaveBusinessCase>) -> impl IntoView {
    let i18n = use_i18n();
    let p = ctx.plan.get_value();
    let error = expect_context::<PlanErrors>().business_case;
    let (org_id, empty) = (p.org_id, p.business_case.is_empty());
    view! {
        <PlanSection id="business-case" heading_id="bc-h"
            title=t!(i18n, plan.business_case) intro=t!(i18n, plan.bc_intro)>
            <OrNone empty none_id="bc-none" none=t!(i18n, plan.bc_none)>
                {body(i18n, ctx, &p)}
            </OrNone>
            {ctx.admin.then(|| view! {
                <div class="plan-form" role="group" aria-labelledby="bc-form-h">
                    <h3 id="bc-form-h">{t!(i18n, plan.bc_form)}</h3>
                    <ActionForm action=save_bc attr:id="bc-form" attr:class="stack">
                        {form_top(error, org_id)}
                        {scope_field(i18n, "bc-scope", ctx.plan)}
                        <label for="bc-year">{t!(i18n, plan.col_year)}</label>
                        <input id="bc-year" name="year" type="number" min="2000" max="2100" step="1" required/>
                        <label for="bc-investment">{t!(i18n, plan.f_investment)}</label>
                        <input id="bc-investment" name="investment" inputmode="numeric" value="0"/>
                        <label for="bc-running">{t!(i18n, plan.f_running)}</label>
                        <input id="bc-running" name="running_cost" inputmode="numeric" value="0"/>
                        <label for="bc-savings">{t!(i18n, plan.f_savings)}</label>
                        <input id="bc-savings" name="savings" inputmode="numeric" value="0"/>
                        <p class="muted">{t!(i18n, plan.cost_hint)}</p>
                        <p><button type="submit" class="button" id="bc-save">{t!(i18n, plan.save_bc)}</button></p>
                    </ActionForm>
                </div>
            })}
        </PlanSection>
    }
}

/// The business case of a plan that has one: the chart with its data table,
/// the table per year, and the rows it is summed from.
fn body(i18n: I18n, ctx: PlanCtx, p: &ActionPlan) -> impl IntoView + use<> {
    let cur = p.currency.clone();
    let years = p.business_case.clone();
    let spec = {
        let years = years.clone();
        Signal::derive(move || {
            let col = |f: fn(&action::BusinessCaseYear) -> i64| -> Vec<f64> {
                years.iter().map(|y| f(y) as f64).collect()
            };
            ChartSpec::Bars {
                x: years.iter().map(|y| y.year.to_string()).collect(),
                bars: vec![
                    (
                        t_string!(i18n, plan.f_investment).to_string(),
                        col(|y| y.investment),
                    ),
                    (
                        t_string!(i18n, plan.f_running).to_string(),
                        col(|y| y.running_cost),
                    ),
                    (
                        t_string!(i18n, plan.f_savings).to_string(),
                        col(|y| y.savings),
                    ),
                    (t_string!(i18n, plan.col_net).to_string(), col(|y| y.net)),
                ],
                lines: vec![(
                    t_string!(i18n, plan.col_accumulated).to_string(),
                    col(|y| y.accumulated),
                )],
            }
        })
    };
    let table_rows = |years: &[action::BusinessCaseYear], cur: &Option<String>| {
        years
            .iter()
            .map(|y| {
                view! {
                    <tr>
                        <th scope="row">{y.year}</th>
                        <td class="num">{money(y.investment, cur)}</td>
                        <td class="num">{money(y.running_cost, cur)}</td>
                        <td class="num">{money(y.savings, cur)}</td>
                        <td class="num">{money(y.net, cur)}</td>
                        <td class="num">{money(y.accumulated, cur)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let chart_rows = table_rows(&years, &cur);
    let visible_rows = table_rows(&years, &cur);
    let entry_rows = p
        .business_case_rows
        .iter()
        .map(|r| {
            let scope = scope_label(i18n, p, r.activity_id, &r.strategy);
            view! {
                <tr>
                    <th scope="row">{scope.clone()}</th>
                    <td>{r.year}</td>
                    <td class="num">{money(r.investment, &cur)}</td>
                    <td class="num">{money(r.running_cost, &cur)}</td>
                    <td class="num">{money(r.savings, &cur)}</td>
                    <DeleteCell ctx kind="business_case" id=r.id name=format!("{scope} {}", r.year)/>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="chart-with-table">
            <ChartFigure
                id="bc-chart"
                caption=Signal::derive(move || t_string!(i18n, plan.bc_chart_caption).to_string())
                table_label=Signal::derive(move || t_string!(i18n, dash.data_table).to_string())
                spec=spec
            >
                <PlanTable caption=t!(i18n, plan.bc_chart_caption) head=bc_head(i18n) rows=chart_rows/>
            </ChartFigure>
            <PlanTable id="bc-table" caption=t!(i18n, plan.business_case) head=bc_head(i18n) rows=visible_rows/>
        </div>
        <PlanTable id="bc-entries" caption=t!(i18n, plan.bc_entries)
            head={plan_head!(i18n; col_for, col_year, f_investment, f_running, f_savings; ctx.admin)}
            rows=entry_rows/>
    }
}

/// The header row of the business case per year.
fn bc_head(i18n: I18n) -> impl IntoView + use<> {
    plan_head!(i18n; col_year, f_investment, f_running, f_savings, col_net, col_accumulated)
}
