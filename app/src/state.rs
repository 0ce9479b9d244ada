//! Shared server state, provided to every request through the Leptos context.

use crate::db::Db;
use std::sync::Arc;

/// Runtime settings that the app (not only the server binary) needs.
#[derive(Debug, Clone)]
pub struct AppSettings {
    /// Minimum group size k for any figure shown (SPEC §5).
    pub min_group_size: i64,
    /// Minimum number of other organisations in a peer group.
    pub min_peer_orgs: i64,
    /// Quadrant threshold on both axes (default 5.5).
    pub quadrant_threshold: f64,
    /// Whether this instance runs with demo data (and demo accounts).
    pub demo: bool,
    /// A session ends after this long without a request.
    pub session_idle_secs: i64,
    /// A session ends this long after sign-in, whatever the activity.
    pub session_absolute_secs: i64,
    /// Mark cookies `Secure` (serve over HTTPS).
    pub secure_cookies: bool,
    /// Base URL for links in e-mails (invitations, password resets).
    pub public_url: String,
    /// Whether mail is delivered (SMTP or a mail directory). Without it,
    /// invitations, survey links and resets are queued and reach nobody.
    pub mail_delivery: bool,
    /// Starts through one campaign's shared link allowed per hour from one
    /// client address (padding, issue 23 leak 5).
    pub shared_starts_per_hour: i64,
    /// Reverse proxies whose `X-Forwarded-For` names the client address
    /// (`SPINDEL_TRUSTED_PROXIES`); empty: the TCP peer is the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Default for AppSettings {
    fn default() -> Self {
        AppSettings {
            min_group_size: 5,
            min_peer_orgs: 5,
            quadrant_threshold: 5.5,
            demo: false,
            session_idle_secs: 8 * 3600,
            session_absolute_secs: 7 * 24 * 3600,
            secure_cookies: false,
            public_url: "http://127.0.0.1:3000".into(),
            mail_delivery: false,
            shared_starts_per_hour: 60,
            trusted_proxies: Vec::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<AppSettings>,
    pub session_secret: Secret,
}

/// A secret value that never shows in `Debug` output or logs.
#[derive(Clone)]
pub struct Secret(Arc<str>);

impl Secret {
    pub fn new(value: impl Into<Arc<str>>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}
