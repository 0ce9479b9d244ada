//! Targets (målbild): org admins set a level and a year per strategy; every
//! member sees them and their history.

use crate::api::plan::{SaveTargets, get_targets};
use crate::components::page::{PageError, loading, route_id, with_profile};
use crate::components::targets::{TargetHistoryHead, TargetHistoryRows, TargetInputRows};
use crate::domain::roles::OrgRole;
use crate::i18n::*;
use crate::pages::auth::FormError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TargetsPage() -> impl IntoView {
    let i18n = use_i18n();
    let org_id = route_id();
    let save = ServerAction::<SaveTargets>::new();
    let error = Signal::derive(move || match save.value().get() {
        Some(Err(e)) => Some(e.public_message()),
        _ => None,
    });
    let data = Resource::new(
        move || (org_id.get(), save.version().get()),
        |(id, _)| with_profile(id, get_targets),
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((p, t)) => {
                        let admin = p.your_role == OrgRole::OrgAdmin;
                        let history = if t.history.is_empty() {
                            view! { <p class="muted" id="targets-none">{t!(i18n, targets.none)}</p> }.into_any()
                        } else {
                            view! {
                                <table id="targets-history">
                                    <TargetHistoryHead/>
                                    <tbody><TargetHistoryRows history=t.history.clone()/></tbody>
                                </table>
                            }
                            .into_any()
                        };
                        let org = p.id.to_string();
                        view! {
                            <Title text=format!("{} – {}", p.name, t_string!(i18n, targets.title))/>
                            <h1 id="targets-title">{p.name.clone()} ": " {t!(i18n, targets.title)}</h1>
                            <p>{t!(i18n, targets.intro)}</p>
                            {(!admin).then(|| view! { <p class="notice">{t!(i18n, targets.admins_only)}</p> })}
                            <ActionForm action=save attr:id="targets-form">
                                <FormError message=error/>
                                <input type="hidden" name="org_id" value=org/>
                                <table>
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!(i18n, dash.col_dimension)}</th>
                                            <th scope="col" id="t-col-level">{t!(i18n, targets.col_level)}</th>
                                            <th scope="col" id="t-col-year">{t!(i18n, targets.col_year)}</th>
                                        </tr>
                                    </thead>
                                    <tbody><TargetInputRows prefix="t" current=t.current.clone() disabled=!admin/></tbody>
                                </table>
                                {admin.then(|| view! {
                                    <p><button type="submit" class="button" id="targets-save">{t!(i18n, targets.save)}</button></p>
                                })}
                                {move || save.value().get().and_then(|r| r.ok()).map(|n| view! {
                                    <p role="status" id="targets-saved">{t!(i18n, targets.saved, count = move || n)}</p>
                                })}
                            </ActionForm>
                            <h2>{t!(i18n, targets.history)}</h2>
                            {history}
                        }
                        .into_any()
                    }
                    Err(e) => view! { <PageError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
