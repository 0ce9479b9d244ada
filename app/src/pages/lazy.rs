//! Pages whose browser code is loaded only when they are shown.
//!
//! Each route below is a [`LazyRoute`]: built with `cargo leptos … --split`,
//! its view's code goes into a wasm chunk of its own (code shared by several
//! pages into shared chunks), which the router fetches before it shows the
//! page, and which the first page load fetches before hydrating
//! (`hydrate_from_async` in `frontend/`) once the main module runs. (Leptos
//! can name a page's chunks as `<link rel="preload">`, but our pages get none
//! yet: see docs/benchmarks.md, "Wasm size".)
//! The main module keeps the runtime, the router and the layout: a respondent
//! opening a survey link loads it and the survey's chunks, not every leader's
//! page (sizes in docs/benchmarks.md, "Wasm size").
//! Built without `--split` (plain `cargo build`), the same routes are ordinary
//! async views. The server renders them exactly as before.
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

use super::{
    account::{AccountPage, ForgotPasswordPage, InvitePage, ResetPasswordPage},
    auth::{SignInPage, SignUpConfirmPage, SignUpPage},
    campaigns::CampaignsPage,
    collab::{CollabListPage, CollabPage, OrgCollabsPage},
    home::HomePage,
    members::MembersPage,
    operator::OperatorPage,
    org::OrgPage,
    plan::PlanPage,
    results::{BenchmarkPage, DashboardPage, ReportPage},
    survey::{SurveyPage, SurveyStartPage, ThanksPage},
    targets::TargetsPage,
};

/// `Route => Page;` declares a lazy route `Route` that shows the component
/// `Page` (a component without props). Each page reads its own parameters and
/// data, so the route's `data()` has nothing to load.
macro_rules! lazy_pages {
    ($($route:ident => $page:ident;)*) => {$(
        #[doc = concat!("The lazily loaded route of [`", stringify!($page), "`].")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    )*};
}

lazy_pages! {
    HomeRoute => HomePage;
    SignInRoute => SignInPage;
    SignUpRoute => SignUpPage;
    SignUpConfirmRoute => SignUpConfirmPage;
    AccountRoute => AccountPage;
    ForgotPasswordRoute => ForgotPasswordPage;
    ResetPasswordRoute => ResetPasswordPage;
    InviteRoute => InvitePage;
    OrgRoute => OrgPage;
    MembersRoute => MembersPage;
    OperatorRoute => OperatorPage;
    CampaignsRoute => CampaignsPage;
    DashboardRoute => DashboardPage;
    BenchmarkRoute => BenchmarkPage;
    ReportRoute => ReportPage;
    TargetsRoute => TargetsPage;
    PlanRoute => PlanPage;
    CollabListRoute => CollabListPage;
    CollabRoute => CollabPage;
    OrgCollabsRoute => OrgCollabsPage;
    SurveyStartRoute => SurveyStartPage;
    SurveyRoute => SurveyPage;
    ThanksRoute => ThanksPage;
}
