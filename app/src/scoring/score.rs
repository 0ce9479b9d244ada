//! Scores of one respondent (SPEC §4), driven by the questionnaire's
//! item → dimension mapping and weights (data, not code).
//!
//! - S1–S6: weighted mean of the respondent's answered items of that strategy.
//! - DI: weighted mean of S2–S6 (weight 1 each) and the answered DI items
//!   (their own weights); TMI likewise of S1 and the TMI (leadership) items.
//! - Maturity index 0–100: the mean of DI and TMI, rescaled from 1–10.
//! - Unanswered items are skipped, never counted as zero. A scale that is
//!   not 1–10 is rescaled linearly onto 1–10 first.

use crate::domain::questionnaire::{Answer, Item, ItemKind, Questionnaire};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The dimensions results are kept for, in display order.
pub const DIMENSIONS: [&str; 9] = ["INDEX", "DI", "TMI", "S1", "S2", "S3", "S4", "S5", "S6"];
pub const STRATEGIES: [&str; 6] = ["S1", "S2", "S3", "S4", "S5", "S6"];

/// One respondent's scores, by dimension code (absent when nothing was answered).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores(pub BTreeMap<&'static str, f64>);

impl Scores {
    pub fn get(&self, dim: &str) -> Option<f64> {
        self.0.get(dim).copied()
    }
}

fn dim_index(d: &str) -> Option<usize> {
    DIMENSIONS.iter().position(|x| *x == d)
}

/// A scale item that counts towards a dimension: (dimension index, min, max,
/// weight). Other items, and scales with max ≤ min, are not scored.
fn scored_scale(item: &Item) -> Option<(usize, i64, i64, f64)> {
    let ItemKind::Scale {
        min,
        max,
        dimension,
        weight,
        ..
    } = &item.kind
    else {
        return None;
    };
    let d = dim_index(dimension)?;
    (max > min).then_some((d, *min, *max, *weight))
}

/// An answer on a min–max scale, rescaled linearly onto 1–10.
fn rescale(v: f64, min: i64, max: i64) -> f64 {
    1.0 + 9.0 * (v - min as f64) / (max - min) as f64
}

pub fn score(q: &Questionnaire, answers: &BTreeMap<String, Answer>) -> Scores {
    // (weighted sum, weight sum) per item dimension, by DIMENSIONS index
    let mut acc = [(0.0f64, 0.0f64); DIMENSIONS.len()];
    for item in q.items() {
        let Some((d, min, max, weight)) = scored_scale(item) else {
            continue;
        };
        let Some(Answer::Number(v)) = answers.get(&item.id) else {
            continue;
        };
        if !v.is_finite() {
            continue;
        }
        acc[d].0 += weight * rescale(*v, min, max);
        acc[d].1 += weight;
    }
    let mut out = BTreeMap::new();
    for (d, v) in combine(&acc).into_iter().enumerate() {
        if let Some(v) = v {
            out.insert(DIMENSIONS[d], v);
        }
    }
    Scores(out)
}

/// Scores by [`DIMENSIONS`] index from the (weighted sum, weight sum) of each
/// item dimension.
fn combine(acc: &[(f64, f64); DIMENSIONS.len()]) -> [Option<f64>; DIMENSIONS.len()] {
    let mut out = [None; DIMENSIONS.len()];
    let at = |dim: &str| dim_index(dim).unwrap_or(0);
    for s in STRATEGIES {
        let (sum, w) = acc[at(s)];
        if w > 0.0 {
            out[at(s)] = Some(sum / w);
        }
    }
    let axis = |strategies: &[&str], items: &str| -> Option<f64> {
        let (mut sum, mut w) = acc[at(items)];
        for s in strategies {
            if let Some(v) = out[at(s)] {
                sum += v;
                w += 1.0;
            }
        }
        (w > 0.0).then(|| sum / w)
    };
    let di = axis(&["S2", "S3", "S4", "S5", "S6"], "DI");
    let tmi = axis(&["S1"], "TMI");
    out[at("DI")] = di;
    out[at("TMI")] = tmi;
    if let (Some(d), Some(t)) = (di, tmi) {
        out[at("INDEX")] = Some(index_from_axes(d, t));
    }
    out
}

/// [`score`] for many respondents of one questionnaire: the scale items are
/// prepared once, sorted by id, and matched against each respondent's
/// (sorted) answers in one pass instead of one map lookup per item. Sums
/// are still taken in questionnaire order, so the scores are bit for bit
/// those of [`score`] (a property test checks it).
pub struct Scorer {
    /// (item id, min, max, questionnaire position), sorted by id
    items: Vec<(String, i64, i64, usize)>,
    /// (dimension index, weight) of the scale item at each questionnaire position
    meta: Vec<Option<(usize, f64)>>,
}

impl Scorer {
    pub fn new(q: &Questionnaire) -> Scorer {
        let mut items = Vec::new();
        let mut meta = Vec::new();
        for (pos, item) in q.items().enumerate() {
            meta.push(None);
            let Some((d, min, max, weight)) = scored_scale(item) else {
                continue;
            };
            meta[pos] = Some((d, weight));
            items.push((item.id.clone(), min, max, pos));
        }
        items.sort_by(|a, b| a.0.cmp(&b.0));
        Scorer { items, meta }
    }

    /// Scores by [`DIMENSIONS`] index (`None`: nothing answered there).
    pub fn scores(&self, answers: &BTreeMap<String, Answer>) -> [Option<f64>; DIMENSIONS.len()] {
        // rescaled value per questionnaire position (NaN: none)
        let mut at = vec![f64::NAN; self.meta.len()];
        let mut answers = answers.iter().peekable();
        for (id, min, max, pos) in &self.items {
            while answers.next_if(|(k, _)| k.as_str() < id.as_str()).is_some() {}
            let Some((k, a)) = answers.peek() else { break };
            if k.as_str() != id.as_str() {
                continue;
            }
            if let Answer::Number(v) = a {
                at[*pos] = Scorer::rescaled(*v, *min, *max);
            }
        }
        self.sum(&at)
    }

    /// The scale items that count: (item id, min, max, questionnaire
    /// position), sorted by id.
    pub fn scale_items(&self) -> &[(String, i64, i64, usize)] {
        &self.items
    }

    /// Number of questionnaire positions (items of every kind).
    pub fn positions(&self) -> usize {
        self.meta.len()
    }

    /// An answer to a scale item rescaled onto 1–10, as [`Scorer::sum`]
    /// takes it (NaN: not a finite number).
    pub fn rescaled(v: f64, min: i64, max: i64) -> f64 {
        if v.is_finite() {
            rescale(v, min, max)
        } else {
            f64::NAN
        }
    }

    /// Scores from the rescaled answer at each questionnaire position (NaN:
    /// none), summed in questionnaire order.
    pub fn sum(&self, at: &[f64]) -> [Option<f64>; DIMENSIONS.len()] {
        let mut acc = [(0.0f64, 0.0f64); DIMENSIONS.len()];
        for (v, meta) in at.iter().zip(&self.meta) {
            if let Some((d, weight)) = meta
                && !v.is_nan()
            {
                acc[*d].0 += weight * v;
                acc[*d].1 += weight;
            }
        }
        combine(&acc)
    }
}

/// Maturity index 0–100 from the two axes (1–10).
pub fn index_from_axes(di: f64, tmi: f64) -> f64 {
    (((di + tmi) / 2.0 - 1.0) / 9.0 * 100.0).clamp(0.0, 100.0)
}

/// The Capgemini/MIT quadrants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Quadrant {
    Beginner,
    Fashionista,
    Conservative,
    Master,
}

impl Quadrant {
    /// "High" means at or above the threshold (default 5.5) on that axis.
    pub fn of(di: f64, tmi: f64, threshold: f64) -> Quadrant {
        match (di >= threshold, tmi >= threshold) {
            (false, false) => Quadrant::Beginner,
            (true, false) => Quadrant::Fashionista,
            (false, true) => Quadrant::Conservative,
            (true, true) => Quadrant::Master,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Quadrant::Beginner => "beginner",
            Quadrant::Fashionista => "fashionista",
            Quadrant::Conservative => "conservative",
            Quadrant::Master => "master",
        }
    }
}

/// Level band of a strategy score, for advice texts: low < 4 ≤ mid < 7 ≤ high.
pub fn band(score: f64) -> &'static str {
    if score < 4.0 {
        "low"
    } else if score < 7.0 {
        "mid"
    } else {
        "high"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::questionnaire::parse;

    fn v1() -> Questionnaire {
        parse(include_str!("../../data/questionnaire/v1.json")).expect("v1 parses")
    }

    fn answers(pairs: &[(&str, f64)]) -> BTreeMap<String, Answer> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Answer::Number(*v)))
            .collect()
    }

    #[test]
    fn hand_computed_respondent() {
        let q = v1();
        let a = answers(&[
            // S1: 4, 6, (today_ability_to_develop) 8 → 6
            ("s1_everyone_digital", 4.0),
            ("s1_skills", 6.0),
            ("today_ability_to_develop", 8.0),
            // S2: 3 → 3 (other S2 items unanswered: skipped, not zero)
            ("s2_shared_databases", 3.0),
            // S4: 9 → 9
            ("s4_case_handling", 9.0),
            // DI items: importance_self 10 (w .5), how_far 4 (w 1)
            ("today_importance_self", 10.0),
            ("today_how_far", 4.0),
            // TMI: 7, 5
            ("lead_top_commitment", 7.0),
            ("lead_vision_goals", 5.0),
        ]);
        let s = score(&q, &a);
        assert_eq!(s.get("S1"), Some(6.0));
        assert_eq!(s.get("S2"), Some(3.0));
        assert_eq!(s.get("S3"), None);
        assert_eq!(s.get("S4"), Some(9.0));
        // DI = (3 + 9 + .5·10 + 1·4) / (1 + 1 + .5 + 1) = 21 / 3.5 = 6
        assert!((s.get("DI").unwrap() - 6.0).abs() < 1e-9);
        // TMI = (6 + 7 + 5) / 3 = 6
        assert!((s.get("TMI").unwrap() - 6.0).abs() < 1e-9);
        // index = (6 − 1) / 9 · 100 = 55.555…
        assert!((s.get("INDEX").unwrap() - 500.0 / 9.0).abs() < 1e-9);
    }

    proptest::proptest! {
        #[test]
        fn the_scorer_gives_exactly_the_scores_of_score(
            values in proptest::collection::vec(proptest::option::of(-2.0f64..14.0), 40),
            extra in proptest::collection::btree_map("[a-z_]{1,12}", 0.0f64..10.0, 0..5),
        ) {
            let q = v1();
            let ids: Vec<&str> = q.items().map(|i| i.id.as_str()).collect();
            let mut a: BTreeMap<String, Answer> = ids
                .iter()
                .zip(&values)
                .filter_map(|(id, v)| v.map(|v| (id.to_string(), Answer::Number(v))))
                .collect();
            for (k, v) in extra {
                a.entry(k).or_insert(Answer::Number(v));
            }
            let fast = Scorer::new(&q).scores(&a);
            let plain = score(&q, &a);
            for (d, dim) in DIMENSIONS.iter().enumerate() {
                // bit for bit, not just close
                proptest::prop_assert_eq!(fast[d].map(f64::to_bits), plain.get(dim).map(f64::to_bits));
            }
        }
    }

    #[test]
    fn nothing_answered_gives_no_scores() {
        assert!(score(&v1(), &BTreeMap::new()).0.is_empty());
    }

    #[test]
    fn index_bounds_and_quadrants() {
        assert_eq!(index_from_axes(1.0, 1.0), 0.0);
        assert_eq!(index_from_axes(10.0, 10.0), 100.0);
        assert_eq!(Quadrant::of(5.5, 5.4, 5.5), Quadrant::Fashionista);
        assert_eq!(Quadrant::of(5.4, 5.5, 5.5), Quadrant::Conservative);
        assert_eq!(Quadrant::of(2.0, 2.0, 5.5), Quadrant::Beginner);
        assert_eq!(Quadrant::of(8.0, 9.0, 5.5), Quadrant::Master);
        assert_eq!(Quadrant::of(6.0, 6.0, 7.0), Quadrant::Beginner);
        assert_eq!(
            (band(3.99), band(4.0), band(6.99), band(7.0)),
            ("low", "mid", "mid", "high")
        );
    }
}
