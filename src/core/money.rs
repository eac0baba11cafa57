//! Money: what a code costs on the panel, what the buyer paid on Sellauth, what is left, and
//! how long the panel balance lasts.
//!
//! Amounts are exact integers of millionths (`Micros`), never floats: a month of sums must
//! come out to the cent, and panels charge in fractions of a cent (`"0.27819"`). D1 stores
//! them as INTEGER columns, so SQL sums them exactly too.

use super::json::obj;
use crate::core::shape::*;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::collections::BTreeMap;

pub const MONEY_TOTALS: Body = answer(
    "MoneyTotals",
    "",
    &[
        always("currency", Kind::Text, ""),
        always("revenue", Kind::Text, "Decimal text (exact; at least two decimals)."),
        always("cost", Kind::Text, "Decimal text (exact; at least two decimals)."),
        always("margin", Kind::Text, "Decimal text (exact; at least two decimals)."),
        always("cost_charged", Kind::Text, "The part of `cost` the panel reported (its `charge`; canceled or refunded orders count 0)."),
        always("cost_estimated", Kind::Text, "The part of `cost` estimated from the rate stored with the code, for orders whose charge is not known yet."),
        always("sales", Kind::Integer, "Sellauth items sold."),
        always("orders", Kind::Integer, "Panel orders placed."),
        always("estimated_orders", Kind::Integer, "Orders counted at their estimate (their cost may still change)."),
        always("unpriced_orders", Kind::Integer, "Orders with neither a charge nor an estimate (counted as 0)."),
    ],
);

pub const MONEY_DAY: Body = answer_on(
    &MONEY_TOTALS,
    "MoneyDay",
    "",
    &[always("day", Kind::Text, "")],
);

pub const MONEY_PRODUCT: Body = answer_on(
    &MONEY_TOTALS,
    "MoneyProduct",
    "",
    &[
        always(
            "name",
            Kind::Text,
            "The Sellauth product's name, or `Admin codes`, `Manual orders`, `Imported codes`.",
        ),
        always(
            "source",
            Kind::Words(|| vec!["sellauth", "admin", "manual", "import", "demo"]),
            "",
        ),
        always(
            "product_id",
            Kind::Text,
            "The Sellauth product id; empty for the others.",
        ),
    ],
);

/// `value` with exactly `places` decimals (0 to 6), rounded half away from zero: `fixed(12.345,
/// 2)` is `"12.35"`. Integer arithmetic, so the `.wasm` carries no fixed-precision float
/// formatting.
pub fn fixed(value: f64, places: u32) -> String {
    let scale = 10_i64.pow(places.min(6));
    let scaled = (value * scale as f64).round() as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let abs = scaled.unsigned_abs();
    let scale = scale as u64;
    if places == 0 {
        return format!("{sign}{abs}");
    }
    let width = places.min(6) as usize;
    format!("{sign}{}.{:0width$}", abs / scale, abs % scale)
}

const SCALE: i64 = 1_000_000;

/// An amount in millionths of its currency unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Micros(pub i64);

impl Micros {
    /// Decimal text as panels and Sellauth write it (`"12.50"`, `"0.27819"`, `"-3"`, `" 7 "`).
    /// Digits past the sixth decimal are rounded half up; anything else is `None`.
    pub fn parse(raw: &str) -> Option<Micros> {
        let t = raw.trim();
        let (negative, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) {
            return None;
        }
        if whole.len() > 12 {
            return None;
        }
        let mut value = if whole.is_empty() {
            0
        } else {
            whole.parse::<i64>().ok()?
        } * SCALE;
        let mut place = SCALE / 10;
        for (i, b) in frac.bytes().enumerate() {
            let d = i64::from(b - b'0');
            if i < 6 {
                value += d * place;
                place /= 10;
            } else {
                // The seventh decimal decides the rounding; the rest cannot change it.
                if d >= 5 {
                    value += 1;
                }
                break;
            }
        }
        Some(Micros(if negative { -value } else { value }))
    }

    /// A JSON amount: decimal text or a number (read through its shortest text form).
    pub fn from_json(v: &serde_json::Value) -> Option<Micros> {
        match v {
            serde_json::Value::String(s) => Micros::parse(s),
            serde_json::Value::Number(n) => Micros::parse(&n.to_string()),
            _ => None,
        }
    }

    /// Decimal text with at least two decimals and no trailing zeros past them:
    /// `12.5` -> `"12.50"`, `0.27819` -> `"0.27819"`.
    pub fn text(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let scale = SCALE as u64;
        let mut frac = format!("{:06}", abs % scale);
        while frac.len() > 2 && frac.ends_with('0') {
            frac.pop();
        }
        format!("{sign}{}.{frac}", abs / scale)
    }

    /// What `quantity` units cost at `rate` per 1,000 (the panel's price), rounded half up to
    /// the millionth.
    pub fn cost_of(rate_per_1000: Micros, quantity: u32) -> Micros {
        let exact = i128::from(rate_per_1000.0) * i128::from(quantity);
        Micros(((exact + 500) / 1000) as i64)
    }

    pub fn plus(self, other: Micros) -> Micros {
        Micros(self.0.saturating_add(other.0))
    }

    pub fn minus(self, other: Micros) -> Micros {
        Micros(self.0.saturating_sub(other.0))
    }
}

impl Serialize for Micros {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

/// D1 hands INTEGER columns back as numbers (and a summed column as text when cast).
impl<'de> Deserialize<'de> for Micros {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        match &v {
            serde_json::Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().map(|f| f.round() as i64))
                .map(Micros),
            serde_json::Value::String(s) => s.trim().parse::<i64>().ok().map(Micros),
            _ => None,
        }
        .ok_or_else(|| serde::de::Error::custom(format!("not an amount in micros: {v}")))
    }
}

/// What a Sellauth item sold for: the unit price, the whole item, the invoice's currency.
#[derive(Debug, Clone, PartialEq)]
pub struct Sale {
    pub price: Micros,
    pub total: Micros,
    pub currency: String,
}

impl Sale {
    /// From `item.price`, `item.total_price` and the invoice's `currency`; the total is price x
    /// quantity when Sellauth leaves it out. `None` when the item carries no price at all.
    pub fn of(
        price: Option<&serde_json::Value>,
        total: Option<&serde_json::Value>,
        currency: Option<&str>,
        quantity: u32,
    ) -> Option<Sale> {
        let price = price.and_then(Micros::from_json);
        let total = total.and_then(Micros::from_json);
        let (price, total) = match (price, total) {
            (Some(p), Some(t)) => (p, t),
            (Some(p), None) => (p, Micros(p.0.saturating_mul(i64::from(quantity)))),
            (None, Some(t)) => (Micros(t.0 / i64::from(quantity.max(1))), t),
            (None, None) => return None,
        };
        let currency = currency
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty() && c.len() <= 8)
            .unwrap_or_else(|| "USD".into());
        Some(Sale {
            price,
            total,
            currency,
        })
    }
}

// ---- The report ----------------------------------------------------------------------------

/// Who a sale or an order belongs to in the per-product table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ProductKey {
    /// `sellauth`, `admin`, `import`, `demo` (codes by origin) or `manual` (orders without code).
    pub source: String,
    /// The Sellauth product id; empty for the others.
    pub product_id: String,
}

impl ProductKey {
    /// How the table names it: the product's name, or what kind of codes these are.
    pub fn label(&self, name: Option<&str>) -> String {
        match (self.source.as_str(), name) {
            ("sellauth", Some(n)) => n.to_string(),
            ("sellauth", None) => format!("Sellauth product {}", self.product_id),
            ("admin", _) => "Admin codes".into(),
            ("manual", _) => "Manual orders".into(),
            ("import", _) => "Imported codes".into(),
            (other, _) => format!("{} codes", capitalised(other)),
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| std::iter::once(f.to_ascii_uppercase()).chain(c).collect())
        .unwrap_or_default()
}

/// Sales of one product on one day, in one currency (a D1 group).
#[derive(Debug, Clone, Deserialize)]
pub struct SalesGroup {
    pub day: String,
    pub product_id: String,
    pub product_name: Option<String>,
    pub currency: String,
    pub sales: u64,
    pub total: Micros,
}

/// Orders of one product on one day, on one panel, alike in what is known of their cost.
#[derive(Debug, Clone, Deserialize)]
pub struct OrderGroup {
    pub day: String,
    pub panel: String,
    /// Where the orders' codes came from (`ProductKey::source`).
    #[serde(rename = "origin")]
    pub source: String,
    #[serde(default)]
    pub product_id: Option<String>,
    /// The currency the panel's status reply named, if it did.
    pub charge_currency: Option<String>,
    /// 1: every order in the group has the panel's `charge`.
    pub charged: i64,
    /// 1: the panel canceled or refunded them (and gave no charge): they cost nothing.
    pub refunded: i64,
    pub orders: u64,
    pub charge: Option<Micros>,
    pub estimate: Option<Micros>,
    /// Orders of the group with an estimate (the rest have no known cost at all).
    pub estimated: u64,
}

/// How an order's cost is known: the rule every total uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostBasis {
    /// The panel's `charge` from a status reply.
    Charged,
    /// Canceled or refunded by the panel: nothing was spent.
    Refunded,
    /// Not yet reported: the rate stored with the code x its quantity.
    Estimated,
}

impl OrderGroup {
    /// The group's cost and how it is known. An order with neither charge nor estimate (a
    /// code minted while the catalogue was unreachable) counts as unpriced, not as free.
    /// A canceled or refunded order costs nothing whatever charge the panel still shows: the
    /// panel gave the money back (its replacement code's order is counted on its own).
    pub fn cost(&self) -> (Micros, CostBasis) {
        if self.refunded != 0 {
            (Micros(0), CostBasis::Refunded)
        } else if self.charged != 0 {
            (self.charge.unwrap_or_default(), CostBasis::Charged)
        } else {
            (self.estimate.unwrap_or_default(), CostBasis::Estimated)
        }
    }

    fn key(&self) -> ProductKey {
        ProductKey {
            source: self.source.clone(),
            product_id: self.product_id.clone().unwrap_or_default(),
        }
    }
}

/// Revenue, cost and what is left, with how sure the cost is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub revenue: Micros,
    pub cost: Micros,
    pub margin: Micros,
    /// The part of `cost` the panel reported (charges; refunds count as 0 reported).
    pub cost_charged: Micros,
    /// The part of `cost` that is an estimate from stored rates.
    pub cost_estimated: Micros,
    pub sales: u64,
    pub orders: u64,
    /// Orders counted at their estimate: their cost may still change.
    pub estimated_orders: u64,
    /// Orders whose cost is not known at all (no charge yet, no stored rate).
    pub unpriced_orders: u64,
}

impl Totals {
    fn add_sales(&mut self, g: &SalesGroup) {
        self.revenue = self.revenue.plus(g.total);
        self.sales += g.sales;
        self.margin = self.revenue.minus(self.cost);
    }

    fn add_orders(&mut self, g: &OrderGroup) {
        let (cost, basis) = g.cost();
        self.cost = self.cost.plus(cost);
        self.orders += g.orders;
        match basis {
            CostBasis::Charged | CostBasis::Refunded => {
                self.cost_charged = self.cost_charged.plus(cost)
            }
            CostBasis::Estimated => {
                self.cost_estimated = self.cost_estimated.plus(cost);
                self.estimated_orders += g.estimated;
                self.unpriced_orders += g.orders - g.estimated.min(g.orders);
            }
        }
        self.margin = self.revenue.minus(self.cost);
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CurrencyTotals {
    pub currency: String,
    pub totals: Totals,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DayTotals {
    pub day: String,
    pub currency: String,
    pub totals: Totals,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProductTotals {
    pub name: String,
    pub key: ProductKey,
    pub currency: String,
    pub totals: Totals,
}

impl Totals {
    /// As the money view shows it, in that currency (`MoneyTotals`).
    pub fn to_json(&self, currency: &str) -> Value {
        obj!(MONEY_TOTALS => {
            "currency": currency, "revenue": self.revenue, "cost": self.cost,
            "margin": self.margin, "cost_charged": self.cost_charged,
            "cost_estimated": self.cost_estimated, "sales": self.sales, "orders": self.orders,
            "estimated_orders": self.estimated_orders, "unpriced_orders": self.unpriced_orders,
        })
    }
}

impl CurrencyTotals {
    pub fn to_json(&self) -> Value {
        self.totals.to_json(&self.currency)
    }
}

impl DayTotals {
    pub fn to_json(&self) -> Value {
        obj!(MONEY_DAY => extends(self.totals.to_json(&self.currency)) { "day": self.day })
    }
}

impl ProductTotals {
    pub fn to_json(&self) -> Value {
        obj!(MONEY_PRODUCT => extends(self.totals.to_json(&self.currency)) {
            "name": self.name, "source": self.key.source, "product_id": self.key.product_id,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MoneyReport {
    pub per_currency: Vec<CurrencyTotals>,
    /// Every day of the period for every currency seen (zeros included), oldest first.
    pub per_day: Vec<DayTotals>,
    /// Largest revenue first.
    pub per_product: Vec<ProductTotals>,
}

/// The panel's currency: what its status reply said, else what its balance says
/// (`panel_currency`), else US dollars, the currency SMM panels bill in.
fn cost_currency(g: &OrderGroup, panel_currency: &dyn Fn(&str) -> Option<String>) -> String {
    g.charge_currency
        .clone()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| panel_currency(&g.panel))
        .map(|c| c.trim().to_ascii_uppercase())
        .unwrap_or_else(|| "USD".into())
}

/// Folds D1's groups into the report for `days` (labels, oldest first).
pub fn report(
    days: &[String],
    sales: &[SalesGroup],
    orders: &[OrderGroup],
    panel_currency: &dyn Fn(&str) -> Option<String>,
) -> MoneyReport {
    let in_period = |day: &str| days.iter().any(|d| d == day);
    let mut currencies: BTreeMap<String, Totals> = BTreeMap::new();
    let mut per_day: BTreeMap<(String, String), Totals> = BTreeMap::new();
    let mut products: BTreeMap<(ProductKey, String), (Option<String>, Totals)> = BTreeMap::new();
    for g in sales.iter().filter(|g| in_period(&g.day)) {
        let c = g.currency.clone();
        currencies.entry(c.clone()).or_default().add_sales(g);
        per_day
            .entry((g.day.clone(), c.clone()))
            .or_default()
            .add_sales(g);
        let key = ProductKey {
            source: "sellauth".into(),
            product_id: g.product_id.clone(),
        };
        let entry = products.entry((key, c)).or_default();
        entry.0 = entry.0.take().or_else(|| g.product_name.clone());
        entry.1.add_sales(g);
    }
    for g in orders.iter().filter(|g| in_period(&g.day)) {
        let c = cost_currency(g, panel_currency);
        currencies.entry(c.clone()).or_default().add_orders(g);
        per_day
            .entry((g.day.clone(), c.clone()))
            .or_default()
            .add_orders(g);
        products.entry((g.key(), c)).or_default().1.add_orders(g);
    }
    let per_day = currencies
        .keys()
        .flat_map(|c| {
            days.iter().map(|d| DayTotals {
                day: d.clone(),
                currency: c.clone(),
                totals: per_day
                    .get(&(d.clone(), c.clone()))
                    .cloned()
                    .unwrap_or_default(),
            })
        })
        .collect();
    let mut per_product: Vec<ProductTotals> = products
        .into_iter()
        .map(|((key, currency), (name, totals))| ProductTotals {
            name: key.label(name.as_deref()),
            key,
            currency,
            totals,
        })
        .collect();
    per_product.sort_by_key(|p| std::cmp::Reverse(p.totals.revenue));
    MoneyReport {
        per_currency: currencies
            .into_iter()
            .map(|(currency, totals)| CurrencyTotals { currency, totals })
            .collect(),
        per_day,
        per_product,
    }
}

/// What a panel spent in the last 7 days (the groups since then), by the same cost rule.
pub fn spend(orders: &[OrderGroup], panel: &str, since_day: &str) -> Micros {
    orders
        .iter()
        .filter(|g| g.panel == panel && g.day.as_str() >= since_day)
        .fold(Micros(0), |sum, g| sum.plus(g.cost().0))
}

/// "The balance lasts about N days" at the last 7 days' pace; `None` without spending.
pub fn days_left(balance: Micros, spent_7_days: Micros) -> Option<u32> {
    if spent_7_days.0 <= 0 {
        return None;
    }
    if balance.0 <= 0 {
        return Some(0);
    }
    let days = i128::from(balance.0) * 7 / i128::from(spent_7_days.0);
    Some(u32::try_from(days).unwrap_or(u32::MAX))
}

/// The sentence the overview and the low-balance alert show.
pub fn forecast_text(days: Option<u32>) -> String {
    match days {
        None => "no panel spending in the last 7 days".into(),
        Some(0) => "the balance is used up at the last 7 days' pace".into(),
        Some(1) => "at the last 7 days' pace the balance lasts about 1 day".into(),
        Some(n) => format!("at the last 7 days' pace the balance lasts about {n} days"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_places_round_half_away_from_zero() {
        assert_eq!(fixed(12.345, 2), "12.35");
        assert_eq!(fixed(12.5, 2), "12.50");
        assert_eq!(fixed(0.0, 2), "0.00");
        assert_eq!(fixed(3.0, 1), "3.0");
        assert_eq!(fixed(-12.34, 1), "-12.3");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(99.95, 1), "100.0");
        assert_eq!(fixed(7.6, 0), "8");
    }

    #[test]
    fn decimal_text_is_exact() {
        assert_eq!(Micros::parse("12.50"), Some(Micros(12_500_000)));
        assert_eq!(Micros::parse("0.27819"), Some(Micros(278_190)));
        assert_eq!(Micros::parse(" 7 "), Some(Micros(7_000_000)));
        assert_eq!(Micros::parse(".5"), Some(Micros(500_000)));
        assert_eq!(Micros::parse("-1.25"), Some(Micros(-1_250_000)));
        assert_eq!(Micros::parse("0.0000005"), Some(Micros(1)));
        assert_eq!(Micros::parse("0.0000004"), Some(Micros(0)));
        for bad in ["", ".", "1,5", "abc", "1e3", "--1", "9999999999999"] {
            assert_eq!(Micros::parse(bad), None, "{bad}");
        }
        assert_eq!(Micros(12_500_000).text(), "12.50");
        assert_eq!(Micros(278_190).text(), "0.27819");
        assert_eq!(Micros(-5).text(), "-0.000005");
        assert_eq!(Micros(12_221_810).text(), "12.22181");
        assert_eq!(
            Micros::from_json(&serde_json::json!(6.25)),
            Some(Micros(6_250_000))
        );
    }

    #[test]
    fn cost_is_rate_per_thousand_times_quantity() {
        let rate = Micros::parse("2.40").unwrap();
        assert_eq!(Micros::cost_of(rate, 1000).text(), "2.40");
        assert_eq!(Micros::cost_of(rate, 150).text(), "0.36");
        assert_eq!(
            Micros::cost_of(Micros::parse("0.0045").unwrap(), 150).text(),
            "0.000675"
        );
    }

    #[test]
    fn a_sale_reads_price_total_and_currency() {
        let s = Sale::of(
            Some(&serde_json::json!("6.25")),
            Some(&serde_json::json!("12.50")),
            Some("usd"),
            2,
        )
        .unwrap();
        assert_eq!(
            (s.total.text(), s.currency.as_str()),
            ("12.50".into(), "USD")
        );
        let no_total = Sale::of(Some(&serde_json::json!(3)), None, Some("EUR"), 3).unwrap();
        assert_eq!(no_total.total.text(), "9.00");
        assert_eq!(Sale::of(None, None, Some("EUR"), 1), None);
    }

    fn group(day: &str, charged: i64, refunded: i64, charge: i64, estimate: i64) -> OrderGroup {
        OrderGroup {
            day: day.into(),
            panel: "main".into(),
            source: "sellauth".into(),
            product_id: Some("42".into()),
            charge_currency: None,
            charged,
            refunded,
            orders: 1,
            charge: Some(Micros(charge)),
            estimate: Some(Micros(estimate)),
            estimated: 1,
        }
    }

    #[test]
    fn a_canceled_order_costs_nothing_even_with_a_charge_shown() {
        let canceled = group("2026-11-26", 1, 1, 278_190, 300_000);
        assert_eq!(canceled.cost(), (Micros(0), CostBasis::Refunded));
        let charged = group("2026-11-26", 1, 0, 278_190, 300_000);
        assert_eq!(charged.cost(), (Micros(278_190), CostBasis::Charged));
    }

    #[test]
    fn margins_count_charges_when_known_and_estimates_otherwise() {
        let days = vec!["2026-11-25".to_string(), "2026-11-26".to_string()];
        let sales = vec![SalesGroup {
            day: "2026-11-26".into(),
            product_id: "42".into(),
            product_name: Some("1000 Followers".into()),
            currency: "USD".into(),
            sales: 1,
            total: Micros(12_500_000),
        }];
        let charged = group("2026-11-26", 1, 0, 278_190, 300_000);
        let r = report(&days, &sales, &[charged], &|_| Some("USD".into()));
        let usd = &r.per_currency[0].totals;
        assert_eq!(
            (usd.revenue.text(), usd.cost.text(), usd.margin.text()),
            ("12.50".into(), "0.27819".into(), "12.22181".into())
        );
        assert_eq!(usd.estimated_orders, 0);
        assert_eq!(r.per_product[0].name, "1000 Followers");
        assert_eq!(r.per_day.len(), 2, "every day, zeros included");

        let waiting = group("2026-11-26", 0, 0, 0, 300_000);
        let refunded = group("2026-11-25", 0, 1, 0, 300_000);
        let r = report(&days, &sales, &[waiting, refunded], &|_| None);
        let usd = &r.per_currency[0].totals;
        assert_eq!((usd.cost.text(), usd.estimated_orders), ("0.30".into(), 1));
        assert_eq!(usd.cost_estimated.text(), "0.30");
        assert_eq!(r.per_currency[0].currency, "USD");
    }

    #[test]
    fn out_of_period_groups_and_unpriced_orders_are_told_apart() {
        let days = vec!["2026-11-26".to_string()];
        let mut old = group("2026-11-01", 1, 0, 5_000_000, 0);
        old.source = "admin".into();
        let mut unpriced = group("2026-11-26", 0, 0, 0, 0);
        unpriced.estimate = None;
        unpriced.estimated = 0;
        let r = report(&days, &[], &[old, unpriced], &|_| Some("eur".into()));
        let t = &r.per_currency[0];
        assert_eq!((t.currency.as_str(), t.totals.unpriced_orders), ("EUR", 1));
        assert_eq!(t.totals.cost, Micros(0));
    }

    #[test]
    fn the_forecast_is_balance_over_the_weeks_pace() {
        let spent = spend(
            &[
                group("2026-11-20", 1, 0, 7_000_000, 0),
                group("2026-11-10", 1, 0, 99_000_000, 0),
            ],
            "main",
            "2026-11-20",
        );
        assert_eq!(spent.text(), "7.00");
        assert_eq!(days_left(Micros(100_000_000), spent), Some(100));
        assert_eq!(days_left(Micros(100_000_000), Micros(0)), None);
        assert_eq!(days_left(Micros(-1), spent), Some(0));
        assert!(forecast_text(Some(12)).contains("about 12 days"));
    }
}
