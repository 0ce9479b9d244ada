//! Aggregation of a campaign's submitted responses (pure): statistics per
//! dimension for the total and for every breakdown group, the counts of the
//! three-way cross-tabulation the anonymity check needs, and the free texts.
//! Everything here stays on the server; reads go through `scoring::gate`.

use super::score::{DIMENSIONS, Scorer};
use super::stats::{Summary, summarize};
use crate::domain::questionnaire::{Answer, ItemKind, Questionnaire};
use std::collections::{BTreeMap, HashMap};

/// The count dimension: respondents, whatever they answered.
pub const RESPONDENTS: &str = "N";

/// One submitted response as aggregation sees it ('' = profile not answered).
#[derive(Debug, Clone, Default)]
pub struct Respondent {
    pub role_group: String,
    pub department: String,
    pub tenure_band: String,
    pub answers: BTreeMap<String, Answer>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AggRow {
    /// "total" or a breakdown code.
    pub breakdown: &'static str,
    /// '' for the total and for "not answered".
    pub grp: String,
    pub dimension: &'static str,
    pub summary: Summary,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CellRow {
    pub role_group: String,
    pub department: String,
    pub tenure_band: String,
    /// A dimension code, or [`RESPONDENTS`].
    pub dimension: &'static str,
    pub n: i64,
}

#[derive(Debug, Clone, Default)]
pub struct Aggregates {
    pub n: i64,
    pub rows: Vec<AggRow>,
    pub cells: Vec<CellRow>,
    /// (item id, text), in questionnaire order; shuffled when stored.
    pub free_texts: Vec<(String, String)>,
}

/// The aggregates of decoded respondents. Stored answers are aggregated by
/// `scoring::decode` without building these maps; a property test checks
/// that both give the same.
pub fn aggregate(q: &Questionnaire, respondents: &[Respondent]) -> Aggregates {
    let scorer = Scorer::new(q);
    let mut acc = Aggregator::default();
    for r in respondents {
        let profile = [
            r.role_group.as_str(),
            r.department.as_str(),
            r.tenure_band.as_str(),
        ];
        acc.add(profile, scorer.scores(&r.answers));
    }
    acc.finish(free_texts(q, respondents))
}

/// Collects respondents' scores by profile, for [`aggregate`] and for
/// aggregation straight from stored answers (`scoring::decode`).
///
/// Groups and cells are interned to indexes once per respondent; values and
/// counts live in vectors indexed by dimension. (Keyed maps with cloned
/// strings per respondent and dimension were a fifth of a `reaggregate`
/// profile.)
#[derive(Default)]
pub struct Aggregator<'a> {
    n: i64,
    /// values per dimension, all respondents
    total: [Vec<f64>; DIMENSIONS.len()],
    group_ix: [HashMap<&'a str, usize>; 3],
    /// values per group and dimension, for each breakdown
    group_vals: [Vec<[Vec<f64>; DIMENSIONS.len()]>; 3],
    cell_ix: HashMap<[&'a str; 3], usize>,
    /// [respondents, then one count per dimension] per cell
    cell_counts: Vec<[i64; 1 + DIMENSIONS.len()]>,
}

impl<'a> Aggregator<'a> {
    /// One respondent: profile (role group, department, tenure band; ''
    /// when not answered) and scores by [`DIMENSIONS`] index.
    pub fn add(&mut self, profile: [&'a str; 3], scores: [Option<f64>; DIMENSIONS.len()]) {
        self.n += 1;
        let cell_counts = &mut self.cell_counts;
        let ci = *self.cell_ix.entry(profile).or_insert_with(|| {
            cell_counts.push([0; 1 + DIMENSIONS.len()]);
            cell_counts.len() - 1
        });
        cell_counts[ci][0] += 1;
        let gi: [usize; 3] = std::array::from_fn(|b| {
            let vals = &mut self.group_vals[b];
            *self.group_ix[b].entry(profile[b]).or_insert_with(|| {
                vals.push(Default::default());
                vals.len() - 1
            })
        });
        for (d, v) in scores.into_iter().enumerate() {
            let Some(v) = v else { continue };
            cell_counts[ci][1 + d] += 1;
            self.total[d].push(v);
            for (b, &g) in gi.iter().enumerate() {
                self.group_vals[b][g][d].push(v);
            }
        }
    }

    /// The aggregates, with the campaign's free texts (item id, text) in
    /// questionnaire order.
    pub fn finish(self, free_texts: Vec<(String, String)>) -> Aggregates {
        // Rows in (breakdown, group, dimension) order.
        let mut keyed: BTreeMap<(&'static str, &str, &'static str), &[f64]> = BTreeMap::new();
        for (d, values) in self.total.iter().enumerate() {
            if !values.is_empty() {
                keyed.insert(("total", "", DIMENSIONS[d]), values);
            }
        }
        for (b, breakdown) in BREAKDOWNS.iter().enumerate() {
            for (grp, &g) in &self.group_ix[b] {
                for (d, values) in self.group_vals[b][g].iter().enumerate() {
                    if !values.is_empty() {
                        keyed.insert((breakdown, grp, DIMENSIONS[d]), values);
                    }
                }
            }
        }
        let mut out = Aggregates {
            n: self.n,
            free_texts,
            ..Aggregates::default()
        };
        for ((breakdown, grp, dimension), values) in keyed {
            if let Some(summary) = summarize(values) {
                out.rows.push(AggRow {
                    breakdown,
                    grp: grp.to_owned(),
                    dimension,
                    summary,
                });
            }
        }
        for (profile, &ci) in &self.cell_ix {
            let counts = &self.cell_counts[ci];
            let dims = std::iter::once(RESPONDENTS).chain(DIMENSIONS);
            for (dimension, &n) in dims.zip(counts) {
                if n > 0 {
                    out.cells.push(CellRow {
                        role_group: profile[0].to_owned(),
                        department: profile[1].to_owned(),
                        tenure_band: profile[2].to_owned(),
                        dimension,
                        n,
                    });
                }
            }
        }
        out.cells.sort_unstable();
        out
    }
}

/// Non-blank free-text answers (trimmed), in questionnaire order.
fn free_texts(q: &Questionnaire, respondents: &[Respondent]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for item in q.items() {
        if !matches!(item.kind, ItemKind::FreeText { .. }) {
            continue;
        }
        for r in respondents {
            if let Some(Answer::Text(t)) = r.answers.get(&item.id)
                && !t.trim().is_empty()
            {
                out.push((item.id.clone(), t.trim().to_owned()));
            }
        }
    }
    out
}

/// The breakdown codes, in the order of a respondent's profile fields.
const BREAKDOWNS: [&str; 3] = ["role_group", "department", "tenure_band"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::questionnaire::parse;
    use crate::scoring::score::score;

    fn resp(role: &str, dept: &str, s1: f64, text: Option<&str>) -> Respondent {
        let mut answers = BTreeMap::new();
        answers.insert("s1_skills".to_string(), Answer::Number(s1));
        if let Some(t) = text {
            answers.insert("ahead_obstacles".to_string(), Answer::Text(t.into()));
        }
        Respondent {
            role_group: role.into(),
            department: dept.into(),
            tenure_band: String::new(),
            answers,
        }
    }

    #[test]
    fn groups_cells_and_texts() {
        let q = parse(include_str!("../../data/questionnaire/v1.json")).unwrap();
        let a = aggregate(
            &q,
            &[
                resp("manager", "x", 2.0, Some("time")),
                resp("manager", "y", 4.0, None),
                resp("", "x", 9.0, Some("  money ")),
            ],
        );
        assert_eq!(a.n, 3);
        let row = |b: &str, g: &str, d: &str| {
            a.rows
                .iter()
                .find(|r| r.breakdown == b && r.grp == g && r.dimension == d)
                .map(|r| r.summary)
        };
        let t = row("total", "", "S1").unwrap();
        assert_eq!((t.n, t.mean, t.median), (3, 5.0, 4.0));
        assert_eq!(row("role_group", "manager", "S1").unwrap().mean, 3.0);
        assert_eq!(row("role_group", "", "S1").unwrap().n, 1);
        assert_eq!(row("department", "x", "S1").unwrap().mean, 5.5);
        // S1 only: TMI = S1, no DI → no index
        assert!(row("total", "", "TMI").is_some());
        assert!(row("total", "", "INDEX").is_none());
        let n_cells: i64 = a
            .cells
            .iter()
            .filter(|c| c.dimension == RESPONDENTS)
            .map(|c| c.n)
            .sum();
        assert_eq!(n_cells, 3);
        assert_eq!(
            a.free_texts,
            [
                ("ahead_obstacles".to_string(), "time".to_string()),
                ("ahead_obstacles".to_string(), "money".to_string())
            ]
        );
    }

    /// The straightforward definition [`aggregate`] must equal.
    fn aggregate_reference(q: &Questionnaire, respondents: &[Respondent]) -> Aggregates {
        let scored: Vec<(&Respondent, crate::scoring::score::Scores)> = respondents
            .iter()
            .map(|r| (r, score(q, &r.answers)))
            .collect();
        let mut out = Aggregates {
            n: respondents.len() as i64,
            ..Aggregates::default()
        };
        // values per (breakdown, group, dimension)
        let mut groups: BTreeMap<(&'static str, String, &'static str), Vec<f64>> = BTreeMap::new();
        let mut cells: BTreeMap<(String, String, String, &'static str), i64> = BTreeMap::new();
        for (r, s) in &scored {
            let key = |dim| {
                (
                    r.role_group.clone(),
                    r.department.clone(),
                    r.tenure_band.clone(),
                    dim,
                )
            };
            *cells.entry(key(RESPONDENTS)).or_default() += 1;
            for dim in DIMENSIONS {
                let Some(v) = s.get(dim) else { continue };
                *cells.entry(key(dim)).or_default() += 1;
                groups
                    .entry(("total", String::new(), dim))
                    .or_default()
                    .push(v);
                for (b, g) in [
                    ("role_group", &r.role_group),
                    ("department", &r.department),
                    ("tenure_band", &r.tenure_band),
                ] {
                    groups.entry((b, g.clone(), dim)).or_default().push(v);
                }
            }
        }
        for ((breakdown, grp, dimension), values) in groups {
            if let Some(summary) = summarize(&values) {
                out.rows.push(AggRow {
                    breakdown,
                    grp,
                    dimension,
                    summary,
                });
            }
        }
        out.cells = cells
            .into_iter()
            .map(
                |((role_group, department, tenure_band, dimension), n)| CellRow {
                    role_group,
                    department,
                    tenure_band,
                    dimension,
                    n,
                },
            )
            .collect();
        out.free_texts = free_texts(q, respondents);
        out
    }

    proptest::proptest! {
        #[test]
        fn aggregate_equals_the_reference(
            people in proptest::collection::vec(
                (0u8..3, 0u8..4, 0u8..3, proptest::collection::vec(proptest::option::of(1u8..=10), 31), proptest::option::of("[a-c ]{0,3}")),
                0..40,
            )
        ) {
            let q = parse(include_str!("../../data/questionnaire/v1.json")).unwrap();
            let scale: Vec<&str> = q
                .items()
                .filter(|i| matches!(i.kind, ItemKind::Scale { .. }))
                .map(|i| i.id.as_str())
                .collect();
            let free = q
                .items()
                .find(|i| matches!(i.kind, ItemKind::FreeText { .. }))
                .map(|i| i.id.clone())
                .unwrap();
            let names = ["", "a", "b", "c"];
            let rs: Vec<Respondent> = people
                .iter()
                .map(|(role, dept, tenure, values, text)| {
                    let mut answers: BTreeMap<String, Answer> = scale
                        .iter()
                        .zip(values)
                        .filter_map(|(id, v)| v.map(|v| (id.to_string(), Answer::Number(v as f64))))
                        .collect();
                    if let Some(t) = text {
                        answers.insert(free.clone(), Answer::Text(t.clone()));
                    }
                    Respondent {
                        role_group: names[*role as usize].into(),
                        department: names[*dept as usize].into(),
                        tenure_band: names[*tenure as usize].into(),
                        answers,
                    }
                })
                .collect();
            let fast = aggregate(&q, &rs);
            let reference = aggregate_reference(&q, &rs);
            proptest::prop_assert_eq!(fast.n, reference.n);
            proptest::prop_assert_eq!(fast.rows, reference.rows);
            proptest::prop_assert_eq!(fast.cells, reference.cells);
            proptest::prop_assert_eq!(fast.free_texts, reference.free_texts);
        }
    }
}
