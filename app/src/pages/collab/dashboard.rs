//! `/collaborations/:id`: the collaboration dashboard.

use super::CollabError;
use super::collective::{CollabSpider, Collective, Spread};
use super::manage::Manage;
use super::progress::Progress;
use crate::AppError;
use crate::api::collab::{InviteOrg, RemoveMember, SaveCollabTargets, collaboration_dashboard};
use crate::collab::CollabDashboard;
use crate::components::page::{loading, route_id};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/collaborations/:id`: the collaboration dashboard.
#[component]
pub fn CollabPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    let invite = ServerAction::<InviteOrg>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let targets = ServerAction::<SaveCollabTargets>::new();
    let data = Resource::new(
        move || {
            (
                id.get(),
                invite.version().get(),
                remove.version().get(),
                targets.version().get(),
            )
        },
        |(id, ..)| async move { collaboration_dashboard(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        let coordinators = d.coordinators.join(", ");
                        view! {
                            <Title text=format!("{} – {}", d.name, t_string!(i18n, collab.title))/>
                            <p><a href="/collaborations">{t!(i18n, collab.back)}</a></p>
                            <h1 id="collab-name-title">{d.name.clone()}</h1>
                            <p>{t!(i18n, collab.coordinated_by)} " " {coordinators}</p>
                            <Members d=d.clone()/>
                            <Collective d=d.clone()/>
                            <CollabSpider d=d.clone()/>
                            <Spread d=d.clone()/>
                            <Progress d=d.clone()/>
                            {d.is_coordinator.then(|| view! {
                                <Manage d=d.clone() invite=invite remove=remove targets=targets/>
                            })}
                        }
                        .into_any()
                    }
                    Err(e) => view! { <CollabError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The members: those the reader may see by name, and how many others.
#[component]
fn Members(d: CollabDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let unnamed = d.unnamed_members;
    view! {
        <section aria-labelledby="members-h">
            <h2 id="members-h">{t!(i18n, collab.members_title)}</h2>
            <ul id="named-members">
                {d.named_members
                    .iter()
                    .map(|m| {
                        let own = m.own;
                        view! {
                            <li class="named-member">
                                {m.name.clone()}
                                {own.then(|| view! { " (" {t!(i18n, collab.yours)} ")" })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p id="unnamed-members" data-count=unnamed>
                {t!(i18n, collab.unnamed_count, count = move || unnamed)}
            </p>
            <p class="muted">{t!(i18n, collab.anonymity_note, min = move || d.min_orgs)}</p>
        </section>
    }
}
