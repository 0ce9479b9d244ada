//! Scoring, aggregation and anonymity (SPEC §4–§5).
//!
//! - [`score`]: one respondent's strategy scores, axes, index and quadrant.
//! - [`stats`]: the statistics kept per group.
//! - [`aggregate`]: a campaign's aggregates from its submitted responses.
//! - [`cells`]: how the cross-tabulation counts are stored.
//! - [`decode`]: aggregation straight from stored answer documents.
//! - [`anonymity`]: what may be shown (k, secondary suppression); the only
//!   place that decides it.
//! - `service` (server): aggregation at close and `reaggregate`.
//! - `gate` (server): the read path of campaign results through `anonymity`.

pub mod aggregate;
pub mod anonymity;
pub mod cells;
pub mod decode;
pub mod model;
pub mod score;
pub mod stats;

#[cfg(feature = "ssr")]
pub mod gate;
#[cfg(feature = "ssr")]
pub mod service;
