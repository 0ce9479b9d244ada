use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// The friendly 404 page; sets the HTTP status during server rendering.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    let i18n = use_i18n();
    view! {
        <Title text=move || format!("{} – Spindel", t_string!(i18n, error.not_found_title))/>
        <section class="error-page">
            <h1>{t!(i18n, error.not_found_title)}</h1>
            <p>{t!(i18n, error.not_found_body)}</p>
            <p>
                <a href="/">{t!(i18n, error.back_home)}</a>
            </p>
        </section>
    }
}
