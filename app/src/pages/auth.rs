//! Sign-in and organisation sign-up.

use crate::api::auth::{ConfirmSignUp, SignIn, SignUp, get_sign_up_info};
use crate::components::layout::AuthCtx;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

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
    let action = ServerAction::<SignUp>::new();
    // The address the last submission went to, for the "check your mailbox"
    // message (the same message for a new and for a taken address).
    let sent_to = RwSignal::new(String::new());
    let error = Signal::derive(move || match action.value().get() {
        Some(Err(e)) => Some(e.public_message()),
        _ => None,
    });
    let answered = move || action.value().with(|v| matches!(v, Some(Ok(_))));
    view! {
        <Title text=move || format!("{} – Spindel", t_string!(i18n, signup.title))/>
        <section class="narrow">
            <h1>{t!(i18n, signup.title)}</h1>
            <p class="lead">{t!(i18n, signup.lead)}</p>
            <p role="status" class="ok" id="sign-up-sent">
                {move || match action.value().get() {
                    Some(Ok(true)) => {
                        Some(t!(i18n, signup.check_mail, email = move || sent_to.get()).into_any())
                    }
                    Some(Ok(false)) => Some(t!(i18n, signup.no_delivery).into_any()),
                    _ => None,
                }}
            </p>
            <div hidden=answered>
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
                    <input
                        id="su-email"
                        type="email"
                        name="email"
                        required
                        autocomplete="email"
                        on:input=move |ev| sent_to.set(event_target_value(&ev))
                    />
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
            </div>
            <p>
                {t!(i18n, auth.have_account)} " " <a href="/sign-in">{t!(i18n, nav.sign_in)}</a>
            </p>
        </section>
    }
}

/// The link of a sign-up mail: shows what will be created and creates it
/// only when the button is pressed (mail scanners open links; opening the
/// page changes nothing). Then signed in, on the organisation's page.
#[component]
pub fn SignUpConfirmPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = expect_context::<AuthCtx>();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let info = Resource::new(token, get_sign_up_info);
    let action = ServerAction::<ConfirmSignUp>::new();
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
        <Title text=move || format!("{} – Spindel", t_string!(i18n, signup.confirm_title))/>
        <section class="narrow">
            <h1>{t!(i18n, signup.confirm_title)}</h1>
            <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match info.await {
                        Ok(p) => {
                            let country = match p.country.as_str() {
                                "SE" => t_string!(i18n, country.se).to_string(),
                                "DK" => t_string!(i18n, country.dk).to_string(),
                                "NL" => t_string!(i18n, country.nl).to_string(),
                                other => other.to_owned(),
                            };
                            let kind = match p.kind.as_str() {
                                "municipality" => t_string!(i18n, signup.kind_municipality),
                                "region" => t_string!(i18n, signup.kind_region),
                                "agency" => t_string!(i18n, signup.kind_agency),
                                _ => t_string!(i18n, signup.kind_other),
                            };
                            let ambition = match p.ambition.as_str() {
                                "frontrunner" => t_string!(i18n, signup.ambition_frontrunner),
                                "fast_follower" => t_string!(i18n, signup.ambition_fast_follower),
                                _ => t_string!(i18n, signup.ambition_late_follower),
                            };
                            view! {
                                <p class="lead">{t!(i18n, signup.confirm_lead)}</p>
                                <dl class="details" id="sign-up-details">
                                    <dt>{t!(i18n, signup.org_name)}</dt>
                                    <dd id="confirm-org">{p.org_name.clone()}</dd>
                                    <dt>{t!(i18n, signup.country)}</dt>
                                    <dd>{country}</dd>
                                    <dt>{t!(i18n, signup.kind)}</dt>
                                    <dd>{kind.to_string()}</dd>
                                    <dt>{t!(i18n, signup.population)}</dt>
                                    <dd>{p.population.to_string()}</dd>
                                    <dt>{t!(i18n, signup.ambition)}</dt>
                                    <dd>{ambition.to_string()}</dd>
                                    <dt>{t!(i18n, signup.display_name)}</dt>
                                    <dd id="confirm-name">{p.display_name.clone()}</dd>
                                    <dt>{t!(i18n, auth.email)}</dt>
                                    <dd id="confirm-email">{p.email.clone()}</dd>
                                </dl>
                                <ActionForm action=action attr:class="stack" attr:id="sign-up-confirm-form">
                                    <FormError message=error/>
                                    <input type="hidden" name="token" value=token/>
                                    <button type="submit" class="button" disabled=move || action.pending().get()>
                                        {move || {
                                            if action.pending().get() {
                                                t_string!(i18n, auth.working)
                                            } else {
                                                t_string!(i18n, signup.confirm_submit)
                                            }
                                        }}
                                    </button>
                                </ActionForm>
                            }
                                .into_any()
                        }
                        Err(_) => {
                            view! {
                                <p role="alert" id="sign-up-invalid">
                                    {t!(i18n, signup.confirm_invalid)} " "
                                    <a href="/sign-up">{t!(i18n, nav.sign_up)}</a>
                                </p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
