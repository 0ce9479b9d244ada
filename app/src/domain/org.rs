//! Organisations: country, kind, size band and declared ambition level.

use serde::{Deserialize, Serialize};

/// Population size bands used for peer groups (SPEC §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SizeBand {
    Lt10k,
    K10To25,
    K25To50,
    K50To100,
    K100To250,
    Gt250k,
}

impl SizeBand {
    pub const ALL: [SizeBand; 6] = [
        SizeBand::Lt10k,
        SizeBand::K10To25,
        SizeBand::K25To50,
        SizeBand::K50To100,
        SizeBand::K100To250,
        SizeBand::Gt250k,
    ];

    /// Band for a population. Lower bounds are inclusive: 10 000 is "10–25k".
    pub fn from_population(population: i64) -> SizeBand {
        match population {
            p if p < 10_000 => SizeBand::Lt10k,
            p if p < 25_000 => SizeBand::K10To25,
            p if p < 50_000 => SizeBand::K25To50,
            p if p < 100_000 => SizeBand::K50To100,
            p if p < 250_000 => SizeBand::K100To250,
            _ => SizeBand::Gt250k,
        }
    }

    /// Stable code stored in the database and used in URLs.
    pub fn code(self) -> &'static str {
        match self {
            SizeBand::Lt10k => "lt10k",
            SizeBand::K10To25 => "10-25k",
            SizeBand::K25To50 => "25-50k",
            SizeBand::K50To100 => "50-100k",
            SizeBand::K100To250 => "100-250k",
            SizeBand::Gt250k => "gt250k",
        }
    }

    /// Short label, the same in every language.
    pub fn label(self) -> &'static str {
        match self {
            SizeBand::Lt10k => "<10k",
            SizeBand::K10To25 => "10–25k",
            SizeBand::K25To50 => "25–50k",
            SizeBand::K50To100 => "50–100k",
            SizeBand::K100To250 => "100–250k",
            SizeBand::Gt250k => ">250k",
        }
    }

    pub fn parse(code: &str) -> Option<SizeBand> {
        SizeBand::ALL.into_iter().find(|b| b.code() == code)
    }
}

/// Kind of public-sector organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrgKind {
    Municipality,
    Region,
    Agency,
    Other,
}

impl OrgKind {
    pub const ALL: [OrgKind; 4] = [
        OrgKind::Municipality,
        OrgKind::Region,
        OrgKind::Agency,
        OrgKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrgKind::Municipality => "municipality",
            OrgKind::Region => "region",
            OrgKind::Agency => "agency",
            OrgKind::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Declared ambition level (seed 003: national frontrunner, fast follower, late follower).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Ambition {
    Frontrunner,
    FastFollower,
    LateFollower,
}

impl Ambition {
    pub const ALL: [Ambition; 3] = [
        Ambition::Frontrunner,
        Ambition::FastFollower,
        Ambition::LateFollower,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Ambition::Frontrunner => "frontrunner",
            Ambition::FastFollower => "fast_follower",
            Ambition::LateFollower => "late_follower",
        }
    }

    pub fn parse(code: &str) -> Option<Ambition> {
        Ambition::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// The 249 officially assigned ISO 3166-1 alpha-2 codes, sorted.
const ISO_3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// ISO 3166-1 alpha-2 country code, validated against the officially assigned
/// codes (so `XX` or `ZZ` are refused, not accepted as an empty country).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Country(String);

impl Country {
    pub fn parse(code: &str) -> Option<Country> {
        let code = code.trim().to_ascii_uppercase();
        // Every listed code is two capital letters, so membership is the whole check.
        ISO_3166_ALPHA2
            .split(' ')
            .any(|c| c == code)
            .then_some(Country(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_band_boundaries() {
        assert_eq!(SizeBand::from_population(0), SizeBand::Lt10k);
        assert_eq!(SizeBand::from_population(9_999), SizeBand::Lt10k);
        assert_eq!(SizeBand::from_population(10_000), SizeBand::K10To25);
        assert_eq!(SizeBand::from_population(24_999), SizeBand::K10To25);
        assert_eq!(SizeBand::from_population(25_000), SizeBand::K25To50);
        assert_eq!(SizeBand::from_population(50_000), SizeBand::K50To100);
        assert_eq!(SizeBand::from_population(99_999), SizeBand::K50To100);
        assert_eq!(SizeBand::from_population(100_000), SizeBand::K100To250);
        assert_eq!(SizeBand::from_population(250_000), SizeBand::Gt250k);
        assert_eq!(SizeBand::from_population(1_000_000), SizeBand::Gt250k);
    }

    #[test]
    fn codes_round_trip() {
        for b in SizeBand::ALL {
            assert_eq!(SizeBand::parse(b.code()), Some(b));
        }
        for k in OrgKind::ALL {
            assert_eq!(OrgKind::parse(k.code()), Some(k));
        }
        for a in Ambition::ALL {
            assert_eq!(Ambition::parse(a.code()), Some(a));
        }
        assert_eq!(OrgKind::parse("city"), None);
    }

    #[test]
    fn country_codes() {
        assert_eq!(
            Country::parse("se").map(|c| c.as_str().to_owned()),
            Some("SE".into())
        );
        assert_eq!(
            Country::parse(" DK ").map(|c| c.as_str().to_owned()),
            Some("DK".into())
        );
        assert!(Country::parse("SWE").is_none());
        assert!(
            Country::parse("XX").is_none(),
            "user-assigned, not a country"
        );
        assert!(Country::parse("ZZ").is_none());
        assert_eq!(
            Country::parse("nl").map(|c| c.as_str().to_owned()),
            Some("NL".into())
        );
        let codes: Vec<&str> = ISO_3166_ALPHA2.split(' ').collect();
        assert_eq!(codes.len(), 249);
        assert!(
            codes.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
        assert!(Country::parse("S1").is_none());
        assert!(Country::parse("").is_none());
    }
}
