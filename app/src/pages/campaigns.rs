//! Campaign administration: create, open, issue invitations, follow the
//! response count (counts only while open), close.

use crate::AppError;
use crate::api::campaigns::{
    CreateCampaign, InviteByEmail, IssueTokens, SendReminders, SetCampaignState, SetHeadcounts,
    list_campaigns, questionnaire_versions,
};
use crate::i18n::*;
use crate::pages::auth::FormError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn err_text(v: Option<Result<impl Clone, AppError>>) -> Option<String> {
    match v {
        Some(Err(e)) => Some(e.public_message()),
        _ => None,
    }
}

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let org_id =
        move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let create = ServerAction::<CreateCampaign>::new();
    let state = ServerAction::<SetCampaignState>::new();
    let tokens = ServerAction::<IssueTokens>::new();
    let invite = ServerAction::<InviteByEmail>::new();
    let remind = ServerAction::<SendReminders>::new();
    let headcounts = ServerAction::<SetHeadcounts>::new();
    let campaigns = Resource::new(
        move || {
            (
                org_id(),
                create.version().get(),
                state.version().get(),
                tokens.version().get(),
                invite.version().get() + remind.version().get() + headcounts.version().get(),
            )
        },
        |(id, ..)| list_campaigns(id),
    );
    let versions = Resource::new(|| (), |_| questionnaire_versions());
    view! {
        <Title text=move || format!("{} – Spindel", t_string!(i18n, campaigns.title))/>
        <p><a href=move || format!("/orgs/{}", org_id())>{t!(i18n, members.back)}</a></p>
        <h1>{t!(i18n, campaigns.title)}</h1>
        <FormError message=Signal::derive(move || {
            err_text(state.value().get())
                .or_else(|| err_text(tokens.value().get()))
                .or_else(|| err_text(invite.value().get()))
                .or_else(|| err_text(remind.value().get()))
                .or_else(|| err_text(headcounts.value().get()))
        })/>
        <p role="status" class="ok" id="mail-status">
            {move || match (invite.value().get(), remind.value().get(), headcounts.value().get()) {
                (Some(Ok(n)), _, _) => Some(t!(i18n, campaigns.invited, count = move || n).into_any()),
                (_, Some(Ok(n)), _) => Some(t!(i18n, campaigns.reminded, count = move || n).into_any()),
                (_, _, Some(Ok(()))) => Some(t!(i18n, campaigns.headcounts_saved).into_any()),
                _ => None,
            }}
        </p>
        <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match campaigns.await {
                    Ok(list) if list.is_empty() => view! { <p id="no-campaigns">{t!(i18n, campaigns.none)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="campaigns" id="campaign-list">
                            {list
                                .into_iter()
                                .map(|c| {
                                    let cid = c.id.to_string();
                                    let cid2 = cid.clone();
                                    let cid3 = cid.clone();
                                    let cid4 = cid.clone();
                                    let cid5 = cid.clone();
                                    let cid6 = cid.clone();
                                    let not_started = c.invitees_not_started;
                                    let heads_text = c
                                        .headcounts
                                        .iter()
                                        .map(|(d, n)| format!("{d}: {n}"))
                                        .collect::<Vec<_>>()
                                        .join("\n");
                                    let has_departments = !c.departments.is_empty();
                                    let over = (!c.over_headcount.is_empty()).then(|| c.over_headcount.join(", "));
                                    let refused = c.refused_starts;
                                    let refused_day = c.last_refused_on.clone().unwrap_or_default();
                                    let shared_strict = c.shared_starts > 0;
                                    let state_label = match c.state.as_str() {
                                        "open" => t_string!(i18n, campaigns.state_open),
                                        "closed" => t_string!(i18n, campaigns.state_closed),
                                        _ => t_string!(i18n, campaigns.state_draft),
                                    };
                                    let rate = c.response_rate.map(|r| format!("{r:.1} %")).unwrap_or_else(|| "–".into());
                                    let link = format!("/s/{}", c.shared_code);
                                    let is_draft = c.state == "draft";
                                    let is_open = c.state == "open";
                                    view! {
                                        <li class="campaign" data-campaign=c.id>
                                            <h2>{c.name.clone()} " · " {c.year}</h2>
                                            <dl class="facts">
                                                <dt>{t!(i18n, campaigns.state)}</dt>
                                                <dd class="campaign-state">{state_label}</dd>
                                                <dt>{t!(i18n, campaigns.version)}</dt>
                                                <dd>{c.version.clone()}</dd>
                                                <dt>{t!(i18n, campaigns.submitted)}</dt>
                                                <dd class="submitted-count">{c.submitted}</dd>
                                                <dt>{t!(i18n, campaigns.tokens)}</dt>
                                                <dd>{c.tokens_issued}</dd>
                                                <dt>{t!(i18n, campaigns.rate)}</dt>
                                                <dd>{rate}</dd>
                                                <dt>{t!(i18n, campaigns.link)}</dt>
                                                <dd><code class="shared-link">{link}</code></dd>
                                                <dt>{t!(i18n, campaigns.departments)}</dt>
                                                <dd>{c.departments.join(", ")}</dd>
                                            </dl>
                                            {is_open.then(|| view! { <p class="hint">{t!(i18n, campaigns.counts_only)}</p> })}
                                            {shared_strict.then(|| view! { <p class="hint shared-strict">{t!(i18n, campaigns.shared_strict)}</p> })}
                                            {over.map(|depts| view! {
                                                <p role="alert" class="warning over-headcount">{t!(i18n, campaigns.over_headcount, depts = move || depts.clone())}</p>
                                            })}
                                            {(refused > 0).then(|| view! {
                                                <p role="alert" class="warning refused-starts">
                                                    {t!(i18n, campaigns.refused, count = move || refused, day = move || refused_day.clone())}
                                                </p>
                                            })}
                                            <div class="row-actions">
                                                {is_draft.then(|| view! {
                                                    <ActionForm action=state attr:class="inline">
                                                        <input type="hidden" name="org_id" value=org_id/>
                                                        <input type="hidden" name="campaign_id" value=cid.clone()/>
                                                        <input type="hidden" name="to" value="open"/>
                                                        <button type="submit" class="button open-button">{t!(i18n, campaigns.open)}</button>
                                                    </ActionForm>
                                                })}
                                                {is_open.then(|| view! {
                                                    <ActionForm action=state attr:class="inline">
                                                        <input type="hidden" name="org_id" value=org_id/>
                                                        <input type="hidden" name="campaign_id" value=cid2.clone()/>
                                                        <input type="hidden" name="to" value="closed"/>
                                                        <button type="submit" class="button danger close-button">{t!(i18n, campaigns.close)}</button>
                                                    </ActionForm>
                                                })}
                                            </div>
                                            {(c.state != "closed").then(|| view! {
                                                <ActionForm action=tokens attr:class="stack tokens-form">
                                                    <input type="hidden" name="org_id" value=org_id/>
                                                    <input type="hidden" name="campaign_id" value=cid3.clone()/>
                                                    <label for=format!("tokens-{}", cid3)>{t!(i18n, campaigns.token_count)}</label>
                                                    <input id=format!("tokens-{}", cid3) name="count" type="number" min="1" max="5000" value="10" required/>
                                                    <button type="submit" class="button secondary">{t!(i18n, campaigns.issue)}</button>
                                                </ActionForm>
                                            })}
                                            {(c.state != "closed").then(|| view! {
                                                <ActionForm action=invite attr:class="stack invite-emails-form">
                                                    <input type="hidden" name="org_id" value=org_id/>
                                                    <input type="hidden" name="campaign_id" value=cid4.clone()/>
                                                    <label for=format!("emails-{}", cid4)>{t!(i18n, campaigns.emails)}</label>
                                                    <textarea id=format!("emails-{}", cid4) name="emails" rows="3" required></textarea>
                                                    <button type="submit" class="button secondary">{t!(i18n, campaigns.send_invitations)}</button>
                                                </ActionForm>
                                            })}
                                            {has_departments.then(|| view! {
                                                <ActionForm action=headcounts attr:class="stack headcounts-form">
                                                    <input type="hidden" name="org_id" value=org_id/>
                                                    <input type="hidden" name="campaign_id" value=cid6.clone()/>
                                                    <label for=format!("heads-{}", cid6)>{t!(i18n, campaigns.headcounts)}</label>
                                                    // The value property too: after a save the list is
                                                    // rebuilt in place, and a typed-in textarea ignores a
                                                    // new text content.
                                                    <textarea id=format!("heads-{}", cid6) name="headcounts" rows="3"
                                                        prop:value=heads_text.clone()
                                                        aria-describedby=format!("heads-hint-{}", cid6)>{heads_text.clone()}</textarea>
                                                    <p class="hint" id=format!("heads-hint-{}", cid6)>{t!(i18n, campaigns.headcounts_hint)}</p>
                                                    <button type="submit" class="button secondary">{t!(i18n, campaigns.save_headcounts)}</button>
                                                </ActionForm>
                                            })}
                                            {(is_open && not_started > 0).then(|| view! {
                                                <ActionForm action=remind attr:class="inline remind-form">
                                                    <input type="hidden" name="org_id" value=org_id/>
                                                    <input type="hidden" name="campaign_id" value=cid5.clone()/>
                                                    <button type="submit" class="button secondary remind-button">
                                                        {t!(i18n, campaigns.remind, count = move || not_started)}
                                                    </button>
                                                </ActionForm>
                                            })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any(),
                    Err(_) => view! { <p role="alert">{t!(i18n, org.not_found)}</p> }.into_any(),
                }
            })}
        </Suspense>
        {move || {
            tokens.value().get().and_then(|r| r.ok()).map(|csv| {
                let href = crate::components::download::data_url("text/csv", &csv);
                view! {
                    <section class="tokens-result" aria-labelledby="tokens-h">
                        <h2 id="tokens-h">{t!(i18n, campaigns.tokens_ready)}</h2>
                        <p>{t!(i18n, campaigns.tokens_once)}</p>
                        <p><a href=href download="spindel-invitations.csv" class="button" id="tokens-download">{t!(i18n, campaigns.download)}</a></p>
                        <label for="tokens-csv">"CSV"</label>
                        <textarea id="tokens-csv" rows="6" readonly>{csv}</textarea>
                    </section>
                }
            })
        }}
        <section class="narrow" aria-labelledby="new-h">
            <h2 id="new-h">{t!(i18n, campaigns.new_title)}</h2>
            <ActionForm action=create attr:class="stack" attr:id="new-campaign-form">
                <FormError message=Signal::derive(move || err_text(create.value().get()))/>
                <input type="hidden" name="org_id" value=org_id/>
                <label for="nc-name">{t!(i18n, campaigns.name)}</label>
                <input id="nc-name" name="name" required maxlength="120"/>
                <label for="nc-year">{t!(i18n, campaigns.year)}</label>
                <input id="nc-year" name="year" type="number" min="2000" max="2100" value="2026" required/>
                <label for="nc-version">{t!(i18n, campaigns.version)}</label>
                <select id="nc-version" name="version_id">
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            versions.await.unwrap_or_default().into_iter().rev()
                                .map(|v| view! { <option value=v.id.to_string()>{v.version}</option> })
                                .collect_view()
                        })}
                    </Suspense>
                </select>
                <label for="nc-depts">{t!(i18n, campaigns.departments)}</label>
                <textarea id="nc-depts" name="departments" rows="5" aria-describedby="nc-depts-hint"></textarea>
                <p class="hint" id="nc-depts-hint">{t!(i18n, campaigns.departments_hint)}</p>
                <button type="submit" class="button">{t!(i18n, campaigns.create)}</button>
            </ActionForm>
        </section>
    }
}
