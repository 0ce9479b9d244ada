//! Pieces of a page about one organisation or collaboration: the `:id` of the
//! route, the profile read with the page's data, the loading placeholder and
//! why the data cannot be shown.

use crate::AppError;
use crate::api::org::{OrgProfile, get_org_profile};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::future::Future;

/// The message of the last failed submission of a form.
pub fn error_of<T, S>(value: S) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || match value.get() {
        Some(Err(e)) => Some(e.public_message()),
        _ => None,
    })
}

/// The route's `:id` (an organisation's or a collaboration's); `None` when
/// it is not a number.
pub fn route_id() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())))
}

/// The profile of organisation `id` and what `load` reads about it; "not
/// found" without an id.
pub async fn with_profile<T, F, Fut>(id: Option<i64>, load: F) -> Result<(OrgProfile, T), AppError>
where
    F: FnOnce(i64) -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    let id = id.ok_or(AppError::NotFound)?;
    let profile = get_org_profile(id).await?;
    let data = load(id).await?;
    Ok((profile, data))
}

/// What a `Suspense` shows while the page's data loads.
pub fn loading() -> impl IntoView {
    view! { <p aria-busy="true">"…"</p> }
}

/// Why a page's data cannot be shown, in the reader's language: sign in
/// (with a link), or "not found".
#[component]
pub fn PageError(
    error: AppError,
    /// The alert's id, whatever the error.
    #[prop(optional)]
    id: Option<&'static str>,
    /// The alert's id when it says "not found" (and `id` is not given).
    #[prop(optional)]
    not_found_id: Option<&'static str>,
    /// Say a database outage or overload as such rather than "not found".
    #[prop(optional)]
    outages: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    match error {
        AppError::Unauthorized => view! {
            <p role="alert" id=id>
                {t!(i18n, dash.sign_in_needed)} " " <a href="/sign-in">{t!(i18n, nav.sign_in)}</a>
            </p>
        }
        .into_any(),
        // A database outage or overload is not "not found": say so.
        AppError::Unavailable | AppError::TooManyRequests if outages => {
            let msg = error.public_message();
            view! { <p role="alert" id=id>{move || crate::components::messages::localize(i18n, &msg)}</p> }
                .into_any()
        }
        _ => view! { <p role="alert" id=id.or(not_found_id)>{t!(i18n, dash.not_found)}</p> }
            .into_any(),
    }
}
