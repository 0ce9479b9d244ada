//! Targets (målbild): org admins set a level and a year per strategy; every
//! member sees them and their history.

use crate::AppError;
use crate::api::org::get_org_profile;
use crate::api::plan::{SaveTargets, get_targets};
use crate::domain::dates::format_utc;
use crate::domain::roles::OrgRole;
use crate::i18n::*;
use crate::pages::auth::FormError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

const STRATS: [&str; 6] = ["S1", "S2", "S3", "S4", "S5", "S6"];

#[component]
pub fn TargetsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let org_id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    let save = ServerAction::<SaveTargets>::new();
    let error = Signal::derive(move || match save.value().get() {
        Some(Err(e)) => Some(e.public_message()),
        _ => None,
    });
    let data = Resource::new(
        move || (org_id.get(), save.version().get()),
        |(id, _)| async move {
            let id = id.ok_or(AppError::NotFound)?;
            let profile = get_org_profile(id).await?;
            let targets = get_targets(id).await?;
            Ok::<_, AppError>((profile, targets))
        },
    );
    view! {
        <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((p, t)) => {
                        let admin = p.your_role == OrgRole::OrgAdmin;
                        let rows = STRATS
                            .iter()
                            .map(|s| {
                                let cur = t.current.iter().find(|c| c.strategy == *s).cloned();
                                let level = cur.as_ref().map(|c| c.level.to_string()).unwrap_or_default();
                                let year = cur.as_ref().map(|c| c.target_year.to_string()).unwrap_or_default();
                                let lower = s.to_lowercase();
                                let (lid, yid) = (format!("t-level-{lower}"), format!("t-year-{lower}"));
                                let name = move || crate::pages::results::strategy_label(i18n, s);
                                view! {
                                    <tr>
                                        <th scope="row" id=format!("t-name-{lower}")>{name}</th>
                                        <td>
                                            <input id=lid.clone() name=format!("level_{lower}") value=level
                                                type="number" min="1" max="10" step="0.5" disabled=!admin
                                                aria-labelledby=format!("t-name-{lower} t-col-level")/>
                                        </td>
                                        <td>
                                            <input id=yid.clone() name=format!("year_{lower}") value=year
                                                type="number" min="2000" max="2100" step="1" disabled=!admin
                                                aria-labelledby=format!("t-name-{lower} t-col-year")/>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        let history = if t.history.is_empty() {
                            view! { <p class="muted" id="targets-none">{t!(i18n, targets.none)}</p> }.into_any()
                        } else {
                            let rows = t
                                .history
                                .iter()
                                .map(|h| view! {
                                    <tr>
                                        <td>{format_utc(h.set_at)}</td>
                                        <td>{h.strategy.clone()}</td>
                                        <td>{h.level}</td>
                                        <td>{h.target_year}</td>
                                        <td>{h.set_by.clone().unwrap_or_else(|| "–".into())}</td>
                                    </tr>
                                })
                                .collect_view();
                            view! {
                                <table id="targets-history">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!(i18n, targets.col_when)}</th>
                                            <th scope="col">{t!(i18n, dash.col_dimension)}</th>
                                            <th scope="col">{t!(i18n, targets.col_level)}</th>
                                            <th scope="col">{t!(i18n, targets.col_year)}</th>
                                            <th scope="col">{t!(i18n, targets.col_by)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            }
                            .into_any()
                        };
                        let org = p.id.to_string();
                        view! {
                            <Title text=format!("{} – {}", p.name, t_string!(i18n, targets.title))/>
                            <h1 id="targets-title">{p.name.clone()} ": " {t!(i18n, targets.title)}</h1>
                            <p>{t!(i18n, targets.intro)}</p>
                            {(!admin).then(|| view! { <p class="notice">{t!(i18n, targets.admins_only)}</p> })}
                            <ActionForm action=save attr:id="targets-form">
                                <FormError message=error/>
                                <input type="hidden" name="org_id" value=org/>
                                <table>
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!(i18n, dash.col_dimension)}</th>
                                            <th scope="col" id="t-col-level">{t!(i18n, targets.col_level)}</th>
                                            <th scope="col" id="t-col-year">{t!(i18n, targets.col_year)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                                {admin.then(|| view! {
                                    <p><button type="submit" class="button" id="targets-save">{t!(i18n, targets.save)}</button></p>
                                })}
                                {move || save.value().get().and_then(|r| r.ok()).map(|n| view! {
                                    <p role="status" id="targets-saved">{t!(i18n, targets.saved, count = move || n)}</p>
                                })}
                            </ActionForm>
                            <h2>{t!(i18n, targets.history)}</h2>
                            {history}
                        }
                        .into_any()
                    }
                    Err(AppError::Unauthorized) => view! {
                        <p role="alert">{t!(i18n, dash.sign_in_needed)} " " <a href="/sign-in">{t!(i18n, nav.sign_in)}</a></p>
                    }
                    .into_any(),
                    Err(_) => view! { <p role="alert">{t!(i18n, dash.not_found)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
