#![recursion_limit = "256"]
//! The browser side: hydrate the server-rendered page, nothing else.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let Some(body) = leptos::prelude::document().body() else {
        return;
    };
    // Hydrate asynchronously: a page's code may be in a wasm chunk of its own
    // (lazy routes, `app::pages::lazy`), fetched before the page hydrates.
    wasm_bindgen_futures::spawn_local(async move {
        leptos::mount::hydrate_from_async(body.clone(), app::App)
            .await
            .forget();
        // A marker for end-to-end tests and styles: interactive from here on.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
