//! Aggregation of a campaign's submitted responses (pure): statistics per
//! dimension for the total and for every breakdown group, the counts of the
//! three-way cross-tabulation the anonymity check needs, and the free texts.
//! Everything here stays on the server; reads go through `scoring::gate`.

use super::score::{DIMENSIONS, score};
use super::stats::{Summary, summarize};
use crate::domain::questionnaire::{Answer, ItemKind, Questionnaire};
use std::collections::BTreeMap;

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

pub fn aggregate(q: &Questionnaire, respondents: &[Respondent]) -> Aggregates {
    let scored: Vec<(&Respondent, super::score::Scores)> = respondents
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
    for item in q.items() {
        if !matches!(item.kind, ItemKind::FreeText { .. }) {
            continue;
        }
        for r in respondents {
            if let Some(Answer::Text(t)) = r.answers.get(&item.id)
                && !t.trim().is_empty()
            {
                out.free_texts.push((item.id.clone(), t.trim().to_owned()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::questionnaire::parse;

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
}
