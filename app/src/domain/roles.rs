//! Roles and what they may do (SPEC §1). Pure.

use serde::{Deserialize, Serialize};

/// A role in one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrgRole {
    OrgAdmin,
    Leader,
}

impl OrgRole {
    pub const ALL: [OrgRole; 2] = [OrgRole::OrgAdmin, OrgRole::Leader];

    pub fn code(self) -> &'static str {
        match self {
            OrgRole::OrgAdmin => "org_admin",
            OrgRole::Leader => "leader",
        }
    }

    pub fn parse(code: &str) -> Option<OrgRole> {
        OrgRole::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Results, benchmarks, trends, targets and the plan.
    pub fn can_view_results(self) -> bool {
        true
    }

    /// Profile, users and roles, campaigns, invitations, targets, plan, sharing.
    pub fn can_administer(self) -> bool {
        matches!(self, OrgRole::OrgAdmin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaders_read_admins_administer() {
        assert!(OrgRole::Leader.can_view_results());
        assert!(!OrgRole::Leader.can_administer());
        assert!(OrgRole::OrgAdmin.can_view_results());
        assert!(OrgRole::OrgAdmin.can_administer());
    }

    #[test]
    fn codes_round_trip() {
        for r in OrgRole::ALL {
            assert_eq!(OrgRole::parse(r.code()), Some(r));
        }
        assert_eq!(OrgRole::parse("operator"), None);
    }
}
