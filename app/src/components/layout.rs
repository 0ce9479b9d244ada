//! Page skeleton: skip link, header with language switch, footer.

use crate::AppError;
use crate::api::auth::{SignOut, whoami};
use crate::auth::UserInfo;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// Who is signed in, shared by the header and the pages. Call [`AuthCtx::refresh`]
/// after signing in or out.
#[derive(Clone, Copy)]
pub struct AuthCtx {
    version: RwSignal<u32>,
    pub user: Resource<Result<Option<UserInfo>, AppError>>,
}

impl AuthCtx {
    pub fn provide() -> AuthCtx {
        let version = RwSignal::new(0u32);
        let user = Resource::new(move || version.get(), |_| whoami());
        let ctx = AuthCtx { version, user };
        provide_context(ctx);
        ctx
    }

    pub fn refresh(&self) {
        self.version.update(|v| *v += 1);
    }
}

#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true"></span>
                {t!(i18n, app_name)}
            </a>
            <nav class="site-nav" aria-label=move || t_string!(i18n, nav.label)>
                <a href="/">{t!(i18n, nav.home)}</a>
            </nav>
            <LanguageSwitch/>
            <AccountArea/>
        </header>
    }
}

/// Sign-in state: a sign-in link, or the account's name and a sign-out button.
#[component]
fn AccountArea() -> impl IntoView {
    let i18n = use_i18n();
    let auth = expect_context::<AuthCtx>();
    let sign_out = ServerAction::<SignOut>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            auth.refresh();
            navigate("/", Default::default());
        }
    });
    view! {
        <div class="account" aria-label=move || t_string!(i18n, nav.account_menu) role="group">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => {
                            let name = user.display_name.clone();
                            let first_org = user.memberships.first().map(|m| format!("/orgs/{}", m.org_id));
                            let operator = user.is_operator;
                            view! {
                                {operator.then(|| view! { <a href="/operator" id="operator-link">{t!(i18n, nav.operator)}</a> })}
                                <a href="/collaborations" id="collab-link">{t!(i18n, collab.nav)}</a>
                                <a href="/account" id="account-link">{t!(i18n, nav.account)}</a>
                                <span id="signed-in-as">
                                    {match first_org {
                                        Some(href) => view! { <a href=href>{name.clone()}</a> }.into_any(),
                                        None => view! { <span>{name.clone()}</span> }.into_any(),
                                    }}
                                </span>
                                <ActionForm action=sign_out attr:class="inline">
                                    <button type="submit" class="link-button" id="sign-out">
                                        {t!(i18n, nav.sign_out)}
                                    </button>
                                </ActionForm>
                            }
                                .into_any()
                        }
                        _ => {
                            view! {
                                <a href="/sign-in" id="sign-in-link">{t!(i18n, nav.sign_in)}</a>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </div>
    }
}

fn locale_name(l: Locale) -> &'static str {
    crate::domain::language::native_name(l.as_str())
}

/// Buttons for the four languages. The choice is kept in a cookie, so the
/// server renders the next page in it too.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="lang-switch" role="group" aria-label=move || t_string!(i18n, lang.label)>
            {Locale::get_all()
                .iter()
                .copied()
                .map(|l| {
                    view! {
                        <button
                            type="button"
                            lang=l.as_str()
                            data-locale=l.as_str()
                            aria-pressed=move || (i18n.get_locale() == l).to_string()
                            on:click=move |_| {
                                i18n.set_locale(l);
                                remember_locale(l);
                            }
                        >
                            {locale_name(l)}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Keep the chosen language for a year, on every path: the server reads this
/// cookie (leptos_i18n's `cookie` feature, enabled for the server only) to
/// render later pages in it.
fn remember_locale(l: Locale) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsValue;
        use leptos::web_sys::js_sys::Reflect;
        let cookie = format!(
            "i18n_pref_locale={}; path=/; max-age=31536000; samesite=lax",
            l.as_str()
        );
        let _ = Reflect::set(
            &document(),
            &JsValue::from_str("cookie"),
            &JsValue::from_str(&cookie),
        );
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = l;
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{t!(i18n, footer.text)}</p>
        </footer>
    }
}
