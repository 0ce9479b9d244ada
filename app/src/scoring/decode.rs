//! Aggregation straight from stored answer documents, for close and
//! `reaggregate`. A stored response's answers are the JSON of a map
//! item id → [`Answer`](crate::domain::questionnaire::Answer); decoding every
//! document into that map (a `String` per key, a tree node per answer) and
//! then looking the items up again was the largest cost of a `reaggregate`.
//!
//! Here each document is read once: every key is looked up among the
//! questionnaire's items, a scale answer is rescaled into its questionnaire
//! position, a free text is kept, anything else is checked and skipped. The
//! outcome is that of decoding the map and calling
//! [`aggregate`](super::aggregate::aggregate), errors included (a document
//! that would not decode as that map is refused); property tests check it.
//! One difference, for documents the app never writes (it serialises a map):
//! a key given twice counts as two answers read, where the map keeps one.

use super::aggregate::{Aggregates, Aggregator};
use super::score::{DIMENSIONS, Scorer};
use crate::domain::questionnaire::{ItemKind, Questionnaire};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::collections::HashMap;
use std::fmt;

/// What a key of an answer document stands for.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// A scored scale item: min, max, questionnaire position.
    Scale(i64, i64, usize),
    /// The k-th free-text item of the questionnaire.
    Free(usize),
    /// Any other item, or an unknown id.
    Other,
}

/// Reads the stored answers of one questionnaire version.
pub struct Decoder {
    scorer: Scorer,
    slots: HashMap<String, Slot>,
    /// Free-text item ids, in questionnaire order.
    free: Vec<String>,
}

/// One respondent's answers as read.
struct Read {
    /// Rescaled scale answer per questionnaire position (NaN: none).
    at: Vec<f64>,
    /// Text answer per free-text item.
    texts: Vec<Option<String>>,
    /// Answers read so far, all respondents.
    answers: u64,
}

impl Decoder {
    pub fn new(q: &Questionnaire) -> Decoder {
        let scorer = Scorer::new(q);
        let mut slots = HashMap::new();
        for (id, min, max, pos) in scorer.scale_items() {
            slots.insert(id.clone(), Slot::Scale(*min, *max, *pos));
        }
        let mut free = Vec::new();
        for item in q.items() {
            if matches!(item.kind, ItemKind::FreeText { .. }) {
                slots.insert(item.id.clone(), Slot::Free(free.len()));
                free.push(item.id.clone());
            }
        }
        Decoder {
            scorer,
            slots,
            free,
        }
    }

    /// The aggregates of a campaign's submitted responses, each given as its
    /// stored answers (JSON) and profile (role group, department, tenure
    /// band; '' when not answered), and the number of answers read.
    pub fn aggregate<'a>(
        &self,
        responses: impl IntoIterator<Item = (&'a str, [&'a str; 3])>,
    ) -> Result<(Aggregates, u64), serde_json::Error> {
        let mut acc = Aggregator::default();
        let mut read = Read {
            at: vec![f64::NAN; self.scorer.positions()],
            texts: vec![None; self.free.len()],
            answers: 0,
        };
        // non-blank texts (trimmed) per free-text item, in response order
        let mut texts: Vec<Vec<String>> = vec![Vec::new(); self.free.len()];
        for (json, profile) in responses {
            read.at.fill(f64::NAN);
            self.read(json, &mut read)?;
            acc.add(profile, self.scores(&read.at));
            for (k, text) in read.texts.iter_mut().enumerate() {
                if let Some(text) = text.take() {
                    let trimmed = text.trim();
                    if !trimmed.is_empty() {
                        texts[k].push(trimmed.to_owned());
                    }
                }
            }
        }
        let free_texts = self
            .free
            .iter()
            .zip(texts)
            .flat_map(|(id, texts)| texts.into_iter().map(move |t| (id.clone(), t)))
            .collect();
        Ok((acc.finish(free_texts), read.answers))
    }

    fn scores(&self, at: &[f64]) -> [Option<f64>; DIMENSIONS.len()] {
        self.scorer.sum(at)
    }

    fn read(&self, json: &str, read: &mut Read) -> Result<(), serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        de::Deserializer::deserialize_map(&mut de, Document { d: self, read })?;
        de.end()
    }
}

/// The top-level map of a document.
struct Document<'r> {
    d: &'r Decoder,
    read: &'r mut Read,
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of answers by item id")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(slot) = map.next_key_seed(Key(&self.d.slots))? {
            let keep_text = matches!(slot, Slot::Free(_));
            let value = map.next_value_seed(Value { keep_text })?;
            self.read.answers += 1;
            match (slot, value) {
                (Slot::Scale(min, max, pos), Val::Number(v)) => {
                    self.read.at[pos] = Scorer::rescaled(v, min, max)
                }
                (Slot::Scale(_, _, pos), _) => self.read.at[pos] = f64::NAN,
                (Slot::Free(k), Val::Text(t)) => self.read.texts[k] = t,
                (Slot::Free(k), _) => self.read.texts[k] = None,
                (Slot::Other, _) => {}
            }
        }
        Ok(())
    }
}

/// A key, looked up without being copied.
struct Key<'s>(&'s HashMap<String, Slot>);

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = Slot;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Slot, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = Slot;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an item id")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Slot, E> {
        Ok(self.0.get(v).copied().unwrap_or(Slot::Other))
    }
}

/// An answer as far as aggregation cares.
enum Val {
    Number(f64),
    /// A text (kept only for free-text items).
    Text(Option<String>),
    /// A list of texts.
    Many,
}

/// An answer: a number, a text or a list of texts, as `Answer` accepts.
struct Value {
    keep_text: bool,
}

impl<'de> DeserializeSeed<'de> for Value {
    type Value = Val;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Val, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Value {
    type Value = Val;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, a text or a list of texts")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Val, E> {
        Ok(Val::Number(v as f64))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Val, E> {
        Ok(Val::Number(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Val, E> {
        Ok(Val::Number(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Val, E> {
        Ok(Val::Text(self.keep_text.then(|| v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Val, E> {
        Ok(Val::Text(self.keep_text.then_some(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Val, A::Error> {
        while seq.next_element::<Text>()?.is_some() {}
        Ok(Val::Many)
    }
}

/// One text of a list, checked and dropped.
struct Text;

impl<'de> de::Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        d.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text")
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Text, E> {
        Ok(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::questionnaire::{Answer, parse};
    use crate::scoring::aggregate::{Respondent, aggregate};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn v1() -> Questionnaire {
        parse(include_str!("../../data/questionnaire/v1.json")).expect("v1 parses")
    }

    const NAMES: [&str; 4] = ["", "a", "b", "c"];

    /// What aggregation did before: decode each document as the map, then
    /// [`aggregate`].
    fn reference(
        q: &Questionnaire,
        docs: &[(String, [&str; 3])],
    ) -> Result<(Aggregates, u64), serde_json::Error> {
        let mut rs = Vec::new();
        let mut answers = 0;
        for (json, [role, dept, tenure]) in docs {
            let map: BTreeMap<String, Answer> = serde_json::from_str(json)?;
            answers += map.len() as u64;
            rs.push(Respondent {
                role_group: role.to_string(),
                department: dept.to_string(),
                tenure_band: tenure.to_string(),
                answers: map,
            });
        }
        Ok((aggregate(q, &rs), answers))
    }

    fn decoded(
        q: &Questionnaire,
        docs: &[(String, [&str; 3])],
    ) -> Result<(Aggregates, u64), serde_json::Error> {
        Decoder::new(q).aggregate(docs.iter().map(|(j, p)| (j.as_str(), *p)))
    }

    fn assert_same(q: &Questionnaire, docs: &[(String, [&str; 3])]) -> Result<(), TestCaseError> {
        match (decoded(q, docs), reference(q, docs)) {
            (Ok((a, na)), Ok((b, nb))) => {
                prop_assert_eq!(na, nb);
                prop_assert_eq!(a.n, b.n);
                prop_assert_eq!(a.rows, b.rows);
                prop_assert_eq!(a.cells, b.cells);
                prop_assert_eq!(a.free_texts, b.free_texts);
            }
            (Err(_), Err(_)) => {}
            (a, b) => prop_assert!(
                false,
                "decoder {:?} but reference {:?}",
                a.map(|x| x.1),
                b.map(|x| x.1)
            ),
        }
        Ok(())
    }

    fn answer() -> impl Strategy<Value = Answer> {
        prop_oneof![
            4 => (0i64..=12).prop_map(|v| Answer::Number(v as f64)),
            1 => (-3.0f64..14.0).prop_map(Answer::Number),
            1 => "[ a-c]{0,4}".prop_map(Answer::Text),
            1 => proptest::collection::vec("[a-c]{0,2}", 0..3).prop_map(Answer::Many),
        ]
    }

    fn profile() -> impl Strategy<Value = [&'static str; 3]> {
        (0usize..4, 0usize..4, 0usize..4).prop_map(|(r, d, t)| [NAMES[r], NAMES[d], NAMES[t]])
    }

    /// Any JSON value, to try the decoder on documents the app never writes.
    fn json() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value as J;
        // mostly what answers are made of, so that whole documents often
        // decode and the odd value decides
        let leaf = prop_oneof![
            1 => Just(J::Null),
            1 => any::<bool>().prop_map(J::Bool),
            4 => (0i64..12).prop_map(J::from),
            2 => (-1e3f64..1e3).prop_map(J::from),
            4 => "[ a-c]{0,3}".prop_map(J::String),
        ];
        leaf.prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3).prop_map(J::Array),
                proptest::collection::btree_map("[a-c]{1,2}", inner, 0..3)
                    .prop_map(|m| J::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn stored_answers_aggregate_as_the_decoded_maps(
            people in proptest::collection::vec(
                (
                    profile(),
                    proptest::collection::vec(proptest::option::of(answer()), 40),
                    proptest::collection::btree_map("[a-z_]{1,8}", answer(), 0..3),
                ),
                0..30,
            )
        ) {
            let q = v1();
            let ids: Vec<&str> = q.items().map(|i| i.id.as_str()).collect();
            let docs: Vec<(String, [&str; 3])> = people
                .into_iter()
                .map(|(profile, values, extra)| {
                    let mut map: BTreeMap<String, Answer> = ids
                        .iter()
                        .zip(values)
                        .filter_map(|(id, v)| v.map(|v| (id.to_string(), v)))
                        .collect();
                    for (k, v) in extra {
                        map.entry(k).or_insert(v);
                    }
                    (serde_json::to_string(&map).expect("serialises"), profile)
                })
                .collect();
            assert_same(&q, &docs)?;
        }

        #[test]
        fn any_document_is_refused_or_read_as_the_decoded_map(
            people in proptest::collection::vec(
                (
                    profile(),
                    proptest::collection::vec(
                        (proptest::sample::select(vec!["s1_skills", "s2_shared_databases", "ahead_obstacles", "today_how_far", "x"]), json()),
                        0..4,
                    ),
                    proptest::option::weighted(0.1, json()),
                ),
                1..3,
            )
        ) {
            let q = v1();
            let docs: Vec<(String, [&str; 3])> = people
                .into_iter()
                .map(|(profile, pairs, whole)| {
                    let doc = match whole {
                        // sometimes not a map of answers at all
                        Some(v) => v,
                        None => serde_json::Value::Object(
                            pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
                        ),
                    };
                    (doc.to_string(), profile)
                })
                .collect();
            assert_same(&q, &docs)?;
        }
    }

    #[test]
    fn escaped_keys_and_malformed_documents() {
        let q = v1();
        let one = |json: &str| vec![(json.to_string(), ["", "", ""])];
        // an escaped key is the same item
        let (a, n) = decoded(
            &q,
            &one(r#"{"s1\u005fskills": 7, "ahead_obstacles": " t\u00e4t "}"#),
        )
        .expect("decodes");
        assert_eq!(n, 2);
        let s1 = a
            .rows
            .iter()
            .find(|r| r.breakdown == "total" && r.dimension == "S1");
        assert_eq!(s1.map(|r| r.summary.mean), Some(7.0));
        assert_eq!(
            a.free_texts,
            [("ahead_obstacles".to_string(), "tät".to_string())]
        );
        for bad in [
            "",
            "[]",
            "7",
            r#"{"s1_skills": 7} x"#,
            r#"{"s1_skills": true}"#,
            r#"{"s1_skills": null}"#,
            r#"{"s1_skills": [1]}"#,
            r#"{"x": {"y": 1}}"#,
            r#"{"x": ["a", 1]}"#,
            r#"{"ahead_obstacles": [null]}"#,
            r#"{"s1_skills": 7"#,
            r#"{"s1_skills": 1e999}"#,
        ] {
            assert!(decoded(&q, &one(bad)).is_err(), "{bad}");
            assert!(reference(&q, &one(bad)).is_err(), "{bad}");
        }
    }
}
