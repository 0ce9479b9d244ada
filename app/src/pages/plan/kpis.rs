//! KPIs with their measured values, and the forms that add a KPI or a
//! measurement.

use super::common::{
    DeleteCell, FormDetails, OrNone, PlanCtx, PlanErrors, PlanSection, PlanTable, form_top,
    new_row_start, options, plan_head, scope_label,
};
use super::labels::{frequency_label, num};
use crate::api::action_plan::{AddMeasurement, SaveKpi};
use crate::i18n::*;
use crate::plan::action::{FREQUENCIES, Kpi};
use leptos::prelude::*;

#[component]
pub(super) fn Kpis(
    ctx: PlanCtx,
    save_kpi: ServerAction<SaveKpi>,
    add_meas: ServerAction<AddMeasurement>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = ctx.plan.get_value();
    let kpi_error = expect_context::<PlanErrors>().kpi;
    let meas_error = expect_context::<PlanErrors>().measurement;
    let rows = p
        .kpis
        .iter()
        .map(|k| {
            let latest = k
                .measurements
                .last()
                .map(|m| format!("{} ({})", num(m.value), m.measured_on))
                .unwrap_or_else(|| "–".into());
            let progress = k
                .progress
                .map(|v| format!("{v:.0} %"))
                .unwrap_or_else(|| "–".into());
            view! {
                <tr data-kpi=k.id>
                    <th scope="row">{k.name.clone()} {history(ctx, k)}</th>
                    <td>{scope_label(i18n, &p, k.activity_id, &k.strategy)}</td>
                    <td>{k.unit.clone()}</td>
                    <td class="num">{num(k.baseline)}</td>
                    <td class="num">{num(k.target)}</td>
                    <td class="num">{latest}</td>
                    <td class="num kpi-progress">{progress}</td>
                    <td>{k.owner.clone()}</td>
                    <td>{frequency_label(i18n, &k.frequency)}</td>
                    <DeleteCell ctx kind="kpi" id=k.id name=k.name.clone()/>
                </tr>
            }
        })
        .collect_view();
    let kpi_options = p
        .kpis
        .iter()
        .map(|k| view! { <option value=k.id>{k.name.clone()}</option> })
        .collect_view();
    let has_kpis = !p.kpis.is_empty();
    view! {
        <PlanSection id="kpis" heading_id="kpis-h"
            title=t!(i18n, plan.kpis) intro=t!(i18n, plan.kpis_intro)>
            <OrNone empty={!has_kpis} none_id="kpis-none" none=t!(i18n, plan.kpis_none)>
                <PlanTable id="kpi-table" caption=t!(i18n, plan.kpis)
                    head={plan_head!(i18n; col_kpi, col_for, f_unit, f_baseline, f_target, col_latest,
                        col_progress, col_owner, f_frequency; ctx.admin)}
                    rows/>
            </OrNone>
            <FormDetails show=ctx.admin summary=t!(i18n, plan.kpi_form)>
                <ActionForm action=save_kpi attr:id="kpi-form" attr:class="stack">
                    {new_row_start(i18n, kpi_error, ctx.plan, "kpi-scope")}
                    <label for="kpi-name">{t!(i18n, plan.f_kpi_name)}</label>
                    <input id="kpi-name" name="name" required maxlength="200"/>
                    <label for="kpi-unit">{t!(i18n, plan.f_unit_hint)}</label>
                    <input id="kpi-unit" name="unit" maxlength="40"/>
                    <label for="kpi-baseline">{t!(i18n, plan.f_baseline)}</label>
                    <input id="kpi-baseline" name="baseline" inputmode="decimal" required/>
                    <label for="kpi-target">{t!(i18n, plan.f_target)}</label>
                    <input id="kpi-target" name="target" inputmode="decimal" required/>
                    <label for="kpi-owner">{t!(i18n, plan.f_owner)}</label>
                    <input id="kpi-owner" name="owner" maxlength="120"/>
                    <label for="kpi-frequency">{t!(i18n, plan.f_frequency)}</label>
                    <select id="kpi-frequency" name="frequency">
                        {options(&FREQUENCIES, "quarterly", move |f| frequency_label(i18n, f))}
                    </select>
                    <p><button type="submit" class="button" id="kpi-save">{t!(i18n, plan.save_kpi)}</button></p>
                </ActionForm>
            </FormDetails>
            <FormDetails show={ctx.admin && has_kpis} summary=t!(i18n, plan.measure_form)>
                <ActionForm action=add_meas attr:id="measurement-form" attr:class="stack">
                    {form_top(meas_error, p.org_id)}
                    <label for="meas-kpi">{t!(i18n, plan.col_kpi)}</label>
                    <select id="meas-kpi" name="kpi_id">{kpi_options}</select>
                    <label for="meas-date">{t!(i18n, plan.f_date)}</label>
                    <input id="meas-date" name="measured_on" type="date" required min="2000-01-01" max="2100-12-31"/>
                    <label for="meas-value">{t!(i18n, plan.f_value)}</label>
                    <input id="meas-value" name="value" inputmode="decimal" required/>
                    <p><button type="submit" class="button" id="measurement-save">{t!(i18n, plan.save_measurement)}</button></p>
                </ActionForm>
            </FormDetails>
        </PlanSection>
    }
}

/// A KPI's measured values, folded in its row (none while it has none).
fn history(ctx: PlanCtx, k: &Kpi) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let admin = ctx.admin;
    let rows = k
        .measurements
        .iter()
        .map(|m| {
            view! {
                <tr>
                    <th scope="row">{m.measured_on.clone()}</th>
                    <td class="num">{num(m.value)}</td>
                    <DeleteCell ctx kind="measurement" id=m.id name=format!("{} {}", k.name, m.measured_on)/>
                </tr>
            }
        })
        .collect_view();
    (!k.measurements.is_empty()).then(|| {
        view! {
            <details>
                <summary>{t!(i18n, plan.measurements)}</summary>
                <PlanTable caption=format!("{} – {}", k.name, t_string!(i18n, plan.measurements))
                    head={plan_head!(i18n; f_date, f_value; admin)} rows/>
            </details>
        }
    })
}
