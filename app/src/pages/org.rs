//! An organisation's own pages (members only).

use crate::AppError;
use crate::api::org::get_org_profile;
use crate::domain::roles::OrgRole;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OrgPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let org_id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()));
    let profile = Resource::new(org_id, |id| async move {
        match id {
            Some(id) => get_org_profile(id).await,
            None => Err(AppError::NotFound),
        }
    });
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
                                {(p.your_role == OrgRole::OrgAdmin)
                                    .then(|| {
                                        view! {
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
