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
}
