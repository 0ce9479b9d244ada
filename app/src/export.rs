//! CSV export helpers shared by the server (open-data API) and the browser
//! (downloads of an organisation's own aggregates). No dependencies.
//!
//! Cells are made safe *before* they are written:
//! - text goes through [`safe_cell`], which defuses spreadsheet formulas
//!   (CSV/formula injection: a cell that starts with `=`, `+`, `-`, `@`, a tab
//!   or a carriage return is run as a formula by Excel, LibreOffice and Google
//!   Sheets, so it gets a leading `'`);
//! - numbers go through [`num_cell`], which writes plain decimal notation and
//!   is never prefixed, so that `-0.5` stays a number.
//!
//! [`to_csv`] then writes RFC 4180 CSV: comma-separated, CRLF line ends,
//! fields quoted when they hold a comma, a quote, CR or LF, quotes doubled,
//! and a row of one empty cell written as `""` (an empty line is no row).
//! `fuzz/` checks all of this against the `csv` crate.

/// Text cell content that a spreadsheet will not run as a formula.
pub fn safe_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

/// A number with exactly `decimals` decimals, in plain notation (no
/// exponent, `.` as the decimal separator). A value that rounds to zero is
/// written without a sign; a value that is not finite gives an empty cell.
pub fn num_cell(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let s = format!("{v:.decimals$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_owned(),
        _ => s,
    }
}

/// `v` rounded to `decimals` decimal places (half away from zero). With
/// [`num_cell`] at the same number of decimals, the JSON and CSV forms of a
/// figure are the same number. Values that are not finite pass unchanged.
pub fn round_dp(v: f64, decimals: u32) -> f64 {
    if !v.is_finite() {
        return v;
    }
    let f = 10f64.powi(decimals.min(15) as i32);
    let r = (v * f).round() / f;
    if r == 0.0 { 0.0 } else { r }
}

/// One RFC 4180 field: quoted when it holds a comma, a double quote, CR or
/// LF (and then with its quotes doubled), else as it is.
fn field(out: &mut String, cell: &str) {
    if cell.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

fn line<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    // A lone empty field would be an empty line, which readers skip: the row
    // would vanish. Quoted, it stays a row with one empty cell.
    if let [only] = cells
        && only.as_ref().is_empty()
    {
        out.push_str("\"\"\r\n");
        return;
    }
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, c.as_ref());
    }
    out.push_str("\r\n");
}

/// A CSV document: the header row, then one line per row, each ended by CRLF.
/// Cells must already be safe ([`safe_cell`] for text, [`num_cell`] for
/// numbers); this only quotes.
pub fn to_csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    line(&mut out, header);
    for r in rows {
        line(&mut out, r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(
            safe_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(safe_cell("+1"), "'+1");
        assert_eq!(safe_cell("-2"), "'-2");
        assert_eq!(safe_cell("@x"), "'@x");
        assert_eq!(safe_cell("\tcmd"), "'\tcmd");
        assert_eq!(safe_cell("\rcmd"), "'\rcmd");
        assert_eq!(safe_cell("=1+2"), "'=1+2");
    }

    #[test]
    fn ordinary_text_is_unchanged() {
        assert_eq!(safe_cell(""), "");
        assert_eq!(safe_cell("Älvby kommun"), "Älvby kommun");
        assert_eq!(safe_cell("10-25k"), "10-25k");
        assert_eq!(safe_cell("a=b"), "a=b");
        assert_eq!(safe_cell(" =x"), " =x");
        assert_eq!(safe_cell("'quoted"), "'quoted");
    }

    #[test]
    fn numbers_are_plain_and_never_prefixed() {
        assert_eq!(num_cell(-0.5, 2), "-0.50");
        assert_eq!(num_cell(5.123456, 4), "5.1235");
        assert_eq!(num_cell(100.0, 1), "100.0");
        assert_eq!(num_cell(7.0, 0), "7");
        assert_eq!(num_cell(-0.00001, 2), "0.00");
        assert_eq!(num_cell(-0.0, 3), "0.000");
        assert_eq!(num_cell(1e20, 1), "100000000000000000000.0");
        assert_eq!(num_cell(f64::NAN, 2), "");
        assert_eq!(num_cell(f64::INFINITY, 2), "");
    }

    #[test]
    fn rounding_matches_the_written_figure() {
        assert_eq!(round_dp(5.123456, 4), 5.1235);
        assert_eq!(round_dp(-0.00001, 2), 0.0);
        assert!(round_dp(-0.00001, 2).is_sign_positive());
        assert_eq!(round_dp(2.5, 0), 3.0);
        for v in [0.1, 1.23456789, 9.99995, 55.55555, -3.27183, 73.0001] {
            let r = round_dp(v, 4);
            assert_eq!(num_cell(r, 4).parse::<f64>().ok(), Some(r), "{v}");
        }
    }

    #[test]
    fn csv_quotes_only_where_needed() {
        let csv = to_csv(
            &["name", "value"],
            &[
                vec!["plain".into(), num_cell(-0.5, 2)],
                vec!["with, comma".into(), "1".into()],
                vec!["say \"hi\"".into(), "2".into()],
                vec!["two\nlines".into(), "3".into()],
                vec!["cr\rhere".into(), "".into()],
            ],
        );
        assert_eq!(
            csv,
            "name,value\r\n\
             plain,-0.50\r\n\
             \"with, comma\",1\r\n\
             \"say \"\"hi\"\"\",2\r\n\
             \"two\nlines\",3\r\n\
             \"cr\rhere\",\r\n"
        );
    }

    #[test]
    fn csv_of_unsafe_cells() {
        let rows = vec![
            vec![safe_cell("=HYPERLINK(\"x\")"), safe_cell("+1")],
            vec![safe_cell("@x"), safe_cell("-2")],
            vec![safe_cell("=a,b"), num_cell(-2.0, 0)],
        ];
        assert_eq!(
            to_csv(&["a", "b"], &rows),
            "a,b\r\n\
             \"'=HYPERLINK(\"\"x\"\")\",'+1\r\n\
             '@x,'-2\r\n\
             \"'=a,b\",-2\r\n"
        );
    }

    #[test]
    fn header_only() {
        assert_eq!(to_csv(&["x"], &[]), "x\r\n");
        assert_eq!(to_csv(&[], &[]), "\r\n");
    }

    #[test]
    fn a_single_empty_cell_is_still_a_row() {
        // Caught by fuzz/csv_export: written as an empty line, the row was lost.
        assert_eq!(
            to_csv(&["x"], &[vec![String::new()], vec!["a".into()]]),
            "x\r\n\"\"\r\na\r\n"
        );
        assert_eq!(
            to_csv(&["x", "y"], &[vec![String::new(), String::new()]]),
            "x,y\r\n,\r\n"
        );
    }
}
