//! Peer benchmarking (SPEC §4): ranks, percentiles, plausible rank ranges,
//! ambition vs position, advice and "learn from".
//!
//! - [`rank`]: the pure ranking functions.
//! - [`counting`]: which campaign of an organisation counts for a year.
//! - `service` (server): builds a [`Benchmark`] for a year and a peer group,
//!   reading only stored totals and passing them through the anonymity rules.
//! - `advice` (server): advice texts in four languages.

pub mod counting;
pub mod rank;

#[cfg(feature = "ssr")]
pub mod advice;
#[cfg(feature = "ssr")]
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod service;

use rank::{AmbitionStatus, Position};
use serde::{Deserialize, Serialize};

/// A peer group: any mix of country, kind, size band and collaboration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerFilter {
    pub year: i64,
    pub country: Option<String>,
    pub kind: Option<String>,
    pub size_band: Option<String>,
    pub collaboration: Option<i64>,
}

/// How a peer is shown: by name only if it opted in to named benchmarking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerLabel {
    pub name: Option<String>,
    pub kind: String,
    pub size_band: String,
    pub country: String,
}

/// One organisation's value on one dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerValue {
    pub dimension: String,
    pub mean: f64,
    pub ci_lo: f64,
    pub ci_hi: f64,
    pub position: Position,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerEntry {
    pub label: PeerLabel,
    pub is_self: bool,
    pub values: Vec<PeerValue>,
    /// Quadrant code from the organisation's DI and TMI means.
    pub quadrant: Option<String>,
}

impl PeerEntry {
    pub fn value(&self, dim: &str) -> Option<&PeerValue> {
        self.values.iter().find(|v| v.dimension == dim)
    }
}

/// Distribution of one dimension over the peer group, and the reader's place in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimBenchmark {
    pub dimension: String,
    pub count: i64,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
    pub own: Option<OwnPosition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnPosition {
    pub mean: f64,
    pub ci_lo: f64,
    pub ci_hi: f64,
    pub position: Position,
    /// Own mean − peer median.
    pub to_median: f64,
    /// Own mean − the top-quartile threshold (the peers' 75th percentile).
    pub to_top_quartile: f64,
    /// Change since the previous year's result, when both are shown.
    pub year_over_year: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmbitionCheck {
    pub ambition: String,
    pub expected_percentile: Option<f64>,
    pub percentile: f64,
    pub status: AmbitionStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnFrom {
    pub strategy: String,
    pub own: f64,
    pub peers: Vec<(String, f64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advice {
    pub quadrant: Option<String>,
    /// (strategy, band, text)
    pub strategies: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum BenchmarkStatus {
    /// Fewer organisations than the minimum: no figures at all.
    TooSmall,
    Available,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Benchmark {
    pub filter: PeerFilter,
    pub status: BenchmarkStatus,
    pub min_orgs: i64,
    /// One page of the ranking, best index first (empty when too small):
    /// see [`Benchmark::ranking_page`]. Each entry carries its INDEX value.
    pub entries: Vec<PeerEntry>,
    /// Organisations in the whole ranking.
    pub ranking_total: i64,
    /// Place of `entries[0]` in the whole ranking (0 = first).
    pub ranking_offset: i64,
    /// DI × TMI means of the other organisations (the quadrant scatter).
    pub scatter: Vec<(f64, f64)>,
    /// The reader's own DI × TMI, when shown.
    pub scatter_own: Option<(f64, f64)>,
    /// Other organisations per quadrant code (the scatter's data table).
    pub quadrant_counts: Vec<(String, i64)>,
    pub dims: Vec<DimBenchmark>,
    pub ambition: Option<AmbitionCheck>,
    pub advice: Option<Advice>,
    pub learn_from: Vec<LearnFrom>,
}

/// Rows per page of the ranking table.
pub const RANKING_PAGE: i64 = 50;

impl Benchmark {
    /// Keep one page of the ranking (`RANKING_PAGE` rows from `page`, 0-based;
    /// without a page, the page holding the reader), each entry with its
    /// INDEX value only. `None` keeps no entries (the dashboard needs none).
    pub fn ranking_page(mut self, page: Option<Option<i64>>) -> Benchmark {
        let total = self.entries.len() as i64;
        let start = match page {
            None => {
                self.entries.clear();
                self.scatter.clear();
                self.ranking_offset = 0;
                return self;
            }
            Some(Some(p)) => p.max(0).saturating_mul(RANKING_PAGE),
            Some(None) => {
                let own = self.entries.iter().position(|e| e.is_self).unwrap_or(0) as i64;
                own / RANKING_PAGE * RANKING_PAGE
            }
        };
        let start = if start >= total {
            ((total - 1).max(0) / RANKING_PAGE) * RANKING_PAGE
        } else {
            start
        };
        let end = (start + RANKING_PAGE).min(total);
        self.entries = self
            .entries
            .drain(start as usize..end as usize)
            .map(|mut e| {
                e.values.retain(|v| v.dimension == "INDEX");
                e
            })
            .collect();
        self.ranking_offset = start;
        self
    }
}

/// A target level (målbild) for one strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetView {
    pub strategy: String,
    pub level: f64,
    pub target_year: i64,
}

/// One year of the organisation's own results (k-safe totals).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub year: i64,
    pub dims: Vec<crate::scoring::model::DimStat>,
}

/// A collaboration the organisation is a member of (for the peer filter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollaborationRef {
    pub id: i64,
    pub name: String,
}

/// What the benchmark page needs besides the benchmark: the organisation's
/// name and country (the default peer group), the years it has k-safe
/// results for, and its collaborations (peer-group choices).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchContext {
    pub org_id: i64,
    pub org_name: String,
    pub country: String,
    pub years: Vec<i64>,
    pub collaborations: Vec<CollaborationRef>,
}

/// Everything the organisation dashboard and the report show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub org_id: i64,
    pub org_name: String,
    pub country: String,
    pub kind: String,
    pub size_band: String,
    pub ambition: String,
    /// Latest closed campaign, through the anonymity gate.
    pub latest: Option<crate::scoring::model::CampaignResults>,
    /// Response rate of the latest campaign (percent), when its n is shown.
    pub response_rate: Option<f64>,
    pub trend: Vec<TrendPoint>,
    pub targets: Vec<TargetView>,
    /// Benchmark of the latest year against the organisation's country.
    pub benchmark: Option<Benchmark>,
    pub years: Vec<i64>,
    pub collaborations: Vec<CollaborationRef>,
    /// Labels in the reader's language: role and tenure options, free-text questions.
    pub labels: Vec<(String, String)>,
}

impl Dashboard {
    pub fn label<'a>(&'a self, code: &'a str) -> &'a str {
        self.labels
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, l)| l.as_str())
            .unwrap_or(code)
    }
}

/// One year on the platform (operator overview).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearStats {
    pub year: i64,
    pub campaigns: i64,
    /// Responses of campaigns with at least k responses.
    pub responses: i64,
    /// Organisations with a k-safe result that year.
    pub orgs_with_results: i64,
}

/// Distribution of organisations' maturity index in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    pub year: i64,
    pub count: i64,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlatformOverview {
    pub orgs: i64,
    pub by_country: Vec<(String, i64)>,
    pub years: Vec<YearStats>,
    /// None when fewer organisations than the peer minimum have results.
    pub distribution: Option<Distribution>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bench(total: usize, own: Option<usize>) -> Benchmark {
        let entry = |i: usize| PeerEntry {
            label: PeerLabel {
                name: Some(format!("org {i}")),
                kind: "municipality".into(),
                size_band: "10-25k".into(),
                country: "SE".into(),
            },
            is_self: Some(i) == own,
            values: ["INDEX", "DI", "TMI"]
                .into_iter()
                .map(|d| PeerValue {
                    dimension: d.into(),
                    mean: 50.0,
                    ci_lo: 40.0,
                    ci_hi: 60.0,
                    position: Position {
                        rank: i as i64 + 1,
                        of: total as i64,
                        percentile: 50.0,
                        quartile: 2,
                        rank_best: 1,
                        rank_worst: total as i64,
                    },
                })
                .collect(),
            quadrant: None,
        };
        Benchmark {
            filter: PeerFilter::default(),
            status: BenchmarkStatus::Available,
            min_orgs: 5,
            entries: (0..total).map(entry).collect(),
            ranking_total: total as i64,
            ranking_offset: 0,
            scatter: vec![(1.0, 2.0); total],
            scatter_own: None,
            quadrant_counts: vec![],
            dims: vec![],
            ambition: None,
            advice: None,
            learn_from: vec![],
        }
    }

    fn names(b: &Benchmark) -> (String, String) {
        let n = |e: Option<&PeerEntry>| e.and_then(|e| e.label.name.clone()).unwrap_or_default();
        (n(b.entries.first()), n(b.entries.last()))
    }

    #[test]
    fn the_default_page_holds_the_reader() {
        let b = bench(130, Some(117)).ranking_page(Some(None));
        assert_eq!((b.ranking_offset, b.entries.len()), (100, 30));
        assert_eq!(names(&b), ("org 100".into(), "org 129".into()));
        assert!(b.entries.iter().any(|e| e.is_self));
        assert_eq!(b.ranking_total, 130);
        // Each row keeps only its INDEX value; the scatter keeps every point.
        assert!(
            b.entries
                .iter()
                .all(|e| e.values.len() == 1 && e.value("INDEX").is_some())
        );
        assert_eq!(b.scatter.len(), 130);
        // Without the reader in the group: the first page.
        let b = bench(130, None).ranking_page(Some(None));
        assert_eq!((b.ranking_offset, b.entries.len()), (0, 50));
    }

    #[test]
    fn pages_are_fifty_rows_and_out_of_range_pages_show_the_last() {
        let b = bench(130, Some(3)).ranking_page(Some(Some(1)));
        assert_eq!(names(&b), ("org 50".into(), "org 99".into()));
        let b = bench(130, Some(3)).ranking_page(Some(Some(99)));
        assert_eq!((b.ranking_offset, b.entries.len()), (100, 30));
        let b = bench(130, Some(3)).ranking_page(Some(Some(-4)));
        assert_eq!(b.ranking_offset, 0);
        let b = bench(0, None).ranking_page(Some(Some(2)));
        assert_eq!((b.ranking_offset, b.entries.len()), (0, 0));
        let b = bench(100, Some(3)).ranking_page(Some(Some(2)));
        assert_eq!((b.ranking_offset, b.entries.len()), (50, 50));
    }

    #[test]
    fn the_dashboard_keeps_no_rows() {
        let b = bench(30, Some(3)).ranking_page(None);
        assert!(b.entries.is_empty() && b.scatter.is_empty());
        assert_eq!(b.ranking_total, 30);
    }
}
