//! Small pieces of Discord markdown shared by the texts: text from outside (panel names,
//! links, codes) shown as text and never as formatting, numbers, dates, and lists that stop
//! before a message's limit.

use crate::core::clock::UtcTime;

/// Length as Discord's clients measure text (UTF-16 code units). Never less than the
/// number of characters, so a text within this length is within the limit either way.
pub fn units(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// The longest prefix of `text` within `max` units, cut on a character boundary.
pub fn cut_units(text: &str, max: usize) -> &str {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        used += c.len_utf16();
        if used > max {
            return &text[..i];
        }
    }
    text
}

/// Text shown as itself: markdown's special characters escaped (`[x](url)` would be a link,
/// `<@id>` a mention, `**` bold). Discord reads a backslash before any punctuation as an escape.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '~' | '`' | '|' | '<' | '>' | '[' | ']' | '#' | '@'
        ) {
            out.push('\\');
        }
        if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// A link, clickable and without a preview (`<url>`). Anything that could close the angle
/// brackets or is not a plain http(s) URL is shown as escaped text instead.
pub fn link(url: &str) -> String {
    let plain = (url.starts_with("https://") || url.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '`'));
    if plain {
        format!("<{url}>")
    } else {
        escape(url)
    }
}

/// A code in a code span. Codes are `[A-Z0-9-]`, but one that is not is escaped instead.
pub fn code(text: &str) -> String {
    if !text.is_empty() && !text.contains('`') && !text.chars().any(char::is_control) {
        format!("`{text}`")
    } else {
        escape(text)
    }
}

/// A stored time as a Discord timestamp (`<t:1700000000:f>`), which every member sees in
/// their own time zone; text we cannot read is shown as it is.
pub fn when(stored: &str, style: char) -> String {
    match UtcTime::parse(stored) {
        Some(t) => format!("<t:{}:{style}>", t.millis().div_euclid(1000)),
        None => escape(stored),
    }
}

/// `1234567` as `1,234,567`.
pub fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// "1 code" / "2 codes".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", number(n as u64), if n == 1 { one } else { many })
}

/// Lines under a header, at most `max_lines` and within `budget` units in all; what did not
/// fit becomes "… +N" (`total` counts the items the caller did not pass too).
pub fn listing(
    header: &str,
    lines: &[String],
    total: usize,
    max_lines: usize,
    budget: usize,
) -> String {
    let total = total.max(lines.len());
    let mut out = header.to_string();
    let mut shown = 0;
    for line in lines.iter().take(max_lines) {
        let rest = total - shown - 1;
        // Keep room for the "and N more" line whenever something will be left out.
        let tail = if rest > 0 { more(rest).len() + 1 } else { 0 };
        if units(&out) + 1 + units(line) + tail > budget {
            break;
        }
        out.push('\n');
        out.push_str(line);
        shown += 1;
    }
    if total > shown {
        out.push('\n');
        out.push_str(&more(total - shown));
    }
    out
}

fn more(n: usize) -> String {
    format!("… +{}", number(n as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutting_counts_utf16_units_on_char_boundaries() {
        assert_eq!(units("a😀"), 3);
        assert_eq!(cut_units("a😀b", 2), "a");
        assert_eq!(cut_units("a😀b", 3), "a😀");
        assert_eq!(cut_units("abc", 10), "abc");
    }

    #[test]
    fn outside_text_cannot_format_or_mention() {
        assert_eq!(escape("[x](https://e.vil)"), r"\[x\](https://e.vil)");
        assert_eq!(escape("<@123> **hi**"), r"\<\@123\> \*\*hi\*\*");
        assert_eq!(escape("a\nb"), "a b");
        assert_eq!(link("https://youtube.com/@x"), "<https://youtube.com/@x>");
        assert_eq!(
            link("https://a.com/> @everyone"),
            r"https://a.com/\> \@everyone"
        );
        assert_eq!(link("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(code("SMM-AB12"), "`SMM-AB12`");
        assert_eq!(code("a`b"), r"a\`b");
    }

    #[test]
    fn numbers_and_times() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1000), "1,000");
        assert_eq!(number(1234567), "1,234,567");
        assert_eq!(when("2023-11-14T22:13:20.000Z", 'f'), "<t:1700000000:f>");
        assert_eq!(when("yesterday", 'd'), "yesterday");
    }

    #[test]
    fn a_listing_stops_in_time_and_says_how_many_are_left() {
        let lines: Vec<String> = (0..30).map(|i| format!("line {i}")).collect();
        let text = listing("H", &lines, 40, 10, 2000);
        assert!(text.ends_with("line 9\n… +30"), "{text}");
        let long: Vec<String> = (0..30).map(|i| format!("{i}{}", "x".repeat(300))).collect();
        let text = listing("H", &long, 30, 10, 1000);
        assert!(units(&text) <= 1000);
        assert!(text.ends_with("… +27"), "{text}");
        assert_eq!(listing("H", &lines[..2], 2, 10, 2000), "H\nline 0\nline 1");
    }
}
