//! A respondent's answers as they arrive: decoding the JSON payload and
//! checking it against the campaign's questionnaire. Pure (no database), so
//! that the service's autosave and submit paths and the fuzz targets
//! (`fuzz/`) run the very same code.

use crate::domain::questionnaire::{self, Answer, AnswerProblem, Questionnaire};
use std::collections::BTreeMap;

/// Largest answers payload accepted in one request (bytes).
pub const MAX_PAYLOAD: usize = 256 * 1024;

/// Answers by item id.
pub type Answers = BTreeMap<String, Answer>;

/// Why a payload is refused.
#[derive(Debug, Clone, PartialEq)]
pub enum SubmissionError {
    /// Longer than [`MAX_PAYLOAD`] bytes.
    TooLarge,
    /// Not a JSON object of answers.
    NotAnswers,
    /// Decoded, but refused by the questionnaire.
    Invalid(Vec<AnswerProblem>),
}

/// What the respondent does with the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Autosave: the payload's answers replace the draft's for the same items
    /// (an empty value clears one); only the payload is checked, and partial
    /// answer sets are fine.
    Save,
    /// Submit: the payload is merged over the draft and the whole set is
    /// checked, required items included.
    Submit,
}

/// Decode an answers payload (size limit, then JSON), before any checking.
pub fn decode_answers(json: &str) -> Result<Answers, SubmissionError> {
    if json.len() > MAX_PAYLOAD {
        return Err(SubmissionError::TooLarge);
    }
    serde_json::from_str(json).map_err(|_| SubmissionError::NotAnswers)
}

/// Merge decoded answers into the stored draft and check them: the answer set
/// to store, or every problem found.
pub fn merge_answers(
    q: &Questionnaire,
    departments: &[String],
    draft: &Answers,
    incoming: Answers,
    mode: Mode,
) -> Result<Answers, Vec<AnswerProblem>> {
    match mode {
        Mode::Save => {
            let checked = questionnaire::validate_answers(q, departments, &incoming, false)?;
            let mut merged = draft.clone();
            for k in incoming.keys() {
                merged.remove(k);
            }
            merged.extend(checked);
            Ok(merged)
        }
        Mode::Submit => {
            let mut merged = draft.clone();
            merged.extend(incoming);
            questionnaire::validate_answers(q, departments, &merged, true)
        }
    }
}

/// The respondent's profile answers, stored beside the answers for the
/// breakdowns: `(role_group, department, tenure_band)`, from the items that
/// carry those `profile` fields.
pub fn profile_fields(
    q: &Questionnaire,
    answers: &Answers,
) -> (Option<String>, Option<String>, Option<String>) {
    let field = |name: &str| -> Option<String> {
        q.items()
            .find(|i| i.profile.as_deref() == Some(name))
            .and_then(|i| answers.get(&i.id))
            .and_then(|a| match a {
                Answer::Text(t) => Some(t.clone()),
                _ => None,
            })
    };
    (
        field("role_group"),
        field("department"),
        field("tenure_band"),
    )
}

/// [`decode_answers`] then [`merge_answers`]: everything the server checks in
/// a payload, from the raw request body to the answer set it stores. (The
/// service decodes in the request; the survey writer merges, in the
/// transaction that reads the draft.)
pub fn decode_and_merge(
    q: &Questionnaire,
    departments: &[String],
    draft: &Answers,
    json: &str,
    mode: Mode,
) -> Result<Answers, SubmissionError> {
    let incoming = decode_answers(json)?;
    merge_answers(q, departments, draft, incoming, mode).map_err(SubmissionError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::questionnaire::ItemKind;

    const V1: &str = include_str!("../../data/questionnaire/v1.json");

    fn v1() -> Questionnaire {
        questionnaire::parse(V1).expect("v1 is valid")
    }

    fn first(q: &Questionnaire, f: impl Fn(&ItemKind) -> bool) -> String {
        q.items().find(|i| f(&i.kind)).expect("item").id.clone()
    }

    /// One valid answer for every item of v1.
    fn complete(q: &Questionnaire) -> Answers {
        q.items()
            .map(|i| {
                let a = match &i.kind {
                    ItemKind::Scale { min, .. } => Answer::Number(*min as f64),
                    ItemKind::SingleChoice { options } => Answer::Text(options[0].id.clone()),
                    ItemKind::MultipleChoice { options } => {
                        Answer::Many(vec![options[0].id.clone()])
                    }
                    ItemKind::Department => Answer::Text("IT".into()),
                    ItemKind::FreeText { .. } => Answer::Text("ok".into()),
                };
                (i.id.clone(), a)
            })
            .collect()
    }

    #[test]
    fn profile_fields_come_from_the_items_that_carry_them() {
        let q = v1();
        assert_eq!(profile_fields(&q, &Answers::new()), (None, None, None));
        let all = complete(&q);
        let of = |field: &str| {
            let item = q
                .items()
                .find(|i| i.profile.as_deref() == Some(field))
                .expect("profile item");
            match &all[&item.id] {
                Answer::Text(t) => Some(t.clone()),
                _ => None,
            }
        };
        let (role, department, tenure) = profile_fields(&q, &all);
        assert_eq!(department.as_deref(), Some("IT"));
        assert_eq!(role, of("role_group"));
        assert_eq!(tenure, of("tenure_band"));
        assert!(role.is_some() && tenure.is_some());
        // Only text answers count.
        let mut odd = all.clone();
        let dept = q
            .items()
            .find(|i| i.profile.as_deref() == Some("department"))
            .expect("department item");
        odd.insert(dept.id.clone(), Answer::Number(3.0));
        assert_eq!(profile_fields(&q, &odd).1, None);
    }

    #[test]
    fn payloads_are_decoded_then_checked() {
        let q = v1();
        let depts = vec!["IT".to_string()];
        let empty = Answers::new();
        let scale = first(&q, |k| matches!(k, ItemKind::Scale { .. }));
        let free = first(&q, |k| matches!(k, ItemKind::FreeText { .. }));

        assert_eq!(
            decode_answers(&" ".repeat(MAX_PAYLOAD + 1)),
            Err(SubmissionError::TooLarge)
        );
        for not in ["", "[]", "{\"a\":{}}", "{\"a\":null}", "{\"a\":[1]}", "{"] {
            assert_eq!(
                decode_answers(not),
                Err(SubmissionError::NotAnswers),
                "{not}"
            );
        }

        // Autosave: a partial set is fine, free text is trimmed, blanks clear.
        let json = format!(r#"{{"{scale}": 7, "{free}": "  hi  "}}"#);
        let saved = decode_and_merge(&q, &depts, &empty, &json, Mode::Save).expect("saved");
        assert_eq!(saved.get(&scale), Some(&Answer::Number(7.0)));
        assert_eq!(saved.get(&free), Some(&Answer::Text("hi".into())));
        let json = format!(r#"{{"{free}": " "}}"#);
        let cleared = decode_and_merge(&q, &depts, &saved, &json, Mode::Save).expect("saved");
        assert_eq!(cleared.len(), 1);
        assert!(!cleared.contains_key(&free));

        // Submit: the draft is merged in and required items are enforced
        // (v1 has none: require the first item of every section here).
        let mut strict = q.clone();
        for s in &mut strict.sections {
            s.items[0].required = true;
        }
        assert!(decode_and_merge(&q, &depts, &saved, "{}", Mode::Submit).is_ok());
        let Err(SubmissionError::Invalid(p)) =
            decode_and_merge(&strict, &depts, &saved, "{}", Mode::Submit)
        else {
            panic!("incomplete submission accepted");
        };
        // The draft already answers two of them (the first scale and free text).
        let missing = strict
            .sections
            .iter()
            .filter(|s| !saved.contains_key(&s.items[0].id))
            .count();
        assert_eq!((p.len(), missing), (3, 3));
        assert!(
            p.iter()
                .all(|p| matches!(p, AnswerProblem::Required { .. }))
        );
        let all_strict = complete(&strict);
        let json = serde_json::to_string(&all_strict).expect("json");
        assert_eq!(
            decode_and_merge(&strict, &depts, &saved, &json, Mode::Submit),
            Ok(all_strict)
        );
        let all = complete(&q);
        let json = serde_json::to_string(&all).expect("json");
        let submitted = decode_and_merge(&q, &depts, &empty, &json, Mode::Submit).expect("ok");
        assert_eq!(submitted, all);
        let over_draft = format!(r#"{{"{scale}": 10}}"#);
        let merged = decode_and_merge(&q, &depts, &all, &over_draft, Mode::Submit).expect("ok");
        assert_eq!(merged.get(&scale), Some(&Answer::Number(10.0)));
        assert_eq!(merged.len(), all.len());

        // Out of the questionnaire: refused in both modes, nothing stored.
        for bad in [
            format!(r#"{{"{scale}": 11}}"#),
            format!(r#"{{"{scale}": 2.5}}"#),
            r#"{"no_such_item": 3}"#.to_string(),
            r#"{"department": "Elsewhere"}"#.to_string(),
        ] {
            for mode in [Mode::Save, Mode::Submit] {
                assert!(
                    matches!(
                        decode_and_merge(&q, &depts, &all, &bad, mode),
                        Err(SubmissionError::Invalid(_))
                    ),
                    "{bad} {mode:?}"
                );
            }
        }
    }
}
