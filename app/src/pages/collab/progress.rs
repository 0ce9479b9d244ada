//! The collaboration's collective targets with their progress, what members
//! share of their own targets and plans, and the history of the targets.

use crate::collab::CollabDashboard;
use crate::components::figures::{STRATEGIES, StrategyHeaders, f1, or_dash, strategy_label};
use crate::components::targets::{TargetHistoryHead, TargetHistoryRows};
use crate::i18n::*;
use leptos::prelude::*;

/// Collective targets and progress; targets members share with the collaboration.
#[component]
pub(super) fn Progress(d: CollabDashboard) -> impl IntoView {
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
                        <td>{or_dash(p.baseline.map(|(y, v)| format!("{} ({y})", f1(v))))}</td>
                        <td>{or_dash(p.latest.map(|(y, v)| format!("{} ({y})", f1(v))))}</td>
                        <td>{or_dash(p.latest.map(|(_, v)| f1(p.level - v)))}</td>
                        <td>{or_dash(p.progress.map(|x| format!("{x:.0} %")))}</td>
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
                let cells = STRATEGIES
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
                        <StrategyHeaders/>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {plans}
        }
    });
    let has_history = !d.target_history.is_empty();
    view! {
        <section aria-labelledby="progress-h">
            <h2 id="progress-h">{t!(i18n, collab.progress_title)}</h2>
            {progress}
            {shared}
            {has_history.then(|| view! {
                <table id="collab-targets-history">
                    <caption>{t!(i18n, targets.history)}</caption>
                    <TargetHistoryHead/>
                    <tbody><TargetHistoryRows history=d.target_history.clone()/></tbody>
                </table>
            })}
        </section>
    }
}
