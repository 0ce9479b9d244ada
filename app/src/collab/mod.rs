//! Collaborations (regional groups of organisations with a coordinator):
//! types shared with the browser, and the pure rules of the collective
//! figures. The service (server only) is in [`service`].
//!
//! Anonymity (see `docs/scoring.md`, "Collaborations"): a member's figures
//! enter the collaboration only as the k-safe totals of its closed campaigns
//! (through `scoring::gate`). A member that consented to be named is shown by
//! name with those totals. A member that did not consent is never shown on its
//! own, and is counted in a collective figure only when at least `min_orgs`
//! such members (other than the reader's own organisations) contribute to it
//! — otherwise subtracting the named members' figures from the collective
//! would give its figure.

use crate::benchmark::TargetView;
use crate::plan::TargetChange;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[cfg(feature = "ssr")]
pub mod service;

/// Dimensions of the collective figures.
pub const DIMS: [&str; 7] = ["INDEX", "S1", "S2", "S3", "S4", "S5", "S6"];

/// A collective figure needs at least this many contributing members.
pub const MIN_CONTRIBUTORS: usize = 2;

/// One collaboration in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollabSummary {
    pub id: i64,
    pub name: String,
    /// Members that accepted.
    pub members: i64,
    /// The reader's organisations that are members (empty for a coordinator
    /// that is not also a member).
    pub via: Vec<String>,
}

/// An invitation waiting for an org admin's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingInvite {
    pub collab_id: i64,
    pub collab_name: String,
    pub org_id: i64,
    pub org_name: String,
}

/// The reader's collaborations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollabList {
    pub coordinated: Vec<CollabSummary>,
    pub member_of: Vec<CollabSummary>,
    /// Invitations to organisations the reader administers.
    pub pending: Vec<PendingInvite>,
}

/// One collaboration as its member organisation sees it (org page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgCollab {
    pub collab_id: i64,
    pub name: String,
    /// "invited" or "member".
    pub status: String,
    pub named: bool,
    pub shares_targets: bool,
}

/// An organisation the coordinator may invite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgPick {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub kind: String,
}

/// One dimension of the collective in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectiveDim {
    pub dimension: String,
    /// Members whose figure is in it.
    pub members: i64,
    pub mean: f64,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

/// The collective of one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectiveYear {
    pub year: i64,
    pub dims: Vec<CollectiveDim>,
    /// Members with a result that year that were left out because too few
    /// unnamed members contributed (most over the dimensions).
    pub left_out: i64,
}

impl CollectiveYear {
    pub fn dim(&self, d: &str) -> Option<&CollectiveDim> {
        self.dims.iter().find(|x| x.dimension == d)
    }
}

/// A member shown by name (it consented, or it is the reader's own).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberSeries {
    pub name: String,
    pub own: bool,
    /// Per year, the k-safe means of [`DIMS`] it has.
    pub years: Vec<(i64, Vec<(String, f64)>)>,
}

/// A member in the coordinator's management list. `name` is None for a
/// member that did not consent to be named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManagedMember {
    pub org_id: i64,
    pub name: Option<String>,
}

/// Targets and action plan a named member shares with the collaboration
/// (one consent, `shares_targets`, covers both).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedTargets {
    pub name: String,
    pub targets: Vec<TargetView>,
    /// The member's planned activities (no costs, owners or benefits).
    pub activities: Vec<SharedActivity>,
}

/// One activity of a shared action plan, as the collaboration sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedActivity {
    pub title: String,
    pub strategy: String,
    pub year: i64,
    pub status: String,
}

/// Progress of the collective towards its target on one strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetProgress {
    pub strategy: String,
    pub level: f64,
    pub target_year: i64,
    /// (year, value) of the first and the latest collective figure.
    pub baseline: Option<(i64, f64)>,
    pub latest: Option<(i64, f64)>,
    /// Percent of the way from the baseline to the target (may be < 0 or > 100).
    pub progress: Option<f64>,
}

/// The collaboration dashboard: collective k-safe figures only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollabDashboard {
    pub id: i64,
    pub name: String,
    pub is_coordinator: bool,
    pub coordinators: Vec<String>,
    pub min_orgs: i64,
    /// Members the reader may see by name (named ones and the reader's own).
    pub named_members: Vec<MemberSeries>,
    /// Members the reader may not see by name.
    pub unnamed_members: i64,
    pub collective: Vec<CollectiveYear>,
    pub targets: Vec<TargetView>,
    pub target_history: Vec<TargetChange>,
    pub progress: Vec<TargetProgress>,
    pub shared_targets: Vec<SharedTargets>,
    /// Coordinator only: pending invitations (organisation names).
    pub pending: Vec<ManagedMember>,
    /// Coordinator only: members, named or not.
    pub members: Vec<ManagedMember>,
}

/// One member's k-safe totals in one year (input of [`collective`]).
#[derive(Debug, Clone, PartialEq)]
pub struct MemberYear {
    pub org_id: i64,
    pub named: bool,
    pub year: i64,
    pub values: BTreeMap<String, f64>,
}

/// The collective figures per year, as `reader_orgs` may see them (the
/// reader's own organisations count as known, like named members).
///
/// Per year and dimension: the known members' values always count; the other
/// (unnamed) members' values count only when at least `min_orgs` of them have
/// one; the figure is shown only when at least [`MIN_CONTRIBUTORS`] values
/// count. The collective is the plain mean of the members' means (every
/// member weighs the same), with the spread (type-7 quartiles) of those means.
pub fn collective(rows: &[MemberYear], reader_orgs: &[i64], min_orgs: i64) -> Vec<CollectiveYear> {
    let years: BTreeSet<i64> = rows.iter().map(|r| r.year).collect();
    let mut out = Vec::new();
    for year in years {
        let in_year: Vec<&MemberYear> = rows.iter().filter(|r| r.year == year).collect();
        let mut dims = Vec::new();
        let mut left_out = 0i64;
        for dim in DIMS {
            let mut known = Vec::new();
            let mut hidden = Vec::new();
            for r in &in_year {
                if let Some(v) = r.values.get(dim).copied().filter(|v| v.is_finite()) {
                    if r.named || reader_orgs.contains(&r.org_id) {
                        known.push(v);
                    } else {
                        hidden.push(v);
                    }
                }
            }
            let mut values = known;
            if hidden.len() as i64 >= min_orgs.max(1) {
                values.extend(hidden);
            } else {
                left_out = left_out.max(hidden.len() as i64);
            }
            if values.len() < MIN_CONTRIBUTORS {
                continue;
            }
            let q = |p| crate::scoring::stats::quantile(&values, p).unwrap_or(f64::NAN);
            dims.push(CollectiveDim {
                dimension: dim.to_owned(),
                members: values.len() as i64,
                mean: values.iter().sum::<f64>() / values.len() as f64,
                min: values.iter().copied().fold(f64::INFINITY, f64::min),
                q1: q(0.25),
                median: q(0.5),
                q3: q(0.75),
                max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            });
        }
        if !dims.is_empty() || left_out > 0 {
            out.push(CollectiveYear {
                year,
                dims,
                left_out,
            });
        }
    }
    out
}

/// How far the collective has come from its first figure towards the target.
pub fn progress(target: &TargetView, collective: &[CollectiveYear]) -> TargetProgress {
    let points: Vec<(i64, f64)> = collective
        .iter()
        .filter_map(|y| y.dim(&target.strategy).map(|d| (y.year, d.mean)))
        .collect();
    let baseline = points.first().copied();
    let latest = points.last().copied();
    let progress = match (baseline, latest) {
        (Some((by, b)), Some((ly, l))) if ly > by && (target.level - b).abs() > 1e-9 => {
            Some(100.0 * (l - b) / (target.level - b))
        }
        (Some(_), Some((_, l))) if l >= target.level => Some(100.0),
        _ => None,
    };
    TargetProgress {
        strategy: target.strategy.clone(),
        level: target.level,
        target_year: target.target_year,
        baseline,
        latest,
        progress,
    }
}

/// Check a collaboration name: 2–120 characters, no control characters.
pub fn parse_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    let len = name.chars().count();
    if len < 2 {
        return Err("Give the collaboration a name (at least 2 characters).".into());
    }
    if len > 120 {
        return Err("The name may be at most 120 characters.".into());
    }
    if name.chars().any(char::is_control) {
        return Err("The name may not contain control characters.".into());
    }
    Ok(name.to_owned())
}

/// A checkbox or flag from a form: "on", "true", "1" or "yes" mean yes;
/// anything else (or nothing) means no.
pub fn flag(v: Option<&str>) -> bool {
    matches!(v.map(str::trim), Some("on" | "true" | "1" | "yes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(org: i64, named: bool, year: i64, v: &[(&str, f64)]) -> MemberYear {
        MemberYear {
            org_id: org,
            named,
            year,
            values: v.iter().map(|(d, x)| (d.to_string(), *x)).collect(),
        }
    }

    #[test]
    fn unnamed_members_count_only_in_a_crowd() {
        // Two named, one unnamed: the unnamed one is left out (min_orgs 5),
        // so the collective is that of the named two.
        let rows = vec![
            row(1, true, 2025, &[("INDEX", 40.0), ("S1", 4.0)]),
            row(2, true, 2025, &[("INDEX", 60.0), ("S1", 6.0)]),
            row(3, false, 2025, &[("INDEX", 90.0), ("S1", 9.0)]),
        ];
        let c = collective(&rows, &[], 5);
        assert_eq!(c.len(), 1);
        let idx = c[0].dim("INDEX").expect("index");
        assert_eq!(
            (idx.members, idx.mean, idx.min, idx.max),
            (2, 50.0, 40.0, 60.0)
        );
        assert_eq!(c[0].left_out, 1);
        // The reader of org 3 knows its own figure: it counts for them.
        let c = collective(&rows, &[3], 5);
        let idx = c[0].dim("INDEX").expect("index");
        assert_eq!((idx.members, idx.max), (3, 90.0));
        assert_eq!(c[0].left_out, 0);
    }

    #[test]
    fn five_unnamed_members_count_and_no_single_one_is_revealed() {
        let mut rows: Vec<MemberYear> = (1..=5)
            .map(|i| row(i, false, 2026, &[("INDEX", 40.0 + i as f64)]))
            .collect();
        let c = collective(&rows, &[], 5);
        assert_eq!(c[0].dim("INDEX").expect("index").members, 5);
        // A reader in one of them sees the others only if 5 others remain.
        let c = collective(&rows, &[1], 5);
        assert!(c[0].dim("INDEX").is_none(), "1 known + 4 hidden < crowd");
        rows.push(row(6, false, 2026, &[("INDEX", 50.0)]));
        let c = collective(&rows, &[1], 5);
        assert_eq!(c[0].dim("INDEX").expect("index").members, 6);
    }

    #[test]
    fn a_single_member_is_never_a_collective() {
        let rows = vec![
            row(1, true, 2024, &[("INDEX", 40.0)]),
            row(2, false, 2024, &[("INDEX", 70.0)]),
        ];
        let c = collective(&rows, &[], 5);
        assert!(c[0].dims.is_empty());
        assert_eq!(c[0].left_out, 1);
        // Even with a crowd size misconfigured to 0, one value alone is no collective.
        assert!(
            collective(&rows[1..], &[], 0)
                .iter()
                .all(|y| y.dims.is_empty())
        );
    }

    #[test]
    fn dimensions_and_years_are_separate() {
        let rows = vec![
            row(1, true, 2024, &[("INDEX", 40.0), ("S2", 3.0)]),
            row(2, true, 2024, &[("INDEX", 50.0)]),
            row(1, true, 2025, &[("INDEX", 45.0)]),
            row(2, true, 2025, &[("INDEX", 55.0), ("S2", f64::NAN)]),
        ];
        let c = collective(&rows, &[], 5);
        assert_eq!(
            c.iter().map(|y| y.year).collect::<Vec<_>>(),
            vec![2024, 2025]
        );
        assert!(c[0].dim("S2").is_none(), "one member only");
        assert_eq!(c[1].dim("INDEX").expect("index").mean, 50.0);
    }

    #[test]
    fn progress_runs_from_the_first_figure_to_the_target() {
        let rows = vec![
            row(1, true, 2024, &[("S1", 4.0)]),
            row(2, true, 2024, &[("S1", 6.0)]),
            row(1, true, 2026, &[("S1", 6.0)]),
            row(2, true, 2026, &[("S1", 7.0)]),
        ];
        let c = collective(&rows, &[], 5);
        let t = TargetView {
            strategy: "S1".into(),
            level: 8.0,
            target_year: 2028,
        };
        let p = progress(&t, &c);
        assert_eq!(p.baseline, Some((2024, 5.0)));
        assert_eq!(p.latest, Some((2026, 6.5)));
        assert_eq!(p.progress, Some(50.0));
        let none = progress(
            &TargetView {
                strategy: "S4".into(),
                level: 8.0,
                target_year: 2028,
            },
            &c,
        );
        assert_eq!((none.baseline, none.progress), (None, None));
    }

    #[test]
    fn names_and_flags_are_checked() {
        assert_eq!(parse_name("  IJmond  ").as_deref(), Ok("IJmond"));
        assert!(parse_name(" x ").is_err());
        assert!(parse_name(&"a".repeat(121)).is_err());
        assert!(parse_name("a\u{0007}b").is_err());
        assert!(flag(Some("on")) && flag(Some("true")) && !flag(Some("off")) && !flag(None));
    }
}
