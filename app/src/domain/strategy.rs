//! The six digitalisation strategies (S1–S6) of the maturity model.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Strategy {
    S1,
    S2,
    S3,
    S4,
    S5,
    S6,
}

impl Strategy {
    pub const ALL: [Strategy; 6] = [
        Strategy::S1,
        Strategy::S2,
        Strategy::S3,
        Strategy::S4,
        Strategy::S5,
        Strategy::S6,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Strategy::S1 => "S1",
            Strategy::S2 => "S2",
            Strategy::S3 => "S3",
            Strategy::S4 => "S4",
            Strategy::S5 => "S5",
            Strategy::S6 => "S6",
        }
    }

    pub fn parse(s: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|x| x.code() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for s in Strategy::ALL {
            assert_eq!(Strategy::parse(s.code()), Some(s));
        }
        assert_eq!(Strategy::parse("S7"), None);
        assert_eq!(Strategy::parse("s1"), None);
    }
}
