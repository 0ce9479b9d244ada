//! The operator's pages: organisations, mail outbox, audit log.

use crate::AppError;
use crate::api::operator::{
    OperatorImportQuestionnaire, OperatorSetOrgDisabled, OperatorUpdateOrg, operator_audit,
    operator_export_questionnaire, operator_orgs, operator_outbox, operator_questionnaires,
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
        <crate::pages::results::PlatformOverviewSection/>
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
        <QuestionnaireAdmin/>
        <section aria-labelledby="op-outbox">
            <h2 id="op-outbox">{t!(i18n, operator.outbox)}</h2>
            <p class="hint">{t!(i18n, operator.outbox_hint)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    outbox.await.ok().map(|o| {
                        let mails = o.mails;
                        let delivery = (!o.delivery).then(|| view! {
                            <p role="alert" class="warning" id="no-mail-delivery">{t!(i18n, operator.no_delivery)}</p>
                        });
                        let list = if mails.is_empty() {
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
                                                        {format_utc(m.created_at)} " · "
                                                        <span class="mail-state">
                                                            {if m.sent { t_string!(i18n, operator.mail_sent) } else { t_string!(i18n, operator.mail_queued) }}
                                                        </span>
                                                    </summary>
                                                    <pre class="mail-body">{m.body.clone()}</pre>
                                                </details>
                                            </li>
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        };
                        view! { {delivery} {list} }
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

/// Questionnaire versions: list, export as JSON, import a new version.
#[component]
fn QuestionnaireAdmin() -> impl IntoView {
    let i18n = use_i18n();
    let import = ServerAction::<OperatorImportQuestionnaire>::new();
    let versions = Resource::new(
        move || import.version().get(),
        |_| operator_questionnaires(),
    );
    let exported = RwSignal::new(None::<(String, String)>);
    let import_error = Signal::derive(move || match import.value().get() {
        Some(Err(e)) => Some(e.public_message()),
        _ => None,
    });
    view! {
        <section aria-labelledby="op-q">
            <h2 id="op-q">{t!(i18n, operator.questionnaires)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    versions.await.ok().map(|rows| view! {
                        <ul id="questionnaire-versions">
                            {rows.into_iter().map(|v| {
                                let version = v.version.clone();
                                view! {
                                    <li>
                                        <strong>{v.version.clone()}</strong> " · " {format_utc(v.published_at)} " · "
                                        {v.campaigns} " " {t!(i18n, operator.campaigns_using)} " "
                                        <button type="button" class="link-button export-button" on:click=move |_| {
                                            let version = version.clone();
                                            leptos::task::spawn_local(async move {
                                                if let Ok(doc) = operator_export_questionnaire(version.clone()).await {
                                                    exported.set(Some((version, doc)));
                                                }
                                            });
                                        }>{t!(i18n, operator.export)}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })
                })}
            </Suspense>
            {move || exported.get().map(|(version, doc)| {
                let href = crate::components::download::data_url("application/json", &doc);
                view! {
                    <p><a href=href download=format!("spindel-questionnaire-{version}.json") class="button secondary" id="export-download">
                        {t!(i18n, operator.download_json)} " " {version.clone()}
                    </a></p>
                }
            })}
            <ActionForm action=import attr:class="stack" attr:id="import-form">
                <FormError message=import_error/>
                <label for="import-doc">{t!(i18n, operator.import_label)}</label>
                <textarea id="import-doc" name="document" rows="6" required aria-describedby="import-hint"></textarea>
                <p class="hint" id="import-hint">{t!(i18n, operator.import_hint)}</p>
                <button type="submit" class="button">{t!(i18n, operator.import)}</button>
                <p role="status" class="ok">
                    {move || match import.value().get() { Some(Ok(v)) => Some(format!("✓ {v}")), _ => None }}
                </p>
            </ActionForm>
        </section>
    }
}
