//! The SMM panel "API v2" (Perfect-Panel style) as pure data: request bodies out, typed replies in.
//!
//! No I/O here: the edge sends `PanelRequest::encode` and hands the status and body it got back to
//! a `parse_*` function. The API key is only ever an argument of `encode`, so no request value,
//! action name or `Debug` output can carry it.

mod choice;
mod message;
mod reply;

pub use choice::{stored_choices, PanelName, ServiceChoice, MAIN, SERVICE_CHOICE};
pub use message::{buyer_message, classify, HoldReason, RefusalClass};
pub use reply::{
    parse_add, parse_balance, parse_cancel, parse_multi_refill, parse_multi_refill_status,
    parse_multi_status, parse_refill, parse_refill_status, parse_services, parse_status, Balance,
    OrderStatus, PanelReply, Service, ADMIN_SERVICE, PANEL_ORDER_STATUS,
};

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;
use std::str::FromStr;

/// The panel documents at most this many ids per multi-order request; callers chunk longer lists.
pub const MAX_IDS_PER_REQUEST: usize = 100;

/// A panel id that was zero, negative, too large or not a number at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidId;

impl fmt::Display for InvalidId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a positive panel id")
    }
}

impl std::error::Error for InvalidId {}

/// Panels send ids as numbers or as digit strings, interchangeably.
pub(crate) fn lenient_uint(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && (0.0..1.8e19).contains(f))
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

macro_rules! panel_id {
    ($(#[$doc:meta])* $name:ident($int:ty)) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name($int);

        impl $name {
            /// Zero is how panels say "no id", so it is never a valid one.
            pub fn new(n: $int) -> Option<Self> {
                (n != 0).then_some(Self(n))
            }

            pub fn get(self) -> $int {
                self.0
            }

            pub(crate) fn from_json(v: &Value) -> Option<Self> {
                lenient_uint(v).and_then(|n| <$int>::try_from(n).ok()).and_then(Self::new)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, InvalidId> {
                Self::from_json(&Value::String(s.to_owned())).ok_or(InvalidId)
            }
        }

        // Stored rows and panel replies hold these as numbers or as text; accept both.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = Value::deserialize(d)?;
                Self::from_json(&v).ok_or_else(|| de::Error::custom(InvalidId))
            }
        }
    };
}

/// The ids a service may have: zero is how panels say "none".
pub const SERVICE_ID: std::ops::RangeInclusive<u32> = 1..=u32::MAX;

panel_id!(
    /// A panel service (what `add` buys).
    ServiceId(u32)
);
panel_id!(
    /// An order the panel accepted.
    OrderId(u64)
);
panel_id!(
    /// A refill request the panel accepted.
    RefillId(u64)
);

/// Where an order or refill stands. Panels disagree on spelling and case, so parsing never fails:
/// anything unknown is kept as `Other` with the panel's text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Progress {
    Pending,
    Processing,
    InProgress,
    Completed,
    Partial,
    Canceled,
    Refunded,
    Other(String),
}

impl Progress {
    /// The statuses after which a panel order never changes: the one list (SQL and the
    /// buyer's page read it from here).
    pub const FINAL: [Progress; 4] = [
        Progress::Completed,
        Progress::Partial,
        Progress::Canceled,
        Progress::Refunded,
    ];

    /// `FINAL` as an SQL list: `'Completed', 'Partial', 'Canceled', 'Refunded'`.
    pub fn final_sql() -> String {
        Progress::FINAL
            .iter()
            .map(|p| format!("'{}'", p.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn parse(raw: &str) -> Progress {
        let squashed: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
            .map(crate::core::fold::lower_char)
            .collect();
        match squashed.as_str() {
            "pending" => Progress::Pending,
            "processing" => Progress::Processing,
            "inprogress" => Progress::InProgress,
            "completed" | "complete" => Progress::Completed,
            "partial" => Progress::Partial,
            "canceled" | "cancelled" => Progress::Canceled,
            "refunded" => Progress::Refunded,
            _ => Progress::Other(raw.trim().to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Progress::Pending => "Pending",
            Progress::Processing => "Processing",
            Progress::InProgress => "In progress",
            Progress::Completed => "Completed",
            Progress::Partial => "Partial",
            Progress::Canceled => "Canceled",
            Progress::Refunded => "Refunded",
            Progress::Other(s) => s,
        }
    }

    /// Whether the panel will not change this any more. Unknown statuses count as not final, so
    /// a poller keeps asking rather than settling on something it does not understand.
    pub fn is_final(&self) -> bool {
        Progress::FINAL.contains(self)
    }
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// As the display text, so stored or shown statuses read like the panel's and parse back.
impl Serialize for Progress {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Progress {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Progress::parse(&String::deserialize(d)?))
    }
}

/// What an `add` carries besides `service`: the fields its service's type needs, in order
/// (`order_input::api_type`: `link`, `quantity`, `comments`, a subscription's `username`...),
/// and the drip-feed, sent only when given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AddExtras<'a> {
    pub fields: &'a [(&'static str, String)],
    /// Drip-feed: how many deliveries, `interval` minutes apart.
    pub runs: Option<u32>,
    pub interval: Option<u32>,
}

/// One call to the panel, without the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelRequest<'a> {
    Services,
    Balance,
    Add {
        service: ServiceId,
        extras: AddExtras<'a>,
    },
    Status(OrderId),
    /// At most `MAX_IDS_PER_REQUEST` ids.
    MultiStatus(&'a [OrderId]),
    Refill(OrderId),
    MultiRefill(&'a [OrderId]),
    RefillStatus(RefillId),
    MultiRefillStatus(&'a [RefillId]),
    Cancel(&'a [OrderId]),
}

impl PanelRequest<'_> {
    /// The `application/x-www-form-urlencoded` body: `key`, `action`, then the fields.
    ///
    /// Every byte outside RFC 3986 "unreserved" is percent-encoded, space included (`%20`, never
    /// `+`), so a link holding `+`, `&`, `=` or `#` reaches the panel exactly as given.
    pub fn encode(&self, key: &str) -> String {
        let mut body = String::new();
        push_field(&mut body, "key", key);
        push_field(&mut body, "action", self.action());
        match *self {
            PanelRequest::Services | PanelRequest::Balance => {}
            PanelRequest::Add { service, extras } => {
                push_field(&mut body, "service", &service.to_string());
                for (name, value) in extras.fields {
                    push_field(&mut body, name, value);
                }
                for (name, value) in [("runs", extras.runs), ("interval", extras.interval)] {
                    if let Some(v) = value {
                        push_field(&mut body, name, &v.to_string());
                    }
                }
            }
            PanelRequest::Status(id) | PanelRequest::Refill(id) => {
                push_field(&mut body, "order", &id.to_string())
            }
            PanelRequest::MultiStatus(ids)
            | PanelRequest::MultiRefill(ids)
            | PanelRequest::Cancel(ids) => push_field(&mut body, "orders", &comma_list(ids)),
            PanelRequest::RefillStatus(id) => push_field(&mut body, "refill", &id.to_string()),
            PanelRequest::MultiRefillStatus(ids) => {
                push_field(&mut body, "refills", &comma_list(ids))
            }
        }
        body
    }

    pub fn action(&self) -> &'static str {
        match self {
            PanelRequest::Services => "services",
            PanelRequest::Balance => "balance",
            PanelRequest::Add { .. } => "add",
            PanelRequest::Status(_) | PanelRequest::MultiStatus(_) => "status",
            PanelRequest::Refill(_) | PanelRequest::MultiRefill(_) => "refill",
            PanelRequest::RefillStatus(_) | PanelRequest::MultiRefillStatus(_) => "refill_status",
            PanelRequest::Cancel(_) => "cancel",
        }
    }
}

fn comma_list<T: fmt::Display>(ids: &[T]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn push_field(body: &mut String, name: &str, value: &str) {
    if !body.is_empty() {
        body.push('&');
    }
    percent_encode(body, name);
    body.push('=');
    percent_encode(body, value);
}

fn percent_encode(out: &mut String, raw: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in raw.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xF)] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a PHP panel does with the body: split on `&` and `=`, `+` is space, `%XX` is a byte.
    fn form_decode(body: &str) -> Vec<(String, String)> {
        fn unescape(s: &str) -> String {
            let bytes = s.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                match bytes[i] {
                    b'+' => out.push(b' '),
                    b'%' => {
                        out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                        i += 2;
                    }
                    b => out.push(b),
                }
                i += 1;
            }
            String::from_utf8(out).unwrap()
        }
        body.split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (unescape(k), unescape(v))
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn order(n: u64) -> OrderId {
        OrderId::new(n).unwrap()
    }

    #[test]
    fn a_tricky_link_reaches_the_panel_exactly_as_given() {
        let link = "https://example.com/p?a=1&b=2+3 x#frag/ü日本~.-_%41";
        let fields = [("link", link.to_string()), ("quantity", "500".to_string())];
        let req = PanelRequest::Add {
            service: ServiceId::new(7).unwrap(),
            extras: AddExtras {
                fields: &fields,
                ..AddExtras::default()
            },
        };
        let body = req.encode("k3y");
        assert!(!body.contains(' ') && !body.contains('+') && !body.contains('#'));
        assert_eq!(
            form_decode(&body),
            pairs(&[
                ("key", "k3y"),
                ("action", "add"),
                ("service", "7"),
                ("link", link),
                ("quantity", "500"),
            ])
        );
    }

    #[test]
    fn drip_feed_and_comments_are_sent_only_when_given() {
        let fields = [
            ("link", "l".to_string()),
            ("quantity", "10".to_string()),
            ("comments", "nice\nwow & such".to_string()),
        ];
        let req = PanelRequest::Add {
            service: ServiceId::new(1).unwrap(),
            extras: AddExtras {
                fields: &fields,
                runs: Some(5),
                interval: Some(30),
            },
        };
        assert_eq!(
            form_decode(&req.encode("k"))[3..],
            pairs(&[
                ("link", "l"),
                ("quantity", "10"),
                ("comments", "nice\nwow & such"),
                ("runs", "5"),
                ("interval", "30"),
            ])
        );
    }

    #[test]
    fn every_action_sends_its_documented_fields() {
        let ids = [order(1), order(10), order(100)];
        let refills = [RefillId::new(4).unwrap(), RefillId::new(5).unwrap()];
        type Case<'a> = (PanelRequest<'a>, &'a str, &'a [(&'a str, &'a str)]);
        let cases: [Case; 9] = [
            (PanelRequest::Services, "services", &[]),
            (PanelRequest::Balance, "balance", &[]),
            (
                PanelRequest::Status(order(23501)),
                "status",
                &[("order", "23501")],
            ),
            (
                PanelRequest::MultiStatus(&ids),
                "status",
                &[("orders", "1,10,100")],
            ),
            (PanelRequest::Refill(order(2)), "refill", &[("order", "2")]),
            (
                PanelRequest::MultiRefill(&ids),
                "refill",
                &[("orders", "1,10,100")],
            ),
            (
                PanelRequest::RefillStatus(refills[0]),
                "refill_status",
                &[("refill", "4")],
            ),
            (
                PanelRequest::MultiRefillStatus(&refills),
                "refill_status",
                &[("refills", "4,5")],
            ),
            (
                PanelRequest::Cancel(&ids[..2]),
                "cancel",
                &[("orders", "1,10")],
            ),
        ];
        for (req, action, fields) in cases {
            assert_eq!(req.action(), action);
            let mut want = pairs(&[("key", "secret"), ("action", action)]);
            want.extend(pairs(fields));
            assert_eq!(form_decode(&req.encode("secret")), want, "{action}");
        }
    }

    #[test]
    fn the_key_is_in_the_body_only() {
        let key = "sk_live_PANELKEY&=+";
        let req = PanelRequest::Status(order(9));
        assert!(form_decode(&req.encode(key)).contains(&("key".into(), key.into())));
        assert!(!req.action().contains("PANELKEY"));
        assert!(!format!("{req:?} {req:#?}").contains("PANELKEY"));
    }

    #[test]
    fn ids_parse_leniently_and_refuse_zero() {
        assert_eq!("23501".parse::<OrderId>(), Ok(order(23501)));
        assert_eq!(" 7 ".parse::<ServiceId>().map(ServiceId::get), Ok(7));
        assert_eq!("0".parse::<OrderId>(), Err(InvalidId));
        assert_eq!("-3".parse::<RefillId>(), Err(InvalidId));
        assert_eq!("5000000000".parse::<ServiceId>(), Err(InvalidId));
        assert_eq!(ServiceId::new(0), None);
        let from_json: Vec<OrderId> = serde_json::from_str(r#"[12, "13", 14.0]"#).unwrap();
        assert_eq!(from_json, [order(12), order(13), order(14)]);
        assert!(serde_json::from_str::<OrderId>("0").is_err());
        assert_eq!(serde_json::to_string(&order(23501)).unwrap(), "23501");
        assert_eq!(order(23501).to_string(), "23501");
    }

    #[test]
    fn progress_reads_every_spelling_and_writes_one() {
        for (raw, want) in [
            ("Pending", Progress::Pending),
            ("processing", Progress::Processing),
            ("In progress", Progress::InProgress),
            ("in_progress", Progress::InProgress),
            ("INPROGRESS", Progress::InProgress),
            ("Completed", Progress::Completed),
            ("Partial", Progress::Partial),
            ("Canceled", Progress::Canceled),
            ("Cancelled", Progress::Canceled),
            ("refunded", Progress::Refunded),
            (" Rejected ", Progress::Other("Rejected".into())),
        ] {
            assert_eq!(Progress::parse(raw), want, "{raw}");
        }
        assert_eq!(Progress::InProgress.as_str(), "In progress");
        assert_eq!(
            serde_json::to_string(&Progress::Canceled).unwrap(),
            r#""Canceled""#
        );
        let back: Progress = serde_json::from_str(r#""In progress""#).unwrap();
        assert_eq!(back, Progress::InProgress);
        assert!(Progress::Partial.is_final() && Progress::Canceled.is_final());
        assert!(!Progress::InProgress.is_final() && !Progress::Other("x".into()).is_final());
    }
}
