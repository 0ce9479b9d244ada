//! Shared server state, provided to every request through the Leptos context.

use crate::db::Db;
use std::sync::Arc;

/// Runtime settings that the app (not only the server binary) needs.
#[derive(Debug, Clone)]
pub struct AppSettings {
    /// Minimum group size k for any figure shown (SPEC §5).
    pub min_group_size: i64,
    /// Whether this instance runs with demo data (and demo accounts).
    pub demo: bool,
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<AppSettings>,
}
