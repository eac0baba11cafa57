//! Panel rejections: the one table that sorts them (`classify`: held for the shop, the buyer's
//! to fix, or as always), and the words a buyer can act on. A rejected `add` means nothing was
//! ordered, so every message says the code was not used; none repeats panel internals beyond
//! the sanitised text of an error we do not recognise.

/// Why an order is held: the shop's own trouble, which the shop fixes without the buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HoldReason {
    /// The panel's balance ran out.
    PanelFunds,
    /// The panel runs an order on this link already (a buyer who bought twice).
    LinkBusy,
    /// The service was switched off or renumbered.
    ServiceUnavailable,
}

impl HoldReason {
    pub const ALL: [HoldReason; 3] = [
        HoldReason::PanelFunds,
        HoldReason::LinkBusy,
        HoldReason::ServiceUnavailable,
    ];

    pub fn key(self) -> &'static str {
        match self {
            HoldReason::PanelFunds => "panel_funds",
            HoldReason::LinkBusy => "link_busy",
            HoldReason::ServiceUnavailable => "service_unavailable",
        }
    }

    pub fn parse(raw: &str) -> Option<HoldReason> {
        HoldReason::ALL.into_iter().find(|r| r.key() == raw.trim())
    }

    /// The buyer's words (the page has them in every language, keyed by `key`).
    pub fn buyer_words(self) -> &'static str {
        match self {
            HoldReason::PanelFunds | HoldReason::ServiceUnavailable => {
                "Your order is queued: the shop will place it automatically as soon as it can. Your code is kept; you do not need to redeem it again."
            }
            HoldReason::LinkBusy => {
                "Your order is queued: an order for this link is still running, and yours will be placed automatically when it completes. Your code is kept; you do not need to redeem it again."
            }
        }
    }

    /// What the owner should do, for the alert.
    pub fn owner_advice(self, panel: &str) -> String {
        match self {
            HoldReason::PanelFunds => format!(
                "Panel {panel} has not enough funds: top up the panel; held orders are placed by the next scheduled run or by \"Place now\" on the Overview."
            ),
            HoldReason::LinkBusy => format!(
                "Panel {panel} already runs an order on a buyer's link: nothing to do, the held order is placed when that one completes."
            ),
            HoldReason::ServiceUnavailable => format!(
                "A service on panel {panel} is switched off or renumbered: change the product's or codes' service in /admin; held orders are placed once it works."
            ),
        }
    }
}

/// What a panel refusal of `add` means for the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalClass {
    /// The shop's trouble: keep the code `queued` and place the order later.
    Held(HoldReason),
    /// The buyer's link is wrong, private or not found: back to `unused`, the panel's words shown.
    BuyersToFix,
    /// The quantity is outside the service's limits: the shop must fix the product.
    Quantity,
    /// The panel does not accept the shop's key.
    ShopSetup,
    /// Words we do not know: back to `unused`, the panel's words quoted.
    Unrecognised,
}

/// The one table, first match wins. Case and spacing are ignored.
const TABLE: &[(&[&str], RefusalClass)] = &[
    (
        &[
            "not enough funds",
            "not enough money",
            "not enough balance",
            "insufficient",
            "low balance",
            "balance is too low",
            "top up",
            "no funds",
            "add funds",
        ],
        RefusalClass::Held(HoldReason::PanelFunds),
    ),
    (
        &[
            "active order",
            "order with this link",
            "order for this link",
            "order on this link",
            "already ordered",
            "order in progress",
            "wait until order",
            "until the previous order",
        ],
        RefusalClass::Held(HoldReason::LinkBusy),
    ),
    (&["quantity"], RefusalClass::Quantity),
    (
        &["api key", "invalid key", "incorrect key"],
        RefusalClass::ShopSetup,
    ),
    (
        &[
            "incorrect service",
            "invalid service",
            "wrong service",
            "unknown service",
            "service is disabled",
            "service disabled",
            "service is inactive",
            "service inactive",
            "service not active",
            "service is not active",
            "service not found",
            "service is not available",
            "service not available",
            "service unavailable",
            "service is unavailable",
            "service is currently unavailable",
            "service does not exist",
            "service doesn't exist",
            "service id",
            "disabled service",
        ],
        RefusalClass::Held(HoldReason::ServiceUnavailable),
    ),
    (
        &[
            "link",
            "url",
            "username",
            "private",
            "not found",
            "account",
            "profile",
            "post",
            "video",
            "channel",
            "page",
        ],
        RefusalClass::BuyersToFix,
    ),
];

/// Sorts one panel refusal.
pub fn classify(panel_said: &str) -> RefusalClass {
    let lower = crate::core::fold::lower(panel_said)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    TABLE
        .iter()
        .find(|(words, _)| words.iter().any(|w| lower.contains(w)))
        .map_or(RefusalClass::Unrecognised, |(_, class)| *class)
}

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
    match classify(panel_error) {
        RefusalClass::Held(HoldReason::PanelFunds) => FUNDS.into(),
        RefusalClass::Held(HoldReason::LinkBusy) => ACTIVE.into(),
        RefusalClass::Held(HoldReason::ServiceUnavailable) | RefusalClass::ShopSetup => {
            MISCONFIGURED.into()
        }
        RefusalClass::BuyersToFix => LINK.into(),
        RefusalClass::Quantity => quantity_message(&crate::core::fold::lower(panel_error)),
        RefusalClass::Unrecognised => match sanitise(panel_error) {
            quoted if quoted.is_empty() => {
                "The panel refused the order. Your code was not used.".into()
            }
            quoted => format!("The panel refused the order: {quoted}. Your code was not used."),
        },
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
    fn real_panel_refusals_sort_into_the_three_holds() {
        let held = |r| RefusalClass::Held(r);
        for (said, want) in [
            ("Not enough funds on balance", held(HoldReason::PanelFunds)),
            (
                "NOT ENOUGH FUNDS  ON BALANCE.",
                held(HoldReason::PanelFunds),
            ),
            ("Insufficient balance", held(HoldReason::PanelFunds)),
            (
                "You don't have enough money... not enough money on balance",
                held(HoldReason::PanelFunds),
            ),
            ("Your balance is too low", held(HoldReason::PanelFunds)),
            (
                "You have active order with this link. Please wait until order being completed.",
                held(HoldReason::LinkBusy),
            ),
            (
                "You have an active order with this link",
                held(HoldReason::LinkBusy),
            ),
            (
                "There is already an order in progress for this link",
                held(HoldReason::LinkBusy),
            ),
            ("Incorrect service ID", held(HoldReason::ServiceUnavailable)),
            ("incorrect service id", held(HoldReason::ServiceUnavailable)),
            ("Service is disabled", held(HoldReason::ServiceUnavailable)),
            ("Service is inactive", held(HoldReason::ServiceUnavailable)),
            ("Service not active", held(HoldReason::ServiceUnavailable)),
            (
                "This service is currently unavailable",
                held(HoldReason::ServiceUnavailable),
            ),
        ] {
            assert_eq!(classify(said), want, "{said}");
        }
    }

    #[test]
    fn a_wrong_link_is_the_buyers_and_the_rest_is_as_always() {
        for said in [
            "Incorrect link",
            "Invalid URL",
            "Link is private",
            "Account is private",
            "User not found",
            "Post not found",
            "incorrect username",
        ] {
            assert_eq!(classify(said), RefusalClass::BuyersToFix, "{said}");
        }
        assert_eq!(
            classify("Quantity less than minimal 50"),
            RefusalClass::Quantity
        );
        assert_eq!(classify("Invalid API key"), RefusalClass::ShopSetup);
        assert_eq!(classify("Order not allowed"), RefusalClass::Unrecognised);
        assert_eq!(classify(""), RefusalClass::Unrecognised);
    }

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
