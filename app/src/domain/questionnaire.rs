//! The questionnaire as data: versions, sections, items and the mapping of
//! scored items to dimensions. Parsing validates a whole document and reports
//! every problem at once; answer sets are validated against a version.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub const FORMAT: &str = "spindel-questionnaire/1";
pub use super::language::LANGUAGES;
pub const DIMENSIONS: [&str; 8] = ["S1", "S2", "S3", "S4", "S5", "S6", "DI", "TMI"];
/// Longest free-text answer, in characters.
pub const MAX_FREE_TEXT: usize = 4000;
/// Scale bounds lie in -LIMIT..=LIMIT, and a scale has at most this many
/// points: the survey page shows one choice per point, and answers are
/// checked and scored in `f64` (exact for these) and `max - min` in `i64`.
pub const SCALE_LIMIT: i64 = 1000;
pub const MAX_SCALE_POINTS: i64 = 101;
/// Largest item weight: weighted sums of many items must stay finite.
pub const MAX_WEIGHT: f64 = 1000.0;

/// A text in every supported language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalText {
    pub en: String,
    pub sv: String,
    pub da: String,
    pub nl: String,
}

impl LocalText {
    pub fn get(&self, lang: &str) -> &str {
        match lang {
            "sv" => &self.sv,
            "da" => &self.da,
            "nl" => &self.nl,
            _ => &self.en,
        }
    }

    fn missing(&self) -> Vec<&'static str> {
        LANGUAGES
            .into_iter()
            .filter(|l| self.get(l).trim().is_empty())
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: LocalText,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)] // a few dozen items per version; clarity wins
pub enum ItemKind {
    Scale {
        min: i64,
        max: i64,
        low_label: LocalText,
        high_label: LocalText,
        dimension: String,
        weight: f64,
    },
    SingleChoice {
        options: Vec<Choice>,
    },
    MultipleChoice {
        options: Vec<Choice>,
    },
    /// Options come from the campaign's departments list.
    Department,
    FreeText {
        max_length: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub text: LocalText,
    #[serde(default)]
    pub help: Option<LocalText>,
    #[serde(default)]
    pub required: bool,
    /// Profile field this item fills (role_group, department, tenure_band).
    #[serde(default)]
    pub profile: Option<String>,
    #[serde(flatten)]
    pub kind: ItemKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: LocalText,
    #[serde(default)]
    pub intro: Option<LocalText>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyText {
    pub id: String,
    pub name: LocalText,
    pub level10: LocalText,
    pub level1: LocalText,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub format: String,
    pub version: String,
    pub title: LocalText,
    pub description: LocalText,
    pub dimensions: Vec<String>,
    pub strategies: Vec<StrategyText>,
    pub sections: Vec<Section>,
}

/// Everything wrong with a document, in the order found.
#[derive(Debug, Clone, PartialEq)]
pub struct Problems(pub Vec<String>);

impl std::fmt::Display for Problems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("; "))
    }
}

const PROFILE_FIELDS: [&str; 3] = ["role_group", "department", "tenure_band"];

/// Largest questionnaire document accepted for import, in bytes.
pub const MAX_DOCUMENT: usize = 2 * 1024 * 1024;

/// What an operator's import checks before anything is stored: the size
/// limit, then [`parse`].
pub fn import(json: &str) -> Result<Questionnaire, Problems> {
    if json.len() > MAX_DOCUMENT {
        return Err(Problems(vec!["The document is larger than 2 MB.".into()]));
    }
    parse(json)
}

/// Parse and validate a questionnaire document.
pub fn parse(json: &str) -> Result<Questionnaire, Problems> {
    let q: Questionnaire = serde_json::from_str(json)
        .map_err(|e| Problems(vec![format!("not a questionnaire document: {e}")]))?;
    validate(&q)?;
    Ok(q)
}

pub fn validate(q: &Questionnaire) -> Result<(), Problems> {
    let mut p = Vec::new();
    let text = |where_: &str, t: &LocalText, p: &mut Vec<String>| {
        let missing = t.missing();
        if !missing.is_empty() {
            p.push(format!(
                "{where_}: missing translation ({})",
                missing.join(", ")
            ));
        }
    };
    if q.format != FORMAT {
        p.push(format!("format must be \"{FORMAT}\", not \"{}\"", q.format));
    }
    if !valid_id(&q.version) {
        p.push(format!(
            "version \"{}\" must be a short id (a–z, 0–9, _ . -)",
            q.version
        ));
    }
    text("title", &q.title, &mut p);
    text("description", &q.description, &mut p);
    let dims: BTreeSet<&str> = q.dimensions.iter().map(String::as_str).collect();
    for d in &q.dimensions {
        if !DIMENSIONS.contains(&d.as_str()) {
            p.push(format!("unknown dimension \"{d}\" in the dimensions list"));
        }
    }
    let strategy_ids: Vec<&str> = q.strategies.iter().map(|s| s.id.as_str()).collect();
    if strategy_ids != ["S1", "S2", "S3", "S4", "S5", "S6"] {
        p.push("strategies must be S1 to S6, in order".into());
    }
    for s in &q.strategies {
        text(&format!("strategy {}", s.id), &s.name, &mut p);
        text(&format!("strategy {} level 10", s.id), &s.level10, &mut p);
        text(&format!("strategy {} level 1", s.id), &s.level1, &mut p);
    }
    let mut ids = BTreeSet::new();
    let mut profiles = BTreeSet::new();
    let mut scored = BTreeMap::<&str, usize>::new();
    if q.sections.is_empty() {
        p.push("a questionnaire needs at least one section".into());
    }
    for s in &q.sections {
        if !ids.insert(s.id.clone()) {
            p.push(format!("duplicate id \"{}\"", s.id));
        }
        text(&format!("section {}", s.id), &s.title, &mut p);
        if let Some(intro) = &s.intro {
            text(&format!("section {} intro", s.id), intro, &mut p);
        }
        if s.items.is_empty() {
            p.push(format!("section {} has no items", s.id));
        }
        for it in &s.items {
            let w = format!("item {}", it.id);
            if !valid_id(&it.id) {
                p.push(format!("{w}: id must be lower-case letters, digits and _"));
            }
            if !ids.insert(it.id.clone()) {
                p.push(format!("duplicate id \"{}\"", it.id));
            }
            text(&w, &it.text, &mut p);
            if let Some(h) = &it.help {
                text(&format!("{w} help"), h, &mut p);
            }
            if let Some(pf) = &it.profile {
                if !PROFILE_FIELDS.contains(&pf.as_str()) {
                    p.push(format!("{w}: unknown profile field \"{pf}\""));
                } else if !profiles.insert(pf.clone()) {
                    p.push(format!("{w}: profile field \"{pf}\" is used twice"));
                }
            }
            match &it.kind {
                ItemKind::Scale {
                    min,
                    max,
                    low_label,
                    high_label,
                    dimension,
                    weight,
                } => {
                    if min >= max {
                        p.push(format!("{w}: min must be below max"));
                    } else if *min < -SCALE_LIMIT
                        || *max > SCALE_LIMIT
                        || *max - *min >= MAX_SCALE_POINTS
                    {
                        // Caught by fuzz/questionnaire_import: bounds past 2^53
                        // could not be answered, i64::MIN overflowed scoring.
                        p.push(format!(
                            "{w}: a scale runs within ±{SCALE_LIMIT} and has at most \
                             {MAX_SCALE_POINTS} points"
                        ));
                    }
                    if !dims.contains(dimension.as_str())
                        || !DIMENSIONS.contains(&dimension.as_str())
                    {
                        p.push(format!("{w}: unknown dimension \"{dimension}\""));
                    }
                    if !(weight.is_finite() && *weight > 0.0 && *weight <= MAX_WEIGHT) {
                        // Caught by fuzz/questionnaire_import: 1e308 gave NaN scores.
                        p.push(format!(
                            "{w}: weight must be a positive number up to {MAX_WEIGHT}"
                        ));
                    }
                    text(&format!("{w} low label"), low_label, &mut p);
                    text(&format!("{w} high label"), high_label, &mut p);
                    *scored.entry(dimension.as_str()).or_default() += 1;
                }
                ItemKind::SingleChoice { options } | ItemKind::MultipleChoice { options } => {
                    if options.len() < 2 {
                        p.push(format!("{w}: needs at least two options"));
                    }
                    let mut seen = BTreeSet::new();
                    for o in options {
                        if !valid_id(&o.id) || !seen.insert(o.id.as_str()) {
                            p.push(format!(
                                "{w}: option id \"{}\" is invalid or repeated",
                                o.id
                            ));
                        }
                        text(&format!("{w} option {}", o.id), &o.label, &mut p);
                    }
                }
                ItemKind::Department => {}
                ItemKind::FreeText { max_length } => {
                    if *max_length == 0 || *max_length > MAX_FREE_TEXT {
                        p.push(format!("{w}: max_length must be 1–{MAX_FREE_TEXT}"));
                    }
                }
            }
        }
    }
    for s in ["S1", "S2", "S3", "S4", "S5", "S6"] {
        if !scored.contains_key(s) {
            p.push(format!("no scored item for strategy {s}"));
        }
    }
    if p.is_empty() {
        Ok(())
    } else {
        Err(Problems(p))
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-'))
}

/// One answer as the respondent gives it: in JSON a number, a text or a list
/// of texts (serialised untagged).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Number(f64),
    Text(String),
    Many(Vec<String>),
}

/// Decoded by the JSON value's own type, in one pass. (Serde's `untagged`
/// buffers each value and tries the variants in turn, building an error
/// message for every variant that does not fit: on the survey's hot path
/// that was most of the decoding time.)
impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Answer;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, a text or a list of texts")
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Answer, E> {
                Ok(Answer::Number(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Answer, E> {
                Ok(Answer::Number(v as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Answer, E> {
                Ok(Answer::Number(v as f64))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Answer, E> {
                Ok(Answer::Text(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Answer, E> {
                Ok(Answer::Text(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Answer, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(Answer::Many(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Why an answer is refused. `item` is the item id (or the unknown id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AnswerProblem {
    UnknownItem { item: String },
    NotAWholeNumber { item: String },
    OutOfRange { item: String, min: i64, max: i64 },
    UnknownOption { item: String },
    TooLong { item: String, max: usize },
    WrongType { item: String },
    Required { item: String },
}

impl Questionnaire {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items().find(|i| i.id == id)
    }
}

/// Check a (possibly partial) answer set. With `complete`, required items
/// must be answered. Empty answers (blank text, empty selection) are dropped.
pub fn validate_answers(
    q: &Questionnaire,
    departments: &[String],
    answers: &BTreeMap<String, Answer>,
    complete: bool,
) -> Result<BTreeMap<String, Answer>, Vec<AnswerProblem>> {
    let mut out = BTreeMap::new();
    let mut problems = Vec::new();
    for (id, a) in answers {
        let Some(item) = q.item(id) else {
            problems.push(AnswerProblem::UnknownItem { item: id.clone() });
            continue;
        };
        let item_id = id.clone();
        match (&item.kind, a) {
            (ItemKind::Scale { min, max, .. }, Answer::Number(v)) => {
                if v.fract() != 0.0 || !v.is_finite() {
                    problems.push(AnswerProblem::NotAWholeNumber { item: item_id });
                } else if (*v as i64) < *min || (*v as i64) > *max {
                    problems.push(AnswerProblem::OutOfRange {
                        item: item_id,
                        min: *min,
                        max: *max,
                    });
                } else {
                    out.insert(id.clone(), a.clone());
                }
            }
            (ItemKind::Scale { .. }, Answer::Text(t)) if t.trim().is_empty() => {}
            (ItemKind::SingleChoice { options }, Answer::Text(t)) => {
                if t.is_empty() {
                } else if options.iter().any(|o| &o.id == t) {
                    out.insert(id.clone(), a.clone());
                } else {
                    problems.push(AnswerProblem::UnknownOption { item: item_id });
                }
            }
            (ItemKind::MultipleChoice { options }, Answer::Many(vs)) => {
                let unique: BTreeSet<&String> = vs.iter().collect();
                if unique.len() != vs.len()
                    || vs.iter().any(|v| !options.iter().any(|o| &o.id == v))
                {
                    problems.push(AnswerProblem::UnknownOption { item: item_id });
                } else if !vs.is_empty() {
                    out.insert(id.clone(), a.clone());
                }
            }
            (ItemKind::Department, Answer::Text(t)) => {
                if t.is_empty() {
                } else if departments.iter().any(|d| d == t) {
                    out.insert(id.clone(), a.clone());
                } else {
                    problems.push(AnswerProblem::UnknownOption { item: item_id });
                }
            }
            (ItemKind::FreeText { max_length }, Answer::Text(t)) => {
                if t.chars().count() > *max_length {
                    problems.push(AnswerProblem::TooLong {
                        item: item_id,
                        max: *max_length,
                    });
                } else if !t.trim().is_empty() {
                    out.insert(id.clone(), Answer::Text(t.trim().to_owned()));
                }
            }
            _ => problems.push(AnswerProblem::WrongType { item: item_id }),
        }
    }
    if complete {
        for item in q.items().filter(|i| i.required) {
            if !out.contains_key(&item.id) && !problems.iter().any(|p| problem_item(p) == item.id) {
                problems.push(AnswerProblem::Required {
                    item: item.id.clone(),
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

pub fn problem_item(p: &AnswerProblem) -> &str {
    match p {
        AnswerProblem::UnknownItem { item }
        | AnswerProblem::NotAWholeNumber { item }
        | AnswerProblem::OutOfRange { item, .. }
        | AnswerProblem::UnknownOption { item }
        | AnswerProblem::TooLong { item, .. }
        | AnswerProblem::WrongType { item }
        | AnswerProblem::Required { item } => item,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = include_str!("../../data/questionnaire/v1.json");

    fn v1() -> Questionnaire {
        parse(V1).expect("v1 is valid")
    }

    #[test]
    fn answers_decode_by_json_type() {
        let a: BTreeMap<String, Answer> = serde_json::from_str(
            r#"{"a": 3, "b": -2, "c": 5.5, "d": "x", "e": ["p", "q"], "f": []}"#,
        )
        .expect("decodes");
        assert_eq!(a["a"], Answer::Number(3.0));
        assert_eq!(a["b"], Answer::Number(-2.0));
        assert_eq!(a["c"], Answer::Number(5.5));
        assert_eq!(a["d"], Answer::Text("x".into()));
        assert_eq!(a["e"], Answer::Many(vec!["p".into(), "q".into()]));
        assert_eq!(a["f"], Answer::Many(vec![]));
        for bad in [
            r#"{"a": null}"#,
            r#"{"a": true}"#,
            r#"{"a": {"b": 1}}"#,
            r#"{"a": ["p", 1]}"#,
            r#"{"a": [["p"]]}"#,
        ] {
            assert!(
                serde_json::from_str::<BTreeMap<String, Answer>>(bad).is_err(),
                "{bad} is refused"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn answers_round_trip_through_json(
            // Scale points and halves (serde_json's float parsing is not exact
            // for every f64; that is not this decoder's business).
            quarters in -4000i32..4000,
            t in ".{0,20}",
            m in proptest::collection::vec(".{0,8}", 0..5),
        ) {
            for a in [Answer::Number(f64::from(quarters) / 4.0), Answer::Text(t.clone()), Answer::Many(m.clone())] {
                let json = serde_json::to_string(&a).expect("serialises");
                let back: Answer = serde_json::from_str(&json).expect("decodes");
                proptest::prop_assert_eq!(back, a);
            }
        }
    }

    #[test]
    fn v1_is_valid_and_scores_every_strategy() {
        let q = v1();
        assert_eq!(q.version, "v1");
        assert_eq!(q.sections.len(), 5);
        for s in ["S1", "S2", "S3", "S4", "S5", "S6", "TMI"] {
            assert!(
                q.items().any(
                    |i| matches!(&i.kind, ItemKind::Scale { dimension, .. } if dimension == s)
                ),
                "{s} has items"
            );
        }
        assert!(
            q.items()
                .any(|i| matches!(i.kind, ItemKind::FreeText { .. }))
        );
        assert!(
            q.items()
                .any(|i| matches!(i.kind, ItemKind::MultipleChoice { .. }))
        );
        assert!(q.items().any(|i| matches!(i.kind, ItemKind::Department)));
    }

    fn broken(f: impl Fn(&mut serde_json::Value)) -> String {
        let mut v: serde_json::Value = serde_json::from_str(V1).expect("json");
        f(&mut v);
        match parse(&v.to_string()) {
            Ok(_) => panic!("expected problems"),
            Err(p) => p.to_string(),
        }
    }

    #[test]
    fn import_rejects_unknown_dimensions_missing_translations_and_duplicate_ids() {
        let msg = broken(|v| v["sections"][1]["items"][0]["dimension"] = "S9".into());
        assert!(msg.contains("unknown dimension \"S9\""), "{msg}");
        let msg = broken(|v| v["sections"][1]["items"][0]["text"]["da"] = "".into());
        assert!(msg.contains("missing translation (da)"), "{msg}");
        let msg = broken(|v| {
            let id = v["sections"][1]["items"][0]["id"].clone();
            v["sections"][1]["items"][1]["id"] = id;
        });
        assert!(msg.contains("duplicate id"), "{msg}");
        let msg = broken(|v| v["format"] = "other/1".into());
        assert!(msg.contains("format must be"), "{msg}");
        // Caught by fuzz/questionnaire_import (see fuzz/README.md).
        let msg = broken(|v| {
            v["sections"][1]["items"][0]["min"] = i64::MIN.into();
            v["sections"][1]["items"][0]["max"] = 0.into();
        });
        assert!(msg.contains("at most 101 points"), "{msg}");
        let msg = broken(|v| v["sections"][1]["items"][0]["max"] = 102.into());
        assert!(msg.contains("at most 101 points"), "{msg}");
        let msg = broken(|v| v["sections"][1]["items"][0]["weight"] = 1e308.into());
        assert!(
            msg.contains("weight must be a positive number up to"),
            "{msg}"
        );
        assert!(parse("{ not json").is_err());
        assert!(parse("[]").is_err());
    }

    fn answers(pairs: &[(&str, Answer)]) -> BTreeMap<String, Answer> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn answers_are_checked_item_by_item() {
        let q = v1();
        let scale = q
            .items()
            .find(|i| matches!(i.kind, ItemKind::Scale { .. }))
            .expect("scale")
            .id
            .clone();
        let depts = vec!["Planning".to_string()];
        let ok = validate_answers(
            &q,
            &depts,
            &answers(&[
                (&scale, Answer::Number(7.0)),
                ("department", Answer::Text("Planning".into())),
            ]),
            false,
        )
        .expect("valid");
        assert_eq!(ok.len(), 2);
        let bad = |a: Answer| {
            validate_answers(&q, &depts, &answers(&[(&scale, a)]), false).expect_err("refused")
        };
        assert!(matches!(
            bad(Answer::Number(11.0))[0],
            AnswerProblem::OutOfRange { .. }
        ));
        assert!(matches!(
            bad(Answer::Number(0.0))[0],
            AnswerProblem::OutOfRange { .. }
        ));
        assert!(matches!(
            bad(Answer::Number(5.5))[0],
            AnswerProblem::NotAWholeNumber { .. }
        ));
        assert!(matches!(
            bad(Answer::Many(vec![]))[0],
            AnswerProblem::WrongType { .. }
        ));
        let unknown = validate_answers(
            &q,
            &depts,
            &answers(&[("no_such_item", Answer::Number(3.0))]),
            false,
        )
        .expect_err("refused");
        assert_eq!(
            unknown[0],
            AnswerProblem::UnknownItem {
                item: "no_such_item".into()
            }
        );
        let dept = validate_answers(
            &q,
            &depts,
            &answers(&[("department", Answer::Text("Elsewhere".into()))]),
            false,
        )
        .expect_err("refused");
        assert!(matches!(dept[0], AnswerProblem::UnknownOption { .. }));
        let free = q
            .items()
            .find(|i| matches!(i.kind, ItemKind::FreeText { .. }))
            .expect("free text")
            .id
            .clone();
        let long = validate_answers(
            &q,
            &depts,
            &answers(&[(&free, Answer::Text("x".repeat(4001)))]),
            false,
        )
        .expect_err("refused");
        assert!(matches!(long[0], AnswerProblem::TooLong { max: 4000, .. }));
        let fine = validate_answers(
            &q,
            &depts,
            &answers(&[(&free, Answer::Text("ö".repeat(4000)))]),
            false,
        );
        assert!(fine.is_ok(), "4000 characters (8000 bytes) are allowed");
    }
}
