//! Ranks, percentiles, quartiles and plausible rank ranges within a peer
//! group (pure functions).
//!
//! - **Rank**: 1 = highest mean. Ties share the best rank ("1, 2, 2, 4",
//!   standard competition ranking); values closer than 1e-9 are ties.
//! - **Percentile**: share of the *other* organisations below this one, ties
//!   counting half: 100 · (below + ½ · tied) / (N − 1). The best of N gets
//!   100, the worst 0; with N = 1 it is 100.
//! - **Quartile**: 1 (top) for percentile ≥ 75, 2 for ≥ 50, 3 for ≥ 25, else 4.
//! - **Plausible rank range** from the 95 % confidence intervals: the best
//!   plausible rank is 1 + the number of organisations whose whole interval
//!   lies above this one's; the worst is N − the number whose whole interval
//!   lies below. Overlapping intervals mean "cannot tell apart".
//! - **Ambition** (seed 003): a frontrunner expects the top decile
//!   (percentile ≥ 90), a fast follower the top half (≥ 50); a late follower
//!   sets no expectation.

use crate::domain::org::Ambition;
use serde::{Deserialize, Serialize};

const TIE: f64 = 1e-9;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub mean: f64,
    pub ci_lo: f64,
    pub ci_hi: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub rank: i64,
    pub of: i64,
    pub percentile: f64,
    pub quartile: u8,
    pub rank_best: i64,
    pub rank_worst: i64,
}

pub fn quartile_of(percentile: f64) -> u8 {
    if percentile >= 75.0 {
        1
    } else if percentile >= 50.0 {
        2
    } else if percentile >= 25.0 {
        3
    } else {
        4
    }
}

/// A position from the counts of the other organisations (N = `n`).
fn position(
    n: i64,
    above: i64,
    below: i64,
    tied: i64,
    surely_above: i64,
    surely_below: i64,
) -> Position {
    let percentile = if n > 1 {
        100.0 * (below as f64 + 0.5 * tied as f64) / (n - 1) as f64
    } else {
        100.0
    };
    Position {
        rank: 1 + above,
        of: n,
        percentile,
        quartile: quartile_of(percentile),
        rank_best: 1 + surely_above,
        rank_worst: n - surely_below,
    }
}

/// The position of every estimate among all of them (same order as input).
/// O(n log n): each count is a binary search in a sorted copy, with exactly
/// the comparisons of the definition ([`positions_pairwise`]).
pub fn positions(est: &[Estimate]) -> Vec<Position> {
    if est
        .iter()
        .any(|e| !(e.mean.is_finite() && e.ci_lo.is_finite() && e.ci_hi.is_finite()))
    {
        return positions_pairwise(est);
    }
    let sorted = |f: fn(&Estimate) -> f64| {
        let mut v: Vec<f64> = est.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v
    };
    let (means, los, his) = (sorted(|e| e.mean), sorted(|e| e.ci_lo), sorted(|e| e.ci_hi));
    let n = est.len() as i64;
    // Counts over all j, then the organisation's own contribution taken off.
    let count_above = |v: &[f64], x: f64| (v.len() - v.partition_point(|&m| m <= x)) as i64;
    let count_below = |v: &[f64], x: f64| v.partition_point(|&m| m < x) as i64;
    est.iter()
        .map(|e| {
            let own = |b: bool| i64::from(b);
            let above = count_above(&means, e.mean + TIE) - own(e.mean > e.mean + TIE);
            let below = count_below(&means, e.mean - TIE) - own(e.mean < e.mean - TIE);
            let tied = (n - 1) - above - below;
            let surely_above = count_above(&los, e.ci_hi + TIE) - own(e.ci_lo > e.ci_hi + TIE);
            let surely_below = count_below(&his, e.ci_lo - TIE) - own(e.ci_hi < e.ci_lo - TIE);
            position(n, above, below, tied, surely_above, surely_below)
        })
        .collect()
}

/// The definition, one pair at a time (O(n²)): the reference for [`positions`]
/// and its fallback for non-finite values.
fn positions_pairwise(est: &[Estimate]) -> Vec<Position> {
    let n = est.len() as i64;
    est.iter()
        .enumerate()
        .map(|(i, e)| {
            let others = est
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, o)| o);
            let (mut above, mut below, mut tied, mut surely_above, mut surely_below) =
                (0, 0, 0, 0, 0);
            for o in others {
                if o.mean > e.mean + TIE {
                    above += 1;
                } else if o.mean < e.mean - TIE {
                    below += 1;
                } else {
                    tied += 1;
                }
                if o.ci_lo > e.ci_hi + TIE {
                    surely_above += 1;
                }
                if o.ci_hi < e.ci_lo - TIE {
                    surely_below += 1;
                }
            }
            position(n, above, below, tied, surely_above, surely_below)
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AmbitionStatus {
    Meets,
    Below,
    NoExpectation,
}

/// The percentile an ambition expects, if any.
pub fn expected_percentile(a: Ambition) -> Option<f64> {
    match a {
        Ambition::Frontrunner => Some(90.0),
        Ambition::FastFollower => Some(50.0),
        Ambition::LateFollower => None,
    }
}

pub fn ambition_status(a: Ambition, percentile: f64) -> AmbitionStatus {
    match expected_percentile(a) {
        None => AmbitionStatus::NoExpectation,
        Some(p) if percentile + TIE >= p => AmbitionStatus::Meets,
        Some(_) => AmbitionStatus::Below,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(mean: f64, half: f64) -> Estimate {
        Estimate {
            mean,
            ci_lo: mean - half,
            ci_hi: mean + half,
        }
    }

    #[test]
    fn ranks_percentiles_and_ties() {
        // means 8, 6, 6, 4, 2 (N = 5)
        let p = positions(&[
            e(8.0, 0.1),
            e(6.0, 0.1),
            e(6.0, 0.1),
            e(4.0, 0.1),
            e(2.0, 0.1),
        ]);
        let ranks: Vec<i64> = p.iter().map(|x| x.rank).collect();
        assert_eq!(ranks, [1, 2, 2, 4, 5]);
        // best: 4 below / 4 = 100; tied 6s: (2 below + .5·1 tied) / 4 = 62.5; 4: 1/4 = 25; 2: 0
        let pct: Vec<f64> = p.iter().map(|x| x.percentile).collect();
        assert_eq!(pct, [100.0, 62.5, 62.5, 25.0, 0.0]);
        let q: Vec<u8> = p.iter().map(|x| x.quartile).collect();
        assert_eq!(q, [1, 2, 2, 3, 4]);
        assert!(p.iter().all(|x| x.of == 5));
    }

    #[test]
    fn rank_range_from_intervals() {
        // A 7 ± 1 [6, 8], B 6.5 ± .2 [6.3, 6.7], C 5 ± .5 [4.5, 5.5], D 3 ± .1 [2.9, 3.1]
        let p = positions(&[e(7.0, 1.0), e(6.5, 0.2), e(5.0, 0.5), e(3.0, 0.1)]);
        // A: nobody surely above → best 1; C and D surely below → worst 4 − 2 = 2
        assert_eq!((p[0].rank_best, p[0].rank_worst), (1, 2));
        // B: A overlaps → best 1; C, D below → worst 2
        assert_eq!((p[1].rank_best, p[1].rank_worst), (1, 2));
        // C: A and B surely above → best 3; D below → worst 3
        assert_eq!((p[2].rank_best, p[2].rank_worst), (3, 3));
        assert_eq!((p[3].rank_best, p[3].rank_worst), (4, 4));
        for x in &p {
            assert!(x.rank_best <= x.rank && x.rank <= x.rank_worst);
        }
    }

    proptest::proptest! {
        /// The sorted computation gives exactly the pairwise definition,
        /// ties and touching intervals included (values on a coarse grid).
        #[test]
        fn sorted_positions_equal_the_definition(
            v in proptest::collection::vec((0u8..40, 0u8..6, 0u8..6), 0..60)
        ) {
            let est: Vec<Estimate> = v
                .iter()
                .map(|&(m, lo, hi)| {
                    let mean = f64::from(m) * 0.25;
                    Estimate { mean, ci_lo: mean - f64::from(lo) * 0.25, ci_hi: mean + f64::from(hi) * 0.25 }
                })
                .collect();
            proptest::prop_assert_eq!(positions(&est), positions_pairwise(&est));
        }
    }

    #[test]
    fn single_organisation() {
        let p = positions(&[e(5.0, 1.0)]);
        assert_eq!(
            (p[0].rank, p[0].percentile, p[0].rank_best, p[0].rank_worst),
            (1, 100.0, 1, 1)
        );
    }

    #[test]
    fn ambitions() {
        // 2nd of 20: 18/19 = 94.7 ≥ 90; 3rd: 17/19 = 89.5 < 90
        assert_eq!(
            ambition_status(Ambition::Frontrunner, 1800.0 / 19.0),
            AmbitionStatus::Meets
        );
        assert_eq!(
            ambition_status(Ambition::Frontrunner, 1700.0 / 19.0),
            AmbitionStatus::Below
        );
        assert_eq!(
            ambition_status(Ambition::FastFollower, 50.0),
            AmbitionStatus::Meets
        );
        assert_eq!(
            ambition_status(Ambition::FastFollower, 49.9),
            AmbitionStatus::Below
        );
        assert_eq!(
            ambition_status(Ambition::LateFollower, 0.0),
            AmbitionStatus::NoExpectation
        );
    }
}
