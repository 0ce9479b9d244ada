//! The respondent's answers payload, as the server decodes and checks it on
//! autosave and submit (`app::survey::submission::decode_and_merge`, the code
//! `app::survey::service::{save, submit}` run).
//!
//! The input is the raw request body. It is checked against the shipped
//! questionnaire (no required items) and a copy with required items, in both
//! modes, over an empty draft and over a complete valid draft. An independent
//! model of the rules decides what must be stored or refused; the target
//! asserts that the server's answer is exactly that:
//! - nothing outside the questionnaire is ever stored (unknown item, wrong
//!   type, scale value not a whole number in min..=max, unknown option or
//!   department, repeated options, over-long text);
//! - valid answers are kept (free text trimmed, blank answers dropped), the
//!   draft's other answers are untouched on autosave, and a submission holds
//!   every required item;
//! - a refusal names exactly the offending items (and missing required ones);
//! - what is stored re-validates to itself, survives the JSON round trip the
//!   draft takes through the database, and submits again unchanged.
#![no_main]

use app::domain::questionnaire::{
    self, Answer, AnswerProblem, ItemKind, Questionnaire, problem_item,
};
use app::survey::submission::{
    Answers, MAX_PAYLOAD, Mode, SubmissionError, decode_and_merge, decode_answers,
};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeSet;
use std::sync::LazyLock;

const V1: &str = include_str!("../../app/data/questionnaire/v1.json");

struct Setup {
    departments: Vec<String>,
    /// (questionnaire, a complete valid answer set for it)
    cases: Vec<(Questionnaire, Answers)>,
}

static SETUP: LazyLock<Setup> = LazyLock::new(|| {
    let departments = vec!["IT".to_string(), "Social services".into(), "Ö – x".into()];
    let plain = questionnaire::parse(V1).expect("v1 parses");
    // The same questionnaire with required items of every kind.
    let mut v: serde_json::Value = serde_json::from_str(V1).expect("v1 is JSON");
    for s in v["sections"].as_array_mut().expect("sections") {
        for (n, it) in s["items"]
            .as_array_mut()
            .expect("items")
            .iter_mut()
            .enumerate()
        {
            if n % 2 == 0 {
                it["required"] = true.into();
            }
        }
    }
    let required = questionnaire::parse(&v.to_string()).expect("required variant parses");
    assert!(required.items().any(|i| i.required));
    let cases = [plain, required]
        .into_iter()
        .map(|q| {
            let full = complete(&q, &departments);
            (q, full)
        })
        .collect();
    Setup { departments, cases }
});

/// One valid answer for every item.
fn complete(q: &Questionnaire, departments: &[String]) -> Answers {
    q.items()
        .map(|i| {
            let a = match &i.kind {
                ItemKind::Scale { max, .. } => Answer::Number(*max as f64),
                ItemKind::SingleChoice { options } => Answer::Text(options[1].id.clone()),
                ItemKind::MultipleChoice { options } => {
                    Answer::Many(vec![options[1].id.clone(), options[0].id.clone()])
                }
                ItemKind::Department => Answer::Text(departments[0].clone()),
                ItemKind::FreeText { .. } => Answer::Text("draft text".into()),
            };
            (i.id.clone(), a)
        })
        .collect()
}

/// What the rules say about one answer.
#[derive(Debug, PartialEq)]
enum Verdict {
    Store(Answer),
    Drop,
    Refuse,
}

/// The model: written from the rules, not from `validate_answers`.
fn verdict(q: &Questionnaire, departments: &[String], id: &str, a: &Answer) -> Verdict {
    let Some(item) = q.items().find(|i| i.id == id) else {
        return Verdict::Refuse;
    };
    let store = |ok: bool| {
        if ok {
            Verdict::Store(a.clone())
        } else {
            Verdict::Refuse
        }
    };
    match (&item.kind, a) {
        (ItemKind::Scale { min, max, .. }, Answer::Number(v)) => {
            store(v.is_finite() && v.trunc() == *v && *v >= *min as f64 && *v <= *max as f64)
        }
        (ItemKind::Scale { .. }, Answer::Text(t)) if t.trim().is_empty() => Verdict::Drop,
        (ItemKind::SingleChoice { .. } | ItemKind::Department, Answer::Text(t)) if t.is_empty() => {
            Verdict::Drop
        }
        (ItemKind::SingleChoice { options }, Answer::Text(t)) => {
            store(options.iter().any(|o| o.id == *t))
        }
        (ItemKind::Department, Answer::Text(t)) => store(departments.contains(t)),
        (ItemKind::MultipleChoice { options }, Answer::Many(vs)) => {
            let known = vs.iter().all(|v| options.iter().any(|o| o.id == *v));
            let unique = vs.iter().collect::<BTreeSet<_>>().len() == vs.len();
            match (known && unique, vs.is_empty()) {
                (false, _) => Verdict::Refuse,
                (true, true) => Verdict::Drop,
                (true, false) => Verdict::Store(a.clone()),
            }
        }
        (ItemKind::FreeText { max_length }, Answer::Text(t)) => {
            if t.chars().count() > *max_length {
                Verdict::Refuse
            } else if t.trim().is_empty() {
                Verdict::Drop
            } else {
                Verdict::Store(Answer::Text(t.trim().to_owned()))
            }
        }
        _ => Verdict::Refuse,
    }
}

/// Every stored answer is one the questionnaire allows, in its stored form.
fn assert_storable(q: &Questionnaire, departments: &[String], stored: &Answers) {
    for (id, a) in stored {
        assert_eq!(
            verdict(q, departments, id, a),
            Verdict::Store(a.clone()),
            "stored answer {id} = {a:?} is not a valid, normalised answer"
        );
    }
}

fn check(q: &Questionnaire, departments: &[String], draft: &Answers, json: &str, mode: Mode) {
    let got = decode_and_merge(q, departments, draft, json, mode);
    let incoming = match decode_answers(json) {
        Err(e) => {
            assert_eq!(got, Err(e.clone()));
            match e {
                SubmissionError::TooLarge => assert!(json.len() > MAX_PAYLOAD),
                SubmissionError::NotAnswers => {
                    assert!(json.len() <= MAX_PAYLOAD);
                    assert!(serde_json::from_str::<Answers>(json).is_err());
                }
                SubmissionError::Invalid(_) => panic!("decoding does not validate"),
            }
            return;
        }
        Ok(a) => a,
    };
    assert!(json.len() <= MAX_PAYLOAD);

    if mode == Mode::Submit {
        // Submit checks the draft merged with the payload.
        let mut merged = draft.clone();
        merged.extend(incoming);
        return check_submit(q, departments, &merged, got);
    }
    // Autosave checks the payload alone.
    let judged: Vec<(String, Verdict)> = incoming
        .iter()
        .map(|(k, a)| (k.clone(), verdict(q, departments, k, a)))
        .collect();
    let refused: BTreeSet<&str> = judged
        .iter()
        .filter(|(_, v)| *v == Verdict::Refuse)
        .map(|(k, _)| k.as_str())
        .collect();
    match got {
        Ok(stored) => {
            assert!(
                refused.is_empty(),
                "accepted although {refused:?} are invalid"
            );
            let mut expected = draft.clone();
            for (k, v) in judged {
                expected.remove(&k);
                if let Verdict::Store(a) = v {
                    expected.insert(k, a);
                }
            }
            assert_eq!(stored, expected, "autosave stored something else");
            assert_storable(q, departments, &stored);
            assert_round_trip(q, departments, &stored, false);
        }
        Err(SubmissionError::Invalid(problems)) => {
            assert!(!refused.is_empty(), "refused valid answers: {problems:?}");
            assert_problems(&problems, &refused, &BTreeSet::new());
        }
        Err(e) => panic!("decoded payload refused as {e:?}"),
    }
}

fn check_submit(
    q: &Questionnaire,
    departments: &[String],
    merged: &Answers,
    got: Result<Answers, SubmissionError>,
) {
    let mut refused = BTreeSet::new();
    let mut expected = Answers::new();
    for (k, a) in merged {
        match verdict(q, departments, k, a) {
            Verdict::Store(a) => {
                expected.insert(k.clone(), a);
            }
            Verdict::Drop => {}
            Verdict::Refuse => {
                refused.insert(k.as_str());
            }
        }
    }
    let missing: BTreeSet<&str> = q
        .items()
        .filter(|i| i.required && !expected.contains_key(&i.id) && !refused.contains(i.id.as_str()))
        .map(|i| i.id.as_str())
        .collect();
    match got {
        Ok(stored) => {
            assert!(
                refused.is_empty() && missing.is_empty(),
                "submission accepted although {refused:?} are invalid and {missing:?} missing"
            );
            assert_eq!(stored, expected, "submission stored something else");
            assert_storable(q, departments, &stored);
            for i in q.items().filter(|i| i.required) {
                assert!(stored.contains_key(&i.id), "required {} not answered", i.id);
            }
            assert_round_trip(q, departments, &stored, true);
        }
        Err(SubmissionError::Invalid(problems)) => {
            assert!(
                !refused.is_empty() || !missing.is_empty(),
                "refused a valid submission: {problems:?}"
            );
            assert_problems(&problems, &refused, &missing);
        }
        Err(e) => panic!("decoded payload refused as {e:?}"),
    }
}

/// One problem per refused item, plus one `Required` per missing item.
fn assert_problems(problems: &[AnswerProblem], refused: &BTreeSet<&str>, missing: &BTreeSet<&str>) {
    let mut required: Vec<&str> = problems
        .iter()
        .filter(|p| matches!(p, AnswerProblem::Required { .. }))
        .map(problem_item)
        .collect();
    required.sort_unstable();
    let other: Vec<&str> = problems
        .iter()
        .filter(|p| !matches!(p, AnswerProblem::Required { .. }))
        .map(problem_item)
        .collect();
    assert_eq!(required, missing.iter().copied().collect::<Vec<_>>());
    assert_eq!(other, refused.iter().copied().collect::<Vec<_>>());
}

/// What is stored validates to itself, survives the database's JSON round
/// trip, and is accepted again as a payload.
fn assert_round_trip(q: &Questionnaire, departments: &[String], stored: &Answers, submit: bool) {
    assert_eq!(
        questionnaire::validate_answers(q, departments, stored, submit).as_ref(),
        Ok(stored),
        "stored answers do not re-validate to themselves"
    );
    let json = serde_json::to_string(stored).expect("answers serialise");
    let back: Answers = serde_json::from_str(&json).expect("stored JSON reads back");
    assert_eq!(&back, stored, "stored JSON reads back differently");
    let mode = if submit { Mode::Submit } else { Mode::Save };
    if json.len() <= MAX_PAYLOAD {
        assert_eq!(
            decode_and_merge(q, departments, &Answers::new(), &json, mode).as_ref(),
            Ok(stored),
            "stored answers are not accepted again unchanged"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    // Request bodies are text (axum refuses invalid UTF-8 before the service).
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let s = &*SETUP;
    let empty = Answers::new();
    for (q, full) in &s.cases {
        for draft in [&empty, full] {
            for mode in [Mode::Save, Mode::Submit] {
                check(q, &s.departments, draft, json, mode);
            }
        }
    }
});
