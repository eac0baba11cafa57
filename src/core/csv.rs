//! CSV exports an admin opens in a spreadsheet: RFC 4180 quoting, and no cell that a
//! spreadsheet would run as a formula (a buyer's username could start with `=`).

pub fn row(cells: &[&str]) -> String {
    let mut out = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&cell_text(cell));
    }
    out.push_str("\r\n");
    out
}

fn cell_text(raw: &str) -> String {
    let defused = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(raw) {
        format!("'{raw}")
    } else {
        raw.to_string()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// Negative numbers are data, not formulas.
fn is_number(s: &str) -> bool {
    s.parse::<f64>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_needs_quoting() {
        assert_eq!(row(&["a", "b c", "1"]), "a,b c,1\r\n");
        assert_eq!(
            row(&["x,y", "say \"hi\"", "two\nlines"]),
            "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
        assert_eq!(row(&[""]), "\r\n");
    }

    #[test]
    fn formulas_are_defused_but_numbers_stay() {
        assert_eq!(
            row(&["=HYPERLINK(\"x\")"]),
            "\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
        assert_eq!(
            row(&["@SUM(A1)", "+1+1", "-5", "-2.5"]),
            "'@SUM(A1),'+1+1,-5,-2.5\r\n"
        );
    }
}
