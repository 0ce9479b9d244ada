//! Expected benefits, of an activity or a whole strategy.

use super::common::{
    DeleteCell, FormDetails, OrNone, PlanCtx, PlanErrors, PlanSection, PlanTable, new_row_start,
    options, plan_head, scope_label,
};
use super::labels::benefit_label;
use crate::api::action_plan::SaveBenefit;
use crate::i18n::*;
use crate::plan::action::BENEFIT_TYPES;
use leptos::prelude::*;

#[component]
pub(super) fn Benefits(ctx: PlanCtx, save_ben: ServerAction<SaveBenefit>) -> impl IntoView {
    let i18n = use_i18n();
    let p = ctx.plan.get_value();
    let error = expect_context::<PlanErrors>().benefit;
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
                    <DeleteCell ctx kind="benefit" id=b.id name=b.description.clone()/>
                </tr>
            }
        })
        .collect_view();
    view! {
        <PlanSection id="benefits" heading_id="benefits-h"
            title=t!(i18n, plan.benefits) intro=t!(i18n, plan.benefits_intro)>
            <OrNone empty=p.benefits.is_empty() none_id="benefits-none" none=t!(i18n, plan.benefits_none)>
                <PlanTable id="benefits-table" caption=t!(i18n, plan.benefits)
                    head={plan_head!(i18n; col_for, col_type, col_description, col_criteria; ctx.admin)} rows/>
            </OrNone>
            <FormDetails show=ctx.admin summary=t!(i18n, plan.benefit_form)>
                <ActionForm action=save_ben attr:id="benefit-form" attr:class="stack">
                    {new_row_start(i18n, error, ctx.plan, "ben-scope")}
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
            </FormDetails>
        </PlanSection>
    }
}
