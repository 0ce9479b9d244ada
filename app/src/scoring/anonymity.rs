//! The anonymity rules of SPEC §5, as pure functions. Every read of results
//! goes through [`disclose`] (via `results::gate`); nothing else decides what
//! may leave the server.
//!
//! What is published for one dimension of one campaign is a set of groups:
//! the campaign total and some breakdown groups (role group, department,
//! tenure band). For each published group the reader learns n and sums
//! (mean · n), so by adding and subtracting published figures a reader can
//! compute the figures of any set of respondents whose indicator vector is a
//! linear combination of the published groups' indicator vectors. The rule:
//!
//! 1. nothing at all when the total has fewer than k respondents;
//! 2. a group is published only with n ≥ k ("not answered" is never published);
//! 3. no set of respondents with 0 < n < k may be a linear combination of the
//!    published groups. This covers subtracting shown groups from the total
//!    within one breakdown, and combinations across the three breakdowns
//!    (e.g. role A + department X − total = the A∩X cell when B∩Y is empty).
//!
//! Rule 3 is checked exactly: respondents are grouped into cells of the
//! three-way cross-tabulation; the published vectors are brought to reduced
//! row echelon form, so every 0/1 vector in their span is a 0/1 choice of
//! rows, which is searched depth-first with pruning. If the search would
//! exceed its budget the check answers "unsafe" (never "safe" by default).
//! While the check fails, the smallest published breakdown group is hidden
//! (secondary suppression), until it passes; with only the total published
//! it always passes.
//!
//! Years: each campaign's respondents are a separate set and no figure pooled
//! over several campaigns is published, so each campaign's disclosure is
//! checked on its own.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The three breakdown dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Breakdown {
    RoleGroup,
    Department,
    TenureBand,
}

impl Breakdown {
    pub const ALL: [Breakdown; 3] = [
        Breakdown::RoleGroup,
        Breakdown::Department,
        Breakdown::TenureBand,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Breakdown::RoleGroup => "role_group",
            Breakdown::Department => "department",
            Breakdown::TenureBand => "tenure_band",
        }
    }

    pub fn parse(s: &str) -> Option<Breakdown> {
        Breakdown::ALL.into_iter().find(|b| b.code() == s)
    }
}

/// Respondents (for one dimension: those with a score in it) with one profile.
/// An empty string means "not answered".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Cell {
    pub role_group: String,
    pub department: String,
    pub tenure_band: String,
    pub n: i64,
}

impl Cell {
    pub fn value(&self, b: Breakdown) -> &str {
        match b {
            Breakdown::RoleGroup => &self.role_group,
            Breakdown::Department => &self.department,
            Breakdown::TenureBand => &self.tenure_band,
        }
    }
}

/// What may be published for one dimension of one campaign.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Disclosure {
    pub total: bool,
    pub groups: BTreeSet<(Breakdown, String)>,
}

impl Disclosure {
    pub fn shows(&self, b: Breakdown, value: &str) -> bool {
        self.total && self.groups.contains(&(b, value.to_owned()))
    }
}

/// Whether a campaign total (or one organisation's figure in a peer view) of
/// `n` respondents may be shown at all (rule 1).
pub fn total_disclosed(n: i64, k: i64) -> bool {
    n >= k.max(1)
}

/// Whether a peer group of `orgs` organisations (besides the reader's own)
/// may be shown: rankings and distributions need at least `min_orgs`.
pub fn peer_group_disclosed(orgs: usize, min_orgs: i64) -> bool {
    orgs as i64 >= min_orgs.max(1)
}

/// Whether the median and quartiles of a group of `n` respondents may be
/// published. With few respondents the order statistics are individual
/// answers (n = 5: q1, median and q3 are the 2nd–4th values, and the mean and
/// standard deviation then give the other two), so they need a larger group
/// than a mean: at least 2k and at least 10. Minimum and maximum of a
/// respondent group are never published.
pub fn spread_disclosed(n: i64, k: i64) -> bool {
    n >= (2 * k.max(1)).max(10)
}

/// The publishable form of a group's statistics (rule 4): the median and
/// quartiles only when [`spread_disclosed`]. The caller has checked n ≥ k.
pub fn figure(s: &super::stats::Summary, k: i64) -> super::model::Figure {
    let spread = spread_disclosed(s.n, k);
    super::model::Figure {
        n: s.n,
        mean: s.mean,
        sd: s.sd,
        ci_lo: s.ci_lo,
        ci_hi: s.ci_hi,
        median: spread.then_some(s.median),
        q1: spread.then_some(s.q1),
        q3: spread.then_some(s.q3),
    }
}

/// How a campaign's responses came in, as far as the padding rule needs it
/// (issue 23, leak 5; see docs/security.md, "Padding"). Anyone holding a
/// campaign's shared code can add responses, and fake responses whose answers
/// the attacker knows turn a group of one real respondent into a group of k.
/// No rule can tell fake from real; these make padding costly and visible:
///
/// - when a campaign was answered through its shared link or code, a
///   breakdown group is published only with n ≥ 2k (the total still needs k);
/// - a department with more responses than the headcount its org admin gave
///   is not published, and no combination of published groups may single out
///   any of its respondents (nothing supported on its cells alone).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Intake {
    /// Whether any response was started through the shared link or code.
    pub shared_link: bool,
    /// Staff headcount per department, where the org admin gave one.
    pub headcounts: BTreeMap<String, i64>,
}

impl Intake {
    /// The smallest breakdown group that may be published.
    pub fn min_group(&self, k: i64) -> i64 {
        let k = k.max(1);
        if self.shared_link { 2 * k } else { k }
    }

    /// Departments with more respondents (in some dimension) than their
    /// headcount.
    pub fn over_headcount(&self, by_dim: &BTreeMap<String, Vec<Cell>>) -> BTreeSet<String> {
        self.headcounts
            .iter()
            .filter(|(dept, head)| {
                by_dim
                    .values()
                    .any(|cells| group_size(cells, Breakdown::Department, dept) > **head)
            })
            .map(|(dept, _)| dept.clone())
            .collect()
    }
}

/// Size of a breakdown group.
pub fn group_size(cells: &[Cell], b: Breakdown, value: &str) -> i64 {
    cells
        .iter()
        .filter(|c| c.value(b) == value)
        .map(|c| c.n)
        .sum()
}

/// Decide what may be published, given the cross-tabulated counts and k.
pub fn disclose(cells: &[Cell], k: i64) -> Disclosure {
    disclose_with(cells, k, k.max(1), &BTreeSet::new())
}

/// [`disclose`] under the padding rule of [`Intake`]: breakdown groups need
/// `min_group` respondents, the departments in `padded` are never published,
/// and secondary suppression goes on while a combination of published groups
/// is supported on their cells alone (or, with only the total left, the total
/// is such a combination: then nothing is published).
pub fn disclose_with(
    cells: &[Cell],
    k: i64,
    min_group: i64,
    padded: &BTreeSet<String>,
) -> Disclosure {
    let k = k.max(1);
    let min_group = min_group.max(k);
    let total: i64 = cells.iter().map(|c| c.n.max(0)).sum();
    if total < k {
        return Disclosure::default();
    }
    let mut shown: Vec<(Breakdown, String, i64)> = Vec::new();
    for b in Breakdown::ALL {
        let values: BTreeSet<&str> = cells
            .iter()
            .filter(|c| c.n > 0)
            .map(|c| c.value(b))
            .collect();
        for v in values {
            let n = group_size(cells, b, v);
            let padded_dept = b == Breakdown::Department && padded.contains(v);
            if !v.is_empty() && n >= min_group && !padded_dept {
                shown.push((b, v.to_owned(), n));
            }
        }
    }
    loop {
        let groups: Vec<(Breakdown, &str)> =
            shown.iter().map(|(b, v, _)| (*b, v.as_str())).collect();
        let singles_out_padded = isolates(cells, &groups, padded);
        if !singles_out_padded && !leaks(cells, &groups, k) {
            break;
        }
        if shown.is_empty() && singles_out_padded {
            return Disclosure::default();
        }
        // Secondary suppression: hide the smallest group (ties: the last in order).
        let Some(pos) = shown
            .iter()
            .enumerate()
            .min_by(|(ia, a), (ib, b)| a.2.cmp(&b.2).then(ib.cmp(ia)))
            .map(|(i, _)| i)
        else {
            break;
        };
        shown.remove(pos);
    }
    Disclosure {
        total: true,
        groups: shown.into_iter().map(|(b, v, _)| (b, v)).collect(),
    }
}

/// Dimensions that are functions of others per respondent: the maturity
/// index is ((DI + TMI)/2 − 1)/9·100 for a respondent with both, and has no
/// value otherwise. So an index sum and a TMI sum over the same respondents
/// give their DI sum (and likewise for TMI), and the index's respondents are
/// a subset of the DI (TMI) respondents in every cell. Each pair
/// `(outer, inner)` is checked as one space (see [`disclose_dimensions`]).
pub const DERIVED: [(&str, &str); 2] = [("DI", "INDEX"), ("TMI", "INDEX")];

/// The disclosure of every dimension of a campaign, decided jointly (issue
/// 23, leak 1): first each dimension on its own ([`disclose`]); then, for
/// each pair of [`DERIVED`], the published vectors of both dimensions are
/// checked together over atoms "cell × (in both / in the outer only)" — a
/// respondent who skipped every TMI item has a DI score but no index — and
/// while some set of 0 < n < k respondents is a combination of them, the
/// smallest published breakdown group of the pair is hidden, and when only
/// totals remain the inner total (the index) is hidden. Repeated until no
/// pair changes. Quantities derived from shown ones are covered because the
/// inner dimension's sums are counted as sums of the outer dimension over
/// its respondents (a superset of what the reader can compute).
pub fn disclose_dimensions(
    by_dim: &BTreeMap<String, Vec<Cell>>,
    k: i64,
) -> BTreeMap<String, Disclosure> {
    disclose_dimensions_with(by_dim, k, &Intake::default())
}

/// [`disclose_dimensions`] under the padding rule of `intake` (see
/// [`Intake`] and [`disclose_with`]); the pair check also keeps the cells of
/// departments over their headcount from being singled out across a pair.
pub fn disclose_dimensions_with(
    by_dim: &BTreeMap<String, Vec<Cell>>,
    k: i64,
    intake: &Intake,
) -> BTreeMap<String, Disclosure> {
    let min_group = intake.min_group(k);
    let padded = intake.over_headcount(by_dim);
    let mut memo: HashMap<Vec<Cell>, Disclosure> = HashMap::new();
    let mut out: BTreeMap<String, Disclosure> = BTreeMap::new();
    for (dim, cells) in by_dim {
        let mut sorted = cells.clone();
        sorted.sort();
        let d = memo
            .entry(sorted.clone())
            .or_insert_with(|| disclose_with(&sorted, k, min_group, &padded))
            .clone();
        out.insert(dim.clone(), d);
    }
    loop {
        let mut changed = false;
        for (outer, inner) in DERIVED {
            let (Some(oc), Some(ic)) = (by_dim.get(outer), by_dim.get(inner)) else {
                continue;
            };
            while pair_leaks(oc, &out[outer], ic, &out[inner], k, &padded) {
                changed = true;
                // The smallest group of the pair (ties: the index's first,
                // then the last in order).
                let smallest = [(outer, oc), (inner, ic)]
                    .into_iter()
                    .flat_map(|(dim, cells)| {
                        out[dim]
                            .groups
                            .iter()
                            .map(move |g| (group_size(cells, g.0, &g.1), dim, g.clone()))
                    })
                    .min_by(|a, b| {
                        (a.0, a.1 != inner)
                            .cmp(&(b.0, b.1 != inner))
                            .then_with(|| b.2.cmp(&a.2))
                    });
                match smallest {
                    Some((_, dim, g)) => {
                        if let Some(d) = out.get_mut(dim) {
                            d.groups.remove(&g);
                        }
                    }
                    None => {
                        // Only totals are left: the inner total goes.
                        if let Some(d) = out.get_mut(inner) {
                            if !d.total {
                                break;
                            }
                            *d = Disclosure::default();
                        }
                    }
                }
            }
        }
        if !changed {
            return out;
        }
    }
}

/// Which totals of a campaign may be shown when no breakdown group is (peer
/// views): every dimension with n ≥ k, except an inner dimension of
/// [`DERIVED`] whose outer one has 0 < n(outer) − n(inner) < k respondents
/// more (the difference of the two totals would be those few respondents).
/// The same decision as [`disclose_dimensions`] makes for the totals.
pub fn totals_disclosed(n_by_dim: &BTreeMap<String, i64>, k: i64) -> BTreeSet<String> {
    let k = k.max(1);
    let mut shown: BTreeSet<String> = n_by_dim
        .iter()
        .filter(|(_, n)| **n >= k)
        .map(|(d, _)| d.clone())
        .collect();
    for (outer, inner) in DERIVED {
        if let (Some(o), Some(i)) = (n_by_dim.get(outer), n_by_dim.get(inner))
            && shown.contains(outer)
            && shown.contains(inner)
            && (1..k).contains(&(o - i))
        {
            shown.remove(inner);
        }
    }
    shown
}

/// Whether the published vectors of an (outer, inner) pair of [`DERIVED`]
/// let some set of 0 < n < k respondents be computed.
fn pair_leaks(
    outer: &[Cell],
    outer_d: &Disclosure,
    inner: &[Cell],
    inner_d: &Disclosure,
    k: i64,
    padded: &BTreeSet<String>,
) -> bool {
    if !outer_d.total && !inner_d.total {
        return false;
    }
    type Key = (String, String, String);
    let key = |c: &Cell| {
        (
            c.role_group.clone(),
            c.department.clone(),
            c.tenure_band.clone(),
        )
    };
    let mut counts: BTreeMap<Key, (i64, i64)> = BTreeMap::new();
    for c in outer {
        counts.entry(key(c)).or_default().0 += c.n.max(0);
    }
    for c in inner {
        counts.entry(key(c)).or_default().1 += c.n.max(0);
    }
    // Atoms: (cell, in the inner dimension too?) with their sizes. An inner
    // count above the outer one (not possible for the index) is taken as
    // nested all the same.
    let mut atoms: Vec<(Cell, bool)> = Vec::new();
    let mut sizes: Vec<f64> = Vec::new();
    for ((r, d, t), (o, i)) in &counts {
        let cell = Cell {
            role_group: r.clone(),
            department: d.clone(),
            tenure_band: t.clone(),
            n: 0,
        };
        let i = (*i).min(*o);
        for (both, n) in [(true, i), (false, o - i)] {
            if n > 0 {
                atoms.push((cell.clone(), both));
                sizes.push(n as f64);
            }
        }
    }
    let mut rows: Vec<Vec<f64>> = Vec::new();
    for (disc, inner_only) in [(outer_d, false), (inner_d, true)] {
        let member = |a: &(Cell, bool)| !inner_only || a.1;
        if disc.total {
            rows.push(
                atoms
                    .iter()
                    .map(|a| f64::from(u8::from(member(a))))
                    .collect(),
            );
        }
        for (b, v) in &disc.groups {
            rows.push(
                atoms
                    .iter()
                    .map(|a| f64::from(u8::from(member(a) && a.0.value(*b) == v)))
                    .collect(),
            );
        }
    }
    let mask: Vec<bool> = atoms
        .iter()
        .map(|a| padded.contains(&a.0.department))
        .collect();
    isolates_rows(rows.clone(), &mask) || leaks_rows(rows, &sizes, k)
}

const EPS: f64 = 1e-9;
const SEARCH_BUDGET: u64 = 2_000_000;

/// Whether some set of respondents with 0 < n < k is a linear combination of
/// the total and the given groups. Conservative: `true` when undecided.
pub fn leaks(cells: &[Cell], groups: &[(Breakdown, &str)], k: i64) -> bool {
    let atoms: Vec<&Cell> = cells.iter().filter(|c| c.n > 0).collect();
    let m = atoms.len();
    if m == 0 {
        return false;
    }
    let mut rows: Vec<Vec<f64>> = vec![vec![1.0; m]];
    for (b, v) in groups {
        rows.push(
            atoms
                .iter()
                .map(|a| if a.value(*b) == *v { 1.0 } else { 0.0 })
                .collect(),
        );
    }
    let sizes: Vec<f64> = atoms.iter().map(|a| a.n as f64).collect();
    leaks_rows(rows, &sizes, k)
}

/// Whether the total and the given groups combine into a non-zero vector
/// supported only on cells of the `padded` departments (some of their
/// respondents singled out): the rank of the published vectors drops when
/// those cells' columns are removed.
pub fn isolates(cells: &[Cell], groups: &[(Breakdown, &str)], padded: &BTreeSet<String>) -> bool {
    if padded.is_empty() {
        return false;
    }
    let atoms: Vec<&Cell> = cells.iter().filter(|c| c.n > 0).collect();
    let mut rows: Vec<Vec<f64>> = vec![vec![1.0; atoms.len()]];
    for (b, v) in groups {
        rows.push(
            atoms
                .iter()
                .map(|a| if a.value(*b) == *v { 1.0 } else { 0.0 })
                .collect(),
        );
    }
    let mask: Vec<bool> = atoms
        .iter()
        .map(|a| padded.contains(&a.department))
        .collect();
    isolates_rows(rows, &mask)
}

/// Whether some non-zero combination of `rows` is zero outside the columns
/// marked in `mask`.
fn isolates_rows(rows: Vec<Vec<f64>>, mask: &[bool]) -> bool {
    if !mask.iter().any(|m| *m) || rows.is_empty() {
        return false;
    }
    let m = mask.len();
    let outside: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .zip(mask)
                .filter(|(_, m)| !**m)
                .map(|(x, _)| *x)
                .collect()
        })
        .collect();
    let outside_m = m - mask.iter().filter(|x| **x).count();
    rref(rows, m).len() > rref(outside, outside_m).len()
}

/// Whether some 0/1 combination of atoms (of the given sizes) with a total
/// size 0 < n < k is in the span of `rows`. Conservative: `true` when
/// undecided.
fn leaks_rows(rows: Vec<Vec<f64>>, sizes: &[f64], k: i64) -> bool {
    let m = sizes.len();
    if m == 0 || rows.is_empty() {
        return false;
    }
    let basis = rref(rows, m);
    let r = basis.len();
    // The last row that touches each column: once decided, the column's value is final.
    let mut finals: Vec<Vec<usize>> = vec![Vec::new(); r];
    #[allow(clippy::needless_range_loop)] // j indexes the columns of every row
    for j in 0..m {
        if let Some(i) = (0..r).rev().find(|&i| basis[i][j].abs() > EPS) {
            finals[i].push(j);
        }
    }
    let mut acc = vec![0.0; m];
    let mut budget = SEARCH_BUDGET;
    search(&basis, &finals, sizes, k as f64, 0, &mut acc, &mut budget)
}

/// Depth-first search over 0/1 row choices; `true` if a small set is found
/// or the budget runs out.
fn search(
    basis: &[Vec<f64>],
    finals: &[Vec<usize>],
    sizes: &[f64],
    k: f64,
    i: usize,
    acc: &mut Vec<f64>,
    budget: &mut u64,
) -> bool {
    if *budget == 0 {
        return true;
    }
    *budget -= 1;
    if i == basis.len() {
        let size: f64 = acc.iter().zip(sizes).map(|(v, s)| v * s).sum();
        return size > 0.5 && size < k - 0.5;
    }
    for choice in [0.0, 1.0] {
        if choice == 1.0 {
            for (a, b) in acc.iter_mut().zip(&basis[i]) {
                *a += b;
            }
        }
        let ok = finals[i]
            .iter()
            .all(|&j| acc[j].abs() < EPS || (acc[j] - 1.0).abs() < EPS);
        let found = ok && search(basis, finals, sizes, k, i + 1, acc, budget);
        if choice == 1.0 {
            for (a, b) in acc.iter_mut().zip(&basis[i]) {
                *a -= b;
            }
        }
        if found {
            return true;
        }
    }
    false
}

/// Reduced row echelon form; returns the non-zero rows.
fn rref(mut rows: Vec<Vec<f64>>, m: usize) -> Vec<Vec<f64>> {
    let mut lead = 0;
    for col in 0..m {
        let Some(p) = (lead..rows.len()).find(|&i| rows[i][col].abs() > EPS) else {
            continue;
        };
        rows.swap(lead, p);
        let pv = rows[lead][col];
        for x in rows[lead].iter_mut() {
            *x /= pv;
        }
        let pivot = rows[lead].clone();
        for (i, row) in rows.iter_mut().enumerate() {
            if i != lead && row[col].abs() > EPS {
                let f = row[col];
                for (x, y) in row.iter_mut().zip(&pivot) {
                    *x -= f * y;
                }
            }
        }
        lead += 1;
        if lead == rows.len() {
            break;
        }
    }
    rows.truncate(lead);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cell(r: &str, d: &str, t: &str, n: i64) -> Cell {
        Cell {
            role_group: r.into(),
            department: d.into(),
            tenure_band: t.into(),
            n,
        }
    }

    fn shown(d: &Disclosure) -> Vec<String> {
        d.groups
            .iter()
            .map(|(b, v)| format!("{}:{v}", b.code()))
            .collect()
    }

    #[test]
    fn five_answers_publish_no_order_statistics() {
        // Issue 23, leak 4: with n = 5, q1, median and q3 are the 2nd–4th
        // values and mean + sd give the other two.
        let s = crate::scoring::stats::summarize(&[2.0, 3.0, 5.0, 8.0, 9.0]).expect("summary");
        let f = figure(&s, 5);
        assert_eq!((f.median, f.q1, f.q3), (None, None, None));
        assert_eq!((f.n, f.mean, f.sd), (5, s.mean, s.sd));
        assert_eq!((f.ci_lo, f.ci_hi), (s.ci_lo, s.ci_hi));
        // Ten answers with k = 5 (2k = 10) may show them; k = 6 needs 12.
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        let s = crate::scoring::stats::summarize(&ten).expect("summary");
        let f = figure(&s, 5);
        assert_eq!(
            (f.median, f.q1, f.q3),
            (Some(s.median), Some(s.q1), Some(s.q3))
        );
        assert_eq!(figure(&s, 6).median, None);
        // k = 1 still needs ten.
        assert!(!spread_disclosed(9, 1) && spread_disclosed(10, 1));
    }

    /// The per-dimension cells of respondents given as (dept, both, only
    /// DI, only TMI): the index exists for those with both.
    fn joint_cells(rows: &[(&str, i64, i64, i64)]) -> BTreeMap<String, Vec<Cell>> {
        let mut by_dim: BTreeMap<String, Vec<Cell>> = BTreeMap::new();
        for (dept, both, di, tmi) in rows {
            for (dim, n) in [("DI", both + di), ("TMI", both + tmi), ("INDEX", *both)] {
                if n > 0 {
                    by_dim
                        .entry(dim.into())
                        .or_default()
                        .push(cell("a", dept, "p", n));
                }
            }
        }
        by_dim
    }

    #[test]
    fn the_index_with_tmi_does_not_give_away_a_hidden_di_group() {
        // Issue 23, leak 1: IT 6, HR 6, Ops 2; the two in Ops answered no TMI
        // item, so they have DI but no index. Per dimension, DI hid Ops (and
        // one more department) while the index showed IT and HR; DI of IT
        // followed from its index and TMI, and Ops' DI from the total. DI
        // total − index total alone is Ops, so the index total must go.
        let by_dim = joint_cells(&[("IT", 6, 0, 0), ("HR", 6, 0, 0), ("Ops", 0, 2, 0)]);
        let alone = disclose(&by_dim["INDEX"], 5);
        let depts = |d: &Disclosure| {
            d.groups
                .iter()
                .filter(|(b, _)| *b == Breakdown::Department)
                .count()
        };
        assert!(alone.total && depts(&alone) == 2, "{alone:?}");
        let d = disclose_dimensions(&by_dim, 5);
        assert_eq!(d["INDEX"], Disclosure::default());
        assert!(d["DI"].total && d["TMI"].total);
        assert!(depts(&d["DI"]) <= 1, "{:?}", d["DI"]);
        for (outer, inner) in DERIVED {
            assert!(!pair_leaks(
                &by_dim[outer],
                &d[outer],
                &by_dim[inner],
                &d[inner],
                5,
                &BTreeSet::new()
            ));
        }
        // The peer views' rule for totals agrees.
        let n: BTreeMap<String, i64> = [("DI", 14), ("TMI", 12), ("INDEX", 12)]
            .map(|(d, n)| (d.to_owned(), n))
            .into();
        assert_eq!(
            totals_disclosed(&n, 5),
            ["DI", "TMI"].map(String::from).into()
        );
        // Five or more without TMI are a group of their own: nothing to hide.
        let by_dim = joint_cells(&[("IT", 6, 0, 0), ("HR", 6, 0, 0), ("Ops", 0, 5, 0)]);
        let d = disclose_dimensions(&by_dim, 5);
        assert!(d["INDEX"].total);
        // Nobody skipped: the same decision as each dimension alone.
        let by_dim = joint_cells(&[("IT", 6, 0, 0), ("HR", 7, 0, 0), ("Ops", 2, 0, 0)]);
        let d = disclose_dimensions(&by_dim, 5);
        for dim in ["DI", "TMI", "INDEX"] {
            assert_eq!(d[dim], disclose(&by_dim[dim], 5), "{dim}");
        }
    }

    #[test]
    fn below_k_shows_nothing() {
        let d = disclose(&[cell("a", "x", "p", 4)], 5);
        assert!(!d.total && d.groups.is_empty());
        let d = disclose(&[cell("a", "x", "p", 5)], 5);
        assert!(d.total);
        assert_eq!(shown(&d), ["role_group:a", "department:x", "tenure_band:p"]);
    }

    #[test]
    fn a_lone_small_group_takes_the_smallest_other_with_it() {
        // departments x 10, y 6, z 3 (k = 5): z is hidden, and total − x − y = z,
        // so y (the smallest shown) must go too; x alone leaves y+z = 9 ≥ 5.
        let cells = [
            cell("", "x", "", 10),
            cell("", "y", "", 6),
            cell("", "z", "", 3),
        ];
        let d = disclose(&cells, 5);
        assert!(d.total);
        assert_eq!(shown(&d), ["department:x"]);
    }

    #[test]
    fn not_answered_counts_as_a_hidden_group() {
        // roles a 6, b 6, not answered 2: showing a and b reveals the 2.
        let cells = [
            cell("a", "", "", 6),
            cell("b", "", "", 6),
            cell("", "", "", 2),
        ];
        assert_eq!(shown(&disclose(&cells, 5)), ["role_group:a"]);
    }

    #[test]
    fn cross_breakdown_cell_is_protected() {
        // A = {8 people}, B = {6}; X = 2 of A + all of B, Y = 6 of A; B∩Y empty,
        // so A + X − total = A∩X (2 people): not all four can be shown.
        let cells = [
            cell("a", "x", "", 2),
            cell("a", "y", "", 6),
            cell("b", "x", "", 6),
        ];
        let groups = [
            (Breakdown::RoleGroup, "a"),
            (Breakdown::RoleGroup, "b"),
            (Breakdown::Department, "x"),
            (Breakdown::Department, "y"),
        ];
        assert!(leaks(&cells, &groups, 5));
        let d = disclose(&cells, 5);
        let g: Vec<(Breakdown, &str)> = d.groups.iter().map(|(b, v)| (*b, v.as_str())).collect();
        assert!(!leaks(&cells, &g, 5));
        assert!(!g.is_empty());
    }

    /// Rank of integer rows by fraction-free elimination (independent of the
    /// floating-point search above).
    fn rank(mut rows: Vec<Vec<i128>>) -> usize {
        let m = rows.first().map_or(0, Vec::len);
        let mut r = 0;
        for col in 0..m {
            let Some(p) = (r..rows.len()).find(|&i| rows[i][col] != 0) else {
                continue;
            };
            rows.swap(r, p);
            let pivot = rows[r].clone();
            for (i, row) in rows.iter_mut().enumerate() {
                if i != r && row[col] != 0 {
                    let (a, b) = (pivot[col], row[col]);
                    for (x, p) in row.iter_mut().zip(&pivot) {
                        *x = *x * a - p * b;
                    }
                    let g = row.iter().fold(0i128, |g, x| gcd(g, x.abs()));
                    if g > 1 {
                        for x in row.iter_mut() {
                            *x /= g;
                        }
                    }
                }
            }
            r += 1;
        }
        r
    }

    fn gcd(a: i128, b: i128) -> i128 {
        if b == 0 { a } else { gcd(b, a % b) }
    }

    const ROLES: [&str; 3] = ["", "a", "b"];
    const DEPTS: [&str; 4] = ["", "x", "y", "z"];
    const TENURE: [&str; 3] = ["", "p", "q"];

    fn cells_strategy() -> impl Strategy<Value = Vec<Cell>> {
        prop::collection::vec((0..3usize, 0..4usize, 0..3usize, 1..9i64), 0..10).prop_map(|v| {
            let mut cells: Vec<Cell> = Vec::new();
            for (r, d, t, n) in v {
                match cells.iter_mut().find(|c| {
                    c.role_group == ROLES[r]
                        && c.department == DEPTS[d]
                        && c.tenure_band == TENURE[t]
                }) {
                    Some(c) => c.n += n,
                    None => cells.push(cell(ROLES[r], DEPTS[d], TENURE[t], n)),
                }
            }
            cells
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 400,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x005b_1de1),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Order statistics are published only for groups of at least
        /// max(2k, 10); the mean and its interval always pass unchanged.
        #[test]
        fn quantiles_need_a_larger_group(
            values in prop::collection::vec(1.0..10.0f64, 1..30),
            k in 1..9i64,
        ) {
            let s = crate::scoring::stats::summarize(&values).expect("summary");
            let f = figure(&s, k);
            let big = values.len() as i64 >= (2 * k).max(10);
            prop_assert_eq!(f.median.is_some(), big);
            prop_assert_eq!(f.q1.is_some(), big);
            prop_assert_eq!(f.q3.is_some(), big);
            prop_assert_eq!(f.mean, s.mean);
            prop_assert_eq!(f.n, values.len() as i64);
        }

        /// No group below k is shown, and no set of respondents below k can be
        /// computed from what is shown: checked by brute force over every
        /// subset of cells with an independent exact rank test.
        #[test]
        fn nothing_below_k_can_be_shown_or_computed(cells in cells_strategy(), k in 2..7i64) {
            let d = disclose(&cells, k);
            let total: i64 = cells.iter().map(|c| c.n).sum();
            if total < k {
                prop_assert!(!d.total && d.groups.is_empty());
                return Ok(());
            }
            for (b, v) in &d.groups {
                prop_assert!(!v.is_empty());
                prop_assert!(group_size(&cells, *b, v) >= k, "{b:?}:{v} shown below k");
            }
            let m = cells.len();
            let mut published: Vec<Vec<i128>> = vec![vec![1; m]];
            for (b, v) in &d.groups {
                published.push(cells.iter().map(|c| i128::from(c.value(*b) == v)).collect());
            }
            let base = rank(published.clone());
            for mask in 1u32..(1 << m) {
                let size: i64 = (0..m).filter(|j| mask & (1 << j) != 0).map(|j| cells[j].n).sum();
                if size >= k {
                    continue;
                }
                let mut with = published.clone();
                with.push((0..m).map(|j| i128::from(mask & (1 << j) != 0)).collect());
                prop_assert!(
                    rank(with) > base,
                    "a set of {size} respondents (cells {mask:b}) is computable from {:?}",
                    d.groups
                );
            }
        }

        /// Several dimensions with different n per dimension (respondents
        /// who skipped every TMI or DI item) and a derived one (the index):
        /// for each pair of [`DERIVED`], no set of fewer than k respondents
        /// is a combination of what both dimensions publish, checked by
        /// brute force over every subset of atoms (cell × in both or not)
        /// with the independent rank test; and the totals agree with
        /// [`totals_disclosed`].
        #[test]
        fn nothing_below_k_can_be_computed_across_dimensions(
            rows in prop::collection::vec((0..4usize, 0..6i64, 0..4i64, 0..4i64), 1..5),
            k in 2..6i64,
        ) {
            let named: Vec<(&str, i64, i64, i64)> =
                rows.iter().map(|(d, b, x, y)| (DEPTS[*d], *b, *x, *y)).collect();
            let by_dim = joint_cells(&named);
            let d = disclose_dimensions(&by_dim, k);
            let n_of = |dim: &str| -> i64 {
                by_dim.get(dim).map(|c| c.iter().map(|c| c.n).sum()).unwrap_or(0)
            };
            let totals: BTreeMap<String, i64> =
                ["DI", "TMI", "INDEX"].iter().map(|x| (x.to_string(), n_of(x))).filter(|(_, n)| *n > 0).collect();
            let shown_totals: BTreeSet<String> =
                d.iter().filter(|(_, x)| x.total).map(|(dim, _)| dim.clone()).collect();
            prop_assert_eq!(&shown_totals, &totals_disclosed(&totals, k));
            for (outer, inner) in DERIVED {
                let (Some(oc), Some(ic)) = (by_dim.get(outer), by_dim.get(inner)) else { continue };
                let none = Disclosure::default();
                let (od, id) = (d.get(outer).unwrap_or(&none), d.get(inner).unwrap_or(&none));
                // Atoms: (department, in the inner dimension?) with sizes.
                let mut atoms: Vec<(&str, bool, i64)> = Vec::new();
                for dept in DEPTS {
                    let o: i64 = oc.iter().filter(|c| c.department == dept).map(|c| c.n).sum();
                    let i: i64 = ic.iter().filter(|c| c.department == dept).map(|c| c.n).sum();
                    if i > 0 { atoms.push((dept, true, i)); }
                    if o - i > 0 { atoms.push((dept, false, o - i)); }
                }
                let m = atoms.len();
                let mut published: Vec<Vec<i128>> = Vec::new();
                for (disc, inner_only) in [(od, false), (id, true)] {
                    let member = |a: &(&str, bool, i64)| !inner_only || a.1;
                    if disc.total {
                        published.push(atoms.iter().map(|a| i128::from(member(a))).collect());
                    }
                    for (b, v) in &disc.groups {
                        prop_assert!(*b == Breakdown::Department || v == "a" || v == "p");
                        published.push(atoms.iter().map(|a| {
                            let inside = match b {
                                Breakdown::Department => a.0 == v,
                                _ => true,
                            };
                            i128::from(member(a) && inside)
                        }).collect());
                    }
                }
                if published.is_empty() { continue; }
                let base = rank(published.clone());
                for mask in 1u32..(1 << m) {
                    let size: i64 = (0..m).filter(|j| mask & (1 << j) != 0).map(|j| atoms[j].2).sum();
                    if size >= k { continue; }
                    let mut with = published.clone();
                    with.push((0..m).map(|j| i128::from(mask & (1 << j) != 0)).collect());
                    prop_assert!(
                        rank(with) > base,
                        "{outer}/{inner}: a set of {size} respondents ({mask:b} of {atoms:?}) is computable"
                    );
                }
            }
        }

        /// Shown groups never shrink the protection: hiding is deterministic and
        /// every group large enough and safe on its own stays decidable.
        #[test]
        fn disclosure_is_deterministic(cells in cells_strategy(), k in 2..7i64) {
            prop_assert_eq!(disclose(&cells, k), disclose(&cells, k));
        }
    }

    /// Every combination with coefficients in {-1, 0, 1} of the total and the
    /// published groups (an independent, bounded check of [`isolates`]).
    fn small_combinations(cells: &[Cell], d: &Disclosure) -> Vec<Vec<i64>> {
        let atoms: Vec<&Cell> = cells.iter().filter(|c| c.n > 0).collect();
        let mut rows: Vec<Vec<i64>> = Vec::new();
        if d.total {
            rows.push(vec![1; atoms.len()]);
        }
        for (b, v) in &d.groups {
            rows.push(atoms.iter().map(|a| i64::from(a.value(*b) == v)).collect());
        }
        let mut out = vec![vec![0; atoms.len()]];
        for r in &rows {
            let mut next = Vec::new();
            for acc in &out {
                for f in [-1, 0, 1] {
                    next.push(acc.iter().zip(r).map(|(a, x)| a + f * x).collect());
                }
            }
            out = next;
        }
        out
    }

    #[test]
    fn a_department_over_its_headcount_is_hidden_and_cannot_be_derived() {
        // One real IT respondent and four fakes (IT headcount 1); HR and Ops
        // are large enough to be shown, so IT = total − HR − Ops unless one of
        // them goes too.
        let cells = vec![
            cell("a", "IT", "x", 5),
            cell("a", "HR", "x", 12),
            cell("b", "Ops", "y", 12),
        ];
        let by_dim: BTreeMap<String, Vec<Cell>> = [("DI".to_owned(), cells.clone())].into();
        let plain = disclose_dimensions(&by_dim, 5);
        assert!(plain["DI"].shows(Breakdown::Department, "IT"), "{plain:?}");
        let intake = Intake {
            shared_link: false,
            headcounts: [("IT".to_owned(), 1)].into(),
        };
        let d = disclose_dimensions_with(&by_dim, 5, &intake);
        let di = &d["DI"];
        assert!(di.total);
        assert!(!di.shows(Breakdown::Department, "IT"));
        let groups: Vec<(Breakdown, &str)> =
            di.groups.iter().map(|(b, v)| (*b, v.as_str())).collect();
        assert!(!isolates(&cells, &groups, &["IT".to_owned()].into()));
        assert!(di.groups.len() < plain["DI"].groups.len());
        // Every department within its headcount: nothing changes.
        let fine = Intake {
            shared_link: false,
            headcounts: [("IT".to_owned(), 5), ("HR".to_owned(), 40)].into(),
        };
        assert_eq!(disclose_dimensions_with(&by_dim, 5, &fine), plain);
        // Everyone in the padded department: not even the total.
        let alone: BTreeMap<String, Vec<Cell>> =
            [("DI".to_owned(), vec![cell("a", "IT", "x", 7)])].into();
        assert_eq!(
            disclose_dimensions_with(&alone, 5, &intake)["DI"],
            Disclosure::default()
        );
    }

    #[test]
    fn with_a_shared_link_breakdown_groups_need_twice_k() {
        let cells = vec![
            cell("a", "IT", "x", 6),
            cell("b", "HR", "y", 12),
            cell("c", "Ops", "z", 11),
        ];
        let by_dim: BTreeMap<String, Vec<Cell>> = [("DI".to_owned(), cells)].into();
        let shared = Intake {
            shared_link: true,
            headcounts: BTreeMap::new(),
        };
        assert_eq!(shared.min_group(5), 10);
        assert_eq!(Intake::default().min_group(5), 5);
        let d = disclose_dimensions_with(&by_dim, 5, &shared);
        assert!(d["DI"].total);
        assert!(!d["DI"].shows(Breakdown::Department, "IT"));
        assert!(!d["DI"].shows(Breakdown::RoleGroup, "a"));
        for (b, v) in &d["DI"].groups {
            assert!(group_size(&by_dim["DI"], *b, v) >= 10, "{b:?} {v}");
        }
        assert!(disclose_dimensions(&by_dim, 5)["DI"].shows(Breakdown::Department, "IT"));
    }

    proptest! {
        #[test]
        fn no_small_combination_singles_out_a_padded_department(
            ns in proptest::collection::vec(0i64..14, 6),
            heads in proptest::collection::vec(0i64..8, 3),
        ) {
            let depts = ["IT", "HR", "Ops"];
            let cells: Vec<Cell> = ns
                .iter()
                .enumerate()
                .map(|(i, n)| cell(["a", "b"][i % 2], depts[i / 2], "x", *n))
                .collect();
            let intake = Intake {
                shared_link: false,
                headcounts: depts.iter().zip(&heads).map(|(d, h)| ((*d).to_owned(), *h + 2)).collect(),
            };
            let by_dim: BTreeMap<String, Vec<Cell>> = [("DI".to_owned(), cells.clone())].into();
            let padded = intake.over_headcount(&by_dim);
            let d = &disclose_dimensions_with(&by_dim, 3, &intake)["DI"];
            for p in &padded {
                prop_assert!(!d.shows(Breakdown::Department, p));
            }
            let atoms: Vec<&Cell> = cells.iter().filter(|c| c.n > 0).collect();
            for v in small_combinations(&cells, d) {
                let nonzero = v.iter().any(|x| *x != 0);
                let inside = v
                    .iter()
                    .zip(&atoms)
                    .all(|(x, a)| *x == 0 || padded.contains(&a.department));
                prop_assert!(!(nonzero && inside), "{v:?} over {atoms:?} with {d:?}");
            }
        }
    }
}
