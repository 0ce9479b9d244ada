//! Peer benchmarking (SPEC §4): ranks, percentiles, plausible rank ranges,
//! ambition vs position, advice and "learn from".
//!
//! - [`rank`]: the pure ranking functions.
//! - `service` (server): builds a [`Benchmark`] for a year and a peer group,
//!   reading only stored totals and passing them through the anonymity rules.
//! - `advice` (server): advice texts in four languages.

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
    /// Ranking, best index first (empty when too small).
    pub entries: Vec<PeerEntry>,
    pub dims: Vec<DimBenchmark>,
    pub ambition: Option<AmbitionCheck>,
    pub advice: Option<Advice>,
    pub learn_from: Vec<LearnFrom>,
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
