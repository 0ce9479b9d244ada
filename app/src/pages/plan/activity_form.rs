//! The form that adds an activity or edits the one chosen.

use super::common::{PlanErrors, form_top, options};
use super::labels::{funding_label, status_label, strategy_label};
use crate::api::action_plan::SaveActivity;
use crate::i18n::*;
use crate::plan::action::{Activity, FUNDINGS, STATUSES, STRATEGIES};
use leptos::prelude::*;

#[component]
pub(super) fn ActivityForm(
    org: i64,
    save_act: ServerAction<SaveActivity>,
    editing: RwSignal<Option<Activity>>,
    currency: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = expect_context::<PlanErrors>().activity;
    let cost_hint = match &currency {
        Some(c) => format!("{} ({c})", t_string!(i18n, plan.f_cost)),
        None => t_string!(i18n, plan.f_cost).to_string(),
    };
    view! {
        <section aria-labelledby="activity-form-h" id="activity-editor">
            {move || {
                let e = editing.get();
                let a = e.clone().unwrap_or(Activity {
                    id: 0,
                    title: String::new(),
                    description: String::new(),
                    strategy: "S1".into(),
                    year: 0,
                    owner: String::new(),
                    cost: 0,
                    funding: "investment".into(),
                    status: "planned".into(),
                    updated_at: 0,
                });
                let heading = if e.is_some() { t_string!(i18n, plan.form_edit) } else { t_string!(i18n, plan.form_new) };
                let cost_hint = cost_hint.clone();
                let year_str = if a.year != 0 { a.year.to_string() } else { String::new() };
                view! {
                    <h2 id="activity-form-h">{heading}</h2>
                    <ActionForm action=save_act attr:id="activity-form" attr:class="stack">
                        {form_top(error, org)}
                        <input type="hidden" name="id" value=a.id/>
                        <label for="act-title">{t!(i18n, plan.f_title)}</label>
                        <input id="act-title" name="title" value=a.title.clone() prop:value=a.title.clone() required maxlength="200"/>
                        <label for="act-description">{t!(i18n, plan.f_description)}</label>
                        <textarea id="act-description" name="description" maxlength="2000" rows="3" prop:value=a.description.clone()></textarea>
                        <label for="act-strategy">{t!(i18n, plan.col_strategy)}</label>
                        <select id="act-strategy" name="strategy" prop:value=a.strategy.clone()>
                            {options(&STRATEGIES, &a.strategy, move |s| strategy_label(i18n, s))}
                        </select>
                        <label for="act-year">{t!(i18n, plan.col_year)}</label>
                        <input id="act-year" name="year" type="number" min="2000" max="2100" step="1" required
                            value=year_str.clone() prop:value=year_str.clone()/>
                        <label for="act-owner">{t!(i18n, plan.f_owner)}</label>
                        <input id="act-owner" name="owner" value=a.owner.clone() prop:value=a.owner.clone() maxlength="120"/>
                        <label for="act-cost">{cost_hint}</label>
                        <input id="act-cost" name="cost" inputmode="numeric" value=a.cost.to_string() prop:value=a.cost.to_string()
                            aria-describedby="act-cost-hint"/>
                        <small id="act-cost-hint">{t!(i18n, plan.cost_hint)}</small>
                        <fieldset>
                            <legend>{t!(i18n, plan.col_funding)}</legend>
                            {FUNDINGS.iter().map(|f| {
                                let id = format!("act-funding-{f}");
                                view! {
                                    <label for=id.clone() class="radio">
                                        <input type="radio" id=id.clone() name="funding" value=*f checked=a.funding == *f prop:checked=a.funding == *f/>
                                        {funding_label(i18n, f)}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <label for="act-status">{t!(i18n, plan.col_status)}</label>
                        <select id="act-status" name="status" prop:value=a.status.clone()>
                            {options(&STATUSES, &a.status, move |s| status_label(i18n, s))}
                        </select>
                        <p>
                            <button type="submit" class="button" id="activity-save">{t!(i18n, plan.save)}</button>
                            {e.is_some().then(|| view! {
                                " "
                                <button type="button" class="button secondary" id="activity-cancel"
                                    on:click=move |_| editing.set(None)>{t!(i18n, plan.cancel)}</button>
                            })}
                        </p>
                    </ActionForm>
                }
            }}
        </section>
    }
}
