//! The plan's words: labels of its codes, its server messages in the reader's
//! language, and how amounts and numbers are shown.

use crate::i18n::*;
use crate::plan::action::{self, format_amount};
use leptos_i18n::I18nContext;

pub(super) type I18n = I18nContext<Locale>;

pub(super) fn strategy_label(i18n: I18n, s: &str) -> String {
    crate::pages::results::strategy_label(i18n, s)
}

pub(super) fn funding_label(i18n: I18n, f: &str) -> String {
    match f {
        "investment" => t_string!(i18n, plan.funding_investment).to_string(),
        _ => t_string!(i18n, plan.funding_operating).to_string(),
    }
}

pub(crate) fn status_label(i18n: I18n, s: &str) -> String {
    match s {
        "planned" => t_string!(i18n, plan.status_planned).to_string(),
        "in_progress" => t_string!(i18n, plan.status_in_progress).to_string(),
        "done" => t_string!(i18n, plan.status_done).to_string(),
        _ => t_string!(i18n, plan.status_dropped).to_string(),
    }
}

pub(super) fn benefit_label(i18n: I18n, b: &str) -> String {
    match b {
        "productivity" => t_string!(i18n, plan.type_productivity).to_string(),
        "efficiency" => t_string!(i18n, plan.type_efficiency).to_string(),
        "quality" => t_string!(i18n, plan.type_quality).to_string(),
        "service" => t_string!(i18n, plan.type_service).to_string(),
        "innovation" => t_string!(i18n, plan.type_innovation).to_string(),
        _ => t_string!(i18n, plan.type_workplace).to_string(),
    }
}

pub(super) fn frequency_label(i18n: I18n, f: &str) -> String {
    match f {
        "monthly" => t_string!(i18n, plan.freq_monthly).to_string(),
        "quarterly" => t_string!(i18n, plan.freq_quarterly).to_string(),
        _ => t_string!(i18n, plan.freq_yearly).to_string(),
    }
}

/// A server message of this page in the reader's language (several
/// problems are separated by `action::SEP`).
pub(super) fn localize(i18n: I18n, msg: &str) -> String {
    msg.split(action::SEP)
        .map(|m| match m {
            action::E_TITLE => t_string!(i18n, plan.err_title).to_string(),
            action::E_DESCRIPTION => t_string!(i18n, plan.err_description).to_string(),
            action::E_STRATEGY => t_string!(i18n, plan.err_strategy).to_string(),
            action::E_YEAR => t_string!(i18n, plan.err_year).to_string(),
            action::E_OWNER => t_string!(i18n, plan.err_owner).to_string(),
            action::E_AMOUNT => t_string!(i18n, plan.err_amount).to_string(),
            action::E_FUNDING => t_string!(i18n, plan.err_funding).to_string(),
            action::E_STATUS => t_string!(i18n, plan.err_status).to_string(),
            action::E_BENEFIT_TYPE => t_string!(i18n, plan.err_benefit_type).to_string(),
            action::E_BENEFIT_TEXT => t_string!(i18n, plan.err_benefit_text).to_string(),
            action::E_CRITERIA => t_string!(i18n, plan.err_criteria).to_string(),
            action::E_SCOPE => t_string!(i18n, plan.err_scope).to_string(),
            action::E_KPI_NAME => t_string!(i18n, plan.err_kpi_name).to_string(),
            action::E_UNIT => t_string!(i18n, plan.err_unit).to_string(),
            action::E_BASELINE => t_string!(i18n, plan.err_baseline).to_string(),
            action::E_TARGET => t_string!(i18n, plan.err_target).to_string(),
            action::E_SAME => t_string!(i18n, plan.err_same).to_string(),
            action::E_FREQUENCY => t_string!(i18n, plan.err_frequency).to_string(),
            action::E_DATE => t_string!(i18n, plan.err_date).to_string(),
            action::E_VALUE => t_string!(i18n, plan.err_value).to_string(),
            action::E_SUGGESTION => t_string!(i18n, plan.err_suggestion).to_string(),
            other => crate::components::messages::localize(i18n, other),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn money(v: i64, currency: &Option<String>) -> String {
    match currency {
        Some(c) => format!("{} {c}", format_amount(v)),
        None => format_amount(v),
    }
}

pub(super) fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    /// Every server message of the plan has its own translation.
    #[test]
    fn every_plan_message_is_translated() {
        let src = include_str!("labels.rs");
        let consts = [
            "E_TITLE",
            "E_DESCRIPTION",
            "E_STRATEGY",
            "E_YEAR",
            "E_OWNER",
            "E_AMOUNT",
            "E_FUNDING",
            "E_STATUS",
            "E_BENEFIT_TYPE",
            "E_BENEFIT_TEXT",
            "E_CRITERIA",
            "E_SCOPE",
            "E_KPI_NAME",
            "E_UNIT",
            "E_BASELINE",
            "E_TARGET",
            "E_SAME",
            "E_FREQUENCY",
            "E_DATE",
            "E_VALUE",
            "E_SUGGESTION",
        ];
        assert_eq!(consts.len(), crate::plan::action::MESSAGES.len());
        for c in consts {
            assert!(src.contains(&format!("action::{c} =>")), "{c}");
        }
    }
}
