//! Targets (målbild) per strategy, with their history. Action plans and
//! benefits realisation build on this (see the collaborations issue).

use serde::{Deserialize, Serialize};

pub mod action;
#[cfg(feature = "ssr")]
pub mod action_service;
#[cfg(feature = "ssr")]
pub mod service;

/// One strategy's target as the admin enters it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetInput {
    pub strategy: String,
    pub level: f64,
    pub target_year: i64,
}

/// A change in the target history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetChange {
    pub strategy: String,
    pub level: f64,
    pub target_year: i64,
    /// Unix seconds.
    pub set_at: i64,
    pub set_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Targets {
    pub current: Vec<crate::benchmark::TargetView>,
    pub history: Vec<TargetChange>,
}

/// Parse and check a target entry: strategy S1–S6, level 1–10 (half steps),
/// year 2000–2100. Empty level and year together mean "no target".
pub fn parse_target(
    strategy: &str,
    level: &str,
    year: &str,
) -> Result<Option<TargetInput>, String> {
    if !crate::scoring::score::STRATEGIES.contains(&strategy) {
        return Err("Unknown strategy.".into());
    }
    let (level, year) = (level.trim().replace(',', "."), year.trim());
    if level.is_empty() && year.is_empty() {
        return Ok(None);
    }
    let level: f64 = level
        .parse()
        .map_err(|_| format!("{strategy}: the target level must be a number from 1 to 10."))?;
    if !(1.0..=10.0).contains(&level) || (level * 2.0).fract() != 0.0 {
        return Err(format!(
            "{strategy}: the target level must be from 1 to 10, in steps of 0.5."
        ));
    }
    let target_year: i64 = year
        .parse()
        .map_err(|_| format!("{strategy}: enter the year the target should be reached."))?;
    if !(2000..=2100).contains(&target_year) {
        return Err(format!(
            "{strategy}: the target year must be between 2000 and 2100."
        ));
    }
    Ok(Some(TargetInput {
        strategy: strategy.to_owned(),
        level,
        target_year,
    }))
}

/// Parse a whole target form: one (level, year) pair per strategy, S1–S6 in
/// order. Every problem is reported at once; empty pairs are left out.
pub fn parse_target_form(pairs: [(&str, &str); 6]) -> Result<Vec<TargetInput>, String> {
    let mut input = Vec::new();
    let mut problems = Vec::new();
    for (strategy, (level, year)) in crate::scoring::score::STRATEGIES.iter().zip(pairs) {
        match parse_target(strategy, level, year) {
            Ok(Some(t)) => input.push(t),
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        Ok(input)
    } else {
        Err(problems.join(" "))
    }
}

/// The entries of `input` that differ from the current target of their
/// strategy (only those become new history rows).
pub fn changed_targets<'a>(
    current: &[crate::benchmark::TargetView],
    input: &'a [TargetInput],
) -> Vec<&'a TargetInput> {
    input
        .iter()
        .filter(|t| {
            !current.iter().any(|c| {
                c.strategy == t.strategy && c.level == t.level && c.target_year == t.target_year
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parse_target;

    #[test]
    fn targets_are_checked() {
        let t = parse_target("S3", " 7,5 ", "2028").unwrap().unwrap();
        assert_eq!((t.level, t.target_year), (7.5, 2028));
        assert_eq!(parse_target("S1", "", ""), Ok(None));
        assert!(parse_target("S7", "5", "2028").is_err());
        assert!(parse_target("S1", "11", "2028").is_err());
        assert!(parse_target("S1", "0.5", "2028").is_err());
        assert!(parse_target("S1", "6.3", "2028").is_err());
        assert!(parse_target("S1", "six", "2028").is_err());
        assert!(parse_target("S1", "6", "").is_err());
        assert!(parse_target("S1", "6", "1999").is_err());
    }

    #[test]
    fn a_target_form_reports_every_problem_and_skips_empty_pairs() {
        let ok = super::parse_target_form([
            ("5", "2027"),
            ("", ""),
            ("", ""),
            ("8.5", "2030"),
            ("", ""),
            ("", ""),
        ])
        .unwrap();
        let got: Vec<(&str, f64)> = ok.iter().map(|t| (t.strategy.as_str(), t.level)).collect();
        assert_eq!(got, vec![("S1", 5.0), ("S4", 8.5)]);
        let err = super::parse_target_form([
            ("11", "2027"),
            ("", ""),
            ("4", ""),
            ("", ""),
            ("", ""),
            ("", ""),
        ])
        .unwrap_err();
        assert!(err.starts_with("S1:") && err.contains(" S3:"), "{err}");
    }

    #[test]
    fn only_changed_targets_are_kept() {
        use crate::benchmark::TargetView;
        let current = vec![TargetView {
            strategy: "S1".into(),
            level: 5.0,
            target_year: 2027,
        }];
        let input = super::parse_target_form([
            ("5", "2027"),
            ("6", "2028"),
            ("", ""),
            ("", ""),
            ("", ""),
            ("", ""),
        ])
        .unwrap();
        let changed = super::changed_targets(&current, &input);
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].strategy, "S2");
    }
}
