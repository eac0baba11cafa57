//! Catalogue watch: what a provider changed in a service the shop sells, found before a buyer's
//! redemption fails. The edge gathers how each service is in use (codes not yet redeemed,
//! products), what the watch saw of it last time, and the catalogue now; `check` says what is
//! wrong with it now. A finding is a state, not an event: it stays while the problem does and
//! leaves by itself when the owner fixes it, the panel reverts it, or nothing uses the service.

use super::manual_order::service_mismatch;
use super::money::Micros;
use super::panel::Service;
use super::service::{Platform, ServiceKind};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// The service is no longer in the panel's catalogue.
    Gone,
    /// Its min/max no longer covers a quantity the shop sells.
    OutOfRange,
    /// Its rate changed: a code now costs another amount than it was priced at.
    RateChanged,
    /// It no longer offers refills, while codes promise them.
    RefillDropped,
    /// Its name now names another platform or kind.
    Mismatch,
    /// Its API v2 `type` changed (what `add` needs).
    TypeChanged,
}

impl FindingKind {
    pub const ALL: [FindingKind; 6] = [
        FindingKind::Gone,
        FindingKind::OutOfRange,
        FindingKind::RateChanged,
        FindingKind::RefillDropped,
        FindingKind::Mismatch,
        FindingKind::TypeChanged,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FindingKind::Gone => "gone",
            FindingKind::OutOfRange => "out_of_range",
            FindingKind::RateChanged => "rate_changed",
            FindingKind::RefillDropped => "refill_dropped",
            FindingKind::Mismatch => "mismatch",
            FindingKind::TypeChanged => "type_changed",
        }
    }

    pub fn parse(raw: &str) -> Option<FindingKind> {
        FindingKind::ALL.into_iter().find(|k| k.key() == raw)
    }
}

/// One way a service is in use: a group of codes not yet redeemed, or one product.
#[derive(Debug, Clone, PartialEq)]
pub struct Use {
    /// Units one order asks for (a drip-feed's per run).
    pub quantity: u32,
    pub platform: Platform,
    pub kind: ServiceKind,
    pub promises_refill: bool,
    /// What one code (or product unit) was priced at, when this service is its first choice.
    pub unit_cost: Option<Micros>,
    /// What the product last sold for, one unit, when known from Sellauth.
    pub price: Option<Micros>,
}

/// What the watch remembers of a service from its last look (kept as JSON; read back by
/// `Seen::read`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Seen {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub rate: String,
    pub min: u64,
    pub max: u64,
    pub refill: bool,
}

impl Seen {
    /// As kept; `None` when it is not a whole `Seen` (then the service counts as new).
    pub fn read(kept: &str) -> Option<Seen> {
        let v: serde_json::Value = serde_json::from_str(kept).ok()?;
        let text = |f: &str| v[f].as_str().map(str::to_owned);
        Some(Seen {
            name: text("name")?,
            kind: text("type")?,
            rate: text("rate")?,
            min: v["min"].as_u64()?,
            max: v["max"].as_u64()?,
            refill: v["refill"].as_bool()?,
        })
    }

    pub fn of(s: &Service) -> Seen {
        Seen {
            name: s.name.clone(),
            kind: s.kind.clone(),
            rate: s.rate.clone(),
            min: s.min,
            max: s.max,
            refill: s.refill,
        }
    }
}

/// A finding, as open now or as found by this look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    /// What it was (the watch's last look, or what the codes were priced at).
    pub old: String,
    pub new: String,
}

/// The owner's floor for a product's margin after a rate change (`MIN_MARGIN_PERCENT`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarginFloor(pub f64);

/// What is wrong with one service now. `before` is the watch's last look (`None` the first
/// time), `now` the catalogue's entry (`None`: gone), `open` the findings already open for it
/// (a change seen once stays found until it is fixed or reverted).
pub fn check(
    uses: &[Use],
    before: Option<&Seen>,
    now: Option<&Service>,
    open: &[Finding],
    floor: MarginFloor,
) -> Vec<Finding> {
    let Some(now) = now else {
        return vec![Finding {
            kind: FindingKind::Gone,
            old: before.map_or_else(String::new, |b| b.name.clone()),
            new: "not in the panel's catalogue".into(),
        }];
    };
    let was_open = |k: FindingKind| open.iter().find(|f| f.kind == k);
    let mut found = Vec::new();
    let range = |min: u64, max: u64| format!("{min}-{max}");
    if let Some(q) = uses
        .iter()
        .map(|u| u.quantity)
        .find(|q| u64::from(*q) < now.min || u64::from(*q) > now.max)
    {
        found.push(Finding {
            kind: FindingKind::OutOfRange,
            old: before.map_or_else(String::new, |b| range(b.min, b.max)),
            new: format!("{}; {q} is not in it", range(now.min, now.max)),
        });
    }
    if let Some(f) = rate_change(uses, now, floor) {
        found.push(f);
    }
    let refill_was_there = before.is_some_and(|b| b.refill);
    if !now.refill
        && uses.iter().any(|u| u.promises_refill)
        && (refill_was_there || was_open(FindingKind::RefillDropped).is_some())
    {
        found.push(Finding {
            kind: FindingKind::RefillDropped,
            old: "refill".into(),
            new: "no refill".into(),
        });
    }
    let renamed = before.is_some_and(|b| b.name != now.name);
    let mismatch = uses
        .iter()
        .find_map(|u| service_mismatch(&u.platform, &u.kind, now));
    if let Some(why) = mismatch {
        if renamed || was_open(FindingKind::Mismatch).is_some() {
            found.push(Finding {
                kind: FindingKind::Mismatch,
                old: was_open(FindingKind::Mismatch)
                    .map(|f| f.old.clone())
                    .or_else(|| before.map(|b| b.name.clone()))
                    .unwrap_or_default(),
                new: format!("{}: {why}", now.name),
            });
        }
    }
    let old_type = was_open(FindingKind::TypeChanged)
        .map(|f| f.old.clone())
        .or_else(|| before.map(|b| b.kind.clone()));
    if let Some(old) = old_type.filter(|t| *t != now.kind) {
        found.push(Finding {
            kind: FindingKind::TypeChanged,
            old,
            new: now.kind.clone(),
        });
    }
    found
}

/// A code now costs another amount than it was priced at: the new cost per code, and the
/// margin where the product's price is known (flagged when negative or under the floor).
fn rate_change(uses: &[Use], now: &Service, floor: MarginFloor) -> Option<Finding> {
    let rate = Micros::parse(&now.rate)?;
    uses.iter().find_map(|u| {
        let priced = u.unit_cost?;
        let cost = Micros::cost_of(rate, u.quantity);
        (cost != priced).then(|| {
            let margin = u.price.filter(|p| p.0 > 0).map(|price| {
                let percent = (price.0 - cost.0) as f64 * 100.0 / price.0 as f64;
                let low = if percent < 0.0 {
                    ", a loss"
                } else if percent < floor.0 {
                    ", under MIN_MARGIN_PERCENT"
                } else {
                    ""
                };
                format!("; margin {}%{low}", super::money::fixed(percent, 1))
            });
            Finding {
                kind: FindingKind::RateChanged,
                old: format!("{} a code", priced.text()),
                new: format!(
                    "{} a code (rate {}){}",
                    cost.text(),
                    now.rate,
                    margin.unwrap_or_default()
                ),
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_watch_keeps_reads_back() {
        let seen = Seen {
            name: "YouTube Subscribers".into(),
            kind: "Default".into(),
            rate: "1.20".into(),
            min: 100,
            max: 5000,
            refill: true,
        };
        let kept = serde_json::to_string(&seen).unwrap();
        assert_eq!(Seen::read(&kept), Some(seen));
        assert_eq!(Seen::read(r#"{"name":"x"}"#), None);
        assert_eq!(Seen::read("not json"), None);
    }
    use crate::core::panel::ServiceId;

    fn service(name: &str, rate: &str, min: u64, max: u64, refill: bool) -> Service {
        Service {
            id: ServiceId::new(101).unwrap(),
            name: name.into(),
            kind: "Default".into(),
            category: "YouTube".into(),
            rate: rate.into(),
            min,
            max,
            refill,
            cancel: true,
            dripfeed: false,
            description: None,
        }
    }

    fn subs(quantity: u32) -> Use {
        Use {
            quantity,
            platform: Platform::YouTube,
            kind: ServiceKind::Subscribers,
            promises_refill: true,
            unit_cost: Some(Micros(2_400_000)),
            price: None,
        }
    }

    const FLOOR: MarginFloor = MarginFloor(0.0);

    fn kinds(f: &[Finding]) -> Vec<&'static str> {
        f.iter().map(|f| f.kind.key()).collect()
    }

    #[test]
    fn an_unchanged_service_has_nothing_to_say() {
        let now = service(
            "YouTube Subscribers [Refill 30 days]",
            "2.40",
            50,
            100000,
            true,
        );
        let before = Seen::of(&now);
        assert!(check(&[subs(1000)], Some(&before), Some(&now), &[], FLOOR).is_empty());
        assert!(check(&[subs(1000)], None, Some(&now), &[], FLOOR).is_empty());
    }

    #[test]
    fn a_gone_service_is_only_gone() {
        let before = Seen::of(&service("YouTube Subscribers", "2.40", 50, 100000, true));
        let f = check(&[subs(1000)], Some(&before), None, &[], FLOOR);
        assert_eq!(kinds(&f), ["gone"]);
        assert_eq!(f[0].old, "YouTube Subscribers");
    }

    #[test]
    fn range_rate_refill_name_and_type_changes_are_found() {
        let before = Seen::of(&service("YouTube Subscribers", "2.40", 50, 100000, true));
        let mut now = service("Instagram Followers", "3.00", 2000, 100000, false);
        now.kind = "Package".into();
        now.category = "Instagram".into();
        let f = check(&[subs(1000)], Some(&before), Some(&now), &[], FLOOR);
        assert_eq!(
            kinds(&f),
            [
                "out_of_range",
                "rate_changed",
                "refill_dropped",
                "mismatch",
                "type_changed"
            ]
        );
        assert_eq!(f[0].new, "2000-100000; 1000 is not in it");
        assert_eq!(f[1].old, "2.40 a code");
        assert_eq!(f[1].new, "3.00 a code (rate 3.00)");
        assert_eq!(
            (f[4].old.as_str(), f[4].new.as_str()),
            ("Default", "Package")
        );
    }

    #[test]
    fn a_rate_change_says_the_margin_where_the_price_is_known() {
        let now = service("YouTube Subscribers", "12.00", 50, 100000, true);
        let sold = |cents: i64| Use {
            price: Some(Micros(cents * 10_000)),
            ..subs(1000)
        };
        let loss = check(&[sold(1000)], None, Some(&now), &[], FLOOR);
        assert_eq!(
            loss[0].new,
            "12.00 a code (rate 12.00); margin -20.0%, a loss"
        );
        let thin = check(&[sold(1300)], None, Some(&now), &[], MarginFloor(10.0));
        assert!(
            thin[0]
                .new
                .ends_with("margin 7.7%, under MIN_MARGIN_PERCENT"),
            "{}",
            thin[0].new
        );
        let fine = check(&[sold(2000)], None, Some(&now), &[], FLOOR);
        assert!(fine[0].new.ends_with("margin 40.0%"), "{}", fine[0].new);
    }

    #[test]
    fn a_change_seen_once_stays_until_fixed_or_reverted() {
        let before = Seen::of(&service("YouTube Subscribers", "2.40", 50, 100000, false));
        let now = service("YouTube Subscribers", "2.40", 50, 100000, false);
        // The refill went away last time: the finding is open, the snapshot already says no.
        let open = [Finding {
            kind: FindingKind::RefillDropped,
            old: "refill".into(),
            new: "no refill".into(),
        }];
        assert_eq!(
            kinds(&check(
                &[subs(1000)],
                Some(&before),
                Some(&now),
                &open,
                FLOOR
            )),
            ["refill_dropped"]
        );
        // Fixed: no code promises refill any more.
        let fixed = Use {
            promises_refill: false,
            ..subs(1000)
        };
        assert!(check(&[fixed], Some(&before), Some(&now), &open, FLOOR).is_empty());
        // A type change reverted by the panel leaves.
        let typed = [Finding {
            kind: FindingKind::TypeChanged,
            old: "Default".into(),
            new: "Package".into(),
        }];
        assert!(check(&[subs(1000)], Some(&before), Some(&now), &typed, FLOOR).is_empty());
    }

    #[test]
    fn a_label_the_service_never_fitted_is_not_news() {
        // Saved with confirm_mismatch: the name never said YouTube; no rename, no finding.
        let mut now = service("Instagram Followers", "2.40", 50, 100000, true);
        now.category = "Instagram".into();
        let before = Seen::of(&now);
        assert!(check(&[subs(1000)], Some(&before), Some(&now), &[], FLOOR).is_empty());
    }
}
