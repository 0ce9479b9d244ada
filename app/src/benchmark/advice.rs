//! Advice texts (four languages) from `app/data/advice.json`: one per
//! quadrant, one per strategy and level band, and suggested action-plan
//! activities per strategy.

use super::Advice;
use crate::domain::questionnaire::LocalText;
use crate::scoring::score::band;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const ADVICE_JSON: &str = include_str!("../../data/advice.json");

#[derive(Debug, Deserialize)]
pub struct Activity {
    pub title: LocalText,
    pub description: LocalText,
}

#[derive(Debug, Deserialize)]
pub struct AdviceData {
    pub format: String,
    pub quadrants: BTreeMap<String, LocalText>,
    pub strategies: BTreeMap<String, BTreeMap<String, LocalText>>,
    pub activities: BTreeMap<String, Vec<Activity>>,
}

/// The shipped advice data (parsed once; a test checks it is complete).
pub fn data() -> Option<&'static AdviceData> {
    static DATA: OnceLock<Option<AdviceData>> = OnceLock::new();
    DATA.get_or_init(|| serde_json::from_str(ADVICE_JSON).ok())
        .as_ref()
}

/// Advice for a quadrant and a set of (strategy, score) pairs, in `lang`.
pub fn advice(lang: &str, quadrant: Option<&str>, strategies: &[(String, f64)]) -> Advice {
    let Some(d) = data() else {
        return Advice {
            quadrant: None,
            strategies: vec![],
        };
    };
    Advice {
        quadrant: quadrant
            .and_then(|q| d.quadrants.get(q))
            .map(|t| t.get(lang).to_owned()),
        strategies: strategies
            .iter()
            .filter_map(|(s, score)| {
                let b = band(*score);
                d.strategies
                    .get(s)
                    .and_then(|bands| bands.get(b))
                    .map(|t| (s.clone(), b.to_owned(), t.get(lang).to_owned()))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_is_complete_in_four_languages() {
        let d = data().expect("advice.json parses");
        assert_eq!(d.format, "spindel-advice/1");
        let all = |t: &LocalText| {
            [&t.en, &t.sv, &t.da, &t.nl]
                .iter()
                .all(|s| !s.trim().is_empty())
        };
        for q in ["beginner", "fashionista", "conservative", "master"] {
            assert!(all(&d.quadrants[q]), "{q}");
        }
        for s in crate::scoring::score::STRATEGIES {
            for b in ["low", "mid", "high"] {
                assert!(all(&d.strategies[s][b]), "{s} {b}");
            }
            assert!(d.activities[s].len() >= 3);
            assert!(
                d.activities[s]
                    .iter()
                    .all(|a| all(&a.title) && all(&a.description))
            );
        }
    }

    #[test]
    fn advice_follows_bands_and_language() {
        let a = advice(
            "sv",
            Some("master"),
            &[("S1".into(), 3.0), ("S2".into(), 7.5)],
        );
        let d = data().unwrap();
        assert_eq!(
            a.quadrant.as_deref(),
            Some(d.quadrants["master"].sv.as_str())
        );
        assert_eq!(a.strategies[0].1, "low");
        assert_eq!(a.strategies[0].2, d.strategies["S1"]["low"].sv);
        assert_eq!(a.strategies[1].1, "high");
    }
}
