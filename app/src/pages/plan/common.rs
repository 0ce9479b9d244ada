//! The views the plan's sections share: form errors, the scope of a row,
//! delete buttons, select options, and the shape of a section, a table and a
//! form.

use super::labels::{I18n, localize, strategy_label};
use crate::api::action_plan::DeletePlanItem;
use crate::i18n::*;
use crate::plan::action::{ActionPlan, STRATEGIES};
use leptos::prelude::*;

/// The form errors, owned by the page (not by the parts that re-render).
#[derive(Clone, Copy)]
pub(super) struct PlanErrors {
    pub adopt: Signal<Option<String>>,
    pub activity: Signal<Option<String>>,
    pub benefit: Signal<Option<String>>,
    pub kpi: Signal<Option<String>>,
    pub measurement: Signal<Option<String>>,
    pub business_case: Signal<Option<String>>,
}

/// What the parts of the loaded page share: the plan, whether the reader may
/// edit it (an org admin), and the action that deletes any of its rows.
#[derive(Clone, Copy)]
pub(super) struct PlanCtx {
    pub plan: StoredValue<ActionPlan>,
    pub admin: bool,
    pub del: ServerAction<DeletePlanItem>,
}

/// The error of the last submission of one form.
#[component]
pub(super) fn PlanError(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-error" role="alert" aria-live="assertive">
            {move || message.get().map(|m| view! { <p>{localize(i18n, &m)}</p> })}
        </div>
    }
}

/// What a benefit, KPI or business-case row belongs to, for display.
pub(super) fn scope_label(
    i18n: I18n,
    plan: &ActionPlan,
    activity_id: Option<i64>,
    strategy: &str,
) -> String {
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
pub(super) fn DeleteButton(
    ctx: PlanCtx,
    kind: &'static str,
    id: i64,
    name: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ActionForm action=ctx.del attr:class="inline">
            <input type="hidden" name="org_id" value=ctx.plan.with_value(|p| p.org_id)/>
            <input type="hidden" name="kind" value=kind/>
            <input type="hidden" name="id" value=id/>
            <button type="submit" class="link-button" data-delete=kind
                aria-label=move || format!("{}: {}", t_string!(i18n, plan.delete), name)>
                {t!(i18n, plan.delete)}
            </button>
        </ActionForm>
    }
}

pub(super) fn options<F: Fn(&str) -> String>(
    list: &[&'static str],
    selected: &str,
    label: F,
) -> impl IntoView + use<F> {
    list.iter()
        .map(|v| view! { <option value=*v selected=*v == selected>{label(v)}</option> })
        .collect_view()
}

/// The header row of a plan table: a column per `plan` translation key, then,
/// when an admin flag is given and set, the actions column.
macro_rules! plan_head {
    ($i18n:ident; $($key:ident),+ $(; $admin:expr)?) => {
        view! {
            <thead>
                <tr>
                    $(<th scope="col">{t!($i18n, plan.$key)}</th>)+
                    $({$admin.then(|| view! { <th scope="col">{t!($i18n, plan.col_actions)}</th> })})?
                </tr>
            </thead>
        }
    };
}
pub(super) use plan_head;

/// A section of the plan: its heading, an introduction, then its content.
#[component]
pub(super) fn PlanSection<T, I, C>(
    id: &'static str,
    heading_id: &'static str,
    title: T,
    intro: I,
    children: TypedChildren<C>,
) -> impl IntoView
where
    T: IntoView + 'static,
    I: IntoView + 'static,
    C: IntoView + 'static,
{
    view! {
        <section aria-labelledby=heading_id id=id>
            <h2 id=heading_id>{title}</h2>
            <p>{intro}</p>
            {children.into_inner()()}
        </section>
    }
}

/// A section's content or, while it has no rows (`empty`), a note with this
/// id that says so.
#[component]
pub(super) fn OrNone<N, C>(
    empty: bool,
    none_id: &'static str,
    none: N,
    children: TypedChildren<C>,
) -> impl IntoView
where
    N: IntoView + 'static,
    C: IntoView + 'static,
{
    if empty {
        view! { <p class="muted" id=none_id>{none}</p> }.into_any()
    } else {
        children.into_inner()().into_any()
    }
}

/// A table of the plan: caption, header row (see [`plan_head`]) and rows.
#[component]
pub(super) fn PlanTable<C, H, R>(
    #[prop(optional)] id: Option<&'static str>,
    caption: C,
    head: H,
    rows: R,
) -> impl IntoView
where
    C: IntoView + 'static,
    H: IntoView + 'static,
    R: IntoView + 'static,
{
    view! {
        <table id=id>
            <caption>{caption}</caption>
            {head}
            <tbody>{rows}</tbody>
        </table>
    }
}

/// An admin's form of a section (shown when `show`), folded until opened.
#[component]
pub(super) fn FormDetails<S, C>(show: bool, summary: S, children: TypedChildren<C>) -> impl IntoView
where
    S: IntoView + 'static,
    C: IntoView + 'static,
{
    show.then(|| {
        view! {
            <details class="plan-form">
                <summary>{summary}</summary>
                {children.into_inner()()}
            </details>
        }
    })
}

/// The start of every plan form: the error of its last submission and the
/// organisation.
pub(super) fn form_top(error: Signal<Option<String>>, org_id: i64) -> impl IntoView {
    view! {
        <PlanError message=error/>
        <input type="hidden" name="org_id" value=org_id/>
    }
}

/// The scope select of a form: an activity or a whole strategy.
pub(super) fn scope_field(
    i18n: I18n,
    id: &'static str,
    plan: StoredValue<ActionPlan>,
) -> impl IntoView {
    view! {
        <label for=id>{t!(i18n, plan.f_scope)}</label>
        <select id=id name="scope">{plan.with_value(|p| scope_options(i18n, p))}</select>
    }
}

/// The start of a form that adds a benefit or KPI: [`form_top`], `id` 0 (a
/// new one) and the scope select with this id.
pub(super) fn new_row_start(
    i18n: I18n,
    error: Signal<Option<String>>,
    plan: StoredValue<ActionPlan>,
    scope_id: &'static str,
) -> impl IntoView {
    view! {
        {form_top(error, plan.with_value(|p| p.org_id))}
        <input type="hidden" name="id" value="0"/>
        {scope_field(i18n, scope_id, plan)}
    }
}

/// The delete button of a row, in its own cell, for admins.
#[component]
pub(super) fn DeleteCell(ctx: PlanCtx, kind: &'static str, id: i64, name: String) -> impl IntoView {
    ctx.admin
        .then(|| view! { <td><DeleteButton ctx kind id name/></td> })
}
