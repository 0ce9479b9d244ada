//! Accounts and sign-in. Types shared with the browser live here; the
//! services (hashing, sessions, sign-in, sign-up) are server only.

use crate::domain::roles::OrgRole;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod account;
#[cfg(feature = "ssr")]
pub mod members;
#[cfg(feature = "ssr")]
pub mod operator;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session_store;

/// One organisation the signed-in account belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    pub org_id: i64,
    pub org_name: String,
    pub role: OrgRole,
}

/// The signed-in account as the pages see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserInfo {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub is_operator: bool,
    pub memberships: Vec<Membership>,
}

/// A member of an organisation, as its admins see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub role: OrgRole,
}

/// What the invitation page shows before accepting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub org_name: String,
    pub email: String,
    pub role: OrgRole,
    /// True when an account with this e-mail exists: accepting then asks for
    /// that account's password instead of a new one.
    pub has_account: bool,
}

/// What the sign-up confirmation page shows before the organisation is
/// created (codes as the sign-up form sends them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingSignUpInfo {
    pub org_name: String,
    /// ISO 3166 alpha-2, e.g. `SE`.
    pub country: String,
    /// `municipality`, `region`, `agency` or `other`.
    pub kind: String,
    pub population: i64,
    /// `frontrunner`, `fast_follower` or `late_follower`.
    pub ambition: String,
    pub display_name: String,
    pub email: String,
}

impl UserInfo {
    pub fn role_in(&self, org_id: i64) -> Option<OrgRole> {
        self.memberships
            .iter()
            .find(|m| m.org_id == org_id)
            .map(|m| m.role)
    }
}
