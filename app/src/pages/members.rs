//! Members of an organisation, invitations and the audit log (org admin).

use crate::AppError;
use crate::api::members::{InviteMember, RemoveMember, SetMemberRole, list_members, org_audit};
use crate::domain::dates::format_utc;
use crate::domain::roles::OrgRole;
use crate::i18n::*;
use crate::pages::auth::FormError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MembersPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let org_id =
        move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let invite = ServerAction::<InviteMember>::new();
    let set_role = ServerAction::<SetMemberRole>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let members = Resource::new(
        move || {
            (
                org_id(),
                invite.version().get(),
                set_role.version().get(),
                remove.version().get(),
            )
        },
        |(id, ..)| list_members(id),
    );
    let audit = Resource::new(
        move || {
            (
                org_id(),
                invite.version().get(),
                set_role.version().get(),
                remove.version().get(),
            )
        },
        |(id, ..)| org_audit(id),
    );
    let invite_error = Signal::derive(move || match invite.value().get() {
        Some(Err(e)) => Some(e.public_message()),
        _ => None,
    });
    let change_error =
        Signal::derive(
            move || match (set_role.value().get(), remove.value().get()) {
                (Some(Err(e)), _) | (_, Some(Err(e))) => Some(e.public_message()),
                _ => None,
            },
        );
    let role_label = move |r: OrgRole| match r {
        OrgRole::OrgAdmin => t_string!(i18n, org.role_org_admin),
        OrgRole::Leader => t_string!(i18n, org.role_leader),
    };
    view! {
        <Title text=move || format!("{} – Spindel", t_string!(i18n, members.title))/>
        <p><a href=move || format!("/orgs/{}", org_id())>{t!(i18n, members.back)}</a></p>
        <h1>{t!(i18n, members.title)}</h1>
        <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match members.await {
                    Ok(view_data) => {
                        view! {
                            <section aria-labelledby="members-h">
                                <h2 id="members-h">{t!(i18n, members.list)}</h2>
                                <FormError message=change_error/>
                                <table id="members-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!(i18n, signup.display_name)}</th>
                                            <th scope="col">{t!(i18n, auth.email)}</th>
                                            <th scope="col">{t!(i18n, members.role)}</th>
                                            <th scope="col">{t!(i18n, members.actions)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {view_data
                                            .members
                                            .into_iter()
                                            .map(|m| {
                                                let other = match m.role {
                                                    OrgRole::OrgAdmin => OrgRole::Leader,
                                                    OrgRole::Leader => OrgRole::OrgAdmin,
                                                };
                                                let other_label = match other {
                                                    OrgRole::OrgAdmin => t_string!(i18n, members.make_admin),
                                                    OrgRole::Leader => t_string!(i18n, members.make_leader),
                                                };
                                                let uid_role = m.user_id.to_string();
                                                let uid_remove = uid_role.clone();
                                                view! {
                                                    <tr>
                                                        <td>{m.display_name.clone()}</td>
                                                        <td>{m.email.clone()}</td>
                                                        <td>{role_label(m.role)}</td>
                                                        <td class="row-actions">
                                                            <ActionForm action=set_role attr:class="inline">
                                                                <input type="hidden" name="org_id" value=org_id/>
                                                                <input type="hidden" name="user_id" value=uid_role.clone()/>
                                                                <input type="hidden" name="role" value=other.code()/>
                                                                <button type="submit" class="link-button">{other_label}</button>
                                                            </ActionForm>
                                                            <ActionForm action=remove attr:class="inline">
                                                                <input type="hidden" name="org_id" value=org_id/>
                                                                <input type="hidden" name="user_id" value=uid_remove.clone()/>
                                                                <button type="submit" class="link-button">{t!(i18n, members.remove)}</button>
                                                            </ActionForm>
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                                {(!view_data.invitations.is_empty())
                                    .then(|| {
                                        view! {
                                            <h3>{t!(i18n, members.open_invitations)}</h3>
                                            <ul id="open-invitations">
                                                {view_data
                                                    .invitations
                                                    .into_iter()
                                                    .map(|inv| {
                                                        view! {
                                                            <li>
                                                                {inv.email} " · " {inv.role} " · "
                                                                {t!(i18n, members.expires)} " " {format_utc(inv.expires_at)}
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        }
                                    })}
                            </section>
                        }
                            .into_any()
                    }
                    Err(AppError::Unauthorized) => view! {
                        <p role="alert">{t!(i18n, org.sign_in_needed)} " " <a href="/sign-in">{t!(i18n, nav.sign_in)}</a></p>
                    }
                        .into_any(),
                    Err(_) => view! { <p role="alert" id="members-error">{t!(i18n, org.not_found)}</p> }.into_any(),
                }
            })}
        </Suspense>
        <section aria-labelledby="invite-h" class="narrow">
            <h2 id="invite-h">{t!(i18n, members.invite_title)}</h2>
            <ActionForm action=invite attr:class="stack" attr:id="invite-member-form">
                <FormError message=invite_error/>
                <input type="hidden" name="org_id" value=org_id/>
                <label for="im-email">{t!(i18n, auth.email)}</label>
                <input id="im-email" type="email" name="email" required autocomplete="off"/>
                <label for="im-role">{t!(i18n, members.role)}</label>
                <select id="im-role" name="role">
                    <option value="leader">{t!(i18n, org.role_leader)}</option>
                    <option value="org_admin">{t!(i18n, org.role_org_admin)}</option>
                </select>
                <button type="submit" class="button">{t!(i18n, members.invite_submit)}</button>
                <p role="status" class="ok" id="invite-sent">
                    {move || matches!(invite.value().get(), Some(Ok(_))).then(|| t_string!(i18n, members.invited_ok))}
                </p>
            </ActionForm>
        </section>
        <section aria-labelledby="audit-h">
            <h2 id="audit-h">{t!(i18n, members.audit_title)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    audit.await.ok().map(|rows| view! { <AuditTable rows/> })
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn AuditTable(rows: Vec<crate::api::members::AuditEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="audit">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, members.audit_when)}</th>
                    <th scope="col">{t!(i18n, members.audit_actor)}</th>
                    <th scope="col">{t!(i18n, members.audit_action)}</th>
                    <th scope="col">{t!(i18n, members.audit_target)}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| {
                        view! {
                            <tr>
                                <td>{format_utc(r.created_at)}</td>
                                <td>{r.actor_user_id.map(|a| format!("user:{a}")).unwrap_or_default()}</td>
                                <td>{r.action}</td>
                                <td>{r.target}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
