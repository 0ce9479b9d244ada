//! Sign-in and organisation sign-up.

use crate::api::auth::{SignIn, SignUp};
use crate::components::layout::AuthCtx;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

/// The error of the last submission, shown in an alert region, in the
/// reader's language.
#[component]
pub fn FormError(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-error" role="alert" aria-live="assertive">
            {move || {
                message
                    .get()
                    .map(|m| view! { <p>{crate::components::messages::localize(i18n, &m)}</p> })
            }}
        </div>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = expect_context::<AuthCtx>();
    let action = ServerAction::<SignIn>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(user)) = action.value().get() {
            auth.refresh();
            let to = user
                .memberships
                .first()
                .map(|m| format!("/orgs/{}", m.org_id))
                .unwrap_or_else(|| "/".into());
            navigate(&to, Default::default());
        }
    });
    let error = Signal::derive(move || match action.value().get() {
        Some(Err(e)) => Some(e.public_message()),
        _ => None,
    });
    view! {
        <Title text=move || format!("{} – Spindel", t_string!(i18n, auth.sign_in_title))/>
        <section class="narrow">
            <h1>{t!(i18n, auth.sign_in_title)}</h1>
            <p class="lead">{t!(i18n, auth.sign_in_lead)}</p>
            <ActionForm action=action attr:class="stack" attr:id="sign-in-form">
                <FormError message=error/>
                <label for="sign-in-email">{t!(i18n, auth.email)}</label>
                <input id="sign-in-email" type="email" name="email" autocomplete="username" required/>
                <label for="sign-in-password">{t!(i18n, auth.password)}</label>
                <input
                    id="sign-in-password"
                    type="password"
                    name="password"
                    autocomplete="current-password"
                    required
                />
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {move || {
                        if action.pending().get() {
                            t_string!(i18n, auth.working)
                        } else {
                            t_string!(i18n, auth.submit_sign_in)
                        }
                    }}
                </button>
            </ActionForm>
            <p>
                <a href="/forgot-password" id="forgot-link">{t!(i18n, auth.forgot)}</a>
            </p>
            <p>
                {t!(i18n, auth.no_account)} " " <a href="/sign-up">{t!(i18n, nav.sign_up)}</a>
            </p>
        </section>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = expect_context::<AuthCtx>();
    let action = ServerAction::<SignUp>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(org_id)) = action.value().get() {
            auth.refresh();
            navigate(&format!("/orgs/{org_id}"), Default::default());
        }
    });
    let error = Signal::derive(move || match action.value().get() {
        Some(Err(e)) => Some(e.public_message()),
        _ => None,
    });
    view! {
        <Title text=move || format!("{} – Spindel", t_string!(i18n, signup.title))/>
        <section class="narrow">
            <h1>{t!(i18n, signup.title)}</h1>
            <p class="lead">{t!(i18n, signup.lead)}</p>
            <ActionForm action=action attr:class="stack" attr:id="sign-up-form">
                <FormError message=error/>
                <input type="hidden" name="language" value=move || i18n.get_locale().as_str()/>
                <fieldset>
                    <legend>{t!(i18n, signup.org_section)}</legend>
                    <label for="su-org">{t!(i18n, signup.org_name)}</label>
                    <input id="su-org" name="org_name" required maxlength="200" autocomplete="organization"/>
                    <label for="su-country">{t!(i18n, signup.country)}</label>
                    <select id="su-country" name="country" required>
                        <option value="SE">{t!(i18n, country.se)}</option>
                        <option value="DK">{t!(i18n, country.dk)}</option>
                        <option value="NL">{t!(i18n, country.nl)}</option>
                    </select>
                    <label for="su-kind">{t!(i18n, signup.kind)}</label>
                    <select id="su-kind" name="kind" required>
                        <option value="municipality">{t!(i18n, signup.kind_municipality)}</option>
                        <option value="region">{t!(i18n, signup.kind_region)}</option>
                        <option value="agency">{t!(i18n, signup.kind_agency)}</option>
                        <option value="other">{t!(i18n, signup.kind_other)}</option>
                    </select>
                    <label for="su-pop">{t!(i18n, signup.population)}</label>
                    <input
                        id="su-pop"
                        name="population"
                        inputmode="numeric"
                        required
                        aria-describedby="su-pop-hint"
                    />
                    <p class="hint" id="su-pop-hint">{t!(i18n, signup.population_hint)}</p>
                    <label for="su-amb">{t!(i18n, signup.ambition)}</label>
                    <select id="su-amb" name="ambition" required aria-describedby="su-amb-hint">
                        <option value="frontrunner">{t!(i18n, signup.ambition_frontrunner)}</option>
                        <option value="fast_follower" selected>{t!(i18n, signup.ambition_fast_follower)}</option>
                        <option value="late_follower">{t!(i18n, signup.ambition_late_follower)}</option>
                    </select>
                    <p class="hint" id="su-amb-hint">{t!(i18n, signup.ambition_hint)}</p>
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, signup.admin_section)}</legend>
                    <label for="su-name">{t!(i18n, signup.display_name)}</label>
                    <input id="su-name" name="display_name" required maxlength="120" autocomplete="name"/>
                    <label for="su-email">{t!(i18n, auth.email)}</label>
                    <input id="su-email" type="email" name="email" required autocomplete="email"/>
                    <label for="su-password">{t!(i18n, auth.password)}</label>
                    <input
                        id="su-password"
                        type="password"
                        name="password"
                        required
                        minlength="8"
                        maxlength="128"
                        autocomplete="new-password"
                        aria-describedby="su-password-hint"
                    />
                    <p class="hint" id="su-password-hint">{t!(i18n, signup.password_hint)}</p>
                </fieldset>
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {move || {
                        if action.pending().get() {
                            t_string!(i18n, auth.working)
                        } else {
                            t_string!(i18n, signup.submit)
                        }
                    }}
                </button>
            </ActionForm>
            <p>
                {t!(i18n, auth.have_account)} " " <a href="/sign-in">{t!(i18n, nav.sign_in)}</a>
            </p>
        </section>
    }
}
