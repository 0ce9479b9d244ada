//! The questionnaire: one section per page with progress and autosave, the
//! review of all sections, and submit.

use super::item::ItemField;
use super::{group_code, lang, survey_error_text, tx};
use crate::api::survey::{load_survey, save_survey, submit_survey};
use crate::domain::questionnaire::{Answer, Questionnaire};
use crate::i18n::*;
use crate::pages::auth::FormError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use std::collections::BTreeMap;

/// `/r/{resume}`: the questionnaire itself.
#[component]
pub fn SurveyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let resume = move || params.with(|p| p.get("resume").unwrap_or_default());
    let form = Resource::new(resume, load_survey);
    view! {
        <Title text=move || format!("{} – Spindel", t_string!(i18n, survey.title))/>
        <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(f) => match serde_json::from_str::<Questionnaire>(&f.questionnaire_json) {
                        Ok(q) => {
                            let answers: BTreeMap<String, Answer> =
                                serde_json::from_str(&f.answers_json).unwrap_or_default();
                            view! {
                                <SurveyForm
                                    resume=resume()
                                    campaign=f.campaign_name
                                    questionnaire=q
                                    departments=f.departments
                                    initial=answers
                                />
                            }
                                .into_any()
                        }
                        Err(_) => view! { <p role="alert">{t!(i18n, survey.err_generic)}</p> }.into_any(),
                    },
                    Err(e) => {
                        view! {
                            <section class="narrow">
                                <p role="alert" id="survey-error">{survey_error_text(i18n, &e)}</p>
                                <p><a href="/survey">{t!(i18n, survey.start_title)}</a></p>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn SurveyForm(
    resume: String,
    campaign: String,
    questionnaire: Questionnaire,
    departments: Vec<String>,
    initial: BTreeMap<String, Answer>,
) -> impl IntoView {
    let i18n = use_i18n();
    let q = StoredValue::new(questionnaire);
    let departments = StoredValue::new(departments);
    let answers = RwSignal::new(initial);
    let sections = q.with_value(|q| q.sections.len());
    let step = RwSignal::new(0usize);
    let saving = RwSignal::new(None::<String>);
    let resume = StoredValue::new(resume);
    let navigate = use_navigate();
    let submitting = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<String>);

    // Autosave one answer (None clears it).
    let save_one = move |id: String, value: Answer| {
        answers.update(|a| {
            a.insert(id.clone(), value.clone());
        });
        let payload = serde_json::to_string(&BTreeMap::from([(id, value)])).unwrap_or_default();
        let code = resume.get_value();
        let language = lang(i18n).to_owned();
        saving.set(Some(t_string!(i18n, survey.saving).to_string()));
        spawn_local(async move {
            match save_survey(code, payload, language).await {
                Ok(()) => saving.set(Some(t_string!(i18n, survey.saved).to_string())),
                Err(e) => saving.set(Some(survey_error_text(i18n, &e))),
            }
        });
    };

    let go = move |to: usize| {
        step.set(to);
        // Move focus to the new heading for screen-reader and keyboard users.
        #[cfg(feature = "hydrate")]
        {
            if let Some(el) = leptos::prelude::document().get_element_by_id("step-heading") {
                use leptos::wasm_bindgen::JsCast;
                if let Ok(h) = el.dyn_into::<leptos::web_sys::HtmlElement>() {
                    let _ = h.focus();
                }
            }
        }
    };

    let submit = move |_| {
        submitting.set(true);
        submit_error.set(None);
        let payload = answers.with(|a| serde_json::to_string(a).unwrap_or_default());
        let code = resume.get_value();
        let language = lang(i18n).to_owned();
        let navigate = navigate.clone();
        spawn_local(async move {
            match submit_survey(code, payload, language).await {
                Ok(()) => navigate("/thanks", Default::default()),
                Err(e) => {
                    submit_error.set(Some(survey_error_text(i18n, &e)));
                    submitting.set(false);
                }
            }
        });
    };

    view! {
        <section class="survey" aria-labelledby="step-heading">
            <p class="campaign-name">{campaign}</p>
            <div class="resume-note" id="resume-note">
                {t!(i18n, survey.resume_note)} " "
                <strong id="resume-code-display">{group_code(&resume.get_value())}</strong>
            </div>
            <div class="progress">
                <label for="survey-progress">
                    {move || {
                        if step.get() < sections {
                            t!(i18n, survey.progress, current = move || step.get() + 1, total = move || sections)
                                .into_any()
                        } else {
                            t!(i18n, survey.review_title).into_any()
                        }
                    }}
                </label>
                <progress id="survey-progress" max=sections + 1 value=move || step.get() + 1></progress>
            </div>
            {move || {
                let s = step.get();
                if s < sections {
                    let section = q.with_value(|q| q.sections[s].clone());
                    view! {
                        <h1 id="step-heading" tabindex="-1">{tx(i18n, &section.title)}</h1>
                        {section.intro.as_ref().map(|t| view! { <p class="lead">{tx(i18n, t)}</p> })}
                        <div class="items">
                            {section
                                .items
                                .into_iter()
                                .map(|item| view! { <ItemField item answers departments=departments.get_value() save=save_one/> })
                                .collect_view()}
                        </div>
                    }
                        .into_any()
                } else {
                    view! { <Review questionnaire=q.get_value() answers go/> }.into_any()
                }
            }}
            <p class="save-state" role="status" aria-live="polite">{move || saving.get()}</p>
            <FormError message=Signal::derive(move || submit_error.get())/>
            <div class="step-nav">
                <button
                    type="button"
                    class="button secondary"
                    id="prev-button"
                    disabled=move || step.get() == 0
                    on:click=move |_| go(step.get().saturating_sub(1))
                >
                    {t!(i18n, survey.back)}
                </button>
                {move || {
                    if step.get() < sections {
                        view! {
                            <button type="button" class="button" id="next-button" on:click=move |_| go(step.get() + 1)>
                                {t!(i18n, survey.next)}
                            </button>
                        }
                            .into_any()
                    } else {
                        view! {
                            <button
                                type="button"
                                class="button"
                                id="submit-button"
                                disabled=move || submitting.get()
                                on:click={
                                    let submit = submit.clone();
                                    move |ev| submit(ev)
                                }
                            >
                                {t!(i18n, survey.submit)}
                            </button>
                        }
                            .into_any()
                    }
                }}
            </div>
        </section>
    }
}

#[component]
fn Review(
    questionnaire: Questionnaire,
    answers: RwSignal<BTreeMap<String, Answer>>,
    go: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1 id="step-heading" tabindex="-1">{t!(i18n, survey.review_title)}</h1>
        <p class="lead">{t!(i18n, survey.review_lead)}</p>
        <ul class="review" id="review-list">
            {questionnaire
                .sections
                .into_iter()
                .enumerate()
                .map(|(n, s)| {
                    let ids: Vec<String> = s.items.iter().map(|i| i.id.clone()).collect();
                    let total = ids.len();
                    let answered = move || answers.with(|a| ids.iter().filter(|i| a.contains_key(*i)).count());
                    view! {
                        <li>
                            <span class="review-title">{tx(i18n, &s.title)}</span>
                            " "
                            <span class="review-count">
                                {t!(i18n, survey.answered, answered = answered, total = move || total)}
                            </span>
                            " "
                            <button type="button" class="link-button" on:click=move |_| go(n)>
                                {t!(i18n, survey.edit)}
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
