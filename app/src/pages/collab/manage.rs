//! The coordinator's tools on the collaboration dashboard.

use crate::api::collab::{InviteOrg, RemoveMember, SaveCollabTargets, search_orgs};
use crate::collab::CollabDashboard;
use crate::components::targets::TargetInputRows;
use crate::i18n::*;
use crate::pages::auth::FormError;
use leptos::prelude::*;

/// Coordinator tools: invite, withdraw, remove, collective targets.
#[component]
pub(super) fn Manage(
    d: CollabDashboard,
    invite: ServerAction<InviteOrg>,
    remove: ServerAction<RemoveMember>,
    targets: ServerAction<SaveCollabTargets>,
) -> impl IntoView {
    let i18n = use_i18n();
    let cid = d.id;
    let error = Signal::derive(move || {
        let a = invite.value().get().and_then(|r| r.err());
        let b = remove.value().get().and_then(|r| r.err());
        let c = targets.value().get().and_then(|r| r.err());
        a.or(b).or(c).map(|e| e.public_message())
    });
    let query = RwSignal::new(String::new());
    let submitted = RwSignal::new(None::<String>);
    let found = Resource::new(
        move || (submitted.get(), invite.version().get()),
        move |(q, _)| async move {
            match q {
                Some(q) => search_orgs(cid, q).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let member_row = move |org_id: i64, name: Option<String>, pending: bool| {
        let label = name.clone();
        view! {
            <tr>
                <td>{match label {
                    Some(n) => n.into_any(),
                    None => t!(i18n, collab.not_named).into_any(),
                }}</td>
                <td>{if pending { t!(i18n, collab.status_invited).into_any() } else { t!(i18n, collab.status_member).into_any() }}</td>
                <td>
                    <ActionForm action=remove attr:class="inline">
                        <input type="hidden" name="id" value=cid.to_string()/>
                        <input type="hidden" name="org_id" value=org_id.to_string()/>
                        <button type="submit" class="link-button" id=format!("remove-{org_id}")>
                            {if pending { t!(i18n, collab.withdraw).into_any() } else { t!(i18n, collab.remove).into_any() }}
                        </button>
                    </ActionForm>
                </td>
            </tr>
        }
    };
    let member_rows = d
        .pending
        .iter()
        .map(|m| member_row(m.org_id, m.name.clone(), true))
        .chain(
            d.members
                .iter()
                .map(|m| member_row(m.org_id, m.name.clone(), false)),
        )
        .collect_view();
    view! {
        <section aria-labelledby="manage-h" id="manage">
            <h2 id="manage-h">{t!(i18n, collab.manage_title)}</h2>
            <FormError message=error/>
            <h3>{t!(i18n, collab.invite_title)}</h3>
            <form
                id="org-search-form"
                role="search"
                on:submit=move |ev| {
                    ev.prevent_default();
                    submitted.set(Some(query.get_untracked()));
                }
            >
                <label for="org-search">{t!(i18n, collab.search_label)}</label>
                <input id="org-search" type="search" maxlength="100" bind:value=query/>
                <button type="submit" class="button" id="org-search-go">{t!(i18n, collab.search)}</button>
            </form>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(Some(list)) if list.is_empty() => view! { <p class="muted" id="org-search-none">{t!(i18n, collab.search_none)}</p> }.into_any(),
                        Ok(Some(list)) => view! {
                            <ul id="org-search-results" aria-live="polite">
                                {list.into_iter().map(|o| view! {
                                    <li>
                                        <ActionForm action=invite attr:class="inline">
                                            <input type="hidden" name="id" value=cid.to_string()/>
                                            <input type="hidden" name="org_id" value=o.id.to_string()/>
                                            {format!("{} ({}, {}) ", o.name, o.country, o.kind)}
                                            <button type="submit" class="link-button invite-org" data-org=o.name.clone()>
                                                {t!(i18n, collab.invite)}
                                            </button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <p role="alert">{crate::components::messages::localize(i18n, &e.public_message())}</p> }.into_any(),
                    }
                })}
            </Transition>
            <h3>{t!(i18n, collab.manage_members)}</h3>
            <table id="manage-members">
                <caption>{t!(i18n, collab.manage_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, collab.col_org)}</th>
                        <th scope="col">{t!(i18n, collab.col_status)}</th>
                        <th scope="col">{t!(i18n, members.actions)}</th>
                    </tr>
                </thead>
                <tbody>{member_rows}</tbody>
            </table>
            <h3>{t!(i18n, collab.targets_title)}</h3>
            <ActionForm action=targets attr:id="collab-targets-form">
                <input type="hidden" name="id" value=cid.to_string()/>
                <table>
                    <caption>{t!(i18n, collab.targets_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, home.col_strategy)}</th>
                            <th scope="col" id="ct-col-level">{t!(i18n, targets.col_level)}</th>
                            <th scope="col" id="ct-col-year">{t!(i18n, targets.col_year)}</th>
                        </tr>
                    </thead>
                    <tbody><TargetInputRows prefix="ct" current=d.targets.clone()/></tbody>
                </table>
                <p><button type="submit" class="button" id="collab-targets-save">{t!(i18n, targets.save)}</button></p>
            </ActionForm>
        </section>
    }
}
