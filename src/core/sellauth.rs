//! Sellauth's dynamic-delivery webhook: is the request really from the shop, what was bought,
//! and the text the buyer is shown.
//!
//! The signature covers the bytes Sellauth sent (PHP's `json_encode`, `/` escaped as `\/`), so
//! the raw body is verified before it is parsed and is never re-serialised.

use super::checkout::CheckoutResult;
use super::code::Code;
use super::envelope::ApiError;
use super::json::{declared, obj};
use super::money::Sale;
use super::shape::*;
use crate::core::error_code::ErrorCode;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

const SELLAUTH_ID: Kind = Kind::OneOf(&["integer", "string"]);

/// `POST /webhook/sellauth`: Sellauth's payload, the fields the worker reads. It is read by
/// hand (`sellauth::parse_webhook`: ids as numbers or digits, directly or nested, each refusal
/// naming its field), through `json::declared`, so a field read is a field declared here.
pub const SELLAUTH_WEBHOOK: Body = open(
    "SellauthWebhook",
    "Sellauth's payload (only the fields read are listed; others are ignored). Ids may \
        be numbers or strings of digits.",
    &[
        must(
            "event",
            Kind::Text,
            "`INVOICE.ITEM.DELIVER-DYNAMIC` delivers; any other event is only recorded.",
        ),
        maybe(
            "id",
            SELLAUTH_ID,
            "The invoice id (required for deliveries).",
        ),
        maybe(
            "email",
            Kind::Text,
            "The buyer's address (for order updates).",
        ),
        maybe(
            "customer",
            Kind::Object(&SELLAUTH_CUSTOMER),
            "Its `email`, when `email` is not set.",
        ),
        maybe(
            "currency",
            Kind::Text,
            "The invoice's currency (the money view).",
        ),
        maybe(
            "item",
            Kind::Object(&SELLAUTH_ITEM),
            "Required for deliveries.",
        ),
        maybe(
            "data",
            Kind::Object(&SELLAUTH_EVENT),
            "Other events: what is recorded with them.",
        ),
    ],
);

pub const SELLAUTH_ITEM: Body = open(
    "SellauthItem",
    "The cart item to deliver.",
    &[
        maybe("id", SELLAUTH_ID, "Required."),
        maybe("product_id", SELLAUTH_ID, "Or `product.id`."),
        maybe("variant_id", SELLAUTH_ID, "Or `variant.id`."),
        maybe(
            "quantity",
            Kind::OneOf(&["integer", "string"]),
            "Required: a whole number from 1 up.",
        ),
        maybe("product", Kind::Object(&SELLAUTH_NAMED), ""),
        maybe("variant", Kind::Object(&SELLAUTH_NAMED), ""),
        maybe(
            "price",
            Kind::OneOf(&["number", "string"]),
            "Per unit, in the invoice's currency (the money view).",
        ),
        maybe(
            "total_price",
            Kind::OneOf(&["number", "string"]),
            "Price x quantity; worked out when left out.",
        ),
        maybe(
            "custom_fields",
            Kind::Any,
            "What the buyer typed at checkout, by field name (a checkout order's link).",
        ),
    ],
);

pub const SELLAUTH_NAMED: Body = open(
    "SellauthNamed",
    "A product or variant as Sellauth names it.",
    &[
        maybe("id", SELLAUTH_ID, ""),
        maybe("name", Kind::Text, "Shown in the money view."),
    ],
);

pub const SELLAUTH_CUSTOMER: Body = open("SellauthCustomer", "", &[maybe("email", Kind::Text, "")]);

pub const SELLAUTH_EVENT: Body = open(
    "SellauthEventData",
    "",
    &[maybe("invoice_id", SELLAUTH_ID, "")],
);

/// A delivery's stored outcome: `placing` while its order is placed, then the result's.
fn delivery_outcomes() -> Vec<&'static str> {
    let mut all = vec!["placing"];
    all.extend(CheckoutResult::examples().iter().filter_map(|r| r.key()));
    all
}

pub const DELIVERY_ROW: Body = answer(
    "DeliveryRow",
    "",
    &[
        always("invoice_id", Kind::Text, ""),
        always("item_id", Kind::Text, ""),
        always("status", Kind::Words(|| vec!["delivered", "failed"]), ""),
        always("codes", Kind::Text, "The delivered codes, one per line."),
        always("product_id", Kind::OrNull(&Kind::Text), ""),
        always("variant_id", Kind::OrNull(&Kind::Text), ""),
        always("quantity", Kind::OrNull(&Kind::Integer), ""),
        always("error", Kind::OrNull(&Kind::Text), ""),
        always("attempts", Kind::Integer, ""),
        always("first_seen_at", Kind::Text, ""),
        always("last_seen_at", Kind::Text, ""),
        always("outcome", Kind::OrNull(&Kind::Words(delivery_outcomes)), "A checkout order's outcome (`placing` while the order is being placed, `queued` while the shop holds it); null for a code delivery."),
        always("answer", Kind::OrNull(&Kind::Text), "The text a checkout order's buyer was answered (a retry gets the same)."),
    ],
);

type HmacSha256 = Hmac<Sha256>;

pub const DELIVER_DYNAMIC: &str = "INVOICE.ITEM.DELIVER-DYNAMIC";

pub const DEFAULT_LINE_TEMPLATE: &str = "{code} - redeem at {url}";

/// Longest decimal id accepted as text; u64 has 20 digits, the slack covers string ids.
const MAX_ID_DIGITS: usize = 32;

fn bad_signature() -> ApiError {
    // One answer for every failure: telling a prober which part was wrong helps them, not us.
    ApiError::new(
        ErrorCode::InvalidSignature,
        "The webhook signature is missing or wrong.",
    )
}

fn mac(secret: &str) -> HmacSha256 {
    HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length")
}

/// Verifies `X-Signature` = hex(HMAC-SHA256(secret, raw_body)) over the RAW bytes received.
///
/// Accepts an optional `sha256=` prefix and either hex case; exactly 64 hex chars. The
/// comparison is constant-time. An empty secret never verifies: an unset secret must not
/// turn into "anyone who signs with the empty key gets codes".
pub fn verify_signature(
    secret: &str,
    raw_body: &[u8],
    signature_header: Option<&str>,
) -> Result<(), ApiError> {
    if secret.is_empty() {
        return Err(bad_signature());
    }
    let header = signature_header.ok_or_else(bad_signature)?.trim();
    let hex_part = match header.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("sha256=") => &header[7..],
        _ => header,
    };
    if hex_part.len() != 64 {
        return Err(bad_signature());
    }
    let expected = hex::decode(hex_part).map_err(|_| bad_signature())?;
    let mut m = mac(secret);
    m.update(raw_body);
    m.verify_slice(&expected).map_err(|_| bad_signature())
}

/// The lower-case hex signature Sellauth would send for `raw_body` (for tests and tools).
pub fn sign(secret: &str, raw_body: &[u8]) -> String {
    let mut m = mac(secret);
    m.update(raw_body);
    hex::encode(m.finalize().into_bytes())
}

#[derive(Debug, Clone, PartialEq)]
pub enum Webhook {
    Delivery(Delivery),
    /// Any other event (e.g. `NOTIFICATION.SHOP_INVOICE_CREATED` with `{"data":{"invoice_id":..}}`):
    /// recorded and acknowledged, never answered with codes.
    Other {
        event: String,
        invoice_id: Option<String>,
    },
}

/// One invoice item to deliver. Ids are decimal text: Sellauth's integers may pass 2^53, which
/// neither JavaScript numbers nor D1 bindings keep exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub invoice_id: String,
    pub item_id: String,
    pub product_id: String,
    pub variant_id: Option<String>,
    pub quantity: u32,
    pub email: Option<String>,
    pub product_name: Option<String>,
    pub variant_name: Option<String>,
    /// What the buyer typed at checkout (`item.custom_fields`: field name -> text), in order.
    pub custom_fields: Vec<(String, String)>,
    /// What the item sold for; `None` when the payload names no price.
    pub sale: Option<Sale>,
}

impl Delivery {
    /// How the money view names the product: "1000 Followers (Instagram)".
    pub fn product_label(&self) -> Option<String> {
        match (&self.product_name, &self.variant_name) {
            (Some(p), Some(v)) => Some(format!("{p} ({v})")),
            (Some(p), None) => Some(p.clone()),
            _ => None,
        }
    }
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidPayload, message)
}

/// An id as decimal text. Floats are refused rather than rounded: a rounded id would dedupe
/// two different items as one, or deliver against the wrong invoice.
fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => n.as_u64().map(|n| n.to_string()),
        Value::String(s) => {
            let s = s.trim();
            let ok =
                !s.is_empty() && s.len() <= MAX_ID_DIGITS && s.bytes().all(|b| b.is_ascii_digit());
            ok.then(|| s.to_string())
        }
        _ => None,
    }
}

fn required_id(value: Option<&Value>, path: &str) -> Result<String, ApiError> {
    match value {
        None | Some(Value::Null) => Err(invalid(format!("The payload has no `{path}`."))),
        Some(v) => id_text(v).ok_or_else(|| {
            invalid(format!(
                "`{path}` must be a whole non-negative number or a string of digits."
            ))
        }),
    }
}

/// `key` directly, else `nested.id` (receivers report both shapes). Null or absent -> `None`.
fn id_direct_or_nested(item: &Value, key: &str, nested: &str) -> Result<Option<String>, ApiError> {
    let (v, path) = match declared(&SELLAUTH_ITEM, item, key) {
        Some(v) if !v.is_null() => (v, format!("item.{key}")),
        _ => match declared(&SELLAUTH_ITEM, item, nested).and_then(|n| named(n, "id")) {
            Some(v) if !v.is_null() => (v, format!("item.{nested}.id")),
            _ => return Ok(None),
        },
    };
    id_text(v).map(Some).ok_or_else(|| {
        invalid(format!(
            "`{path}` must be a whole non-negative number or a string of digits."
        ))
    })
}

/// A product's or variant's member.
fn named<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    declared(&SELLAUTH_NAMED, v, name)
}

fn quantity(item: &Value) -> Result<u32, ApiError> {
    let bad = || invalid("`item.quantity` must be a whole number from 1 up.");
    let n: u64 = match declared(&SELLAUTH_ITEM, item, "quantity") {
        None | Some(Value::Null) => {
            return Err(invalid("The payload has no `item.quantity`."));
        }
        Some(Value::Number(n)) => match (n.as_u64(), n.as_f64()) {
            (Some(n), _) => n,
            // 2.0 is still a whole number; 2.5 or -1 is not.
            (None, Some(f)) if f.fract() == 0.0 && f >= 1.0 && f <= u32::MAX as f64 => f as u64,
            _ => return Err(bad()),
        },
        Some(Value::String(s)) => s.trim().parse().map_err(|_| bad())?,
        Some(_) => return Err(bad()),
    };
    match u32::try_from(n) {
        Ok(0) | Err(_) => Err(bad()),
        Ok(q) => Ok(q),
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    let s = v?.as_str()?.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Parses the raw body (after `verify_signature`). Every refusal is 400 `invalid_payload` and
/// names the field, so a shop owner reading Sellauth's delivery log knows what to fix.
pub fn parse_webhook(raw_body: &[u8]) -> Result<Webhook, ApiError> {
    let root: Value = serde_json::from_slice(raw_body)
        .map_err(|_| invalid("The webhook body is not valid JSON."))?;
    if !root.is_object() {
        return Err(invalid("The webhook body must be a JSON object."));
    }
    let at = |name: &str| declared(&SELLAUTH_WEBHOOK, &root, name);
    let event = match at("event") {
        Some(Value::String(e)) if !e.trim().is_empty() => e.trim().to_string(),
        Some(_) => return Err(invalid("`event` must be a non-empty string.")),
        None => return Err(invalid("The payload has no `event`.")),
    };
    if event != DELIVER_DYNAMIC {
        // Notifications are only recorded, so a strange id must not make Sellauth retry them.
        let invoice_id = at("data")
            .and_then(|d| declared(&SELLAUTH_EVENT, d, "invoice_id"))
            .or_else(|| at("id"))
            .and_then(id_text);
        return Ok(Webhook::Other { event, invoice_id });
    }

    let invoice_id = required_id(at("id"), "id")?;
    let item = match at("item") {
        Some(item @ Value::Object(_)) => item,
        None | Some(Value::Null) => return Err(invalid("The payload has no `item`.")),
        Some(_) => return Err(invalid("`item` must be an object.")),
    };
    let of_item = |name: &str| declared(&SELLAUTH_ITEM, item, name);
    let item_id = required_id(of_item("id"), "item.id")?;
    let product_id = id_direct_or_nested(item, "product_id", "product")?
        .ok_or_else(|| invalid("The payload has no `item.product_id`."))?;
    let variant_id = id_direct_or_nested(item, "variant_id", "variant")?;
    let quantity = quantity(item)?;
    let customer_email = at("customer").and_then(|c| declared(&SELLAUTH_CUSTOMER, c, "email"));
    let email = text(at("email")).or_else(|| text(customer_email));

    Ok(Webhook::Delivery(Delivery {
        invoice_id,
        item_id,
        product_id,
        variant_id,
        quantity,
        email,
        product_name: text(of_item("product").and_then(|p| named(p, "name"))),
        variant_name: text(of_item("variant").and_then(|v| named(v, "name"))),
        custom_fields: custom_fields(of_item("custom_fields")),
        sale: Sale::of(
            of_item("price"),
            of_item("total_price"),
            at("currency").and_then(Value::as_str),
            quantity,
        ),
    }))
}

/// `item.custom_fields` as (name, text) pairs; numbers and booleans as their text, anything
/// else (or a missing object) left out: a field the shop reads must be something a buyer typed.
fn custom_fields(v: Option<&Value>) -> Vec<(String, String)> {
    let Some(Value::Object(map)) = v else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(k, v)| match v {
            Value::String(s) => Some((k.clone(), s.clone())),
            Value::Number(n) => Some((k.clone(), n.to_string())),
            Value::Bool(b) => Some((k.clone(), b.to_string())),
            _ => None,
        })
        .collect()
}

/// Sellauth lets a buyer type any quantity; minting a flood of codes for one item would drain
/// the panel balance, so a shop sets a cap and anything above it is refused outright.
pub fn check_quantity(quantity: u32, cap: u32) -> Result<(), ApiError> {
    if quantity > cap {
        return Err(ApiError::new(
            ErrorCode::QuantityTooLarge,
            format!("A quantity of {quantity} is above this shop's limit of {cap} codes per item."),
        ));
    }
    Ok(())
}

/// The text answer Sellauth shows the buyer: one line per code, rendered from `template`.
///
/// Placeholders: `{code}`, `{url}` (`<base_url>/#code=<CODE>`, a fragment so the code never
/// reaches a server log), `{n}` (1-based), `{total}`; unknown ones stay literal. Substituted
/// values are not scanned again. Newlines in the template become spaces because Sellauth
/// reads each line as one deliverable.
pub fn render_lines(template: &str, codes: &[Code], base_url: &str) -> String {
    let template = template.replace("\r\n", " ").replace(['\r', '\n'], " ");
    let base = base_url.strip_suffix('/').unwrap_or(base_url);
    let total = codes.len().to_string();
    let lines: Vec<String> = codes
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let url = format!("{base}/#code={}", code.as_str());
            let n = (i + 1).to_string();
            let mut out = String::with_capacity(template.len() + url.len());
            let mut rest = template.as_str();
            while let Some(open) = rest.find('{') {
                out.push_str(&rest[..open]);
                rest = &rest[open..];
                let value = [
                    ("{code}", code.as_str()),
                    ("{url}", url.as_str()),
                    ("{n}", n.as_str()),
                    ("{total}", total.as_str()),
                ]
                .into_iter()
                .find(|(name, _)| rest.starts_with(name));
                match value {
                    Some((name, value)) => {
                        out.push_str(value);
                        rest = &rest[name.len()..];
                    }
                    None => {
                        out.push('{');
                        rest = &rest[1..];
                    }
                }
            }
            out.push_str(rest);
            out
        })
        .collect();
    lines.join("\n")
}

/// A `webhook_deliveries` row exactly as D1 returns it.
#[derive(Debug)]
pub struct DeliveryRow {
    pub invoice_id: String,
    pub item_id: String,
    pub status: String,
    pub codes: String,
    pub product_id: Option<String>,
    pub variant_id: Option<String>,
    pub quantity: Option<i64>,
    pub error: Option<String>,
    pub attempts: i64,
    pub first_seen_at: String,
    pub last_seen_at: String,
    /// A checkout order's outcome: `placing` while the order is being placed, then `placed`,
    /// `fell_back` or `review`; `None` for a code delivery.
    pub outcome: Option<String>,
    /// The text a checkout order's buyer was answered.
    pub answer: Option<String>,
}

impl DeliveryRow {
    pub fn to_json(&self) -> Value {
        obj!(DELIVERY_ROW => {
            "invoice_id": self.invoice_id, "item_id": self.item_id, "status": self.status,
            "codes": self.codes, "product_id": self.product_id, "variant_id": self.variant_id,
            "quantity": self.quantity, "error": self.error, "attempts": self.attempts,
            "first_seen_at": self.first_seen_at, "last_seen_at": self.last_seen_at,
            "outcome": self.outcome, "answer": self.answer,
        })
    }

    /// A retry's answer to a checkout order: the stored text, or "being placed" while the
    /// first attempt is still at the panel. `None` for a code delivery (its lines are
    /// rendered from the codes).
    pub fn checkout_answer(&self, base_url: &str) -> Option<String> {
        let outcome = self.outcome.as_deref()?;
        let code = self.delivered_codes()?.into_iter().next()?;
        match (outcome, &self.answer) {
            ("placing", _) | (_, None) => Some(CheckoutResult::BeingPlaced.text(&code, base_url)),
            (_, Some(answer)) => Some(answer.clone()),
        }
    }

    /// The codes this item was delivered, in minting order; `None` while it is not delivered
    /// (it failed, and a retry may still deliver it).
    pub fn delivered_codes(&self) -> Option<Vec<Code>> {
        (self.status == "delivered").then(|| {
            self.codes
                .lines()
                .filter_map(|c| Code::parse(c).ok())
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shaped like Sellauth's documented example, as PHP's `json_encode` writes it: `/` and
    /// non-ASCII escaped.
    const EXAMPLE: &str = r#"{"event":"INVOICE.ITEM.DELIVER-DYNAMIC","id":1218,"unique_id":"a1b2c3d4e5f6-0000001218","status":"completed","status_description":null,"price":"12.50","paid":"12.50","currency":"USD","amount":"12.50","tax_rate":"0.00","coupon_discount":"0.00","gateway_fee":"0.00","gateway":"STRIPE","payment_method_id":null,"stripe_pi_id":"pi_3Nabc","email":"buyer@example.com","ip":"203.0.113.7","country_code":"DE","user_agent":"Mozilla\/5.0 (X11; Linux x86_64) Firefox\/126.0","shop_id":1,"shop_customer_id":77,"created_at":"2024-05-01T10:00:00.000000Z","completed_at":"2024-05-01T10:01:00.000000Z","updated_at":"2024-05-01T10:01:00.000000Z","customer":{"id":77,"shop_id":1,"email":"customer@example.com"},"payments":[],"item":{"id":5501,"invoice_id":1218,"product_id":42,"variant_id":7,"status":"pending","price":"6.25","quantity":2,"total_price":"12.50","custom_fields":{"Instagram username":"caf\u00e9_\u2603","Note":"h\u00e9llo"},"product":{"id":42,"name":"1000 Followers"},"variant":{"id":7,"name":"Instagram"}}}"#;

    use crate::core::money::Micros;

    fn delivery(body: &str) -> Delivery {
        match parse_webhook(body.as_bytes()).unwrap() {
            Webhook::Delivery(d) => d,
            other => panic!("expected a delivery, got {other:?}"),
        }
    }

    fn codes(raw: &[&str]) -> Vec<Code> {
        raw.iter().map(|c| Code::parse(c).unwrap()).collect()
    }

    #[test]
    fn the_documented_example_is_one_delivery() {
        assert_eq!(
            delivery(EXAMPLE),
            Delivery {
                invoice_id: "1218".into(),
                item_id: "5501".into(),
                product_id: "42".into(),
                variant_id: Some("7".into()),
                quantity: 2,
                email: Some("buyer@example.com".into()),
                product_name: Some("1000 Followers".into()),
                variant_name: Some("Instagram".into()),
                custom_fields: vec![
                    ("Instagram username".into(), "café_☃".into()),
                    ("Note".into(), "héllo".into()),
                ],
                sale: Some(Sale {
                    price: Micros(6_250_000),
                    total: Micros(12_500_000),
                    currency: "USD".into(),
                }),
            }
        );
    }

    #[test]
    fn ids_above_2_pow_53_keep_every_digit() {
        let body = r#"{"event":"INVOICE.ITEM.DELIVER-DYNAMIC","id":9007199254740993,
            "item":{"id":"18446744073709551615","product_id":42,"quantity":"3"}}"#;
        let d = delivery(body);
        assert_eq!(d.invoice_id, "9007199254740993");
        assert_eq!(d.item_id, "18446744073709551615");
        assert_eq!(d.quantity, 3);
        // Beyond u64 serde_json would round through f64: refused, never rounded.
        let body = body.replace("9007199254740993", "123456789012345678901234");
        let e = parse_webhook(body.as_bytes()).unwrap_err();
        assert!(e.message.contains("`id`"), "{}", e.message);
    }

    #[test]
    fn nested_shapes_and_fallbacks() {
        let d = delivery(
            r#"{"event":"INVOICE.ITEM.DELIVER-DYNAMIC","id":"1","customer":{"email":"c@x.io"},
            "item":{"id":2,"product":{"id":3,"name":" P "},"variant_id":null,"quantity":1.0}}"#,
        );
        assert_eq!(d.product_id, "3");
        assert_eq!(d.variant_id, None);
        assert_eq!(d.email.as_deref(), Some("c@x.io"));
        assert_eq!(d.product_name.as_deref(), Some("P"));
        assert_eq!(d.variant_name, None);
        let d = delivery(
            r#"{"event":"INVOICE.ITEM.DELIVER-DYNAMIC","id":1,
            "item":{"id":2,"product_id":3,"variant":{"id":9},"quantity":1}}"#,
        );
        assert_eq!(d.variant_id.as_deref(), Some("9"));
        assert_eq!(d.email, None);
    }

    #[test]
    fn signature_checks() {
        let secret = "whsec_test";
        let body = EXAMPLE.as_bytes();
        let sig = sign(secret, body);
        assert_eq!(sig.len(), 64);
        assert!(verify_signature(secret, body, Some(&sig)).is_ok());
        let prefixed = format!("sha256={}", sig.to_uppercase());
        assert!(verify_signature(secret, body, Some(&prefixed)).is_ok());

        let bad: Vec<(&str, Option<String>, &[u8])> = vec![
            ("other", Some(sig.clone()), body),
            (secret, None, body),
            (secret, Some(String::new()), body),
            (secret, Some(sig[..63].to_string()), body),
            (secret, Some(format!("{}zz", &sig[..62])), body),
            (secret, Some(format!("{sig}00")), body),
            (secret, Some(sign(secret, b"{}")), b""),
            ("", Some(sign("", body)), body),
        ];
        for (secret, header, body) in bad {
            let e = verify_signature(secret, body, header.as_deref()).unwrap_err();
            assert_eq!((e.status, e.code.key()), (401, "invalid_signature"));
            assert_eq!(e.message, "The webhook signature is missing or wrong.");
        }
    }

    #[test]
    fn the_raw_bytes_are_what_is_signed() {
        let secret = "s3cret";
        let php = EXAMPLE.as_bytes();
        let reserialised =
            serde_json::to_vec(&serde_json::from_slice::<Value>(php).unwrap()).unwrap();
        assert!(!reserialised.windows(2).any(|w| w == b"\\/"));
        assert_eq!(
            parse_webhook(php).unwrap(),
            parse_webhook(&reserialised).unwrap()
        );
        let php_sig = sign(secret, php);
        let re_sig = sign(secret, &reserialised);
        assert!(verify_signature(secret, &reserialised, Some(&php_sig)).is_err());
        assert!(verify_signature(secret, php, Some(&re_sig)).is_err());
        assert!(verify_signature(secret, php, Some(&php_sig)).is_ok());
    }

    #[test]
    fn other_events_are_acknowledged_with_their_invoice() {
        let w = parse_webhook(
            br#"{"event":"NOTIFICATION.SHOP_INVOICE_CREATED","data":{"invoice_id":1218},"shop_id":1}"#,
        )
        .unwrap();
        assert_eq!(
            w,
            Webhook::Other {
                event: "NOTIFICATION.SHOP_INVOICE_CREATED".into(),
                invoice_id: Some("1218".into()),
            }
        );
        let w = parse_webhook(br#"{"event":"SOMETHING.ELSE","data":{"invoice_id":1.5}}"#).unwrap();
        assert!(matches!(
            w,
            Webhook::Other {
                invoice_id: None,
                ..
            }
        ));
    }

    #[test]
    fn each_missing_or_bad_field_is_named() {
        let cases: &[(&str, &str)] = &[
            ("{nope", "not valid JSON"),
            ("[1]", "JSON object"),
            (r#"{"id":1}"#, "`event`"),
            (r#"{"event":5}"#, "`event`"),
            (
                r#"{"event":"INVOICE.ITEM.DELIVER-DYNAMIC","item":{}}"#,
                "`id`",
            ),
            (
                r#"{"event":"INVOICE.ITEM.DELIVER-DYNAMIC","id":1}"#,
                "`item`",
            ),
            (
                r#"{"event":"INVOICE.ITEM.DELIVER-DYNAMIC","id":1,"item":[]}"#,
                "`item`",
            ),
            (
                r#"{"event":"INVOICE.ITEM.DELIVER-DYNAMIC","id":1,"item":{"product_id":1,"quantity":1}}"#,
                "`item.id`",
            ),
            (
                r#"{"event":"INVOICE.ITEM.DELIVER-DYNAMIC","id":1,"item":{"id":1,"quantity":1}}"#,
                "`item.product_id`",
            ),
            (
                r#"{"event":"INVOICE.ITEM.DELIVER-DYNAMIC","id":1,"item":{"id":1,"product_id":1}}"#,
                "`item.quantity`",
            ),
            (
                r#"{"event":"INVOICE.ITEM.DELIVER-DYNAMIC","id":-1,"item":{"id":1,"product_id":1,"quantity":1}}"#,
                "`id`",
            ),
            (
                r#"{"event":"INVOICE.ITEM.DELIVER-DYNAMIC","id":1,"item":{"id":1,"product_id":1,"variant_id":"v","quantity":1}}"#,
                "`item.variant_id`",
            ),
        ];
        for (body, needle) in cases {
            let e = parse_webhook(body.as_bytes()).unwrap_err();
            assert_eq!((e.status, e.code.key()), (400, "invalid_payload"), "{body}");
            assert!(e.message.contains(needle), "{body}: {}", e.message);
        }
        for q in ["0", "2.5", "-1", "\"x\"", "\"0\"", "true", "4294967296"] {
            let body = format!(
                r#"{{"event":"INVOICE.ITEM.DELIVER-DYNAMIC","id":1,"item":{{"id":1,"product_id":1,"quantity":{q}}}}}"#
            );
            let e = parse_webhook(body.as_bytes()).unwrap_err();
            assert!(e.message.contains("`item.quantity`"), "{q}: {}", e.message);
        }
    }

    #[test]
    fn quantity_cap() {
        assert!(check_quantity(10, 10).is_ok());
        let e = check_quantity(11, 10).unwrap_err();
        assert_eq!((e.status, e.code.key()), (422, "quantity_too_large"));
        assert!(
            e.message.contains("11") && e.message.contains("10"),
            "{}",
            e.message
        );
    }

    #[test]
    fn lines_for_the_buyer() {
        let c = codes(&["SMM-AAAA-BBBB", "SMM-CCCC-DDDD"]);
        assert_eq!(
            render_lines(DEFAULT_LINE_TEMPLATE, &c, "https://shop.example/"),
            "SMM-AAAA-BBBB - redeem at https://shop.example/#code=SMM-AAAA-BBBB\n\
             SMM-CCCC-DDDD - redeem at https://shop.example/#code=SMM-CCCC-DDDD"
        );
        assert_eq!(
            render_lines("Code {n}/{total}: {code} {oops} {", &c, "https://x.io"),
            "Code 1/2: SMM-AAAA-BBBB {oops} {\nCode 2/2: SMM-CCCC-DDDD {oops} {"
        );
        assert_eq!(
            render_lines("{code}\nopen {url}\r\n!", &c[..1], "https://x.io"),
            "SMM-AAAA-BBBB open https://x.io/#code=SMM-AAAA-BBBB !"
        );
        // A base url holding a placeholder is not expanded a second time.
        assert_eq!(
            render_lines("{url}", &c[..1], "https://x.io/{n}"),
            "https://x.io/{n}/#code=SMM-AAAA-BBBB"
        );
        assert_eq!(render_lines(DEFAULT_LINE_TEMPLATE, &[], "https://x.io"), "");
    }

    #[test]
    fn only_a_delivered_row_hands_out_its_codes() {
        let row = |status: &str| DeliveryRow {
            invoice_id: "1".into(),
            item_id: "1".into(),
            status: status.into(),
            codes: "SMM-AAAA-BBBB\nSMM-CCCC-DDDD".into(),
            product_id: None,
            variant_id: None,
            quantity: Some(2),
            error: None,
            attempts: 1,
            first_seen_at: String::new(),
            last_seen_at: String::new(),
            outcome: None,
            answer: None,
        };
        let codes = row("delivered").delivered_codes().unwrap();
        assert_eq!(
            codes.iter().map(Code::as_str).collect::<Vec<_>>(),
            ["SMM-AAAA-BBBB", "SMM-CCCC-DDDD"]
        );
        assert_eq!(row("failed").delivered_codes(), None);
        // A code delivery has no checkout answer; a checkout order repeats what it said.
        assert_eq!(row("delivered").checkout_answer("https://s.example"), None);
        let mut placing = row("delivered");
        placing.outcome = Some("placing".into());
        assert!(placing
            .checkout_answer("https://s.example")
            .unwrap()
            .starts_with(
                "Your order is being placed. Follow it: https://s.example/#code=SMM-AAAA-BBBB"
            ));
        placing.outcome = Some("placed".into());
        placing.answer = Some("Order 1 placed".into());
        assert_eq!(
            placing.checkout_answer("https://s.example").as_deref(),
            Some("Order 1 placed")
        );
    }

    #[test]
    fn custom_fields_are_read_as_the_buyer_typed_them() {
        let body = br#"{"event":"INVOICE.ITEM.DELIVER-DYNAMIC","id":1,"item":{"id":1,"product_id":5,"quantity":1,"custom_fields":{"Channel":"https:\/\/youtube.com\/@x","Count":3,"Nested":{"a":1}}}}"#;
        let Webhook::Delivery(d) = parse_webhook(body).unwrap() else {
            panic!("a delivery")
        };
        assert_eq!(
            d.custom_fields,
            vec![
                ("Channel".to_string(), "https://youtube.com/@x".to_string()),
                ("Count".to_string(), "3".to_string())
            ]
        );
    }
}
