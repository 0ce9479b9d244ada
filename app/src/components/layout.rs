//! Page skeleton: skip link, header with language switch, footer.

use crate::i18n::*;
use leptos::prelude::*;

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
        </header>
    }
}

fn locale_name(l: Locale) -> &'static str {
    match l {
        Locale::en => "English",
        Locale::sv => "Svenska",
        Locale::da => "Dansk",
        Locale::nl => "Nederlands",
    }
}

/// Buttons for the four languages. The choice is kept in a cookie by
/// leptos_i18n, so the server renders the next page in it too.
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
                            on:click=move |_| i18n.set_locale(l)
                        >
                            {locale_name(l)}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
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
