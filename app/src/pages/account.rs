//! Account page, password reset pages, invitation page.

use crate::AppError;
use crate::api::account::{
    ChangePassword, DeleteAccount, RequestPasswordReset, ResetPassword, UpdateAccount,
};
use crate::api::members::{AcceptInvitation, get_invitation_info};
use crate::components::layout::AuthCtx;
use crate::components::page::error_of;
use crate::domain::language::{LANGUAGES, native_name};
use crate::domain::roles::OrgRole;
use crate::i18n::*;
use crate::pages::auth::FormError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

/// Whether the last submission succeeded.
fn done<T, S>(value: S) -> bool
where
    S: Get<Value = Option<Result<T, AppError>>>,
{
    matches!(value.get(), Some(Ok(_)))
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = expect_context::<AuthCtx>();
    let update = ServerAction::<UpdateAccount>::new();
    let change = ServerAction::<ChangePassword>::new();
    let delete = ServerAction::<DeleteAccount>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if done(update.value()) {
            auth.refresh();
        }
    });
    Effect::new(move |_| {
        if done(delete.value()) {
            auth.refresh();
            navigate("/", Default::default());
        }
    });
    view! {
        <Title text=move || format!("{} – Spindel", t_string!(i18n, account.title))/>
        <section class="narrow">
            <h1>{t!(i18n, account.title)}</h1>
            <Transition fallback=|| view! { <p aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => {
                            let lang = i18n.get_locale_untracked().as_str().to_owned();
                            view! {
                                <p id="account-email">{user.email.clone()}</p>
                                <ActionForm action=update attr:class="stack" attr:id="profile-form">
                                    <h2>{t!(i18n, account.profile)}</h2>
                                    <FormError message=error_of(update.value())/>
                                    <label for="acc-name">{t!(i18n, signup.display_name)}</label>
                                    <input id="acc-name" name="display_name" value=user.display_name.clone() required maxlength="120" autocomplete="name"/>
                                    <label for="acc-lang">{t!(i18n, lang.label)}</label>
                                    <select id="acc-lang" name="language">
                                        {LANGUAGES.iter().map(|l| view! {
                                            <option value=*l selected=lang == *l>{native_name(l)}</option>
                                        }).collect_view()}
                                    </select>
                                    <button type="submit" class="button">{t!(i18n, account.save)}</button>
                                    <p role="status" class="ok">{move || done(update.value()).then(|| t_string!(i18n, account.saved))}</p>
                                </ActionForm>
                                <ActionForm action=change attr:class="stack" attr:id="password-form">
                                    <h2>{t!(i18n, account.password_title)}</h2>
                                    <FormError message=error_of(change.value())/>
                                    <label for="acc-current">{t!(i18n, account.current_password)}</label>
                                    <input id="acc-current" type="password" name="current" required autocomplete="current-password"/>
                                    <label for="acc-new">{t!(i18n, account.new_password)}</label>
                                    <input id="acc-new" type="password" name="new_password" required minlength="8" maxlength="128" autocomplete="new-password" aria-describedby="acc-new-hint"/>
                                    <p class="hint" id="acc-new-hint">{t!(i18n, signup.password_hint)}</p>
                                    <button type="submit" class="button">{t!(i18n, account.change)}</button>
                                    <p role="status" class="ok">{move || done(change.value()).then(|| t_string!(i18n, account.changed))}</p>
                                </ActionForm>
                                <ActionForm action=delete attr:class="stack danger-zone" attr:id="delete-form">
                                    <h2>{t!(i18n, account.delete_title)}</h2>
                                    <p>{t!(i18n, account.delete_lead)}</p>
                                    <FormError message=error_of(delete.value())/>
                                    <label for="acc-del-pw">{t!(i18n, auth.password)}</label>
                                    <input id="acc-del-pw" type="password" name="password" required autocomplete="current-password"/>
                                    <button type="submit" class="button danger">{t!(i18n, account.delete_submit)}</button>
                                </ActionForm>
                            }
                                .into_any()
                        }
                        _ => view! {
                            <p role="alert">
                                {t!(i18n, org.sign_in_needed)} " " <a href="/sign-in">{t!(i18n, nav.sign_in)}</a>
                            </p>
                        }
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RequestPasswordReset>::new();
    view! {
        <Title text=move || format!("{} – Spindel", t_string!(i18n, reset.request_title))/>
        <section class="narrow">
            <h1>{t!(i18n, reset.request_title)}</h1>
            <p class="lead">{t!(i18n, reset.request_lead)}</p>
            <ActionForm action=action attr:class="stack" attr:id="forgot-form">
                <FormError message=error_of(action.value())/>
                <label for="fp-email">{t!(i18n, auth.email)}</label>
                <input id="fp-email" type="email" name="email" required autocomplete="email"/>
                <button type="submit" class="button">{t!(i18n, reset.request_submit)}</button>
                <p role="status" class="ok" id="forgot-done">
                    {move || match action.value().get() {
                        Some(Ok(true)) => Some(t_string!(i18n, reset.request_done)),
                        Some(Ok(false)) => Some(t_string!(i18n, reset.request_no_delivery)),
                        _ => None,
                    }}
                </p>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let action = ServerAction::<ResetPassword>::new();
    view! {
        <Title text=move || format!("{} – Spindel", t_string!(i18n, reset.title))/>
        <section class="narrow">
            <h1>{t!(i18n, reset.title)}</h1>
            <ActionForm action=action attr:class="stack" attr:id="reset-form">
                <FormError message=error_of(action.value())/>
                <input type="hidden" name="token" value=token/>
                <label for="rp-new">{t!(i18n, account.new_password)}</label>
                <input id="rp-new" type="password" name="new_password" required minlength="8" maxlength="128" autocomplete="new-password" aria-describedby="rp-hint"/>
                <p class="hint" id="rp-hint">{t!(i18n, signup.password_hint)}</p>
                <button type="submit" class="button">{t!(i18n, reset.submit)}</button>
                <p role="status" class="ok" id="reset-done">
                    {move || {
                        done(action.value())
                            .then(|| view! { {t!(i18n, reset.done)} " " <a href="/sign-in">{t!(i18n, nav.sign_in)}</a> })
                    }}
                </p>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn InvitePage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = expect_context::<AuthCtx>();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let info = Resource::new(token, get_invitation_info);
    let action = ServerAction::<AcceptInvitation>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(org_id)) = action.value().get() {
            auth.refresh();
            navigate(&format!("/orgs/{org_id}"), Default::default());
        }
    });
    view! {
        <Title text=move || format!("{} – Spindel", t_string!(i18n, invite.title))/>
        <section class="narrow">
            <h1>{t!(i18n, invite.title)}</h1>
            <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match info.await {
                        Ok(inv) => {
                            let org = inv.org_name.clone();
                            let role = match inv.role {
                                OrgRole::OrgAdmin => t_string!(i18n, org.role_org_admin),
                                OrgRole::Leader => t_string!(i18n, org.role_leader),
                            };
                            let has_account = inv.has_account;
                            view! {
                                <p class="lead" id="invite-lead">
                                    {t!(i18n, invite.lead, org = move || org.clone(), role = move || role)}
                                </p>
                                <ActionForm action=action attr:class="stack" attr:id="invite-form">
                                    <FormError message=error_of(action.value())/>
                                    <input type="hidden" name="token" value=token/>
                                    <label for="inv-email">{t!(i18n, auth.email)}</label>
                                    <input id="inv-email" type="email" value=inv.email.clone() readonly autocomplete="username"/>
                                    {if has_account {
                                        view! {
                                            <p class="hint">{t!(i18n, invite.has_account_hint)}</p>
                                            <input type="hidden" name="display_name" value=""/>
                                        }
                                            .into_any()
                                    } else {
                                        view! {
                                            <p class="hint">{t!(i18n, invite.new_account_hint)}</p>
                                            <label for="inv-name">{t!(i18n, signup.display_name)}</label>
                                            <input id="inv-name" name="display_name" required maxlength="120" autocomplete="name"/>
                                        }
                                            .into_any()
                                    }}
                                    <label for="inv-password">{t!(i18n, auth.password)}</label>
                                    <input
                                        id="inv-password"
                                        type="password"
                                        name="password"
                                        required
                                        autocomplete=if has_account { "current-password" } else { "new-password" }
                                    />
                                    <button type="submit" class="button">{t!(i18n, invite.submit)}</button>
                                </ActionForm>
                            }
                                .into_any()
                        }
                        Err(_) => view! { <p role="alert" id="invite-invalid">{t!(i18n, invite.invalid)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
