//! Spindel: the Leptos application (pages, components, server functions) and
//! the domain logic beneath it.
#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
pub mod auth;
pub mod benchmark;
pub mod charts;
pub mod collab;
pub mod components;
pub mod domain;
pub mod error;
pub mod export;
pub mod pages;
pub mod plan;
pub mod scoring;
pub mod survey;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod state;

pub use error::AppError;

use crate::i18n::I18nContextProvider;
use components::layout::{AuthCtx, SiteFooter, SiteHeader};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    Lazy, ParamSegment, StaticSegment,
    components::{Route, Router, Routes},
};
use pages::{lazy::*, not_found::NotFound};

/// The HTML document around the app (server side only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // ECharts from the npm `echarts` package, served by this app (no CDN).
                <script src="/vendor/echarts.min.js" defer></script>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    set_page_security_headers();
    AuthCtx::provide();
    view! {
        <Stylesheet id="leptos" href="/pkg/spindel.css"/>
        <Title text="Spindel"/>
        <I18nContextProvider>
            <Router>
                <SiteHeader/>
                <main id="main" tabindex="-1">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=StaticSegment("") view={Lazy::<HomeRoute>::new()}/>
                        <Route path=StaticSegment("sign-in") view={Lazy::<SignInRoute>::new()}/>
                        <Route path=StaticSegment("sign-up") view={Lazy::<SignUpRoute>::new()}/>
                        <Route
                            path=(StaticSegment("sign-up"), StaticSegment("confirm"), ParamSegment("token"))
                            view={Lazy::<SignUpConfirmRoute>::new()}
                        />
                        <Route path=StaticSegment("account") view={Lazy::<AccountRoute>::new()}/>
                        <Route path=StaticSegment("forgot-password") view={Lazy::<ForgotPasswordRoute>::new()}/>
                        <Route path=(StaticSegment("reset"), ParamSegment("token")) view={Lazy::<ResetPasswordRoute>::new()}/>
                        <Route path=(StaticSegment("invite"), ParamSegment("token")) view={Lazy::<InviteRoute>::new()}/>
                        <Route path=(StaticSegment("orgs"), ParamSegment("id")) view={Lazy::<OrgRoute>::new()}/>
                        <Route
                            path=(StaticSegment("orgs"), ParamSegment("id"), StaticSegment("members"))
                            view={Lazy::<MembersRoute>::new()}
                        />
                        <Route path=StaticSegment("operator") view={Lazy::<OperatorRoute>::new()}/>
                        <Route
                            path=(StaticSegment("orgs"), ParamSegment("id"), StaticSegment("campaigns"))
                            view={Lazy::<CampaignsRoute>::new()}
                        />
                        <Route
                            path=(StaticSegment("orgs"), ParamSegment("id"), StaticSegment("dashboard"))
                            view={Lazy::<DashboardRoute>::new()}
                        />
                        <Route
                            path=(StaticSegment("orgs"), ParamSegment("id"), StaticSegment("benchmark"))
                            view={Lazy::<BenchmarkRoute>::new()}
                        />
                        <Route
                            path=(StaticSegment("orgs"), ParamSegment("id"), StaticSegment("report"))
                            view={Lazy::<ReportRoute>::new()}
                        />
                        <Route
                            path=(StaticSegment("orgs"), ParamSegment("id"), StaticSegment("targets"))
                            view={Lazy::<TargetsRoute>::new()}
                        />
                        <Route
                            path=(StaticSegment("orgs"), ParamSegment("id"), StaticSegment("plan"))
                            view={Lazy::<PlanRoute>::new()}
                        />
                        <Route path=StaticSegment("collaborations") view={Lazy::<CollabListRoute>::new()}/>
                        <Route path=(StaticSegment("collaborations"), ParamSegment("id")) view={Lazy::<CollabRoute>::new()}/>
                        <Route
                            path=(StaticSegment("orgs"), ParamSegment("id"), StaticSegment("collaborations"))
                            view={Lazy::<OrgCollabsRoute>::new()}
                        />
                        <Route path=StaticSegment("survey") view={Lazy::<SurveyStartRoute>::new()}/>
                        <Route path=(StaticSegment("s"), ParamSegment("code")) view={Lazy::<SurveyStartRoute>::new()}/>
                        <Route path=(StaticSegment("t"), ParamSegment("token")) view={Lazy::<SurveyStartRoute>::new()}/>
                        <Route path=(StaticSegment("r"), ParamSegment("resume")) view={Lazy::<SurveyRoute>::new()}/>
                        <Route path=StaticSegment("thanks") view={Lazy::<ThanksRoute>::new()}/>
                    </Routes>
                </main>
                <SiteFooter/>
            </Router>
        </I18nContextProvider>
    }
}

/// Content-Security-Policy for server-rendered pages: only this app's scripts
/// (the inline hydration script carries the per-response nonce), styles, the
/// wasm, and no framing.
#[cfg(feature = "ssr")]
fn set_page_security_headers() {
    use axum::http::{HeaderValue, header};
    let Some(resp) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let nonce = leptos::nonce::use_nonce()
        .map(|n| format!(" 'nonce-{n}'"))
        .unwrap_or_default();
    let csp = format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        resp.insert_header(header::CONTENT_SECURITY_POLICY, v);
    }
}

/// The page translations are the product's languages, in the same order.
#[cfg(test)]
mod i18n_languages {
    use crate::i18n::*;

    #[test]
    fn locales_are_the_languages() {
        let locales: Vec<&str> = Locale::get_all().iter().map(|l| l.as_str()).collect();
        assert_eq!(locales, crate::domain::language::LANGUAGES);
    }
}
