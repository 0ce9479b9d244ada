//! Suggested activities for the weakest strategies, from the latest survey
//! results; an admin adopts one into the plan.

use super::common::{PlanError, PlanErrors, PlanSection};
use super::labels::strategy_label;
use crate::AppError;
use crate::api::action_plan::AdoptSuggestion;
use crate::i18n::*;
use crate::plan::action::PlanInsights;
use leptos::prelude::*;

#[component]
pub(super) fn Suggestions(
    org: i64,
    admin: bool,
    insights: Resource<Result<PlanInsights, AppError>>,
    adopt: ServerAction<AdoptSuggestion>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = expect_context::<PlanErrors>().adopt;
    view! {
        <PlanSection id="suggestions" heading_id="suggestions-h"
            title=t!(i18n, plan.suggestions) intro=t!(i18n, plan.suggestions_intro)>
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
        </PlanSection>
    }
}
