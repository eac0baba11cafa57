//! What a paid buyer finally gets when the panel says "not now" or delivers less: the one table
//! that sorts a panel refusal (held for the shop, the buyer's to fix, or anything else), the
//! hold's back-off and time limit, and the make-good of a canceled or part-delivered order.
//!
//! ```text
//! reserved --Refused(held)--> queued --drain--> reserved --Placed--> used
//!                               '--QUEUE_MAX_HOURS--> unused (the page says why)
//! used --Canceled / Refunded / Partial--> one replacement code for what was not delivered
//! ```

use super::clock::UtcTime;
use super::panel::{classify, Progress, RefusalClass};

/// Every choice of a code refused: what happens to it. A link the buyer must fix wins (no panel
/// will take it later either), then the first hold, else as always.
pub fn verdict<'a>(refusals: impl IntoIterator<Item = &'a str>) -> RefusalClass {
    let classes: Vec<RefusalClass> = refusals.into_iter().map(classify).collect();
    let first = |keep: fn(&RefusalClass) -> bool| classes.iter().copied().find(keep);
    first(|c| *c == RefusalClass::BuyersToFix)
        .or_else(|| first(|c| matches!(c, RefusalClass::Held(_))))
        .or_else(|| classes.first().copied())
        .unwrap_or(RefusalClass::Unrecognised)
}

/// The next attempt after `attempts` tries: 5, 10, 20, 40 minutes, then every hour.
pub fn next_attempt(now: UtcTime, attempts: u32) -> UtcTime {
    let minutes = 5i64 << attempts.saturating_sub(1).min(4);
    now.plus_seconds(minutes.min(60) * 60)
}

/// A hold that started before this has lasted too long: the code goes back to the buyer.
pub fn hold_cutoff(now: UtcTime, max_hours: u32) -> UtcTime {
    now.plus_seconds(-i64::from(max_hours) * 3600)
}

/// Why a code the buyer had redeemed is theirs again, as stored and as the page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returned {
    /// The hold lasted `QUEUE_MAX_HOURS`.
    HoldExpired,
    /// The panel refused for a reason the shop cannot wait out (the link, the quantity).
    Refused,
}

impl Returned {
    pub const ALL: [Returned; 2] = [Returned::HoldExpired, Returned::Refused];

    pub fn key(self) -> &'static str {
        match self {
            Returned::HoldExpired => "hold_expired",
            Returned::Refused => "refused",
        }
    }

    pub fn parse(raw: &str) -> Option<Returned> {
        match raw {
            "hold_expired" => Some(Returned::HoldExpired),
            "refused" => Some(Returned::Refused),
            _ => None,
        }
    }
}

pub const HOLD_EXPIRED_WORDS: &str = "The shop could not place your order in time. Your code was not used: you can redeem it again, or contact the shop.";

/// `MAKE_GOOD`: whether a canceled or part-delivered order gets a replacement code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MakeGood {
    Replace,
    Off,
}

impl MakeGood {
    pub fn parse(raw: Option<&str>) -> Result<MakeGood, String> {
        match raw.map(str::trim).filter(|s| !s.is_empty()) {
            None | Some("replace") => Ok(MakeGood::Replace),
            Some("off") => Ok(MakeGood::Off),
            Some(other) => Err(format!("MAKE_GOOD must be replace or off, not {other:?}")),
        }
    }
}

/// What was paid for and not delivered, once the panel's status is final: `None` for an order
/// that is complete or still running. A canceled order that reports nothing left (or more than
/// was ordered) owes the whole quantity.
pub fn shortfall(status: &Progress, remains: Option<u64>, ordered: u32) -> Option<u32> {
    let ordered64 = u64::from(ordered);
    match status {
        Progress::Canceled | Progress::Refunded => Some(match remains {
            Some(r) if r > 0 && r <= ordered64 => r as u32,
            _ => ordered,
        }),
        Progress::Partial => match remains {
            Some(r) if r > 0 => Some(r.min(ordered64) as u32),
            _ => None,
        },
        _ => None,
    }
}

/// What the make-good of one order comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remedy {
    /// A replacement code for `quantity`.
    Replace { quantity: u32 },
    /// Less than the service's minimum is owed: no code can buy it; the owner settles it.
    BelowMinimum { quantity: u32 },
}

impl Remedy {
    pub fn key(self) -> &'static str {
        match self {
            Remedy::Replace { .. } => "replaced",
            Remedy::BelowMinimum { .. } => "below_minimum",
        }
    }

    pub fn quantity(self) -> u32 {
        match self {
            Remedy::Replace { quantity } | Remedy::BelowMinimum { quantity } => quantity,
        }
    }
}

/// The remedy for `owed` units of a service whose minimum is `min` (`None`: not known).
pub fn remedy(owed: u32, min: Option<u32>) -> Remedy {
    match min {
        Some(min) if owed < min => Remedy::BelowMinimum { quantity: owed },
        _ => Remedy::Replace { quantity: owed },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::panel::HoldReason;

    #[test]
    fn across_choices_a_bad_link_wins_then_the_first_hold() {
        assert_eq!(
            verdict(["Not enough funds on balance", "Incorrect link"]),
            RefusalClass::BuyersToFix
        );
        assert_eq!(
            verdict([
                "Quantity less than minimal 50",
                "Service is disabled",
                "Not enough funds"
            ]),
            RefusalClass::Held(HoldReason::ServiceUnavailable)
        );
        assert_eq!(
            verdict(["Order not allowed", "Quantity less than minimal 50"]),
            RefusalClass::Unrecognised
        );
        assert_eq!(verdict(Vec::<&str>::new()), RefusalClass::Unrecognised);
    }

    #[test]
    fn attempts_back_off_to_an_hour() {
        let now = UtcTime::parse("2026-12-05T12:00:00Z").unwrap();
        let mins = |a| (next_attempt(now, a).millis() - now.millis()) / 60_000;
        assert_eq!(
            [0, 1, 2, 3, 4, 5, 9, 1000].map(mins),
            [5, 5, 10, 20, 40, 60, 60, 60]
        );
        assert_eq!(hold_cutoff(now, 72).iso(), "2026-12-02T12:00:00.000Z");
    }

    #[test]
    fn reasons_round_trip() {
        for r in HoldReason::ALL {
            assert_eq!(HoldReason::parse(r.key()), Some(r));
        }
        assert_eq!(HoldReason::parse("funds"), None);
        assert!(HoldReason::PanelFunds
            .owner_advice("main")
            .contains("top up"));
        for r in [Returned::HoldExpired, Returned::Refused] {
            assert_eq!(Returned::parse(r.key()), Some(r));
        }
    }

    #[test]
    fn only_an_order_that_ended_short_is_owed() {
        use Progress::*;
        assert_eq!(shortfall(&Canceled, Some(0), 1000), Some(1000));
        assert_eq!(shortfall(&Canceled, None, 1000), Some(1000));
        assert_eq!(shortfall(&Canceled, Some(400), 1000), Some(400));
        assert_eq!(shortfall(&Refunded, Some(5000), 1000), Some(1000));
        assert_eq!(shortfall(&Partial, Some(250), 1000), Some(250));
        assert_eq!(shortfall(&Partial, Some(0), 1000), None);
        assert_eq!(shortfall(&Partial, None, 1000), None);
        assert_eq!(shortfall(&Completed, Some(250), 1000), None);
        assert_eq!(shortfall(&InProgress, Some(250), 1000), None);
        assert_eq!(shortfall(&Pending, None, 1000), None);
    }

    #[test]
    fn below_the_minimum_no_code_is_minted() {
        assert_eq!(remedy(250, Some(50)), Remedy::Replace { quantity: 250 });
        assert_eq!(remedy(20, Some(50)), Remedy::BelowMinimum { quantity: 20 });
        assert_eq!(remedy(20, None), Remedy::Replace { quantity: 20 });
        assert_eq!(MakeGood::parse(None), Ok(MakeGood::Replace));
        assert_eq!(MakeGood::parse(Some("off")), Ok(MakeGood::Off));
        assert!(MakeGood::parse(Some("refund")).is_err());
    }
}
