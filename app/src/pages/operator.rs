//! The operator's pages: organisations, mail outbox, audit log.

use crate::AppError;
use crate::api::operator::{
    OperatorSetOrgDisabled, OperatorUpdateOrg, operator_audit, operator_orgs, operator_outbox,
};
use crate::domain::dates::format_utc;
use crate::i18n::*;
use crate::pages::auth::FormError;
use crate::pages::members::AuditTable;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OperatorPage() -> impl IntoView {
    let i18n = use_i18n();
    let toggle = ServerAction::<OperatorSetOrgDisabled>::new();
    let update = ServerAction::<OperatorUpdateOrg>::new();
    let orgs = Resource::new(
        move || (toggle.version().get(), update.version().get()),
        |_| operator_orgs(),
    );
    let outbox = Resource::new(|| (), |_| operator_outbox());
    let audit = Resource::new(move || toggle.version().get(), |_| operator_audit());
    let update_error = Signal::derive(move || match update.value().get() {
        Some(Err(e)) => Some(e.public_message()),
        _ => None,
    });
    view! {
        <Title text=move || format!("{} – Spindel", t_string!(i18n, operator.title))/>
        <h1>{t!(i18n, operator.title)}</h1>
        <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match orgs.await {
                    Ok(rows) => view! {
                        <section aria-labelledby="op-orgs">
                            <h2 id="op-orgs">{t!(i18n, operator.orgs)}</h2>
                            <FormError message=update_error/>
                            <table id="operator-orgs">
                                <thead>
                                    <tr>
                                        <th scope="col">"#"</th>
                                        <th scope="col">{t!(i18n, signup.org_name)}</th>
                                        <th scope="col">{t!(i18n, org.country)}</th>
                                        <th scope="col">{t!(i18n, org.kind)}</th>
                                        <th scope="col">{t!(i18n, org.size_band)}</th>
                                        <th scope="col">{t!(i18n, operator.members)}</th>
                                        <th scope="col">{t!(i18n, operator.status)}</th>
                                        <th scope="col">{t!(i18n, members.actions)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|o| {
                                            let id_toggle = o.id.to_string();
                                            let id_edit = id_toggle.clone();
                                            let next = (!o.disabled).to_string();
                                            view! {
                                                <tr>
                                                    <td>{o.id}</td>
                                                    <td>{o.name.clone()}</td>
                                                    <td>{o.country.clone()}</td>
                                                    <td>{o.kind.clone()}</td>
                                                    <td>{o.size_band.clone()}</td>
                                                    <td>{o.members}</td>
                                                    <td>{if o.disabled { t_string!(i18n, operator.disabled) } else { t_string!(i18n, operator.active) }}</td>
                                                    <td>
                                                        <ActionForm action=toggle attr:class="inline">
                                                            <input type="hidden" name="org_id" value=id_toggle.clone()/>
                                                            <input type="hidden" name="disabled" value=next.clone()/>
                                                            <button type="submit" class="link-button">
                                                                {if o.disabled { t_string!(i18n, operator.enable) } else { t_string!(i18n, operator.disable) }}
                                                            </button>
                                                        </ActionForm>
                                                        <details>
                                                            <summary>{t!(i18n, operator.edit)}</summary>
                                                            <ActionForm action=update attr:class="stack">
                                                                <input type="hidden" name="org_id" value=id_edit.clone()/>
                                                                <label>{t!(i18n, signup.org_name)}
                                                                    <input name="name" value=o.name.clone() required/></label>
                                                                <label>{t!(i18n, org.country)}
                                                                    <input name="country" value=o.country.clone() required maxlength="2"/></label>
                                                                <label>{t!(i18n, org.kind)}
                                                                    <select name="kind">
                                                                        <option value="municipality" selected=o.kind == "municipality">{t!(i18n, signup.kind_municipality)}</option>
                                                                        <option value="region" selected=o.kind == "region">{t!(i18n, signup.kind_region)}</option>
                                                                        <option value="agency" selected=o.kind == "agency">{t!(i18n, signup.kind_agency)}</option>
                                                                        <option value="other" selected=o.kind == "other">{t!(i18n, signup.kind_other)}</option>
                                                                    </select></label>
                                                                <label>{t!(i18n, org.population)}
                                                                    <input name="population" value=o.population.to_string() inputmode="numeric" required/></label>
                                                                <label>{t!(i18n, org.ambition)}
                                                                    <select name="ambition">
                                                                        <option value="frontrunner" selected=o.ambition == "frontrunner">{t!(i18n, signup.ambition_frontrunner)}</option>
                                                                        <option value="fast_follower" selected=o.ambition == "fast_follower">{t!(i18n, signup.ambition_fast_follower)}</option>
                                                                        <option value="late_follower" selected=o.ambition == "late_follower">{t!(i18n, signup.ambition_late_follower)}</option>
                                                                    </select></label>
                                                                <button type="submit" class="button">{t!(i18n, account.save)}</button>
                                                            </ActionForm>
                                                        </details>
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }
                        .into_any(),
                    Err(AppError::Unauthorized) => view! {
                        <p role="alert">{t!(i18n, org.sign_in_needed)} " " <a href="/sign-in">{t!(i18n, nav.sign_in)}</a></p>
                    }
                        .into_any(),
                    Err(_) => view! { <p role="alert" id="operator-denied">{t!(i18n, operator.denied)}</p> }.into_any(),
                }
            })}
        </Suspense>
        <section aria-labelledby="op-outbox">
            <h2 id="op-outbox">{t!(i18n, operator.outbox)}</h2>
            <p class="hint">{t!(i18n, operator.outbox_hint)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    outbox.await.ok().map(|mails| {
                        if mails.is_empty() {
                            view! { <p>{t!(i18n, operator.no_mail)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="outbox" id="outbox">
                                    {mails
                                        .into_iter()
                                        .map(|m| view! {
                                            <li class="mail">
                                                <details>
                                                    <summary>
                                                        <span class="mail-to">{m.recipient.clone()}</span> " — "
                                                        <span class="mail-subject">{m.subject.clone()}</span> " · "
                                                        {format_utc(m.created_at)}
                                                    </summary>
                                                    <pre class="mail-body">{m.body.clone()}</pre>
                                                </details>
                                            </li>
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    })
                })}
            </Suspense>
        </section>
        <section aria-labelledby="op-audit">
            <h2 id="op-audit">{t!(i18n, operator.audit)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move { audit.await.ok().map(|rows| view! { <AuditTable rows/> }) })}
            </Suspense>
        </section>
    }
}
