//! Survey campaigns and anonymous answering.
//!
//! Shared types live here; the service (server only) in [`service`]; the
//! pure decoding and checking of submitted answers in [`submission`].

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod service;
pub mod submission;

/// Error codes a respondent may see; the pages translate them.
pub mod codes {
    pub const NOT_OPEN: &str = "survey.not_open";
    pub const CLOSED: &str = "survey.closed";
    pub const UNKNOWN_CODE: &str = "survey.unknown_code";
    pub const TOKEN_USED: &str = "survey.token_used";
    pub const UNKNOWN_RESUME: &str = "survey.unknown_resume";
    pub const ALREADY_SUBMITTED: &str = "survey.already_submitted";
    /// Submitted before with other answers: the new ones are not stored.
    pub const SUBMITTED_DIFFERENTLY: &str = "survey.submitted_differently";
    pub const INVALID_ANSWERS: &str = "survey.invalid_answers";
    pub const TOO_LARGE: &str = "survey.too_large";
}

/// Everything the respondent's pages need for one response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyForm {
    pub campaign_name: String,
    pub questionnaire_json: String,
    pub departments: Vec<String>,
    pub answers_json: String,
    pub language: String,
}

/// A campaign as its organisation's admins see it. While open, only counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignView {
    pub id: i64,
    pub name: String,
    pub year: i64,
    pub version: String,
    pub state: String,
    pub departments: Vec<String>,
    pub shared_code: String,
    pub submitted: i64,
    pub tokens_issued: i64,
    /// Submitted / tokens issued, in percent (None without tokens).
    pub response_rate: Option<f64>,
    /// People invited by e-mail who have not started yet (a count only).
    pub invitees_not_started: i64,
    /// Staff headcount per department, as the org admin gave it (padding rule).
    pub headcounts: Vec<(String, i64)>,
    /// Responses started through the shared link or code.
    pub shared_starts: i64,
    /// Shared-link starts refused for coming too fast from one address, and
    /// the last day that happened.
    pub refused_starts: i64,
    pub last_refused_on: Option<String>,
    /// Departments with more submitted responses than their headcount
    /// (names only: their figures are hidden).
    pub over_headcount: Vec<String>,
}

/// Response rate in percent, one decimal; None when no tokens were issued.
pub fn response_rate(submitted: i64, tokens: i64) -> Option<f64> {
    (tokens > 0).then(|| ((submitted as f64 / tokens as f64) * 1000.0).round() / 10.0)
}

/// Short, unambiguous codes (no 0/O, 1/I/L): for campaign links and resume codes.
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Normalise a code as typed (case, spaces and dashes do not matter).
pub fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_codes() {
        assert_eq!(response_rate(6, 6), Some(100.0));
        assert_eq!(response_rate(1, 3), Some(33.3));
        assert_eq!(response_rate(5, 0), None);
        assert_eq!(normalise_code(" abcd-efgh 2345 "), "ABCDEFGH2345");
    }
}
