//! The respondent's pages: start (campaign code or personal link), one section
//! per page with progress and autosave, review, submit, thank-you. Works with
//! the keyboard alone and on a phone; the language can change at any time.

use crate::AppError;
use crate::api::survey::{StartSurvey, load_survey, save_survey, submit_survey};
use crate::domain::questionnaire::{Answer, Item, ItemKind, LocalText, Questionnaire};
use crate::i18n::*;
use crate::pages::auth::FormError;
use crate::survey::codes;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use std::collections::BTreeMap;

/// A respondent-facing message for an error code, in the current language.
pub fn survey_error_text(i18n: leptos_i18n::I18nContext<Locale>, e: &AppError) -> String {
    let code = match e {
        AppError::BadRequest(m) | AppError::Conflict(m) => {
            m.split(':').next().unwrap_or("").to_owned()
        }
        AppError::TooManyRequests => return t_string!(i18n, survey.err_throttled).to_string(),
        _ => String::new(),
    };
    match code.as_str() {
        codes::NOT_OPEN => t_string!(i18n, survey.err_not_open),
        codes::CLOSED => t_string!(i18n, survey.err_closed),
        codes::UNKNOWN_CODE => t_string!(i18n, survey.err_unknown_code),
        codes::TOKEN_USED => t_string!(i18n, survey.err_token_used),
        codes::UNKNOWN_RESUME => t_string!(i18n, survey.err_unknown_resume),
        codes::ALREADY_SUBMITTED => t_string!(i18n, survey.err_already_submitted),
        codes::SUBMITTED_DIFFERENTLY => t_string!(i18n, survey.err_submitted_differently),
        codes::INVALID_ANSWERS => t_string!(i18n, survey.err_invalid),
        codes::TOO_LARGE => t_string!(i18n, survey.err_too_large),
        _ => t_string!(i18n, survey.err_generic),
    }
    .to_string()
}

fn lang(i18n: leptos_i18n::I18nContext<Locale>) -> &'static str {
    i18n.get_locale().as_str()
}

fn tx(i18n: leptos_i18n::I18nContext<Locale>, t: &LocalText) -> String {
    t.get(lang(i18n)).to_owned()
}

/// Format a resume code in groups of four.
pub fn group_code(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// Start page for `/s/{code}` (campaign link) and `/t/{token}` (personal link),
/// and `/survey` where a code is typed.
#[component]
pub fn SurveyStartPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code_param =
        move || params.with(|p| p.get("code").or_else(|| p.get("token")).unwrap_or_default());
    let start = ServerAction::<StartSurvey>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(resume)) = start.value().get() {
            navigate(&format!("/r/{resume}?new=1"), Default::default());
        }
    });
    let error = Signal::derive(move || match start.value().get() {
        Some(Err(e)) => Some(survey_error_text(i18n, &e)),
        _ => None,
    });
    let resume_input = RwSignal::new(String::new());
    let navigate2 = use_navigate();
    view! {
        <Title text=move || format!("{} – Spindel", t_string!(i18n, survey.start_title))/>
        <section class="narrow survey">
            <h1>{t!(i18n, survey.start_title)}</h1>
            <p class="lead">{t!(i18n, survey.start_lead)}</p>
            <ul class="promises">
                <li>{t!(i18n, survey.promise_anonymous)}</li>
                <li>{t!(i18n, survey.promise_time)}</li>
                <li>{t!(i18n, survey.promise_resume)}</li>
            </ul>
            <ActionForm action=start attr:class="stack" attr:id="start-form">
                <FormError message=error/>
                <input type="hidden" name="language" value=move || lang(i18n)/>
                {move || {
                    let c = code_param();
                    if c.is_empty() {
                        view! {
                            <label for="start-code">{t!(i18n, survey.code_label)}</label>
                            <input id="start-code" name="code" required autocomplete="off" autocapitalize="characters"/>
                        }
                            .into_any()
                    } else {
                        view! { <input type="hidden" name="code" value=c/> }.into_any()
                    }
                }}
                <button type="submit" class="button" id="start-button">{t!(i18n, survey.start_button)}</button>
            </ActionForm>
            <form
                class="stack resume-form"
                id="resume-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    let code = crate::survey::normalise_code(&resume_input.get());
                    if !code.is_empty() {
                        navigate2(&format!("/r/{code}"), Default::default());
                    }
                }
            >
                <h2>{t!(i18n, survey.resume_title)}</h2>
                <label for="resume-code">{t!(i18n, survey.resume_label)}</label>
                <input
                    id="resume-code"
                    autocomplete="off"
                    autocapitalize="characters"
                    on:input=move |ev| resume_input.set(event_target_value(&ev))
                    prop:value=resume_input
                />
                <button type="submit" class="button secondary" id="resume-button">{t!(i18n, survey.resume_button)}</button>
            </form>
        </section>
    }
}

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
fn ItemField(
    item: Item,
    answers: RwSignal<BTreeMap<String, Answer>>,
    departments: Vec<String>,
    save: impl Fn(String, Answer) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = item.id.clone();
    let help = item.help.clone();
    let help_id = format!("{id}-help");
    let has_help = help.is_some();
    let text = item.text.clone();
    let current = {
        let id = id.clone();
        move || answers.with(|a| a.get(&id).cloned())
    };
    let body = match item.kind.clone() {
        ItemKind::Scale {
            min,
            max,
            low_label,
            high_label,
            ..
        } => {
            let id2 = id.clone();
            view! {
                <div class="scale" role="radiogroup" aria-label=move || tx(i18n, &text)>
                    <span class="scale-end low" aria-hidden="true">{tx(i18n, &low_label)}</span>
                    <div class="scale-options">
                        {(min..=max)
                            .map(|v| {
                                let id3 = id2.clone();
                                let input_id = format!("{id2}-{v}");
                                let current = current.clone();
                                let label = if v == min {
                                    format!("{v} – {}", low_label.get(lang(i18n)))
                                } else if v == max {
                                    format!("{v} – {}", high_label.get(lang(i18n)))
                                } else {
                                    v.to_string()
                                };
                                view! {
                                    <span class="scale-option">
                                        <input
                                            type="radio"
                                            id=input_id.clone()
                                            name=id2.clone()
                                            value=v.to_string()
                                            prop:checked=move || matches!(current(), Some(Answer::Number(n)) if n as i64 == v)
                                            on:change=move |_| save(id3.clone(), Answer::Number(v as f64))
                                        />
                                        <label for=input_id aria-label=label>{v}</label>
                                    </span>
                                }
                            })
                            .collect_view()}
                    </div>
                    <span class="scale-end high" aria-hidden="true">{tx(i18n, &high_label)}</span>
                </div>
            }
                .into_any()
        }
        ItemKind::SingleChoice { options } => {
            let id2 = id.clone();
            view! {
                <div class="choices">
                    {options
                        .into_iter()
                        .map(|o| {
                            let input_id = format!("{id2}-{}", o.id);
                            let value = o.id.clone();
                            let value2 = o.id.clone();
                            let id3 = id2.clone();
                            let current = current.clone();
                            view! {
                                <span class="choice">
                                    <input
                                        type="radio"
                                        id=input_id.clone()
                                        name=id2.clone()
                                        value=value
                                        prop:checked=move || matches!(current(), Some(Answer::Text(t)) if t == value2)
                                        on:change=move |_| save(id3.clone(), Answer::Text(o.id.clone()))
                                    />
                                    <label for=input_id>{tx(i18n, &o.label)}</label>
                                </span>
                            }
                        })
                        .collect_view()}
                </div>
            }
                .into_any()
        }
        ItemKind::MultipleChoice { options } => {
            let id2 = id.clone();
            view! {
                <div class="choices">
                    {options
                        .into_iter()
                        .map(|o| {
                            let input_id = format!("{id2}-{}", o.id);
                            let oid = o.id.clone();
                            let oid2 = o.id.clone();
                            let id3 = id2.clone();
                            let current = current.clone();
                            let current2 = current.clone();
                            view! {
                                <span class="choice">
                                    <input
                                        type="checkbox"
                                        id=input_id.clone()
                                        prop:checked=move || matches!(current(), Some(Answer::Many(v)) if v.contains(&oid))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let mut v = match current2() {
                                                Some(Answer::Many(v)) => v,
                                                _ => Vec::new(),
                                            };
                                            v.retain(|x| x != &oid2);
                                            if on {
                                                v.push(oid2.clone());
                                            }
                                            save(id3.clone(), Answer::Many(v));
                                        }
                                    />
                                    <label for=input_id>{tx(i18n, &o.label)}</label>
                                </span>
                            }
                        })
                        .collect_view()}
                </div>
            }
                .into_any()
        }
        ItemKind::Department => {
            let id2 = id.clone();
            let select_id = format!("{id}-select");
            view! {
                <select
                    id=select_id
                    aria-label=move || tx(i18n, &text)
                    on:change=move |ev| save(id2.clone(), Answer::Text(event_target_value(&ev)))
                >
                    <option value="">{t!(i18n, survey.choose)}</option>
                    {departments
                        .into_iter()
                        .map(|d| {
                            let d2 = d.clone();
                            let value = d.clone();
                            let current = current.clone();
                            view! {
                                <option value=value selected=move || matches!(current(), Some(Answer::Text(t)) if t == d2)>
                                    {d}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            }
                .into_any()
        }
        ItemKind::FreeText { max_length } => {
            let id2 = id.clone();
            let area_id = format!("{id}-text");
            let initial = match current() {
                Some(Answer::Text(t)) => t,
                _ => String::new(),
            };
            view! {
                <textarea
                    id=area_id
                    rows="4"
                    maxlength=max_length
                    aria-label=move || tx(i18n, &text)
                    on:change=move |ev| save(id2.clone(), Answer::Text(event_target_value(&ev)))
                >
                    {initial}
                </textarea>
            }
            .into_any()
        }
    };
    let text2 = item.text.clone();
    view! {
        <fieldset class="item" id=format!("item-{id}") aria-describedby=has_help.then(|| help_id.clone())>
            <legend>{move || tx(i18n, &text2)}</legend>
            {help.map(|h| view! { <p class="hint" id=help_id.clone()>{move || tx(i18n, &h)}</p> })}
            {body}
        </fieldset>
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

#[component]
pub fn ThanksPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || format!("{} – Spindel", t_string!(i18n, survey.thanks_title))/>
        <section class="narrow survey">
            <h1 id="thanks">{t!(i18n, survey.thanks_title)}</h1>
            <p class="lead">{t!(i18n, survey.thanks_body)}</p>
        </section>
    }
}
