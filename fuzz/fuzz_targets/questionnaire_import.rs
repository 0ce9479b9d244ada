//! The operator's questionnaire import (`app::domain::questionnaire::import`,
//! the check `app::survey::service::import_version` runs before storing a
//! version; `parse` is also what every stored version goes through on load).
//!
//! Beyond "does not panic", for every document that is accepted:
//! - it passes `validate` on its own, and `import` and `parse` agree;
//! - it serialises and parses back to an equal questionnaire (also when
//!   pretty-printed), so what the browser reads is what the server checked;
//! - it can be answered: a complete answer set at every scale's minimum and
//!   at its maximum (first options, a department, a short text) is accepted
//!   as a submission unchanged, a value just outside a scale is refused, and
//!   an unknown item is refused;
//! - those answers score inside the scale: every strategy and axis in 1–10,
//!   the index in 0–100, nothing NaN.
#![no_main]

use app::domain::questionnaire::{
    self, Answer, AnswerProblem, ItemKind, MAX_DOCUMENT, Questionnaire,
};
use app::scoring::score::score;
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

#[derive(Clone, Copy)]
enum End {
    Min,
    Max,
}

/// One valid answer for every item, scales at one end.
fn answers(q: &Questionnaire, end: End, department: &str) -> BTreeMap<String, Answer> {
    q.items()
        .map(|i| {
            let a = match &i.kind {
                ItemKind::Scale { min, max, .. } => Answer::Number(match end {
                    End::Min => *min as f64,
                    End::Max => *max as f64,
                }),
                ItemKind::SingleChoice { options } => Answer::Text(options[0].id.clone()),
                ItemKind::MultipleChoice { options } => Answer::Many(
                    options
                        .iter()
                        .map(|o| o.id.clone())
                        .take(match end {
                            End::Min => 1,
                            End::Max => usize::MAX,
                        })
                        .collect(),
                ),
                ItemKind::Department => Answer::Text(department.to_owned()),
                ItemKind::FreeText { max_length } => Answer::Text("x".repeat(*max_length)),
            };
            (i.id.clone(), a)
        })
        .collect()
}

fn check_accepted(json: &str, q: &Questionnaire) {
    assert_eq!(questionnaire::validate(q), Ok(()));
    assert_eq!(questionnaire::parse(json).as_ref(), Ok(q));

    // Serialise → parse gives the same questionnaire.
    for text in [
        serde_json::to_string(q).expect("serialises"),
        serde_json::to_string_pretty(q).expect("serialises"),
    ] {
        match questionnaire::parse(&text) {
            Ok(back) => assert_eq!(&back, q, "round trip changed the questionnaire"),
            Err(p) => panic!("serialised questionnaire is refused: {p}"),
        }
    }

    // Answerable, at both ends of every scale.
    let departments = vec!["Planning".to_string()];
    for end in [End::Min, End::Max] {
        let a = answers(q, end, &departments[0]);
        assert_eq!(
            questionnaire::validate_answers(q, &departments, &a, true).as_ref(),
            Ok(&a),
            "a complete, valid answer set is refused"
        );
        let scores = score(q, &a);
        for (dim, v) in &scores.0 {
            let (lo, hi) = if *dim == "INDEX" {
                (0.0, 100.0)
            } else {
                (1.0, 10.0)
            };
            // A little slack for rounding in the weighted means.
            assert!(
                *v >= lo - 1e-9 && *v <= hi + 1e-9,
                "score {dim} = {v} outside {lo}–{hi}"
            );
        }
        for s in ["S1", "S2", "S3", "S4", "S5", "S6"] {
            assert!(scores.get(s).is_some(), "no score for {s}");
        }
    }

    // Just outside a scale, and unknown items, are refused.
    for i in q.items() {
        if let ItemKind::Scale { min, max, .. } = &i.kind {
            for v in [min.checked_sub(1), max.checked_add(1)]
                .into_iter()
                .flatten()
            {
                let one = BTreeMap::from([(i.id.clone(), Answer::Number(v as f64))]);
                if (v as f64) < *min as f64 || (v as f64) > *max as f64 {
                    assert!(
                        matches!(
                            questionnaire::validate_answers(q, &departments, &one, false)
                                .err()
                                .as_deref(),
                            Some([AnswerProblem::OutOfRange { .. }])
                        ),
                        "{} = {v} accepted outside {min}..={max}",
                        i.id
                    );
                }
            }
        }
    }
    let unknown = BTreeMap::from([("no such item!".to_string(), Answer::Number(1.0))]);
    assert!(questionnaire::validate_answers(q, &departments, &unknown, false).is_err());
}

fuzz_target!(|data: &[u8]| {
    // The import form and the API take text; invalid UTF-8 never gets here.
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let imported = questionnaire::import(json);
    if json.len() > MAX_DOCUMENT {
        assert!(
            imported.is_err(),
            "a document over the size limit is accepted"
        );
        return;
    }
    assert_eq!(imported, questionnaire::parse(json));
    match imported {
        Ok(q) => check_accepted(json, &q),
        Err(p) => assert!(!p.0.is_empty(), "refused without a reason"),
    }
});
