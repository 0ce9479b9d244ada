//! The CSV export (`app::export`: `safe_cell`, `num_cell`, `round_dp`,
//! `to_csv`), used by the open-data API and an organisation's downloads.
//!
//! Input: text; rows are separated by U+001E, cells by U+001F. A cell that
//! starts with U+0000, then a digit `d`, then a Rust float (`-0.5`, `1e300`,
//! `NaN`, `inf` …) is a number written with `d` decimals; every other cell is
//! text. Rows are padded with empty cells to the widest row, and a constant
//! header (`c0,c1,…`) comes first, as in the real exports.
//!
//! Asserts:
//! - every text cell that starts with `=`, `+`, `-`, `@`, a tab or a CR is
//!   neutralised with a leading `'`, and every other one is unchanged;
//! - number cells are plain decimals (optional `-`, digits, exactly `d`
//!   decimals, no exponent, no `-0`), within half a unit of the last decimal
//!   of the value, empty when the value is not finite, and a value rounded
//!   with `round_dp` reads back as exactly that value;
//! - the document parses back with the `csv` crate to the same number of rows
//!   and columns and the very cells written; the only fields that start with
//!   a formula character are negative numbers; stripping the `'` from a
//!   neutralised text gives back the original.
#![no_main]

use app::export::{num_cell, round_dp, safe_cell, to_csv};
use libfuzzer_sys::fuzz_target;

const ROW_SEP: char = '\u{1e}';
const CELL_SEP: char = '\u{1f}';

enum Cell<'a> {
    Text(&'a str),
    Num(f64, usize),
}

fn cell(s: &str) -> Cell<'_> {
    if let Some(rest) = s.strip_prefix('\0')
        && let Some(d) = rest.chars().next().and_then(|c| c.to_digit(10))
        && let Ok(v) = rest[1..].parse::<f64>()
    {
        return Cell::Num(v, d as usize);
    }
    Cell::Text(s)
}

fn is_formula_start(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// `-?digits(.digits{d})?`, no negative zero.
fn assert_plain_number(s: &str, d: usize) {
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    assert!(
        !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()),
        "{s:?}"
    );
    match frac {
        Some(f) => assert!(
            d > 0 && f.len() == d && f.bytes().all(|b| b.is_ascii_digit()),
            "{s:?} with {d} decimals"
        ),
        None => assert_eq!(d, 0, "{s:?} has no decimals"),
    }
    if s.starts_with('-') {
        assert!(
            unsigned.bytes().any(|b| (b'1'..=b'9').contains(&b)),
            "negative zero {s:?}"
        );
    }
}

fn write(c: &Cell) -> String {
    match *c {
        Cell::Text(t) => {
            let w = safe_cell(t);
            if is_formula_start(t) {
                assert_eq!(w, format!("'{t}"), "formula not neutralised");
            } else {
                assert_eq!(w, t, "harmless text changed");
            }
            assert!(!is_formula_start(&w), "{w:?} starts a formula");
            w
        }
        Cell::Num(v, d) => {
            let w = num_cell(v, d);
            if !v.is_finite() {
                assert_eq!(w, "", "{v} is not finite");
                return w;
            }
            assert_plain_number(&w, d);
            let back: f64 = w.parse().expect("a number cell reads as a number");
            let half_unit = 0.5 * 10f64.powi(-(d as i32));
            assert!(
                (back - v).abs() <= half_unit * (1.0 + 1e-9) + v.abs() * f64::EPSILON,
                "{v} written as {w}"
            );
            let r = round_dp(v, d as u32);
            if r.is_finite() {
                assert_eq!(
                    num_cell(r, d).parse::<f64>().ok(),
                    Some(r),
                    "round_dp({v}, {d}) = {r} is not what the CSV says"
                );
            }
            w
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let input: Vec<Vec<Cell>> = text
        .split(ROW_SEP)
        .map(|r| r.split(CELL_SEP).map(cell).collect())
        .collect();
    let width = input.iter().map(Vec::len).max().unwrap_or(1);
    let header: Vec<String> = (0..width).map(|i| format!("c{i}")).collect();
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = input
        .iter()
        .map(|r| {
            let mut w: Vec<String> = r.iter().map(write).collect();
            w.resize(width, String::new());
            w
        })
        .collect();

    let out = to_csv(&header_refs, &rows);
    assert!(out.ends_with("\r\n"));

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(out.as_bytes());
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            r.expect("the export is valid CSV")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect();
    assert_eq!(records.len(), rows.len() + 1, "row count changed:\n{out:?}");
    assert_eq!(records[0], header, "header changed");
    for (n, ((got, written), original)) in records[1..].iter().zip(&rows).zip(&input).enumerate() {
        assert_eq!(got, written, "row {n} reads back differently:\n{out:?}");
        for (field, c) in got.iter().zip(original) {
            match c {
                Cell::Text(t) => {
                    let restored = if is_formula_start(t) {
                        field.strip_prefix('\'').expect("neutralised")
                    } else {
                        field.as_str()
                    };
                    assert_eq!(restored, *t);
                }
                Cell::Num(..) => {
                    if is_formula_start(field) {
                        assert!(field.starts_with('-') && field[1..].parse::<f64>().is_ok());
                    }
                }
            }
        }
        for field in &got[original.len()..] {
            assert_eq!(field, "", "padding");
        }
    }
});
