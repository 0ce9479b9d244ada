//! Action plan and benefits realisation (/orgs/:id/plan): activities by year
//! or by strategy with cost per year and funding, suggested activities for
//! the weakest strategies, expected benefits, KPIs with measured values, and
//! the business case with its chart. Org admins edit; other members read.

mod activities;
mod activity_form;
mod benefits;
mod business_case;
mod common;
mod kpis;
mod labels;
mod suggestions;

pub(crate) use labels::status_label;

use crate::AppError;
use crate::api::action_plan::{
    AddMeasurement, AdoptSuggestion, DeletePlanItem, SaveActivity, SaveBenefit, SaveBusinessCase,
    SaveKpi, get_action_plan, get_plan_insights,
};
use crate::api::org::get_org_profile;
use crate::components::page::error_of;
use crate::domain::roles::OrgRole;
use crate::i18n::*;
use crate::plan::action::Activity;
use activities::{ByStrategy, ByYear, CostTotals};
use activity_form::ActivityForm;
use benefits::Benefits;
use business_case::BusinessCase;
use common::{PlanCtx, PlanErrors};
use kpis::Kpis;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use suggestions::Suggestions;

#[component]
pub fn PlanPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let org_id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    let save_act = ServerAction::<SaveActivity>::new();
    let adopt = ServerAction::<AdoptSuggestion>::new();
    let del = ServerAction::<DeletePlanItem>::new();
    let save_ben = ServerAction::<SaveBenefit>::new();
    let save_kpi = ServerAction::<SaveKpi>::new();
    let add_meas = ServerAction::<AddMeasurement>::new();
    let save_bc = ServerAction::<SaveBusinessCase>::new();
    // Reload after every successful change (a failed one keeps what was typed).
    let changed = RwSignal::new(0usize);
    macro_rules! on_success {
        ($a:expr) => {{
            let v = $a.value();
            Effect::new(move |_| {
                if matches!(v.get(), Some(Ok(_))) {
                    changed.update(|n| *n += 1);
                }
            });
        }};
    }
    on_success!(save_act);
    on_success!(adopt);
    on_success!(del);
    on_success!(save_ben);
    on_success!(save_kpi);
    on_success!(add_meas);
    on_success!(save_bc);
    provide_context(PlanErrors {
        adopt: error_of(adopt.value()),
        activity: error_of(save_act.value()),
        benefit: error_of(save_ben.value()),
        kpi: error_of(save_kpi.value()),
        measurement: error_of(add_meas.value()),
        business_case: error_of(save_bc.value()),
    });
    let editing: RwSignal<Option<Activity>> = RwSignal::new(None);
    let by_strategy = RwSignal::new(false);
    let data = Resource::new(
        move || (org_id.get(), changed.get()),
        |(id, _)| async move {
            let id = id.ok_or(AppError::NotFound)?;
            let profile = get_org_profile(id).await?;
            let plan = get_action_plan(id).await?;
            Ok::<_, AppError>((profile, plan))
        },
    );
    let insights = Resource::new(
        move || {
            // Survey results do not change with the plan, but a suggestion
            // already in the plan is not offered: refetch when activities
            // are adopted, saved or deleted.
            (
                org_id.get(),
                i18n.get_locale().as_str().to_owned(),
                (
                    adopt.version().get(),
                    save_act.version().get(),
                    del.version().get(),
                ),
            )
        },
        |(id, lang, _)| async move {
            let id = id.ok_or(AppError::NotFound)?;
            get_plan_insights(id, lang).await
        },
    );
    // After a save the form empties; an adopted suggestion opens for editing.
    let adopted = StoredValue::new(None::<i64>);
    Effect::new(move |_| {
        if matches!(save_act.value().get(), Some(Ok(_))) {
            editing.set(None);
        }
    });
    Effect::new(move |_| {
        if let (Some(Ok(id)), Some(Ok((_, plan)))) = (adopt.value().get(), data.get())
            && adopted.get_value() != Some(id)
            && let Some(a) = plan.activities.iter().find(|a| a.id == id)
        {
            adopted.set_value(Some(id));
            editing.set(Some(a.clone()));
        }
    });

    view! {
        <Transition fallback=|| view! { <p aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((p, plan)) => {
                        let admin = p.your_role == OrgRole::OrgAdmin;
                        let org = p.id;
                        let plan = StoredValue::new(plan);
                        let ctx = PlanCtx { plan, admin, del };
                        view! {
                            <Title text=format!("{} – {}", p.name, t_string!(i18n, plan.title))/>
                            <p><a href=format!("/orgs/{org}")>{t!(i18n, plan.back)}</a></p>
                            <h1 id="plan-title">{p.name.clone()} ": " {t!(i18n, plan.title)}</h1>
                            <p>{t!(i18n, plan.intro)} " " <a href=format!("/orgs/{org}/targets")>{t!(i18n, targets.link)}</a></p>
                            {(!admin).then(|| view! { <p class="notice" id="plan-read-only">{t!(i18n, plan.admins_only)}</p> })}
                            <Suggestions org admin insights adopt/>
                            {admin.then(|| view! { <ActivityForm org save_act editing currency=plan.with_value(|p| p.currency.clone())/> })}
                            <section aria-labelledby="activities-h">
                                <h2 id="activities-h">{t!(i18n, plan.activities)}</h2>
                                <div role="group" aria-label=move || t_string!(i18n, plan.view_label).to_string() class="toggle">
                                    <button type="button" id="view-year" aria-pressed=move || (!by_strategy.get()).to_string()
                                        on:click=move |_| by_strategy.set(false)>{t!(i18n, plan.by_year)}</button>
                                    <button type="button" id="view-strategy" aria-pressed=move || by_strategy.get().to_string()
                                        on:click=move |_| by_strategy.set(true)>{t!(i18n, plan.by_strategy)}</button>
                                </div>
                                {move || if by_strategy.get() {
                                    view! { <ByStrategy ctx editing insights/> }.into_any()
                                } else {
                                    view! { <ByYear ctx editing/> }.into_any()
                                }}
                                <CostTotals plan/>
                            </section>
                            <Benefits ctx save_ben/>
                            <Kpis ctx save_kpi add_meas/>
                            <BusinessCase ctx save_bc/>
                        }
                        .into_any()
                    }
                    Err(AppError::Unauthorized) => view! {
                        <p role="alert">{t!(i18n, dash.sign_in_needed)} " " <a href="/sign-in">{t!(i18n, nav.sign_in)}</a></p>
                    }
                    .into_any(),
                    Err(_) => view! { <p role="alert">{t!(i18n, dash.not_found)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
