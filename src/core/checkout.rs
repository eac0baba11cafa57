//! Checkout orders: a product whose buyers type their link at Sellauth's checkout is ordered
//! straight from the delivery, no code step. What the mapping says (`Fulfilment`), where the
//! link is (`link_from_fields`), and what the buyer reads back (`CheckoutResult::text`).

use super::code::Code;
use super::panel::OrderId;

/// How a product reaches its buyer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fulfilment {
    /// A code per unit, redeemed on the page (the default).
    Code,
    /// One panel order at delivery, for the link in this custom field.
    Order { link_field: String },
}

impl Fulfilment {
    /// The stored pair (`fulfilment`, `link_field`) as a mapping's way of fulfilment.
    pub fn parse(fulfilment: Option<&str>, link_field: Option<&str>) -> Result<Fulfilment, String> {
        let field = link_field.map(str::trim).filter(|f| !f.is_empty());
        match fulfilment.map(str::trim).unwrap_or("code") {
            "code" | "" => Ok(Fulfilment::Code),
            "order" => match field {
                Some(f) if f.chars().count() <= 100 => Ok(Fulfilment::Order {
                    link_field: f.to_string(),
                }),
                Some(_) => Err("link_field must be at most 100 characters.".into()),
                None => Err(
                    "link_field is required when fulfilment is \"order\": the name of the Sellauth custom field that asks for the link."
                        .into(),
                ),
            },
            other => Err(format!(
                "fulfilment must be \"code\" or \"order\", not {other:?}."
            )),
        }
    }

    /// Every way's key, as stored and as the API says it.
    pub fn keys() -> Vec<&'static str> {
        let order = Fulfilment::Order {
            link_field: String::new(),
        };
        vec![Fulfilment::Code.key(), order.key()]
    }

    pub fn key(&self) -> &'static str {
        match self {
            Fulfilment::Code => "code",
            Fulfilment::Order { .. } => "order",
        }
    }

    pub fn link_field(&self) -> Option<&str> {
        match self {
            Fulfilment::Code => None,
            Fulfilment::Order { link_field } => Some(link_field),
        }
    }
}

/// The buyer's answer to the custom field named `field` (matched ignoring case and
/// surrounding spaces); `None` when the checkout had no such field or left it blank.
pub fn link_from_fields<'a>(fields: &'a [(String, String)], field: &str) -> Option<&'a str> {
    let want = super::fold::lower(field.trim());
    fields
        .iter()
        .find(|(name, _)| super::fold::lower(name.trim()) == want)
        .map(|(_, value)| value.trim())
        .filter(|v| !v.is_empty())
}

/// What a checkout delivery came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckoutResult {
    /// The panel took the order.
    Placed {
        order: OrderId,
        quantity: u32,
        /// "YouTube subscribers".
        what: String,
        link: String,
    },
    /// Another attempt of this delivery is placing it right now.
    BeingPlaced,
    /// Nothing was bought; the buyer redeems the code with a correct link.
    FellBack { why: String },
    /// The panel did not confirm: support checks and completes it.
    UnderReview,
    /// The panel cannot take it now for the shop's own reasons: held and placed automatically.
    Queued { what: String },
}

impl CheckoutResult {
    /// One result of each kind (for lists of their keys).
    pub fn examples() -> Vec<CheckoutResult> {
        vec![
            CheckoutResult::Placed {
                order: OrderId::new(1).expect("1 is an order id"),
                quantity: 1,
                what: String::new(),
                link: String::new(),
            },
            CheckoutResult::BeingPlaced,
            CheckoutResult::FellBack { why: String::new() },
            CheckoutResult::UnderReview,
            CheckoutResult::Queued {
                what: String::new(),
            },
        ]
    }

    /// The stored outcome's name (`webhook_deliveries.outcome`).
    pub fn key(&self) -> Option<&'static str> {
        match self {
            CheckoutResult::Placed { .. } => Some("placed"),
            CheckoutResult::BeingPlaced => None,
            CheckoutResult::FellBack { .. } => Some("fell_back"),
            CheckoutResult::UnderReview => Some("review"),
            CheckoutResult::Queued { .. } => Some("queued"),
        }
    }

    /// The text Sellauth shows the buyer: what happened, and where to follow it.
    pub fn text(&self, code: &Code, base_url: &str) -> String {
        let base = base_url.strip_suffix('/').unwrap_or(base_url);
        let url = format!("{base}/#code={}", code.as_str());
        match self {
            CheckoutResult::Placed {
                order,
                quantity,
                what,
                link,
            } => format!(
                "Order {order} placed: {} {what} for {link}.\nFollow it: {url}",
                thousands(*quantity)
            ),
            CheckoutResult::BeingPlaced => format!(
                "Your order is being placed. Follow it: {url} (code {})",
                code.as_str()
            ),
            CheckoutResult::FellBack { why } => format!(
                "We could not place your order: {}\nYour code: {} - redeem it with a correct link at {url}",
                one_line(why),
                code.as_str()
            ),
            CheckoutResult::UnderReview => format!(
                "Your order is being checked with our supplier and will be completed for you.\nYour code: {} - follow it at {url}",
                code.as_str()
            ),
            CheckoutResult::Queued { what } => format!(
                "Your order of {what} is queued and will be placed automatically; you do not need to do anything.\nYour code: {} - follow it at {url}",
                code.as_str()
            ),
        }
    }
}

/// `3000` as `3,000`.
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Sellauth shows the text line by line: a reason stays on its line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_link_field_is_matched_ignoring_case_and_spaces() {
        let f = fields(&[
            ("Your handle", "zoe"),
            (" Channel ", " https://youtube.com/@x "),
        ]);
        assert_eq!(
            link_from_fields(&f, "channel"),
            Some("https://youtube.com/@x")
        );
        assert_eq!(
            link_from_fields(&f, "  CHANNEL"),
            Some("https://youtube.com/@x")
        );
        assert_eq!(link_from_fields(&f, "Link"), None);
        assert_eq!(
            link_from_fields(&fields(&[("Channel", "  ")]), "Channel"),
            None
        );
    }

    #[test]
    fn a_mapping_orders_only_with_a_field_to_read() {
        assert_eq!(Fulfilment::parse(None, None), Ok(Fulfilment::Code));
        assert_eq!(
            Fulfilment::parse(Some("order"), Some(" Channel ")),
            Ok(Fulfilment::Order {
                link_field: "Channel".into()
            })
        );
        assert!(Fulfilment::parse(Some("order"), None)
            .unwrap_err()
            .contains("link_field is required"));
        assert!(Fulfilment::parse(Some("instant"), None).is_err());
    }

    #[test]
    fn each_outcome_tells_the_buyer_what_happened_and_where_to_follow_it() {
        let code = Code::parse("SMM-7QK4-M9XD-2HTC-AB3F").unwrap();
        let base = "https://shop.example/";
        let placed = CheckoutResult::Placed {
            order: OrderId::new(23501).unwrap(),
            quantity: 3000,
            what: "YouTube subscribers".into(),
            link: "https://www.youtube.com/@x".into(),
        };
        assert_eq!(
            placed.text(&code, base),
            "Order 23501 placed: 3,000 YouTube subscribers for https://www.youtube.com/@x.\nFollow it: https://shop.example/#code=SMM-7QK4-M9XD-2HTC-AB3F"
        );
        let fell = CheckoutResult::FellBack {
            why: "This service needs a YouTube channel link,\nlike …".into(),
        };
        let text = fell.text(&code, base);
        assert_eq!(text.lines().count(), 2);
        assert!(
            text.contains("redeem it with a correct link at https://shop.example/#code=SMM-7QK4")
        );
        assert!(CheckoutResult::UnderReview
            .text(&code, base)
            .contains("being checked"));
        assert!(CheckoutResult::BeingPlaced
            .text(&code, base)
            .contains("(code SMM-7QK4-M9XD-2HTC-AB3F)"));
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
