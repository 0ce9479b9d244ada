//! The respondent's pages: start (campaign code or personal link), one section
//! per page with progress and autosave, review, submit, thank-you. Works with
//! the keyboard alone and on a phone; the language can change at any time.
//!
//! - this module: the start page, the thank-you page and the texts they share;
//! - [`form`]: the questionnaire (sections, progress, autosave, review, submit);
//! - [`item`]: one question's field.

mod form;
mod item;

pub use form::SurveyPage;

use crate::AppError;
use crate::api::survey::StartSurvey;
use crate::domain::questionnaire::LocalText;
use crate::i18n::*;
use crate::pages::auth::FormError;
use crate::survey::codes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

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

pub(super) fn lang(i18n: leptos_i18n::I18nContext<Locale>) -> &'static str {
    i18n.get_locale().as_str()
}

pub(super) fn tx(i18n: leptos_i18n::I18nContext<Locale>, t: &LocalText) -> String {
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
