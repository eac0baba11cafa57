//! Panel replies to typed values, leniently: panels mix numbers and strings, add fields, and
//! answer errors with HTTP 200.
//!
//! Every parser sorts a reply into one of three cases, because they mean different things for
//! money. The shared rules, in order:
//! - empty, not JSON (an HTML error page), or HTTP 502/504: `Garbled`. A 502/504 comes from a
//!   proxy in front of the panel, which may still have processed the request, so even a JSON
//!   `{"error":..}` body there does not prove that nothing happened;
//! - a non-empty top-level `"error"` (any other HTTP status): `Rejected`. An `"error"` that is
//!   `null`, `false` or `""` is treated as absent;
//! - any other non-2xx status, or a shape we do not recognise: `Garbled`.
//!
//! `parse_add` has one more rule: an `"error"` next to a usable `"order"` id is `Garbled`, not
//! `Rejected`: the panel contradicts itself, and only `Garbled` keeps the buyer's code from being
//! spent twice if the order does exist.

use super::{lenient_uint, OrderId, Progress, RefillId, ServiceId};
use crate::core::json::obj;
use crate::core::shape::*;
use serde::Serialize;
use serde_json::Value;

pub const ADMIN_SERVICE: Body = answer(
    "AdminService",
    "",
    &[
        always("id", Kind::Integer, ""),
        always("name", Kind::Text, ""),
        always("kind", Kind::Text, "The panel's `type`."),
        always("category", Kind::Text, ""),
        always(
            "rate",
            Kind::Text,
            "The panel's price per 1,000 (wholesale, the shop's cost).",
        ),
        always("min", Kind::Integer, ""),
        always("max", Kind::Integer, ""),
        always("refill", Kind::Flag, ""),
        always("cancel", Kind::Flag, ""),
        sometimes("dripfeed", Kind::Flag, ""),
        sometimes("description", Kind::OrNull(&Kind::Text), ""),
    ],
);

pub const PANEL_ORDER_STATUS: Body = answer(
    "PanelOrderStatus",
    "",
    &[
        always("status", Kind::Text, ""),
        always("charge", Kind::OrNull(&Kind::Text), ""),
        always("start_count", Kind::OrNull(&Kind::Integer), ""),
        always("remains", Kind::OrNull(&Kind::Integer), ""),
        always("currency", Kind::OrNull(&Kind::Text), ""),
    ],
);

/// What any reply turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PanelReply<T> {
    Ok(T),
    /// The panel answered and said no: nothing happened on the panel.
    Rejected(String),
    /// We cannot tell what happened: for `add`, the order MAY exist. The text is for logs only
    /// (it may quote up to 80 characters of the body), never for the buyer.
    Garbled(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Balance {
    /// The panel's decimal text, normalised (`"0100.50"` -> `"100.50"`), never a float.
    pub amount: String,
    /// Empty when the panel did not say.
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub id: ServiceId,
    pub name: String,
    /// The panel's `type` ("Default", "Custom Comments", ...).
    pub kind: String,
    pub category: String,
    /// Price per 1000 units, as decimal text.
    pub rate: String,
    pub min: u64,
    pub max: u64,
    pub refill: bool,
    pub cancel: bool,
    pub dripfeed: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderStatus {
    pub status: Progress,
    pub charge: Option<String>,
    pub start_count: Option<u64>,
    /// `None` when the panel says "Unknown" (or anything that is not a count).
    pub remains: Option<u64>,
    pub currency: Option<String>,
}

impl Service {
    /// As the admin's service search shows it (`AdminService`).
    pub fn to_json(&self) -> Value {
        obj!(ADMIN_SERVICE => {
            "id": self.id, "name": self.name, "kind": self.kind, "category": self.category,
            "rate": self.rate, "min": self.min, "max": self.max, "refill": self.refill,
            "cancel": self.cancel, "dripfeed": self.dripfeed, "description": self.description,
        })
    }
}

impl OrderStatus {
    /// As the admin's order lookup shows it (`PanelOrderStatus`).
    pub fn to_json(&self) -> Value {
        obj!(PANEL_ORDER_STATUS => {
            "status": self.status, "charge": self.charge, "start_count": self.start_count,
            "remains": self.remains, "currency": self.currency,
        })
    }
}

pub fn parse_add(http_status: u16, body: &str) -> PanelReply<OrderId> {
    let v = match json(http_status, body) {
        Ok(v) => v,
        Err(why) => return PanelReply::Garbled(why),
    };
    let order = v.get("order").and_then(OrderId::from_json);
    if let (Some(id), Some(msg)) = (order, error_text(&v)) {
        return PanelReply::Garbled(format!("order {id} came with error {:?}", snippet(&msg)));
    }
    // Panels refuse with HTTP 200 (or a 4xx); a server error may have failed after taking the
    // order, so even with an error message it is not a refusal: nothing fails over on it.
    if http_status >= 500 {
        return PanelReply::Garbled(format!(
            "HTTP {http_status} from the panel: {:?}",
            snippet(&v.to_string())
        ));
    }
    if let Some(early) = verdict(http_status, &v) {
        return early;
    }
    order.map_or_else(|| unexpected(&v), PanelReply::Ok)
}

pub fn parse_balance(http_status: u16, body: &str) -> PanelReply<Balance> {
    decode(http_status, body, |v| {
        let Some(amount) = v.get("balance").and_then(decimal) else {
            return unexpected(v);
        };
        let currency = v.get("currency").and_then(text).unwrap_or_default();
        PanelReply::Ok(Balance { amount, currency })
    })
}

/// Entries we cannot read are left out: one odd service must not hide the whole catalogue.
pub fn parse_services(http_status: u16, body: &str) -> PanelReply<Vec<Service>> {
    decode(http_status, body, |v| match v.as_array() {
        Some(list) => PanelReply::Ok(list.iter().filter_map(service).collect()),
        None => unexpected(v),
    })
}

pub fn parse_status(http_status: u16, body: &str) -> PanelReply<OrderStatus> {
    decode(http_status, body, |v| {
        order_status(v).map_or_else(|| unexpected(v), PanelReply::Ok)
    })
}

/// Sorted by order id; keys that are not order ids are left out.
pub fn parse_multi_status(
    http_status: u16,
    body: &str,
) -> PanelReply<Vec<(OrderId, Result<OrderStatus, String>)>> {
    decode(http_status, body, |v| {
        let Some(map) = v.as_object() else {
            return unexpected(v);
        };
        let mut rows: Vec<_> = map
            .iter()
            .filter_map(|(key, entry)| {
                let id = key.parse::<OrderId>().ok()?;
                Some((id, entry_result(Some(entry), order_status)))
            })
            .collect();
        rows.sort_by_key(|(id, _)| *id);
        PanelReply::Ok(rows)
    })
}

pub fn parse_refill(http_status: u16, body: &str) -> PanelReply<RefillId> {
    decode(http_status, body, |v| {
        match entry_result(v.get("refill"), RefillId::from_json) {
            Ok(id) => PanelReply::Ok(id),
            Err(_) if v.get("refill").and_then(error_text).is_none() => unexpected(v),
            Err(msg) => PanelReply::Rejected(msg),
        }
    })
}

pub fn parse_multi_refill(
    http_status: u16,
    body: &str,
) -> PanelReply<Vec<(OrderId, Result<RefillId, String>)>> {
    rows(
        http_status,
        body,
        ("order", OrderId::from_json),
        ("refill", RefillId::from_json),
    )
}

pub fn parse_refill_status(http_status: u16, body: &str) -> PanelReply<Progress> {
    decode(http_status, body, |v| {
        match entry_result(v.get("status"), progress) {
            Ok(p) => PanelReply::Ok(p),
            Err(_) if v.get("status").and_then(error_text).is_none() => unexpected(v),
            Err(msg) => PanelReply::Rejected(msg),
        }
    })
}

pub fn parse_multi_refill_status(
    http_status: u16,
    body: &str,
) -> PanelReply<Vec<(RefillId, Result<Progress, String>)>> {
    rows(
        http_status,
        body,
        ("refill", RefillId::from_json),
        ("status", progress),
    )
}

pub fn parse_cancel(
    http_status: u16,
    body: &str,
) -> PanelReply<Vec<(OrderId, Result<(), String>)>> {
    let cancelled = |v: &Value| flag(Some(v)).then_some(());
    rows(
        http_status,
        body,
        ("order", OrderId::from_json),
        ("cancel", cancelled),
    )
}

/// The body as JSON, or why it is not.
fn json(http_status: u16, body: &str) -> Result<Value, String> {
    let text = body.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if text.is_empty() {
        return Err(format!("HTTP {http_status} with an empty body"));
    }
    serde_json::from_str(text)
        .map_err(|_| format!("HTTP {http_status}, not JSON: {:?}", snippet(text)))
}

/// The shared rules of the module comment; `None` means "go on and read the shape".
fn verdict<T>(http_status: u16, v: &Value) -> Option<PanelReply<T>> {
    if matches!(http_status, 502 | 504) {
        return Some(PanelReply::Garbled(format!(
            "HTTP {http_status} from a gateway: {:?}",
            snippet(&v.to_string())
        )));
    }
    if let Some(msg) = error_text(v) {
        return Some(PanelReply::Rejected(msg));
    }
    if !(200..300).contains(&http_status) {
        return Some(PanelReply::Garbled(format!(
            "HTTP {http_status} without an error message: {:?}",
            snippet(&v.to_string())
        )));
    }
    None
}

fn decode<T>(
    http_status: u16,
    body: &str,
    read: impl FnOnce(&Value) -> PanelReply<T>,
) -> PanelReply<T> {
    match json(http_status, body) {
        Err(why) => PanelReply::Garbled(why),
        Ok(v) => verdict(http_status, &v).unwrap_or_else(|| read(&v)),
    }
}

type Reader<T> = fn(&Value) -> Option<T>;

/// The multi-order array shape `[{"<id>":1,"<value>":x | {"error":".."}}, ...]`. Rows without a
/// usable id are left out, since there is nothing to attach them to.
fn rows<I, T>(
    http_status: u16,
    body: &str,
    (id_key, id): (&str, Reader<I>),
    (value_key, value): (&str, impl Fn(&Value) -> Option<T>),
) -> PanelReply<Vec<(I, Result<T, String>)>> {
    decode(http_status, body, |v| match v.as_array() {
        Some(list) => PanelReply::Ok(
            list.iter()
                .filter_map(|row| {
                    let id = row.get(id_key).and_then(id)?;
                    Some((id, entry_result(row.get(value_key), &value)))
                })
                .collect(),
        ),
        None => unexpected(v),
    })
}

/// One entry of a multi reply: the panel's own error text, or a description of what was odd.
fn entry_result<T>(v: Option<&Value>, read: impl Fn(&Value) -> Option<T>) -> Result<T, String> {
    let v = v.ok_or("missing from the reply")?;
    if let Some(msg) = error_text(v) {
        return Err(msg);
    }
    read(v).ok_or_else(|| format!("unexpected value {:?}", snippet(&v.to_string())))
}

fn error_text(v: &Value) -> Option<String> {
    match v.get("error")? {
        Value::Null | Value::Bool(false) => None,
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        other => Some(other.to_string()),
    }
}

fn unexpected<T>(v: &Value) -> PanelReply<T> {
    PanelReply::Garbled(format!("unexpected reply: {:?}", snippet(&v.to_string())))
}

fn snippet(s: &str) -> String {
    const MAX: usize = 80;
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(MAX).collect();
    if s.chars().filter(|c| !c.is_control()).nth(MAX).is_some() {
        out.push('…');
    }
    out
}

fn order_status(v: &Value) -> Option<OrderStatus> {
    Some(OrderStatus {
        status: v.get("status").and_then(progress)?,
        charge: v.get("charge").and_then(decimal),
        start_count: v.get("start_count").and_then(lenient_uint),
        remains: v.get("remains").and_then(lenient_uint),
        currency: v.get("currency").and_then(text),
    })
}

fn service(v: &Value) -> Option<Service> {
    let s = Service {
        id: v.get("service").and_then(ServiceId::from_json)?,
        name: v.get("name").and_then(text)?,
        kind: v
            .get("type")
            .and_then(text)
            .unwrap_or_else(|| "Default".into()),
        category: v.get("category").and_then(text).unwrap_or_default(),
        rate: v
            .get("rate")
            .and_then(decimal)
            .filter(|r| !r.starts_with('-'))?,
        min: v.get("min").and_then(lenient_uint)?,
        max: v.get("max").and_then(lenient_uint)?,
        refill: flag(v.get("refill")),
        cancel: flag(v.get("cancel")),
        dripfeed: flag(v.get("dripfeed")),
        description: v
            .get("desc")
            .or_else(|| v.get("description"))
            .and_then(text),
    };
    (s.min <= s.max).then_some(s)
}

fn progress(v: &Value) -> Option<Progress> {
    text(v).map(|s| Progress::parse(&s))
}

/// Trimmed, non-empty text; a number counts as its digits.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `true`, `1`, `"1"`, `"true"`, `"yes"`; anything else (including missing) is `false`.
fn flag(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => {
            matches!(s.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes")
        }
        _ => false,
    }
}

/// Money stays decimal text: a float would turn "0.90" into 0.8999... somewhere downstream.
/// Leading zeros and `+` go, trailing zeros stay (they are the panel's precision).
fn decimal(v: &Value) -> Option<String> {
    let raw = match v {
        Value::String(s) => s.trim().to_owned(),
        // f64's Display never uses exponents and prints the shortest text that reads back.
        Value::Number(n) if n.is_f64() => format!("{}", n.as_f64()?),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let (negative, unsigned) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw.strip_prefix('+').unwrap_or(&raw)),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    let int = match int.trim_start_matches('0') {
        "" => "0",
        trimmed => trimmed,
    };
    let zero = int == "0" && frac.bytes().all(|b| b == b'0');
    let sign = if negative && !zero { "-" } else { "" };
    let dot = if frac.is_empty() { "" } else { "." };
    Some(format!("{sign}{int}{dot}{frac}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(n: u64) -> OrderId {
        OrderId::new(n).unwrap()
    }

    fn refill(n: u64) -> RefillId {
        RefillId::new(n).unwrap()
    }

    fn is_garbled<T>(r: &PanelReply<T>) -> bool {
        matches!(r, PanelReply::Garbled(_))
    }

    #[test]
    fn add_reads_the_order_id_as_number_or_string() {
        assert_eq!(
            parse_add(200, r#"{"order":23501}"#),
            PanelReply::Ok(order(23501))
        );
        assert_eq!(
            parse_add(200, r#"{"order":"23501"}"#),
            PanelReply::Ok(order(23501))
        );
        assert_eq!(
            parse_add(200, "\u{feff}\r\n  {\"order\": 7, \"error\": null}\n"),
            PanelReply::Ok(order(7))
        );
    }

    #[test]
    fn add_rejections_mean_nothing_was_ordered() {
        for msg in [
            "Not enough funds on balance",
            "You have active order with this link. Please wait until order being completed.",
            "Incorrect service ID",
            "Quantity less than minimal 50",
        ] {
            let body = serde_json::json!({ "error": msg }).to_string();
            assert_eq!(parse_add(200, &body), PanelReply::Rejected(msg.into()));
        }
        // A panel that also sets an HTTP error status still answered, in JSON, that it refused.
        assert_eq!(
            parse_add(400, r#"{"error":"Incorrect service ID"}"#),
            PanelReply::Rejected("Incorrect service ID".into())
        );
    }

    #[test]
    fn add_replies_we_cannot_read_might_hide_an_order() {
        let html =
            "<html><head><title>500 Internal Server Error</title></head><body>nginx</body></html>";
        for (status, body) in [
            (200, ""),
            (200, "  \n"),
            (500, html),
            (200, html),
            (200, "{\"order\":"),
            (200, r#"{"order":0}"#),
            (200, r#"{"order":-5}"#),
            (200, r#"{"order":"abc"}"#),
            (200, r#"{}"#),
            (200, r#"[{"order":5}]"#),
            (200, r#""ok""#),
            (500, r#"{"order":5}"#),
            (500, r#"{"error":"Internal error"}"#),
            (503, r#"{"error":"Try again later"}"#),
            (502, r#"{"error":"Bad gateway"}"#),
            (504, r#"{"order":5}"#),
            // The panel contradicts itself: the order may exist.
            (
                200,
                r#"{"order":23501,"error":"Not enough funds on balance"}"#,
            ),
        ] {
            assert!(is_garbled(&parse_add(status, body)), "{status} {body}");
        }
        // An error next to an unusable order id is still a plain refusal.
        assert_eq!(
            parse_add(200, r#"{"order":0,"error":"Incorrect service ID"}"#),
            PanelReply::Rejected("Incorrect service ID".into())
        );
    }

    #[test]
    fn garbled_text_quotes_little_of_the_body() {
        let body = format!("<html>{}</html>", "a".repeat(5000));
        let PanelReply::Garbled(why) = parse_add(500, &body) else {
            panic!("not garbled");
        };
        assert!(
            why.contains("HTTP 500") && why.chars().count() < 130,
            "{why}"
        );
    }

    #[test]
    fn balance_keeps_the_panels_decimal_text() {
        let want = |amount: &str, currency: &str| {
            PanelReply::Ok(Balance {
                amount: amount.into(),
                currency: currency.into(),
            })
        };
        assert_eq!(
            parse_balance(200, r#"{"balance":"100.84292","currency":"USD"}"#),
            want("100.84292", "USD")
        );
        assert_eq!(
            parse_balance(200, r#"{"balance":100.84292,"currency":"USD"}"#),
            want("100.84292", "USD")
        );
        assert_eq!(
            parse_balance(200, r#"{"balance":" 007.50 "}"#),
            want("7.50", "")
        );
        assert_eq!(parse_balance(200, r#"{"balance":".5"}"#), want("0.5", ""));
        assert_eq!(
            parse_balance(200, r#"{"balance":1e-7}"#),
            want("0.0000001", "")
        );
        assert_eq!(
            parse_balance(200, r#"{"balance":"-3.2"}"#),
            want("-3.2", "")
        );
        assert_eq!(
            parse_balance(200, r#"{"balance":"-0.00"}"#),
            want("0.00", "")
        );
        for bad in [
            r#"{"balance":"1,5"}"#,
            r#"{"balance":"."}"#,
            r#"{"balance":null}"#,
        ] {
            assert!(is_garbled(&parse_balance(200, bad)), "{bad}");
        }
        assert_eq!(
            parse_balance(200, r#"{"error":"Invalid API key"}"#),
            PanelReply::Rejected("Invalid API key".into())
        );
    }

    #[test]
    fn services_read_the_documented_list_and_skip_odd_entries() {
        let body = r#"[
            {"service":1,"name":"Followers","type":"Default","category":"First Category",
             "rate":"0.90","min":"50","max":"10000","refill":true,"cancel":true},
            {"service":"2","name":"Comments","type":"Custom Comments","category":"Second",
             "rate":8,"min":10,"max":1500,"refill":"0","cancel":0,"dripfeed":1,
             "desc":"  Real people  "},
            {"service":0,"name":"zero id","rate":"1","min":1,"max":2},
            {"service":3,"rate":"1","min":1,"max":2},
            {"service":4,"name":"no rate","min":1,"max":2},
            {"service":5,"name":"min above max","rate":"1","min":9,"max":2},
            {"service":6,"name":"negative rate","rate":"-1","min":1,"max":2},
            "not an object",
            {"service":7,"name":"Likes","rate":"0.01","min":"1","max":"5"}
        ]"#;
        let PanelReply::Ok(list) = parse_services(200, body) else {
            panic!("not ok");
        };
        assert_eq!(list.len(), 3);
        assert_eq!(
            list[0],
            Service {
                id: ServiceId::new(1).unwrap(),
                name: "Followers".into(),
                kind: "Default".into(),
                category: "First Category".into(),
                rate: "0.90".into(),
                min: 50,
                max: 10000,
                refill: true,
                cancel: true,
                dripfeed: false,
                description: None,
            }
        );
        let comments = &list[1];
        assert_eq!((comments.id.get(), comments.rate.as_str()), (2, "8"));
        assert_eq!(
            (comments.refill, comments.cancel, comments.dripfeed),
            (false, false, true)
        );
        assert_eq!(comments.description.as_deref(), Some("Real people"));
        assert_eq!(
            (list[2].kind.as_str(), list[2].category.as_str()),
            ("Default", "")
        );
        assert!(is_garbled(&parse_services(200, r#"{"services":[]}"#)));
        assert_eq!(parse_services(200, "[]"), PanelReply::Ok(vec![]));
    }

    #[test]
    fn status_reads_the_documented_reply() {
        let body = r#"{"charge":"0.27819","start_count":"3572","status":"Partial","remains":"157","currency":"USD"}"#;
        assert_eq!(
            parse_status(200, body),
            PanelReply::Ok(OrderStatus {
                status: Progress::Partial,
                charge: Some("0.27819".into()),
                start_count: Some(3572),
                remains: Some(157),
                currency: Some("USD".into()),
            })
        );
    }

    #[test]
    fn status_tolerates_unknowns_and_numbers() {
        let body = r#"{"charge":0.5,"start_count":0,"status":"In progress","remains":"Unknown"}"#;
        let PanelReply::Ok(s) = parse_status(200, body) else {
            panic!("not ok");
        };
        assert_eq!(s.status, Progress::InProgress);
        assert_eq!((s.charge.as_deref(), s.start_count), (Some("0.5"), Some(0)));
        assert_eq!((s.remains, s.currency), (None, None));
        assert_eq!(
            parse_status(200, r#"{"error":"Incorrect order ID"}"#),
            PanelReply::Rejected("Incorrect order ID".into())
        );
        assert!(is_garbled(&parse_status(200, r#"{"charge":"1"}"#)));
        assert!(is_garbled(&parse_status(200, r#"{"status":"  "}"#)));
    }

    #[test]
    fn multi_status_pairs_each_order_with_its_answer_in_id_order() {
        let body = r#"{"10":{"error":"Incorrect order ID"},
                       "1":{"charge":"0.27819","start_count":"3572","status":"Completed","remains":"0","currency":"USD"},
                       "2":{"charge":"1"},
                       "junk":{"status":"Pending"}}"#;
        let PanelReply::Ok(rows) = parse_multi_status(200, body) else {
            panic!("not ok");
        };
        assert_eq!(
            rows.iter().map(|(id, _)| id.get()).collect::<Vec<_>>(),
            [1, 2, 10]
        );
        assert_eq!(rows[0].1.as_ref().unwrap().status, Progress::Completed);
        assert!(rows[1]
            .1
            .as_ref()
            .unwrap_err()
            .starts_with("unexpected value"));
        assert_eq!(rows[2].1, Err("Incorrect order ID".into()));
        assert!(is_garbled(&parse_multi_status(200, "[]")));
    }

    #[test]
    fn refill_reads_every_documented_shape() {
        assert_eq!(
            parse_refill(200, r#"{"refill":"1"}"#),
            PanelReply::Ok(refill(1))
        );
        assert_eq!(
            parse_refill(200, r#"{"refill":12345}"#),
            PanelReply::Ok(refill(12345))
        );
        assert_eq!(
            parse_refill(
                200,
                r#"{"success":"Refill request accepted","refill":12345}"#
            ),
            PanelReply::Ok(refill(12345))
        );
        assert_eq!(
            parse_refill(200, r#"{"error":"Order not eligible for refill."}"#),
            PanelReply::Rejected("Order not eligible for refill.".into())
        );
        assert_eq!(
            parse_refill(200, r#"{"refill":{"error":"Incorrect order ID"}}"#),
            PanelReply::Rejected("Incorrect order ID".into())
        );
        assert!(is_garbled(&parse_refill(200, r#"{"refill":0}"#)));
        assert!(is_garbled(&parse_refill(200, r#"{"success":"yes"}"#)));
    }

    #[test]
    fn multi_refill_reads_the_documented_reply() {
        let body = r#"[{"order":1,"refill":1},{"order":3,"refill":{"error":"Incorrect order ID"}},
                       {"order":"4","refill":"77"},{"refill":5},{"order":6}]"#;
        assert_eq!(
            parse_multi_refill(200, body),
            PanelReply::Ok(vec![
                (order(1), Ok(refill(1))),
                (order(3), Err("Incorrect order ID".into())),
                (order(4), Ok(refill(77))),
                (order(6), Err("missing from the reply".into())),
            ])
        );
    }

    #[test]
    fn refill_status_reads_single_and_multi() {
        assert_eq!(
            parse_refill_status(200, r#"{"status":"Completed"}"#),
            PanelReply::Ok(Progress::Completed)
        );
        assert_eq!(
            parse_refill_status(200, r#"{"status":{"error":"Refill not found"}}"#),
            PanelReply::Rejected("Refill not found".into())
        );
        assert!(is_garbled(&parse_refill_status(200, r#"{"refill":1}"#)));
        let body = r#"[{"refill":1,"status":"Completed"},{"refill":3,"status":{"error":"Refill not found"}},
                       {"refill":"4","status":"in progress"}]"#;
        assert_eq!(
            parse_multi_refill_status(200, body),
            PanelReply::Ok(vec![
                (refill(1), Ok(Progress::Completed)),
                (refill(3), Err("Refill not found".into())),
                (refill(4), Ok(Progress::InProgress)),
            ])
        );
    }

    #[test]
    fn cancel_reads_the_documented_reply() {
        let body = r#"[{"order":9,"cancel":{"error":"Incorrect order ID"}},{"order":2,"cancel":1},
                       {"order":"3","cancel":"1"},{"order":4,"cancel":0}]"#;
        let PanelReply::Ok(rows) = parse_cancel(200, body) else {
            panic!("not ok");
        };
        assert_eq!(rows[0], (order(9), Err("Incorrect order ID".into())));
        assert_eq!(rows[1..3], [(order(2), Ok(())), (order(3), Ok(()))]);
        assert_eq!(rows[3].0, order(4));
        assert!(rows[3].1.is_err());
        assert!(is_garbled(&parse_cancel(503, "Service Unavailable")));
        assert!(is_garbled(&parse_cancel(200, r#"{"9":1}"#)));
    }

    #[test]
    fn a_non_string_error_is_still_a_refusal() {
        assert_eq!(
            parse_balance(200, r#"{"error":{"code":3}}"#),
            PanelReply::Rejected(r#"{"code":3}"#.into())
        );
        assert!(!is_garbled(&parse_balance(
            200,
            r#"{"error":"", "balance":"1"}"#
        )));
    }
}
