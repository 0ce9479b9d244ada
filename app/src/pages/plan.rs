//! Action plan and benefits realisation (/orgs/:id/plan): activities by year
//! or by strategy with cost per year and funding, suggested activities for
//! the weakest strategies, expected benefits, KPIs with measured values, and
//! the business case with its chart. Org admins edit; other members read.

use crate::AppError;
use crate::api::action_plan::{
    AddMeasurement, AdoptSuggestion, DeletePlanItem, SaveActivity, SaveBenefit, SaveBusinessCase,
    SaveKpi, get_action_plan, get_plan_insights,
};
use crate::api::org::get_org_profile;
use crate::charts::ChartSpec;
use crate::components::chart::ChartFigure;
use crate::domain::roles::OrgRole;
use crate::i18n::*;
use crate::plan::action::{
    self, ActionPlan, Activity, BENEFIT_TYPES, FREQUENCIES, FUNDINGS, PlanInsights, STATUSES,
    STRATEGIES, format_amount,
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

type I18n = I18nContext<Locale>;

fn strategy_label(i18n: I18n, s: &str) -> String {
    crate::pages::results::strategy_label(i18n, s)
}

fn funding_label(i18n: I18n, f: &str) -> String {
    match f {
        "investment" => t_string!(i18n, plan.funding_investment).to_string(),
        _ => t_string!(i18n, plan.funding_operating).to_string(),
    }
}

pub(crate) fn status_label(i18n: I18n, s: &str) -> String {
    match s {
        "planned" => t_string!(i18n, plan.status_planned).to_string(),
        "in_progress" => t_string!(i18n, plan.status_in_progress).to_string(),
        "done" => t_string!(i18n, plan.status_done).to_string(),
        _ => t_string!(i18n, plan.status_dropped).to_string(),
    }
}

fn benefit_label(i18n: I18n, b: &str) -> String {
    match b {
        "productivity" => t_string!(i18n, plan.type_productivity).to_string(),
        "efficiency" => t_string!(i18n, plan.type_efficiency).to_string(),
        "quality" => t_string!(i18n, plan.type_quality).to_string(),
        "service" => t_string!(i18n, plan.type_service).to_string(),
        "innovation" => t_string!(i18n, plan.type_innovation).to_string(),
        _ => t_string!(i18n, plan.type_workplace).to_string(),
    }
}

fn frequency_label(i18n: I18n, f: &str) -> String {
    match f {
        "monthly" => t_string!(i18n, plan.freq_monthly).to_string(),
        "quarterly" => t_string!(i18n, plan.freq_quarterly).to_string(),
        _ => t_string!(i18n, plan.freq_yearly).to_string(),
    }
}

/// A server message of this page in the reader's language (several
/// problems are separated by `action::SEP`).
fn localize(i18n: I18n, msg: &str) -> String {
    msg.split(action::SEP)
        .map(|m| match m {
            action::E_TITLE => t_string!(i18n, plan.err_title).to_string(),
            action::E_DESCRIPTION => t_string!(i18n, plan.err_description).to_string(),
            action::E_STRATEGY => t_string!(i18n, plan.err_strategy).to_string(),
            action::E_YEAR => t_string!(i18n, plan.err_year).to_string(),
            action::E_OWNER => t_string!(i18n, plan.err_owner).to_string(),
            action::E_AMOUNT => t_string!(i18n, plan.err_amount).to_string(),
            action::E_FUNDING => t_string!(i18n, plan.err_funding).to_string(),
            action::E_STATUS => t_string!(i18n, plan.err_status).to_string(),
            action::E_BENEFIT_TYPE => t_string!(i18n, plan.err_benefit_type).to_string(),
            action::E_BENEFIT_TEXT => t_string!(i18n, plan.err_benefit_text).to_string(),
            action::E_CRITERIA => t_string!(i18n, plan.err_criteria).to_string(),
            action::E_SCOPE => t_string!(i18n, plan.err_scope).to_string(),
            action::E_KPI_NAME => t_string!(i18n, plan.err_kpi_name).to_string(),
            action::E_UNIT => t_string!(i18n, plan.err_unit).to_string(),
            action::E_BASELINE => t_string!(i18n, plan.err_baseline).to_string(),
            action::E_TARGET => t_string!(i18n, plan.err_target).to_string(),
            action::E_SAME => t_string!(i18n, plan.err_same).to_string(),
            action::E_FREQUENCY => t_string!(i18n, plan.err_frequency).to_string(),
            action::E_DATE => t_string!(i18n, plan.err_date).to_string(),
            action::E_VALUE => t_string!(i18n, plan.err_value).to_string(),
            action::E_SUGGESTION => t_string!(i18n, plan.err_suggestion).to_string(),
            other => crate::components::messages::localize(i18n, other),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The error of the last submission of one form.
#[component]
fn PlanError(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-error" role="alert" aria-live="assertive">
            {move || message.get().map(|m| view! { <p>{localize(i18n, &m)}</p> })}
        </div>
    }
}

/// The message of the last failed submission of a form.
fn error_of<T, S>(value: S) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || match value.get() {
        Some(Err(e)) => Some(e.public_message()),
        _ => None,
    })
}

/// The form errors, owned by the page (not by the parts that re-render).
#[derive(Clone, Copy)]
struct PlanErrors {
    adopt: Signal<Option<String>>,
    activity: Signal<Option<String>>,
    benefit: Signal<Option<String>>,
    kpi: Signal<Option<String>>,
    measurement: Signal<Option<String>>,
    business_case: Signal<Option<String>>,
}

fn money(v: i64, currency: &Option<String>) -> String {
    match currency {
        Some(c) => format!("{} {c}", format_amount(v)),
        None => format_amount(v),
    }
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// What a benefit, KPI or business-case row belongs to, for display.
fn scope_label(i18n: I18n, plan: &ActionPlan, activity_id: Option<i64>, strategy: &str) -> String {
    match activity_id.and_then(|id| plan.activities.iter().find(|a| a.id == id)) {
        Some(a) => format!("{} ({})", a.title, a.strategy),
        None => format!(
            "{} – {}",
            strategy_label(i18n, strategy),
            t_string!(i18n, plan.scope_strategy)
        ),
    }
}

/// The options of a scope select: each activity, then each whole strategy.
fn scope_options(i18n: I18n, plan: &ActionPlan) -> impl IntoView + use<> {
    let acts = plan
        .activities
        .iter()
        .map(|a| {
            view! {
                <option value=format!("activity:{}", a.id)>
                    {format!("{} ({}, {})", a.title, a.strategy, a.year)}
                </option>
            }
        })
        .collect_view();
    let strats = STRATEGIES
        .iter()
        .map(|s| {
            view! {
                <option value=*s>
                    {format!("{} – {}", strategy_label(i18n, s), t_string!(i18n, plan.scope_strategy))}
                </option>
            }
        })
        .collect_view();
    view! {
        <optgroup label=t_string!(i18n, plan.scope_activities).to_string()>{acts}</optgroup>
        <optgroup label=t_string!(i18n, plan.scope_strategies).to_string()>{strats}</optgroup>
    }
}

/// A delete button (its own small form, so it works before hydration too).
#[component]
fn DeleteButton(
    action: ServerAction<DeletePlanItem>,
    org_id: i64,
    kind: &'static str,
    id: i64,
    name: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ActionForm action=action attr:class="inline">
            <input type="hidden" name="org_id" value=org_id/>
            <input type="hidden" name="kind" value=kind/>
            <input type="hidden" name="id" value=id/>
            <button type="submit" class="link-button" data-delete=kind
                aria-label=move || format!("{}: {}", t_string!(i18n, plan.delete), name)>
                {t!(i18n, plan.delete)}
            </button>
        </ActionForm>
    }
}

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
                                    view! { <ByStrategy plan admin editing del insights/> }.into_any()
                                } else {
                                    view! { <ByYear plan admin editing del/> }.into_any()
                                }}
                                <CostTotals plan/>
                            </section>
                            <Benefits plan admin save_ben del/>
                            <Kpis plan admin save_kpi add_meas del/>
                            <BusinessCase plan admin save_bc del/>
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

#[component]
fn Suggestions(
    org: i64,
    admin: bool,
    insights: Resource<Result<PlanInsights, AppError>>,
    adopt: ServerAction<AdoptSuggestion>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = expect_context::<PlanErrors>().adopt;
    view! {
        <section aria-labelledby="suggestions-h" id="suggestions">
            <h2 id="suggestions-h">{t!(i18n, plan.suggestions)}</h2>
            <p>{t!(i18n, plan.suggestions_intro)}</p>
            <PlanError message=error/>
            {move || adopt.value().get().and_then(|r| r.ok()).map(|_| view! {
                <p role="status" id="adopted">{t!(i18n, plan.adopted)}</p>
            })}
            <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match insights.await {
                        Ok(ins) if !ins.has_results => view! {
                            <p class="muted" id="suggestions-none">{t!(i18n, plan.suggestions_no_results)}</p>
                        }.into_any(),
                        Ok(ins) if ins.suggestions.is_empty() => view! {
                            <p class="muted" id="suggestions-none">{t!(i18n, plan.suggestions_none)}</p>
                        }.into_any(),
                        Ok(ins) => {
                            let lang = i18n.get_locale_untracked().as_str().to_owned();
                            let next_year = ins.next_year.to_string();
                            let mut strategies: Vec<String> = ins.suggestions.iter().map(|s| s.strategy.clone()).collect();
                            strategies.dedup();
                            strategies.into_iter().map(|s| {
                                let items: Vec<_> = ins.suggestions.iter().filter(|x| x.strategy == s).cloned().collect();
                                let first = items[0].clone();
                                let facts = format!(
                                    "{} {:.1} · {} {} · {} {}",
                                    t_string!(i18n, plan.your_score),
                                    first.own,
                                    t_string!(i18n, dash.target),
                                    first.target.map(|t| format!("{t:.1}")).unwrap_or_else(|| "–".into()),
                                    t_string!(i18n, dash.peers),
                                    first.peer_median.map(|t| format!("{t:.1}")).unwrap_or_else(|| "–".into()),
                                );
                                let list = items.into_iter().map(|x| {
                                    let (lang, year, strategy) = (lang.clone(), next_year.clone(), x.strategy.clone());
                                    view! {
                                        <li class="suggestion">
                                            <strong>{x.title.clone()}</strong>
                                            <p>{x.description.clone()}</p>
                                            {admin.then(|| view! {
                                                <ActionForm action=adopt attr:class="inline">
                                                    <input type="hidden" name="org_id" value=org/>
                                                    <input type="hidden" name="strategy" value=strategy/>
                                                    <input type="hidden" name="index" value=x.index/>
                                                    <input type="hidden" name="year" value=year/>
                                                    <input type="hidden" name="lang" value=lang/>
                                                    <button type="submit" class="button secondary" data-adopt=format!("{}-{}", x.strategy, x.index)
                                                        aria-label=format!("{}: {}", t_string!(i18n, plan.adopt), x.title)>
                                                        {t!(i18n, plan.adopt)}
                                                    </button>
                                                </ActionForm>
                                            })}
                                        </li>
                                    }
                                }).collect_view();
                                view! {
                                    <h3>{strategy_label(i18n, &s)}</h3>
                                    <p class="muted">{facts}</p>
                                    <ul class="suggestions">{list}</ul>
                                }
                            }).collect_view().into_any()
                        }
                        Err(_) => view! { <p class="muted">{t!(i18n, plan.suggestions_no_results)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn options<F: Fn(&str) -> String>(
    list: &[&'static str],
    selected: &str,
    label: F,
) -> impl IntoView + use<F> {
    list.iter()
        .map(|v| view! { <option value=*v selected=*v == selected>{label(v)}</option> })
        .collect_view()
}

#[component]
fn ActivityForm(
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
                        <PlanError message=error/>
                        <input type="hidden" name="org_id" value=org/>
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

#[allow(clippy::too_many_arguments)]
fn activity_rows(
    i18n: I18n,
    acts: Vec<Activity>,
    admin: bool,
    editing: RwSignal<Option<Activity>>,
    del: ServerAction<DeletePlanItem>,
    currency: Option<String>,
    org: i64,
    with_year: bool,
) -> impl IntoView {
    acts.into_iter()
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
                            <DeleteButton action=del org_id=org kind="activity" id=a.id name=a.title.clone()/>
                        </td>
                    })}
                </tr>
            }
        })
        .collect_view()
}

#[component]
fn ActivityTable(
    caption: String,
    acts: Vec<Activity>,
    admin: bool,
    editing: RwSignal<Option<Activity>>,
    del: ServerAction<DeletePlanItem>,
    currency: Option<String>,
    org: i64,
    /// Second column: year (in the by-strategy view) or strategy.
    with_year: bool,
    #[prop(optional)] id: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
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
            <tbody>{activity_rows(i18n, acts, admin, editing, del, currency, org, with_year)}</tbody>
        </table>
    }
}

#[component]
fn ByYear(
    plan: StoredValue<ActionPlan>,
    admin: bool,
    editing: RwSignal<Option<Activity>>,
    del: ServerAction<DeletePlanItem>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = plan.get_value();
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
                <ActivityTable caption=format!("{} {y}", t_string!(i18n, plan.col_year)) acts admin editing del
                    currency=p.currency.clone() org=p.org_id with_year=false id=format!("activities-{y}")/>
            }
        })
        .collect_view()
        .into_any()
}

#[component]
fn ByStrategy(
    plan: StoredValue<ActionPlan>,
    admin: bool,
    editing: RwSignal<Option<Activity>>,
    del: ServerAction<DeletePlanItem>,
    insights: Resource<Result<PlanInsights, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = plan.get_value();
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
                            <ActivityTable caption=heading.clone() acts admin editing del
                                currency=p.currency.clone() org=p.org_id with_year=true/>
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
fn CostTotals(plan: StoredValue<ActionPlan>) -> impl IntoView {
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
        <table id="cost-totals">
            <caption>{t!(i18n, plan.totals)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, plan.col_year)}</th>
                    <th scope="col">{t!(i18n, plan.funding_investment)}</th>
                    <th scope="col">{t!(i18n, plan.funding_operating)}</th>
                    <th scope="col">{t!(i18n, plan.col_total)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="muted">{t!(i18n, plan.totals_note)}</p>
    }
    .into_any()
}

#[component]
fn Benefits(
    plan: StoredValue<ActionPlan>,
    admin: bool,
    save_ben: ServerAction<SaveBenefit>,
    del: ServerAction<DeletePlanItem>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = plan.get_value();
    let org_id = p.org_id;
    let scope_opts = scope_options(i18n, &p);
    let error = expect_context::<PlanErrors>().benefit;
    let table = if p.benefits.is_empty() {
        view! { <p class="muted" id="benefits-none">{t!(i18n, plan.benefits_none)}</p> }.into_any()
    } else {
        let rows = p
            .benefits
            .iter()
            .map(|b| {
                view! {
                    <tr>
                        <th scope="row">{scope_label(i18n, &p, b.activity_id, &b.strategy)}</th>
                        <td>{benefit_label(i18n, &b.benefit_type)}</td>
                        <td>{b.description.clone()}</td>
                        <td>{b.success_criteria.clone()}</td>
                        {admin.then(|| view! {
                            <td><DeleteButton action=del org_id=p.org_id kind="benefit" id=b.id name=b.description.clone()/></td>
                        })}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table id="benefits-table">
                <caption>{t!(i18n, plan.benefits)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, plan.col_for)}</th>
                        <th scope="col">{t!(i18n, plan.col_type)}</th>
                        <th scope="col">{t!(i18n, plan.col_description)}</th>
                        <th scope="col">{t!(i18n, plan.col_criteria)}</th>
                        {admin.then(|| view! { <th scope="col">{t!(i18n, plan.col_actions)}</th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="benefits-h" id="benefits">
            <h2 id="benefits-h">{t!(i18n, plan.benefits)}</h2>
            <p>{t!(i18n, plan.benefits_intro)}</p>
            {table}
            {admin.then(|| view! {
                <details class="plan-form">
                    <summary>{t!(i18n, plan.benefit_form)}</summary>
                    <ActionForm action=save_ben attr:id="benefit-form" attr:class="stack">
                        <PlanError message=error/>
                        <input type="hidden" name="org_id" value=org_id/>
                        <input type="hidden" name="id" value="0"/>
                        <label for="ben-scope">{t!(i18n, plan.f_scope)}</label>
                        <select id="ben-scope" name="scope">{scope_opts}</select>
                        <label for="ben-type">{t!(i18n, plan.col_type)}</label>
                        <select id="ben-type" name="benefit_type">
                            {options(&BENEFIT_TYPES, "", move |b| benefit_label(i18n, b))}
                        </select>
                        <label for="ben-description">{t!(i18n, plan.f_benefit)}</label>
                        <textarea id="ben-description" name="description" required maxlength="2000" rows="2"></textarea>
                        <label for="ben-criteria">{t!(i18n, plan.f_criteria)}</label>
                        <textarea id="ben-criteria" name="success_criteria" maxlength="2000" rows="2"></textarea>
                        <p><button type="submit" class="button" id="benefit-save">{t!(i18n, plan.save_benefit)}</button></p>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

#[component]
fn Kpis(
    plan: StoredValue<ActionPlan>,
    admin: bool,
    save_kpi: ServerAction<SaveKpi>,
    add_meas: ServerAction<AddMeasurement>,
    del: ServerAction<DeletePlanItem>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = plan.get_value();
    let org_id = p.org_id;
    let scope_opts = scope_options(i18n, &p);
    let kpi_error = expect_context::<PlanErrors>().kpi;
    let meas_error = expect_context::<PlanErrors>().measurement;
    let table = if p.kpis.is_empty() {
        view! { <p class="muted" id="kpis-none">{t!(i18n, plan.kpis_none)}</p> }.into_any()
    } else {
        let rows = p
            .kpis
            .iter()
            .map(|k| {
                let latest = k
                    .measurements
                    .last()
                    .map(|m| format!("{} ({})", num(m.value), m.measured_on))
                    .unwrap_or_else(|| "–".into());
                let progress = k.progress.map(|v| format!("{v:.0} %")).unwrap_or_else(|| "–".into());
                let measurements = k
                    .measurements
                    .iter()
                    .map(|m| {
                        view! {
                            <tr>
                                <th scope="row">{m.measured_on.clone()}</th>
                                <td class="num">{num(m.value)}</td>
                                {admin.then(|| view! {
                                    <td><DeleteButton action=del org_id=p.org_id kind="measurement" id=m.id
                                        name=format!("{} {}", k.name, m.measured_on)/></td>
                                })}
                            </tr>
                        }
                    })
                    .collect_view();
                let history = (!k.measurements.is_empty()).then(|| view! {
                    <details>
                        <summary>{t!(i18n, plan.measurements)}</summary>
                        <table>
                            <caption>{format!("{} – {}", k.name, t_string!(i18n, plan.measurements))}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, plan.f_date)}</th>
                                    <th scope="col">{t!(i18n, plan.f_value)}</th>
                                    {admin.then(|| view! { <th scope="col">{t!(i18n, plan.col_actions)}</th> })}
                                </tr>
                            </thead>
                            <tbody>{measurements}</tbody>
                        </table>
                    </details>
                });
                view! {
                    <tr data-kpi=k.id>
                        <th scope="row">{k.name.clone()} {history}</th>
                        <td>{scope_label(i18n, &p, k.activity_id, &k.strategy)}</td>
                        <td>{k.unit.clone()}</td>
                        <td class="num">{num(k.baseline)}</td>
                        <td class="num">{num(k.target)}</td>
                        <td class="num">{latest}</td>
                        <td class="num kpi-progress">{progress}</td>
                        <td>{k.owner.clone()}</td>
                        <td>{frequency_label(i18n, &k.frequency)}</td>
                        {admin.then(|| view! {
                            <td><DeleteButton action=del org_id=p.org_id kind="kpi" id=k.id name=k.name.clone()/></td>
                        })}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table id="kpi-table">
                <caption>{t!(i18n, plan.kpis)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, plan.col_kpi)}</th>
                        <th scope="col">{t!(i18n, plan.col_for)}</th>
                        <th scope="col">{t!(i18n, plan.f_unit)}</th>
                        <th scope="col">{t!(i18n, plan.f_baseline)}</th>
                        <th scope="col">{t!(i18n, plan.f_target)}</th>
                        <th scope="col">{t!(i18n, plan.col_latest)}</th>
                        <th scope="col">{t!(i18n, plan.col_progress)}</th>
                        <th scope="col">{t!(i18n, plan.col_owner)}</th>
                        <th scope="col">{t!(i18n, plan.f_frequency)}</th>
                        {admin.then(|| view! { <th scope="col">{t!(i18n, plan.col_actions)}</th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let kpi_options = p
        .kpis
        .iter()
        .map(|k| view! { <option value=k.id>{k.name.clone()}</option> })
        .collect_view();
    let has_kpis = !p.kpis.is_empty();
    view! {
        <section aria-labelledby="kpis-h" id="kpis">
            <h2 id="kpis-h">{t!(i18n, plan.kpis)}</h2>
            <p>{t!(i18n, plan.kpis_intro)}</p>
            {table}
            {admin.then(|| view! {
                <details class="plan-form">
                    <summary>{t!(i18n, plan.kpi_form)}</summary>
                    <ActionForm action=save_kpi attr:id="kpi-form" attr:class="stack">
                        <PlanError message=kpi_error/>
                        <input type="hidden" name="org_id" value=org_id/>
                        <input type="hidden" name="id" value="0"/>
                        <label for="kpi-scope">{t!(i18n, plan.f_scope)}</label>
                        <select id="kpi-scope" name="scope">{scope_opts}</select>
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
                </details>
            })}
            {(admin && has_kpis).then(|| view! {
                <details class="plan-form">
                    <summary>{t!(i18n, plan.measure_form)}</summary>
                    <ActionForm action=add_meas attr:id="measurement-form" attr:class="stack">
                        <PlanError message=meas_error/>
                        <input type="hidden" name="org_id" value=org_id/>
                        <label for="meas-kpi">{t!(i18n, plan.col_kpi)}</label>
                        <select id="meas-kpi" name="kpi_id">{kpi_options}</select>
                        <label for="meas-date">{t!(i18n, plan.f_date)}</label>
                        <input id="meas-date" name="measured_on" type="date" required min="2000-01-01" max="2100-12-31"/>
                        <label for="meas-value">{t!(i18n, plan.f_value)}</label>
                        <input id="meas-value" name="value" inputmode="decimal" required/>
                        <p><button type="submit" class="button" id="measurement-save">{t!(i18n, plan.save_measurement)}</button></p>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

#[component]
fn BusinessCase(
    plan: StoredValue<ActionPlan>,
    admin: bool,
    save_bc: ServerAction<SaveBusinessCase>,
    del: ServerAction<DeletePlanItem>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = plan.get_value();
    let org_id = p.org_id;
    let scope_opts = scope_options(i18n, &p);
    let error = expect_context::<PlanErrors>().business_case;
    let cur = p.currency.clone();
    let body = if p.business_case.is_empty() {
        view! { <p class="muted" id="bc-none">{t!(i18n, plan.bc_none)}</p> }.into_any()
    } else {
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
                view! {
                    <tr>
                        <th scope="row">{scope_label(i18n, &p, r.activity_id, &r.strategy)}</th>
                        <td>{r.year}</td>
                        <td class="num">{money(r.investment, &cur)}</td>
                        <td class="num">{money(r.running_cost, &cur)}</td>
                        <td class="num">{money(r.savings, &cur)}</td>
                        {admin.then(|| view! {
                            <td><DeleteButton action=del org_id=p.org_id kind="business_case" id=r.id
                                name=format!("{} {}", scope_label(i18n, &p, r.activity_id, &r.strategy), r.year)/></td>
                        })}
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
                    <table>
                        <caption>{t!(i18n, plan.bc_chart_caption)}</caption>
                        <BcHead/>
                        <tbody>{chart_rows}</tbody>
                    </table>
                </ChartFigure>
                <table id="bc-table">
                    <caption>{t!(i18n, plan.business_case)}</caption>
                    <BcHead/>
                    <tbody>{visible_rows}</tbody>
                </table>
            </div>
            <table id="bc-entries">
                <caption>{t!(i18n, plan.bc_entries)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, plan.col_for)}</th>
                        <th scope="col">{t!(i18n, plan.col_year)}</th>
                        <th scope="col">{t!(i18n, plan.f_investment)}</th>
                        <th scope="col">{t!(i18n, plan.f_running)}</th>
                        <th scope="col">{t!(i18n, plan.f_savings)}</th>
                        {admin.then(|| view! { <th scope="col">{t!(i18n, plan.col_actions)}</th> })}
                    </tr>
                </thead>
                <tbody>{entry_rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="bc-h" id="business-case">
            <h2 id="bc-h">{t!(i18n, plan.business_case)}</h2>
            <p>{t!(i18n, plan.bc_intro)}</p>
            {body}
            {admin.then(|| view! {
                <div class="plan-form" role="group" aria-labelledby="bc-form-h">
                    <h3 id="bc-form-h">{t!(i18n, plan.bc_form)}</h3>
                    <ActionForm action=save_bc attr:id="bc-form" attr:class="stack">
                        <PlanError message=error/>
                        <input type="hidden" name="org_id" value=org_id/>
                        <label for="bc-scope">{t!(i18n, plan.f_scope)}</label>
                        <select id="bc-scope" name="scope">{scope_opts}</select>
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
        </section>
    }
}

#[component]
fn BcHead() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <thead>
            <tr>
                <th scope="col">{t!(i18n, plan.col_year)}</th>
                <th scope="col">{t!(i18n, plan.f_investment)}</th>
                <th scope="col">{t!(i18n, plan.f_running)}</th>
                <th scope="col">{t!(i18n, plan.f_savings)}</th>
                <th scope="col">{t!(i18n, plan.col_net)}</th>
                <th scope="col">{t!(i18n, plan.col_accumulated)}</th>
            </tr>
        </thead>
    }
}

#[cfg(test)]
mod tests {
    /// Every server message of the plan has its own translation.
    #[test]
    fn every_plan_message_is_translated() {
        let src = include_str!("plan.rs");
        let consts = [
            "E_TITLE",
            "E_DESCRIPTION",
            "E_STRATEGY",
            "E_YEAR",
            "E_OWNER",
            "E_AMOUNT",
            "E_FUNDING",
            "E_STATUS",
            "E_BENEFIT_TYPE",
            "E_BENEFIT_TEXT",
            "E_CRITERIA",
            "E_SCOPE",
            "E_KPI_NAME",
            "E_UNIT",
            "E_BASELINE",
            "E_TARGET",
            "E_SAME",
            "E_FREQUENCY",
            "E_DATE",
            "E_VALUE",
            "E_SUGGESTION",
        ];
        assert_eq!(consts.len(), crate::plan::action::MESSAGES.len());
        for c in consts {
            assert!(src.contains(&format!("action::{c} =>")), "{c}");
        }
    }
}
