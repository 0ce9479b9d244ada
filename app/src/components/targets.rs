//! Targets (målbild) as an organisation's targets page and a collaboration's
//! collective targets show them: a form row per strategy and the history.

use crate::benchmark::TargetView;
use crate::components::figures::{STRATEGIES, strategy_label};
use crate::domain::dates::format_utc;
use crate::i18n::*;
use crate::plan::TargetChange;
use leptos::prelude::*;

/// A table row per strategy with inputs for its level and year, filled in
/// from `current`. The ids start with `prefix` (`{prefix}-name-s1`,
/// `{prefix}-level-s1`, `{prefix}-year-s1`); each input is labelled by its
/// row's name and the table's `{prefix}-col-level` or `{prefix}-col-year`
/// header. The fields are `level_s1`, `year_s1` and so on.
#[component]
pub fn TargetInputRows(
    prefix: &'static str,
    current: Vec<TargetView>,
    #[prop(optional)] disabled: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    STRATEGIES
        .iter()
        .map(|s| {
            let cur = current.iter().find(|c| c.strategy == *s).cloned();
            let level = cur.as_ref().map(|c| c.level.to_string()).unwrap_or_default();
            let year = cur.as_ref().map(|c| c.target_year.to_string()).unwrap_or_default();
            let lower = s.to_lowercase();
            view! {
                <tr>
                    <th scope="row" id=format!("{prefix}-name-{lower}")>{move || strategy_label(i18n, s)}</th>
                    <td>
                        <input id=format!("{prefix}-level-{lower}") name=format!("level_{lower}") value=level
                            type="number" min="1" max="10" step="0.5" disabled=disabled
                            aria-labelledby=format!("{prefix}-name-{lower} {prefix}-col-level")/>
                    </td>
                    <td>
                        <input id=format!("{prefix}-year-{lower}") name=format!("year_{lower}") value=year
                            type="number" min="2000" max="2100" step="1" disabled=disabled
                            aria-labelledby=format!("{prefix}-name-{lower} {prefix}-col-year")/>
                    </td>
                </tr>
            }
        })
        .collect_view()
}

/// The head of a table of target changes: when, strategy, level, year, by
/// whom (the rows: [`TargetHistoryRows`]).
#[component]
pub fn TargetHistoryHead() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <thead>
            <tr>
                <th scope="col">{t!(i18n, targets.col_when)}</th>
                <th scope="col">{t!(i18n, dash.col_dimension)}</th>
                <th scope="col">{t!(i18n, targets.col_level)}</th>
                <th scope="col">{t!(i18n, targets.col_year)}</th>
                <th scope="col">{t!(i18n, targets.col_by)}</th>
            </tr>
        </thead>
    }
}

/// A table row per target change, in the order given (the head:
/// [`TargetHistoryHead`]).
#[component]
pub fn TargetHistoryRows(history: Vec<TargetChange>) -> impl IntoView {
    history
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
        .collect_view()
}
