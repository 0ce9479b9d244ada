//! What results reads return (shared by server and browser). Every value in
//! these types has passed the anonymity gate.

use serde::{Deserialize, Serialize};

/// The statistics of one group and dimension as they may leave the server:
/// the mean with its spread and 95 % CI always (the group has n ≥ k), the
/// median and quartiles only for a group large enough that they do not pin
/// individual answers ([`super::anonymity::spread_disclosed`]). Minimum and
/// maximum of respondents are never published.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub n: i64,
    pub mean: f64,
    pub sd: f64,
    pub ci_lo: f64,
    pub ci_hi: f64,
    pub median: Option<f64>,
    pub q1: Option<f64>,
    pub q3: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Availability {
    /// The campaign is not closed: no results, only the count elsewhere.
    NotClosed,
    /// Fewer than k submitted responses: nothing is shown.
    TooFew,
    Available,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimStat {
    pub dimension: String,
    pub stat: Figure,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupResult {
    /// role_group, department or tenure_band.
    pub breakdown: String,
    pub group: String,
    /// Respondents in the group (None when only some dimensions may be shown).
    pub n: Option<i64>,
    pub dims: Vec<DimStat>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FreeTexts {
    pub item_id: String,
    pub texts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignResults {
    pub campaign_id: i64,
    pub name: String,
    pub year: i64,
    pub k: i64,
    pub availability: Availability,
    /// Submitted responses (only when available).
    pub n: Option<i64>,
    pub total: Vec<DimStat>,
    /// Quadrant code (beginner, fashionista, conservative, master).
    pub quadrant: Option<String>,
    pub groups: Vec<GroupResult>,
    pub free_texts: Vec<FreeTexts>,
}

impl CampaignResults {
    pub fn total(&self, dim: &str) -> Option<&Figure> {
        self.total
            .iter()
            .find(|d| d.dimension == dim)
            .map(|d| &d.stat)
    }
}
