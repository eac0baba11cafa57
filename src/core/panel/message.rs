//! Panel rejections in words a buyer can act on. A rejected `add` means nothing was ordered, so
//! every message says the code was not used; none repeats panel internals beyond the sanitised
//! text of an error we do not recognise.

const FUNDS: &str = "The shop cannot place this order right now. Your code was not used; please \
                     try again later or contact support.";
const ACTIVE: &str = "There is already an order running for this link. Wait until it completes, \
                      then try again — your code was not used.";
const MISCONFIGURED: &str = "This product is not set up correctly in the shop. Your code was not \
                             used; please contact support.";
const LINK: &str = "The provider could not use this link. Check that it is correct and public, \
                    then try again — your code was not used.";
const MAX_QUOTED: usize = 200;

pub fn buyer_message(panel_error: &str) -> String {
    let lower = panel_error.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&["not enough funds", "insufficient", "balance"]) {
        FUNDS.into()
    } else if has(&["active order"]) {
        ACTIVE.into()
    } else if has(&["quantity"]) {
        quantity_message(&lower)
    } else if has(&["service", "api key", "invalid key", "incorrect key"]) {
        MISCONFIGURED.into()
    } else if has(&["link", "url", "username"]) {
        LINK.into()
    } else {
        match sanitise(panel_error) {
            quoted if quoted.is_empty() => {
                "The panel refused the order. Your code was not used.".into()
            }
            quoted => format!("The panel refused the order: {quoted}. Your code was not used."),
        }
    }
}

/// The buyer cannot change the quantity (it comes with the code), so the shop has to fix it.
fn quantity_message(lower: &str) -> String {
    let limit: String = lower
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    let limit = if limit.is_empty() {
        limit
    } else {
        format!(" ({limit})")
    };
    let side = if lower.contains("less") || lower.contains("min") {
        format!("below the minimum the provider accepts{limit}")
    } else if lower.contains("more") || lower.contains("max") || lower.contains("greater") {
        format!("above the maximum the provider accepts{limit}")
    } else {
        "not accepted by the provider".into()
    };
    format!("The quantity of this order is {side}. Your code was not used; please contact support.")
}

/// One line of visible text, at most `MAX_QUOTED` characters, without a closing full stop (the
/// sentence around it adds one).
fn sanitise(raw: &str) -> String {
    // Zero-width and bidi controls are "printable" to `char::is_control` but can disguise text.
    let invisible = |c: char| matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
    let visible: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .filter(|c| !invisible(*c))
        .collect();
    let words = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    let words = words.trim_end_matches(['.', ' ']);
    if words.chars().count() <= MAX_QUOTED {
        return words.to_owned();
    }
    let mut cut: String = words.chars().take(MAX_QUOTED - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_errors_seen_in_the_wild_become_plain_advice() {
        assert_eq!(buyer_message("Not enough funds on balance"), FUNDS);
        assert_eq!(
            buyer_message(
                "You have active order with this link. Please wait until order being completed."
            ),
            ACTIVE
        );
        assert_eq!(buyer_message("Incorrect service ID"), MISCONFIGURED);
        assert_eq!(buyer_message("Invalid API key"), MISCONFIGURED);
        assert_eq!(buyer_message("Incorrect link"), LINK);
    }

    #[test]
    fn quantity_errors_name_the_limit() {
        let min = buyer_message("Quantity less than minimal 50");
        assert!(min.contains("quantity") && min.contains("minimum") && min.contains("(50)"));
        let max = buyer_message("Quantity more than maximal 10000");
        assert!(max.contains("maximum") && max.contains("(10000)"));
        assert!(buyer_message("Bad quantity").contains("quantity of this order"));
    }

    #[test]
    fn unknown_errors_are_quoted_clean_and_short() {
        assert_eq!(
            buyer_message("Order\n\tnot\u{202E} allowed\u{0007}."),
            "The panel refused the order: Order not allowed. Your code was not used."
        );
        let long = buyer_message(&"x".repeat(500));
        let quoted = long
            .strip_prefix("The panel refused the order: ")
            .and_then(|s| s.strip_suffix(". Your code was not used."))
            .unwrap();
        assert_eq!(quoted.chars().count(), MAX_QUOTED);
        assert!(quoted.ends_with('…'));
        assert_eq!(
            buyer_message(" \u{0}\n "),
            "The panel refused the order. Your code was not used."
        );
    }
}
