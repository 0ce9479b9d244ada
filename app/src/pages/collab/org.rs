//! `/orgs/:id/collaborations`: an organisation's invitations and memberships.

use super::CollabError;
use crate::api::collab::{LeaveCollaboration, RespondInvitation, SetConsent, org_collaborations};
use crate::collab::OrgCollab;
use crate::components::page::{loading, route_id, with_profile};
use crate::domain::roles::OrgRole;
use crate::i18n::*;
use crate::pages::auth::FormError;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/orgs/:id/collaborations`: the organisation's invitations and
/// memberships; its admins accept, decline, choose consent and leave.
#[component]
pub fn OrgCollabsPage() -> impl IntoView {
    let i18n = use_i18n();
    let org_id = route_id();
    let respond = ServerAction::<RespondInvitation>::new();
    let consent = ServerAction::<SetConsent>::new();
    let leave = ServerAction::<LeaveCollaboration>::new();
    let outcomes = move || {
        [
            respond.value().get(),
            consent.value().get(),
            leave.value().get(),
        ]
    };
    let error = Signal::derive(move || {
        outcomes().into_iter().find_map(|v| match v {
            Some(Err(e)) => Some(e.public_message()),
            _ => None,
        })
    });
    let saved = Signal::derive(move || outcomes().iter().any(|v| matches!(v, Some(Ok(())))));
    let data = Resource::new(
        move || {
            (
                org_id.get(),
                respond.version().get(),
                consent.version().get(),
                leave.version().get(),
            )
        },
        |(id, ..)| with_profile(id, org_collaborations),
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((p, list)) => {
                        let admin = p.your_role == OrgRole::OrgAdmin;
                        let rows = list
                            .into_iter()
                            .map(|c| view! {
                                <Membership c=c org_id=p.id admin=admin respond=respond consent=consent leave=leave/>
                            })
                            .collect_view();
                        view! {
                            <Title text=format!("{} – {}", p.name, t_string!(i18n, collab.title))/>
                            <p><a href=format!("/orgs/{}", p.id)>{t!(i18n, members.back)}</a></p>
                            <h1 id="org-collab-title">{p.name.clone()} ": " {t!(i18n, collab.title)}</h1>
                            <p>{t!(i18n, collab.org_intro)}</p>
                            {(!admin).then(|| view! { <p class="notice">{t!(i18n, collab.admins_only)}</p> })}
                            <FormError message=error/>
                            {move || saved.get().then(|| view! { <p role="status" id="collab-saved">{t!(i18n, collab.saved)}</p> })}
                            {rows}
                        }
                        .into_any()
                    }
                    Err(e) => view! { <CollabError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One collaboration of the organisation `org_id`: its status and consent,
/// and for admins the forms to accept or decline an invitation, or to change
/// consent and leave.
#[component]
fn Membership(
    c: OrgCollab,
    org_id: i64,
    admin: bool,
    respond: ServerAction<RespondInvitation>,
    consent: ServerAction<SetConsent>,
    leave: ServerAction<LeaveCollaboration>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (cid, oid) = (c.collab_id, org_id);
    let key = format!("{cid}-{oid}");
    let (named_id, shares_id) = (format!("named-{key}"), format!("shares-{key}"));
    let invited = c.status == "invited";
    let consent_fields = view! {
        <fieldset>
            <legend>{t!(i18n, collab.consent_legend)}</legend>
            <p>
                <input type="checkbox" id=named_id.clone() name="named" checked=c.named disabled=!admin/>
                <label for=named_id.clone()>{t!(i18n, collab.consent_named)}</label>
            </p>
            <p>
                <input type="checkbox" id=shares_id.clone() name="shares_targets" checked=c.shares_targets disabled=!admin/>
                <label for=shares_id.clone()>{t!(i18n, collab.consent_targets)}</label>
            </p>
        </fieldset>
    };
    let actions = if !admin {
        ().into_any()
    } else if invited {
        view! {
            <ActionForm action=respond attr:class="accept-form" attr:id=format!("accept-{cid}-{oid}")>
                <input type="hidden" name="id" value=cid.to_string()/>
                <input type="hidden" name="org_id" value=oid.to_string()/>
                <input type="hidden" name="decision" value="accept"/>
                {consent_fields}
                <button type="submit" class="button" id=format!("accept-btn-{cid}-{oid}")>{t!(i18n, collab.accept)}</button>
            </ActionForm>
            <ActionForm action=respond attr:class="inline">
                <input type="hidden" name="id" value=cid.to_string()/>
                <input type="hidden" name="org_id" value=oid.to_string()/>
                <input type="hidden" name="decision" value="decline"/>
                <button type="submit" class="link-button" id=format!("decline-btn-{cid}-{oid}")>{t!(i18n, collab.decline)}</button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! {
            <ActionForm action=consent attr:id=format!("consent-{cid}-{oid}")>
                <input type="hidden" name="id" value=cid.to_string()/>
                <input type="hidden" name="org_id" value=oid.to_string()/>
                {consent_fields}
                <button type="submit" class="button" id=format!("consent-btn-{cid}-{oid}")>{t!(i18n, collab.save_consent)}</button>
            </ActionForm>
            <ActionForm action=leave attr:class="inline">
                <input type="hidden" name="id" value=cid.to_string()/>
                <input type="hidden" name="org_id" value=oid.to_string()/>
                <button type="submit" class="link-button" id=format!("leave-btn-{cid}-{oid}")>{t!(i18n, collab.leave)}</button>
            </ActionForm>
        }
        .into_any()
    };
    let heading_id = format!("oc-{}", c.collab_id);
    view! {
        <section class="card" aria-labelledby=heading_id.clone() data-collab=cid.to_string()>
            <h2 id=heading_id.clone()>
                {if invited {
                    c.name.clone().into_any()
                } else {
                    view! { <a href=format!("/collaborations/{}", c.collab_id)>{c.name.clone()}</a> }.into_any()
                }}
            </h2>
            <p class="status">
                {if invited { t!(i18n, collab.status_invited).into_any() } else { t!(i18n, collab.status_member).into_any() }}
                " · "
                {if c.named { t!(i18n, collab.is_named).into_any() } else { t!(i18n, collab.is_unnamed).into_any() }}
                " · "
                {if c.shares_targets { t!(i18n, collab.shares).into_any() } else { t!(i18n, collab.not_shares).into_any() }}
            </p>
            {actions}
        </section>
    }
}
