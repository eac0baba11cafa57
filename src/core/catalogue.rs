//! The panel's service catalogue as buyers see it: the seed's field names, and its search.

use super::envelope::ApiError;
use super::json::obj;
use super::panel::Service;
use crate::core::error_code::ErrorCode;
use crate::core::shape::*;
use serde_json::Value;

pub const PUBLIC_SERVICE: Body = answer(
    "PublicService",
    "",
    &[
        always("service", Kind::Integer, ""),
        always("name", Kind::Text, ""),
        always("type", Kind::Text, ""),
        always("category", Kind::Text, ""),
        sometimes("rate", Kind::Text, "The shop's public price per 1000 (the panel's rate x PUBLIC_PRICE_MULTIPLIER, rounded to cents), decimal text. Absent unless the shop sets PUBLIC_PRICE_MULTIPLIER: the panel's wholesale rate is never shown."),
        always("min", Kind::Integer, ""),
        always("max", Kind::Integer, ""),
        always("refill", Kind::Flag, ""),
        always("cancel", Kind::Flag, ""),
    ],
);

/// `POST /api/search`, with the Flask app's filters: every one optional, `{}` lists everything.
pub const SEARCH: Body = closed(
    "SearchQuery",
    "",
    &[
        maybe(
            "query",
            Kind::Text,
            "Words that must all appear in the name or category.",
        ),
        maybe(
            "max_price",
            Kind::Number,
            "Highest public price per 1000; only when the shop publishes prices \
             (PUBLIC_PRICE_MULTIPLIER), otherwise 400 `prices_not_public`.",
        ),
        maybe(
            "min_quantity",
            Kind::Whole { min: 0 },
            "Services whose max is at least this.",
        ),
        maybe(
            "max_quantity",
            Kind::Whole { min: 0 },
            "Services whose min is at most this.",
        ),
        maybe("refill_only", Kind::Flag, ""),
        maybe("no_drop", Kind::Flag, "Only \"non drop\" services."),
    ],
);

/// One service in the public list, named as the panel (and the Flask app) name fields. Never
/// the panel's wholesale `rate`: `rate` is the shop's public price, and only when the shop
/// sets `PUBLIC_PRICE_MULTIPLIER`.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicService<'a> {
    pub service: u32,
    pub name: &'a str,
    pub kind: &'a str,
    pub category: &'a str,
    pub rate: Option<String>,
    pub min: u64,
    pub max: u64,
    pub refill: bool,
    pub cancel: bool,
}

impl<'a> PublicService<'a> {
    pub fn to_json(&self) -> Value {
        let service = obj!(PUBLIC_SERVICE => {
            "service": self.service, "name": self.name, "type": self.kind,
            "category": self.category, "min": self.min, "max": self.max, "refill": self.refill,
            "cancel": self.cancel,
        });
        match &self.rate {
            Some(rate) => obj!(PUBLIC_SERVICE => adds(service) { "rate": rate }),
            None => service,
        }
    }

    /// `multiplier`: the shop's `PUBLIC_PRICE_MULTIPLIER`; `None` shows no price at all.
    pub fn of(s: &'a Service, multiplier: Option<f64>) -> Self {
        PublicService {
            service: s.id.get(),
            name: &s.name,
            kind: &s.kind,
            category: &s.category,
            rate: multiplier.and_then(|m| public_price(&s.rate, m)),
            min: s.min,
            max: s.max,
            refill: s.refill,
            cancel: s.cancel,
        }
    }
}

/// `POST /api/search`, with the Flask app's filters (`body::SEARCH`). Every field is optional.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub query: Option<String>,
    pub max_price: Option<f64>,
    pub min_quantity: Option<u64>,
    pub max_quantity: Option<u64>,
    pub refill_only: Option<bool>,
    pub no_drop: Option<bool>,
}

impl SearchQuery {
    /// The request body's fields, as `body::SEARCH` declares them.
    pub fn read(f: &super::json::Fields) -> SearchQuery {
        SearchQuery {
            query: f.opt_text("query"),
            max_price: f.opt_number("max_price"),
            min_quantity: f.opt_whole("min_quantity").map(u64::from),
            max_quantity: f.opt_whole("max_quantity").map(u64::from),
            refill_only: f.opt_bool("refill_only"),
            no_drop: f.opt_bool("no_drop"),
        }
    }
}

/// The shop's price per 1000: the panel's rate times `multiplier`, rounded to cents.
pub fn public_price(rate: &str, multiplier: f64) -> Option<String> {
    let r = rate.trim().parse::<f64>().ok()?;
    let price = (r * multiplier * 100.0).round() / 100.0;
    (price.is_finite() && price >= 0.0).then(|| super::money::fixed(price, 2))
}

/// The services matching every given filter, in catalogue order.
/// Words of `query` must all appear in the name or category (any case). `max_price` compares
/// the public price, so it needs a `multiplier` (400 without one: no price is public).
pub fn search<'a>(
    services: &'a [Service],
    q: &SearchQuery,
    multiplier: Option<f64>,
) -> Result<Vec<&'a Service>, ApiError> {
    if q.max_price.is_some() && multiplier.is_none() {
        return Err(ApiError::new(
            ErrorCode::PricesNotPublic,
            "This shop does not publish prices, so max_price cannot be used.",
        ));
    }
    let words: Vec<String> = q
        .query
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .map(super::fold::lower)
        .collect();
    Ok(services
        .iter()
        .filter(|s| {
            let text = super::fold::lower(&format!("{} {}", s.name, s.category));
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .filter(|s| match (q.max_price, multiplier) {
            (Some(max), Some(m)) => public_price(&s.rate, m)
                .and_then(|p| p.parse::<f64>().ok())
                .is_some_and(|p| p <= max),
            _ => true,
        })
        // A service fits a wanted range when it can deliver some quantity inside it.
        .filter(|s| q.min_quantity.is_none_or(|min| s.max >= min))
        .filter(|s| q.max_quantity.is_none_or(|max| s.min <= max))
        .filter(|s| !q.refill_only.unwrap_or(false) || s.refill)
        .filter(|s| !q.no_drop.unwrap_or(false) || is_no_drop(&s.name))
        .collect())
}

fn is_no_drop(name: &str) -> bool {
    let n = super::fold::lower(name).replace(['-', '_'], " ");
    ["non drop", "no drop", "nodrop", "nondrop"]
        .iter()
        .any(|p| n.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::panel::parse_services;
    use crate::core::panel::PanelReply;

    fn catalogue() -> Vec<Service> {
        let body = r#"[
          {"service":1,"name":"YouTube Subscribers [Refill]","type":"Default","category":"YouTube","rate":"2.40","min":"50","max":"10000","refill":true,"cancel":true},
          {"service":2,"name":"YouTube Views [Non-Drop]","type":"Default","category":"YouTube","rate":"0.90","min":"100","max":"1000000","refill":false,"cancel":true},
          {"service":3,"name":"Instagram Followers","type":"Default","category":"Instagram","rate":"1.20","min":"50","max":"500","refill":false,"cancel":false}
        ]"#;
        match parse_services(200, body) {
            PanelReply::Ok(s) => s,
            other => panic!("{other:?}"),
        }
    }

    fn parse(json: &str) -> Result<SearchQuery, ApiError> {
        crate::core::envelope::parse_body(json.as_bytes(), &SEARCH, SearchQuery::read)
    }

    fn ids(found: Vec<&Service>) -> Vec<u32> {
        found.iter().map(|s| s.id.get()).collect()
    }

    #[test]
    fn each_filter_narrows_the_list() {
        let c = catalogue();
        let q = |json: &str| parse(json).unwrap();
        let find = |json: &str| ids(search(&c, &q(json), Some(1.0)).unwrap());
        assert_eq!(find("{}"), [1, 2, 3]);
        assert_eq!(find(r#"{"query":"youtube VIEWS"}"#), [2]);
        assert_eq!(find(r#"{"max_price":1.5}"#), [2, 3]);
        // Prices are the shop's: 0.90 x 2 = 1.80 is over 1.5.
        assert_eq!(
            ids(search(&c, &q(r#"{"max_price":1.5}"#), Some(2.0)).unwrap()),
            Vec::<u32>::new()
        );
        assert_eq!(find(r#"{"min_quantity":1000}"#), [1, 2]);
        assert_eq!(find(r#"{"max_quantity":60}"#), [1, 3]);
        assert_eq!(find(r#"{"refill_only":true}"#), [1]);
        assert_eq!(find(r#"{"no_drop":true}"#), [2]);
        assert_eq!(find(r#"{"query":"tiktok"}"#), Vec::<u32>::new());
        // Without public prices, a price filter would leak the wholesale rate.
        let e = search(&c, &q(r#"{"max_price":1.5}"#), None).unwrap_err();
        assert_eq!((e.status, e.code.key()), (400, "prices_not_public"));
    }

    #[test]
    fn unknown_or_mistyped_filters_are_refused() {
        assert!(parse(r#"{"max_price":"cheap"}"#).is_err());
        assert!(parse(r#"{"colour":"red"}"#).is_err());
    }

    #[test]
    fn the_public_shape_uses_the_panel_field_names() {
        let c = catalogue();
        let v = PublicService::of(&c[0], None).to_json();
        assert_eq!(v["service"], 1);
        assert_eq!(v["type"], "Default");
        assert_eq!(v["min"], 50);
        assert!(v.get("rate").is_none(), "no wholesale rate by default");
        let priced = PublicService::of(&c[0], Some(1.5)).to_json();
        assert_eq!(priced["rate"], "3.60");
        assert_eq!(public_price("0.333", 3.0).as_deref(), Some("1.00"));
        assert_eq!(public_price("n/a", 3.0), None);
    }
}
