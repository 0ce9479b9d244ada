//! `/collaborations`: the collaborations the reader coordinates or belongs
//! to, invitations waiting for an answer, and a form to create one.

use super::CollabError;
use crate::api::collab::{CreateCollaboration, list_collaborations};
use crate::collab::CollabSummary;
use crate::components::page::loading;
use crate::i18n::*;
use crate::pages::auth::FormError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

fn summary_list(items: Vec<CollabSummary>, id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul id=id>
            {items
                .into_iter()
                .map(|c| {
                    let n = c.members;
                    let via = c.via.join(", ");
                    view! {
                        <li>
                            <a href=format!("/collaborations/{}", c.id)>{c.name.clone()}</a>
                            " – " {t!(i18n, collab.member_count, count = move || n)}
                            {(!via.is_empty()).then(|| view! { " (" {via.clone()} ")" })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// `/collaborations`: create one; those the reader coordinates or belongs to;
/// invitations waiting for organisations the reader administers.
#[component]
pub fn CollabListPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateCollaboration>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            navigate(&format!("/collaborations/{id}"), Default::default());
        }
    });
    let error = Signal::derive(move || match create.value().get() {
        Some(Err(e)) => Some(e.public_message()),
        _ => None,
    });
    let data = Resource::new(move || create.version().get(), |_| list_collaborations());
    view! {
        <Title text=move || format!("{} – Spindel", t_string!(i18n, collab.title))/>
        <h1 id="collab-title">{t!(i18n, collab.title)}</h1>
        <p>{t!(i18n, collab.intro)}</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(l) => {
                        let pending = (!l.pending.is_empty()).then(|| {
                            let rows = l
                                .pending
                                .iter()
                                .map(|p| view! {
                                    <tr>
                                        <td>{p.collab_name.clone()}</td>
                                        <td>{p.org_name.clone()}</td>
                                        <td><a href=format!("/orgs/{}/collaborations", p.org_id)>{t!(i18n, collab.answer)}</a></td>
                                    </tr>
                                })
                                .collect_view();
                            view! {
                                <section aria-labelledby="pending-h">
                                    <h2 id="pending-h">{t!(i18n, collab.pending_title)}</h2>
                                    <table id="pending-table">
                                        <caption>{t!(i18n, collab.pending_caption)}</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, collab.col_collab)}</th>
                                                <th scope="col">{t!(i18n, collab.col_org)}</th>
                                                <th scope="col">{t!(i18n, members.actions)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </section>
                            }
                        });
                        let coordinated = if l.coordinated.is_empty() {
                            view! { <p class="muted">{t!(i18n, collab.none_coordinated)}</p> }.into_any()
                        } else {
                            summary_list(l.coordinated.clone(), "coordinated-list").into_any()
                        };
                        let member_of = if l.member_of.is_empty() {
                            view! { <p class="muted">{t!(i18n, collab.none_member)}</p> }.into_any()
                        } else {
                            summary_list(l.member_of.clone(), "member-list").into_any()
                        };
                        view! {
                            {pending}
                            <section aria-labelledby="coordinated-h">
                                <h2 id="coordinated-h">{t!(i18n, collab.coordinated_title)}</h2>
                                {coordinated}
                            </section>
                            <section aria-labelledby="member-h">
                                <h2 id="member-h">{t!(i18n, collab.member_title)}</h2>
                                {member_of}
                            </section>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <CollabError error=e/> }.into_any(),
                }
            })}
        </Suspense>
        <section aria-labelledby="create-h">
            <h2 id="create-h">{t!(i18n, collab.create_title)}</h2>
            <p>{t!(i18n, collab.create_intro)}</p>
            <ActionForm action=create attr:id="collab-create-form">
                <FormError message=error/>
                <label for="collab-name">{t!(i18n, collab.name)}</label>
                <input id="collab-name" name="name" required minlength="2" maxlength="120"/>
                <p><button type="submit" class="button" id="collab-create">{t!(i18n, collab.create)}</button></p>
            </ActionForm>
        </section>
    }
}
