//! An organisation's own pages (members only).

use crate::AppError;
use crate::api::org::{UpdateOrgProfile, get_org_profile};
use crate::domain::roles::OrgRole;
use crate::i18n::*;
use crate::pages::auth::FormError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OrgPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let org_id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()));
    let update = ServerAction::<UpdateOrgProfile>::new();
    let update_error = Signal::derive(move || match update.value().get() {
        Some(Err(e)) => Some(e.public_message()),
        _ => None,
    });
    let profile = Resource::new(
        move || (org_id(), update.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_org_profile(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(p) => {
                        let role = match p.your_role {
                            OrgRole::OrgAdmin => t_string!(i18n, org.role_org_admin),
                            OrgRole::Leader => t_string!(i18n, org.role_leader),
                        };
                        let named = if p.named_benchmarking {
                            t_string!(i18n, org.named_yes)
                        } else {
                            t_string!(i18n, org.named_no)
                        };
                        view! {
                            <Title text=format!("{} – Spindel", p.name)/>
                            <h1 id="org-name">{p.name.clone()}</h1>
                            <section aria-labelledby="profile-title">
                                <h2 id="profile-title">{t!(i18n, org.profile)}</h2>
                                <dl class="facts">
                                    <dt>{t!(i18n, org.country)}</dt>
                                    <dd>{p.country.clone()}</dd>
                                    <dt>{t!(i18n, org.kind)}</dt>
                                    <dd>{p.kind.clone()}</dd>
                                    <dt>{t!(i18n, org.population)}</dt>
                                    <dd>{p.population}</dd>
                                    <dt>{t!(i18n, org.size_band)}</dt>
                                    <dd>{p.size_band.clone()}</dd>
                                    <dt>{t!(i18n, org.ambition)}</dt>
                                    <dd>{p.ambition.clone()}</dd>
                                    <dt>{t!(i18n, org.named)}</dt>
                                    <dd>{named}</dd>
                                    <dt>{t!(i18n, org.your_role)}</dt>
                                    <dd id="org-role">{role}</dd>
                                </dl>
                                <p class="subnav">
                                    <a href=format!("/orgs/{}/dashboard", p.id) id="dashboard-link">{t!(i18n, dash.link)}</a>
                                    <a href=format!("/orgs/{}/benchmark", p.id) id="benchmark-link">{t!(i18n, dash.benchmark_link)}</a>
                                    <a href=format!("/orgs/{}/report", p.id) id="report-link">{t!(i18n, dash.report_link)}</a>
                                    <a href=format!("/orgs/{}/targets", p.id) id="targets-link">{t!(i18n, targets.link)}</a>
                                    <a href=format!("/orgs/{}/collaborations", p.id) id="org-collab-link">{t!(i18n, collab.nav)}</a>
                                    <a href=format!("/orgs/{}/plan", p.id) id="plan-link">{t!(i18n, plan.link)}</a>
                                </p>
                                {(p.your_role == OrgRole::OrgAdmin)
                                    .then(|| {
                                        let id = p.id.to_string();
                                        let pop = p.population.to_string();
                                        view! {
                                            <details class="edit-profile">
                                                <summary>{t!(i18n, org.edit_profile)}</summary>
                                                <ActionForm action=update attr:class="stack" attr:id="profile-edit-form">
                                                    <FormError message=update_error/>
                                                    <input type="hidden" name="org_id" value=id/>
                                                    <label for="pe-name">{t!(i18n, signup.org_name)}</label>
                                                    <input id="pe-name" name="name" value=p.name.clone() required maxlength="200"/>
                                                    <label for="pe-country">{t!(i18n, signup.country)}</label>
                                                    <select id="pe-country" name="country">
                                                        <option value="SE" selected=p.country == "SE">{t!(i18n, country.se)}</option>
                                                        <option value="DK" selected=p.country == "DK">{t!(i18n, country.dk)}</option>
                                                        <option value="NL" selected=p.country == "NL">{t!(i18n, country.nl)}</option>
                                                    </select>
                                                    <label for="pe-kind">{t!(i18n, signup.kind)}</label>
                                                    <select id="pe-kind" name="kind">
                                                        <option value="municipality" selected=p.kind == "municipality">{t!(i18n, signup.kind_municipality)}</option>
                                                        <option value="region" selected=p.kind == "region">{t!(i18n, signup.kind_region)}</option>
                                                        <option value="agency" selected=p.kind == "agency">{t!(i18n, signup.kind_agency)}</option>
                                                        <option value="other" selected=p.kind == "other">{t!(i18n, signup.kind_other)}</option>
                                                    </select>
                                                    <label for="pe-pop">{t!(i18n, signup.population)}</label>
                                                    <input id="pe-pop" name="population" value=pop inputmode="numeric" required/>
                                                    <label for="pe-amb">{t!(i18n, signup.ambition)}</label>
                                                    <select id="pe-amb" name="ambition">
                                                        <option value="frontrunner" selected=p.ambition == "frontrunner">{t!(i18n, signup.ambition_frontrunner)}</option>
                                                        <option value="fast_follower" selected=p.ambition == "fast_follower">{t!(i18n, signup.ambition_fast_follower)}</option>
                                                        <option value="late_follower" selected=p.ambition == "late_follower">{t!(i18n, signup.ambition_late_follower)}</option>
                                                    </select>
                                                    <span class="check">
                                                        <input id="pe-named" type="checkbox" name="named_benchmarking" checked=p.named_benchmarking/>
                                                        <label for="pe-named">{t!(i18n, org.named_consent)}</label>
                                                    </span>
                                                    <button type="submit" class="button">{t!(i18n, account.save)}</button>
                                                </ActionForm>
                                            </details>
                                            <p>
                                                <a href=format!("/orgs/{}/members", p.id) id="members-link">
                                                    {t!(i18n, nav.members)}
                                                </a>
                                                " · "
                                                <a href=format!("/orgs/{}/campaigns", p.id) id="campaigns-link">
                                                    {t!(i18n, nav.campaigns)}
                                                </a>
                                            </p>
                                        }
                                    })}
                            </section>
                        }
                            .into_any()
                    }
                    Err(AppError::Unauthorized) => {
                        view! {
                            <p role="alert">
                                {t!(i18n, org.sign_in_needed)} " "
                                <a href="/sign-in">{t!(i18n, nav.sign_in)}</a>
                            </p>
                        }
                            .into_any()
                    }
                    Err(_) => view! { <p role="alert" id="org-error">{t!(i18n, org.not_found)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
