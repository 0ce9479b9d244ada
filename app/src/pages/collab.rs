//! Collaborations: the reader's list (create one, see invitations), the
//! collaboration dashboard (collective k-safe figures, coordinator tools) and
//! an organisation's collaborations (accept, decline, consent, leave).

use crate::AppError;
use crate::api::collab::{
    CreateCollaboration, InviteOrg, LeaveCollaboration, RemoveMember, RespondInvitation,
    SaveCollabTargets, SetConsent, collaboration_dashboard, list_collaborations,
    org_collaborations, search_orgs,
};
use crate::api::org::get_org_profile;
use crate::charts::{ChartSpec, Series};
use crate::collab::{CollabDashboard, CollabSummary, DIMS};
use crate::components::chart::{ChartFigure, SpiderChart};
use crate::domain::dates::format_utc;
use crate::domain::roles::OrgRole;
use crate::i18n::*;
use crate::pages::auth::FormError;
use crate::pages::results::strategy_label;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

const STRATS: [&str; 6] = ["S1", "S2", "S3", "S4", "S5", "S6"];

fn f1(v: f64) -> String {
    format!("{v:.1}")
}

#[component]
fn ErrorView(e: AppError) -> impl IntoView {
    let i18n = use_i18n();
    match e {
        AppError::Unauthorized => view! {
            <p role="alert">{t!(i18n, dash.sign_in_needed)} " " <a href="/sign-in">{t!(i18n, nav.sign_in)}</a></p>
        }
        .into_any(),
        _ => view! { <p role="alert" id="collab-not-found">{t!(i18n, dash.not_found)}</p> }.into_any(),
    }
}

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
        <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
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
                    Err(e) => view! { <ErrorView e=e/> }.into_any(),
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

/// `/orgs/:id/collaborations`: the organisation's invitations and
/// memberships; its admins accept, decline, choose consent and leave.
#[component]
pub fn OrgCollabsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let org_id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    let respond = ServerAction::<RespondInvitation>::new();
    let consent = ServerAction::<SetConsent>::new();
    let leave = ServerAction::<LeaveCollaboration>::new();
    let error = Signal::derive(move || {
        [
            respond.value().get(),
            consent.value().get(),
            leave.value().get(),
        ]
        .into_iter()
        .find_map(|v| match v {
            Some(Err(e)) => Some(e.public_message()),
            _ => None,
        })
    });
    let saved = Signal::derive(move || {
        [
            respond.value().get(),
            consent.value().get(),
            leave.value().get(),
        ]
        .iter()
        .any(|v| matches!(v, Some(Ok(()))))
    });
    let data = Resource::new(
        move || {
            (
                org_id.get(),
                respond.version().get(),
                consent.version().get(),
                leave.version().get(),
            )
        },
        |(id, ..)| async move {
            let id = id.ok_or(AppError::NotFound)?;
            let profile = get_org_profile(id).await?;
            let list = org_collaborations(id).await?;
            Ok::<_, AppError>((profile, list))
        },
    );
    view! {
        <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((p, list)) => {
                        let admin = p.your_role == OrgRole::OrgAdmin;
                        let rows = list
                            .into_iter()
                            .map(|c| {
                                let (cid, oid) = (c.collab_id, p.id);
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
                    Err(e) => view! { <ErrorView e=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/collaborations/:id`: the collaboration dashboard.
#[component]
pub fn CollabPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    let invite = ServerAction::<InviteOrg>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let targets = ServerAction::<SaveCollabTargets>::new();
    let data = Resource::new(
        move || {
            (
                id.get(),
                invite.version().get(),
                remove.version().get(),
                targets.version().get(),
            )
        },
        |(id, ..)| async move { collaboration_dashboard(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <Suspense fallback=|| view! { <p aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        let coordinators = d.coordinators.join(", ");
                        view! {
                            <Title text=format!("{} – {}", d.name, t_string!(i18n, collab.title))/>
                            <p><a href="/collaborations">{t!(i18n, collab.back)}</a></p>
                            <h1 id="collab-name-title">{d.name.clone()}</h1>
                            <p>{t!(i18n, collab.coordinated_by)} " " {coordinators}</p>
                            <Members d=d.clone()/>
                            <Collective d=d.clone()/>
                            <CollabSpider d=d.clone()/>
                            <Spread d=d.clone()/>
                            <Progress d=d.clone()/>
                            {d.is_coordinator.then(|| view! {
                                <Manage d=d.clone() invite=invite remove=remove targets=targets/>
                            })}
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorView e=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Members(d: CollabDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let unnamed = d.unnamed_members;
    view! {
        <section aria-labelledby="members-h">
            <h2 id="members-h">{t!(i18n, collab.members_title)}</h2>
            <ul id="named-members">
                {d.named_members
                    .iter()
                    .map(|m| {
                        let own = m.own;
                        view! {
                            <li class="named-member">
                                {m.name.clone()}
                                {own.then(|| view! { " (" {t!(i18n, collab.yours)} ")" })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p id="unnamed-members" data-count=unnamed>
                {t!(i18n, collab.unnamed_count, count = move || unnamed)}
            </p>
            <p class="muted">{t!(i18n, collab.anonymity_note, min = move || d.min_orgs)}</p>
        </section>
    }
}

fn dim_value(d: &CollabDashboard, year_idx: usize, dim: &str) -> Option<f64> {
    d.collective
        .get(year_idx)
        .and_then(|y| y.dim(dim))
        .map(|x| x.mean)
}

#[component]
fn Collective(d: CollabDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let with_figures: Vec<usize> = (0..d.collective.len())
        .filter(|i| !d.collective[*i].dims.is_empty())
        .collect();
    if with_figures.is_empty() {
        let min = d.min_orgs;
        return view! {
            <section aria-labelledby="collective-h">
                <h2 id="collective-h">{t!(i18n, collab.collective_title)}</h2>
                <p class="notice" id="collective-none">{t!(i18n, collab.no_collective, min = move || min)}</p>
            </section>
        }
        .into_any();
    }
    let years: Vec<String> = with_figures
        .iter()
        .map(|i| d.collective[*i].year.to_string())
        .collect();
    let series_of = |dim: &str| -> Vec<Option<f64>> {
        with_figures
            .iter()
            .map(|i| dim_value(&d, *i, dim))
            .collect()
    };
    let index = series_of("INDEX");
    let strat: Vec<(String, Vec<Option<f64>>)> = STRATS
        .iter()
        .map(|s| (s.to_string(), series_of(s)))
        .collect();
    let (y1, y2) = (years.clone(), years.clone());
    let index_spec = Signal::derive(move || ChartSpec::Lines {
        x: y1.clone(),
        series: vec![(
            t_string!(i18n, collab.collective_index).to_string(),
            index.clone(),
        )],
        y_max: 100.0,
    });
    let strat_spec = Signal::derive(move || ChartSpec::Lines {
        x: y2.clone(),
        series: strat.clone(),
        y_max: 10.0,
    });
    let rows = with_figures
        .iter()
        .map(|i| {
            let y = &d.collective[*i];
            let cells = DIMS
                .iter()
                .map(|dim| view! { <td>{y.dim(dim).map(|x| f1(x.mean)).unwrap_or_else(|| "–".into())}</td> })
                .collect_view();
            let members = y.dim("INDEX").map(|x| x.members.to_string()).unwrap_or_else(|| "–".into());
            let left_out = y.left_out;
            view! { <tr><th scope="row">{y.year}</th>{cells}<td>{members}</td><td>{left_out}</td></tr> }
        })
        .collect_view();
    let table = view! {
        <table id="collective-table">
            <caption>{t!(i18n, collab.collective_caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, dash.col_year)}</th>
                    <th scope="col">{t!(i18n, dash.index)}</th>
                    {STRATS.iter().map(|s| view! { <th scope="col">{*s}</th> }).collect_view()}
                    <th scope="col">{t!(i18n, collab.col_members)}</th>
                    <th scope="col">{t!(i18n, collab.col_left_out)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    };
    view! {
        <section aria-labelledby="collective-h">
            <h2 id="collective-h">{t!(i18n, collab.collective_title)}</h2>
            <div class="chart-pair">
                <ChartFigure
                    id="collab-trend"
                    caption=Signal::derive(move || t_string!(i18n, collab.trend_caption).to_string())
                    table_label=Signal::derive(move || t_string!(i18n, dash.data_table).to_string())
                    spec=index_spec
                    height=280
                >
                    {table}
                </ChartFigure>
                <ChartFigure
                    id="collab-trend-strategies"
                    caption=Signal::derive(move || t_string!(i18n, collab.trend_strategies).to_string())
                    table_label=Signal::derive(move || t_string!(i18n, dash.data_table).to_string())
                    spec=strat_spec
                    height=280
                >
                    <p>{t!(i18n, collab.trend_caption)}</p>
                </ChartFigure>
            </div>
        </section>
    }
    .into_any()
}

/// Spider chart: the collective of the latest year with figures, the
/// collective target, and every member the reader may see by name.
#[component]
fn CollabSpider(d: CollabDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let Some(latest) = d
        .collective
        .iter()
        .rev()
        .find(|y| !y.dims.is_empty())
        .cloned()
    else {
        return ().into_any();
    };
    let year = latest.year;
    let collective: Vec<f64> = STRATS
        .iter()
        .map(|s| latest.dim(s).map(|x| x.mean).unwrap_or(0.0))
        .collect();
    let target: Option<Vec<f64>> = (!d.targets.is_empty()).then(|| {
        STRATS
            .iter()
            .map(|s| {
                d.targets
                    .iter()
                    .find(|t| t.strategy == *s)
                    .map(|t| t.level)
                    .unwrap_or(0.0)
            })
            .collect()
    });
    let members: Vec<Series> = d
        .named_members
        .iter()
        .filter_map(|m| {
            let (_, vals) = m.years.iter().find(|(y, _)| *y == year)?;
            Some(Series {
                name: m.name.clone(),
                values: STRATS
                    .iter()
                    .map(|s| {
                        vals.iter()
                            .find(|(k, _)| k == s)
                            .map(|(_, v)| *v)
                            .unwrap_or(0.0)
                    })
                    .collect(),
            })
        })
        .collect();
    let axes = Signal::derive(move || {
        STRATS
            .iter()
            .map(|s| strategy_label(i18n, s))
            .collect::<Vec<_>>()
    });
    let labels = Signal::derive(|| STRATS.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    let series = Signal::derive(move || {
        let mut v = vec![Series {
            name: t_string!(i18n, collab.collective).to_string(),
            values: collective.clone(),
        }];
        if let Some(t) = &target {
            v.push(Series {
                name: t_string!(i18n, collab.collective_target).to_string(),
                values: t.clone(),
            });
        }
        v.extend(members.iter().cloned());
        v
    });
    view! {
        <section aria-labelledby="collab-spider-h">
            <h2 id="collab-spider-h">{t!(i18n, collab.spider_title, year = move || year)}</h2>
            <SpiderChart
                id="collab-spider"
                caption=Signal::derive(move || t_string!(i18n, collab.spider_caption).to_string())
                table_label=Signal::derive(move || t_string!(i18n, dash.data_table).to_string())
                axis_header=Signal::derive(move || t_string!(i18n, home.col_strategy).to_string())
                axes=axes
                series=series
                labels=labels
            />
        </section>
    }
    .into_any()
}

/// Member spread per strategy in the latest year with figures.
#[component]
fn Spread(d: CollabDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let Some(latest) = d
        .collective
        .iter()
        .rev()
        .find(|y| !y.dims.is_empty())
        .cloned()
    else {
        return ().into_any();
    };
    let dims: Vec<crate::collab::CollectiveDim> = STRATS
        .iter()
        .filter_map(|s| latest.dim(s).cloned())
        .collect();
    if dims.is_empty() {
        return ().into_any();
    }
    let year = latest.year;
    let categories: Vec<String> = dims.iter().map(|x| x.dimension.clone()).collect();
    let boxes: Vec<[f64; 5]> = dims
        .iter()
        .map(|x| [x.min, x.q1, x.median, x.q3, x.max])
        .collect();
    let own: Vec<Option<f64>> = dims
        .iter()
        .map(|x| {
            d.targets
                .iter()
                .find(|t| t.strategy == x.dimension)
                .map(|t| t.level)
        })
        .collect();
    let spec = Signal::derive(move || ChartSpec::Boxes {
        categories: categories.clone(),
        boxes: boxes.clone(),
        own: own.clone(),
        own_name: t_string!(i18n, collab.collective_target).to_string(),
        peers_name: t_string!(i18n, collab.members_spread).to_string(),
    });
    let rows = dims
        .iter()
        .map(|x| {
            let dim = x.dimension.clone();
            view! {
                <tr>
                    <th scope="row">{move || strategy_label(i18n, &dim)}</th>
                    <td>{x.members}</td>
                    <td>{f1(x.min)}</td>
                    <td>{f1(x.median)}</td>
                    <td>{f1(x.max)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="spread-h">
            <h2 id="spread-h">{t!(i18n, collab.spread_title, year = move || year)}</h2>
            <ChartFigure
                id="collab-spread"
                caption=Signal::derive(move || t_string!(i18n, collab.spread_caption).to_string())
                table_label=Signal::derive(move || t_string!(i18n, dash.data_table).to_string())
                spec=spec
            >
                <table id="spread-table">
                    <caption>{t!(i18n, collab.spread_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, home.col_strategy)}</th>
                            <th scope="col">{t!(i18n, collab.col_members)}</th>
                            <th scope="col">{t!(i18n, collab.col_min)}</th>
                            <th scope="col">{t!(i18n, dash.col_median)}</th>
                            <th scope="col">{t!(i18n, collab.col_max)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </ChartFigure>
        </section>
    }
    .into_any()
}

/// Collective targets and progress; targets members share with the collaboration.
#[component]
fn Progress(d: CollabDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let progress = if d.progress.is_empty() {
        view! { <p class="muted" id="collab-targets-none">{t!(i18n, collab.no_targets)}</p> }
            .into_any()
    } else {
        let rows = d
            .progress
            .iter()
            .map(|p| {
                let s = p.strategy.clone();
                view! {
                    <tr>
                        <th scope="row">{move || strategy_label(i18n, &s)}</th>
                        <td>{f1(p.level)} " (" {p.target_year} ")"</td>
                        <td>{p.baseline.map(|(y, v)| format!("{} ({y})", f1(v))).unwrap_or_else(|| "–".into())}</td>
                        <td>{p.latest.map(|(y, v)| format!("{} ({y})", f1(v))).unwrap_or_else(|| "–".into())}</td>
                        <td>{p.latest.map(|(_, v)| f1(p.level - v)).unwrap_or_else(|| "–".into())}</td>
                        <td>{p.progress.map(|x| format!("{x:.0} %")).unwrap_or_else(|| "–".into())}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table id="progress-table">
                <caption>{t!(i18n, collab.progress_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, home.col_strategy)}</th>
                        <th scope="col">{t!(i18n, collab.col_target)}</th>
                        <th scope="col">{t!(i18n, collab.col_baseline)}</th>
                        <th scope="col">{t!(i18n, collab.col_latest)}</th>
                        <th scope="col">{t!(i18n, dash.col_gap)}</th>
                        <th scope="col">{t!(i18n, collab.col_progress)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let shared = (!d.shared_targets.is_empty()).then(|| {
        let rows = d
            .shared_targets
            .iter()
            .map(|m| {
                let cells = STRATS
                    .iter()
                    .map(|s| {
                        view! {
                            <td>{m.targets.iter().find(|t| t.strategy == *s)
                                .map(|t| format!("{} ({})", f1(t.level), t.target_year))
                                .unwrap_or_else(|| "–".into())}</td>
                        }
                    })
                    .collect_view();
                view! { <tr><th scope="row">{m.name.clone()}</th>{cells}</tr> }
            })
            .collect_view();
        let plan_rows = d
            .shared_targets
            .iter()
            .flat_map(|m| {
                m.activities
                    .iter()
                    .map(move |a| (m.name.clone(), a.clone()))
            })
            .map(|(name, a)| {
                view! {
                    <tr>
                        <th scope="row">{name}</th>
                        <td>{a.title}</td>
                        <td>{a.strategy}</td>
                        <td>{a.year}</td>
                        <td>{crate::pages::plan::status_label(i18n, &a.status)}</td>
                    </tr>
                }
            })
            .collect::<Vec<_>>();
        let plans = (!plan_rows.is_empty()).then(|| {
            view! {
                <table id="shared-plans">
                    <caption>{t!(i18n, collab.shared_plan_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, collab.col_org)}</th>
                            <th scope="col">{t!(i18n, plan.col_title)}</th>
                            <th scope="col">{t!(i18n, plan.col_strategy)}</th>
                            <th scope="col">{t!(i18n, plan.col_year)}</th>
                            <th scope="col">{t!(i18n, plan.col_status)}</th>
                        </tr>
                    </thead>
                    <tbody>{plan_rows}</tbody>
                </table>
            }
        });
        view! {
            <table id="shared-targets">
                <caption>{t!(i18n, collab.shared_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, collab.col_org)}</th>
                        {STRATS.iter().map(|s| view! { <th scope="col">{*s}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {plans}
        }
    });
    let has_history = !d.target_history.is_empty();
    let history = d
        .target_history
        .iter()
        .map(|h| {
            view! {
                <tr>
                    <td>{format_utc(h.set_at)}</td>
                    <td>{h.strategy.clone()}</td>
                    <td>{h.level}</td>
                    <td>{h.target_year}</td>
                    <td>{h.set_by.clone().unwrap_or_else(|| "–".into())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="progress-h">
            <h2 id="progress-h">{t!(i18n, collab.progress_title)}</h2>
            {progress}
            {shared}
            {has_history.then(|| view! {
                <table id="collab-targets-history">
                    <caption>{t!(i18n, targets.history)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, targets.col_when)}</th>
                            <th scope="col">{t!(i18n, dash.col_dimension)}</th>
                            <th scope="col">{t!(i18n, targets.col_level)}</th>
                            <th scope="col">{t!(i18n, targets.col_year)}</th>
                            <th scope="col">{t!(i18n, targets.col_by)}</th>
                        </tr>
                    </thead>
                    <tbody>{history}</tbody>
                </table>
            })}
        </section>
    }
}

/// Coordinator tools: invite, withdraw, remove, collective targets.
#[component]
fn Manage(
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
    let target_rows = STRATS
        .iter()
        .map(|s| {
            let cur = d.targets.iter().find(|c| c.strategy == *s).cloned();
            let level = cur.as_ref().map(|c| c.level.to_string()).unwrap_or_default();
            let year = cur.as_ref().map(|c| c.target_year.to_string()).unwrap_or_default();
            let lower = s.to_lowercase();
            view! {
                <tr>
                    <th scope="row" id=format!("ct-name-{lower}")>{move || strategy_label(i18n, s)}</th>
                    <td>
                        <input id=format!("ct-level-{lower}") name=format!("level_{lower}") value=level
                            type="number" min="1" max="10" step="0.5"
                            aria-labelledby=format!("ct-name-{lower} ct-col-level")/>
                    </td>
                    <td>
                        <input id=format!("ct-year-{lower}") name=format!("year_{lower}") value=year
                            type="number" min="2000" max="2100" step="1"
                            aria-labelledby=format!("ct-name-{lower} ct-col-year")/>
                    </td>
                </tr>
            }
        })
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
                    <tbody>{target_rows}</tbody>
                </table>
                <p><button type="submit" class="button" id="collab-targets-save">{t!(i18n, targets.save)}</button></p>
            </ActionForm>
        </section>
    }
}
