//! The panel's service catalogue as buyers see it: the seed's field names, and its search.

use super::panel::Service;
use serde::{Deserialize, Serialize};

/// One service in the public list, named as the panel (and the Flask app) name fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicService<'a> {
    pub service: u32,
    pub name: &'a str,
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub category: &'a str,
    pub rate: &'a str,
    pub min: u64,
    pub max: u64,
    pub refill: bool,
    pub cancel: bool,
}

impl<'a> From<&'a Service> for PublicService<'a> {
    fn from(s: &'a Service) -> Self {
        PublicService {
            service: s.id.get(),
            name: &s.name,
            kind: &s.kind,
            category: &s.category,
            rate: &s.rate,
            min: s.min,
            max: s.max,
            refill: s.refill,
            cancel: s.cancel,
        }
    }
}

/// `POST /api/search`, with the Flask app's filters. Every field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub max_price: Option<f64>,
    #[serde(default)]
    pub min_quantity: Option<u64>,
    #[serde(default)]
    pub max_quantity: Option<u64>,
    #[serde(default)]
    pub refill_only: Option<bool>,
    #[serde(default)]
    pub no_drop: Option<bool>,
}

/// The services matching every given filter, in catalogue order.
/// Words of `query` must all appear in the name or category (any case).
pub fn search<'a>(services: &'a [Service], q: &SearchQuery) -> Vec<&'a Service> {
    let words: Vec<String> = q
        .query
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    services
        .iter()
        .filter(|s| {
            let text = format!("{} {}", s.name, s.category).to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .filter(|s| match q.max_price {
            Some(max) => s.rate.parse::<f64>().is_ok_and(|r| r <= max),
            None => true,
        })
        // A service fits a wanted range when it can deliver some quantity inside it.
        .filter(|s| q.min_quantity.is_none_or(|min| s.max >= min))
        .filter(|s| q.max_quantity.is_none_or(|max| s.min <= max))
        .filter(|s| !q.refill_only.unwrap_or(false) || s.refill)
        .filter(|s| !q.no_drop.unwrap_or(false) || is_no_drop(&s.name))
        .collect()
}

fn is_no_drop(name: &str) -> bool {
    let n = name.to_lowercase().replace(['-', '_'], " ");
    ["non drop", "no drop", "nodrop", "nondrop"]
        .iter()
        .any(|p| n.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::panel::parse_services;
    use crate::core::panel::Reply;

    fn catalogue() -> Vec<Service> {
        let body = r#"[
          {"service":1,"name":"YouTube Subscribers [Refill]","type":"Default","category":"YouTube","rate":"2.40","min":"50","max":"10000","refill":true,"cancel":true},
          {"service":2,"name":"YouTube Views [Non-Drop]","type":"Default","category":"YouTube","rate":"0.90","min":"100","max":"1000000","refill":false,"cancel":true},
          {"service":3,"name":"Instagram Followers","type":"Default","category":"Instagram","rate":"1.20","min":"50","max":"500","refill":false,"cancel":false}
        ]"#;
        match parse_services(200, body) {
            Reply::Ok(s) => s,
            other => panic!("{other:?}"),
        }
    }

    fn ids(found: Vec<&Service>) -> Vec<u32> {
        found.iter().map(|s| s.id.get()).collect()
    }

    #[test]
    fn each_filter_narrows_the_list() {
        let c = catalogue();
        let q = |json: &str| serde_json::from_str::<SearchQuery>(json).unwrap();
        assert_eq!(ids(search(&c, &q("{}"))), [1, 2, 3]);
        assert_eq!(ids(search(&c, &q(r#"{"query":"youtube VIEWS"}"#))), [2]);
        assert_eq!(ids(search(&c, &q(r#"{"max_price":1.5}"#))), [2, 3]);
        assert_eq!(ids(search(&c, &q(r#"{"min_quantity":1000}"#))), [1, 2]);
        assert_eq!(ids(search(&c, &q(r#"{"max_quantity":60}"#))), [1, 3]);
        assert_eq!(ids(search(&c, &q(r#"{"refill_only":true}"#))), [1]);
        assert_eq!(ids(search(&c, &q(r#"{"no_drop":true}"#))), [2]);
        assert_eq!(
            ids(search(&c, &q(r#"{"query":"tiktok"}"#))),
            Vec::<u32>::new()
        );
    }

    #[test]
    fn unknown_or_mistyped_filters_are_refused() {
        assert!(serde_json::from_str::<SearchQuery>(r#"{"max_price":"cheap"}"#).is_err());
        assert!(serde_json::from_str::<SearchQuery>(r#"{"colour":"red"}"#).is_err());
    }

    #[test]
    fn the_public_shape_uses_the_panel_field_names() {
        let c = catalogue();
        let v = serde_json::to_value(PublicService::from(&c[0])).unwrap();
        assert_eq!(v["service"], 1);
        assert_eq!(v["type"], "Default");
        assert_eq!(v["min"], 50);
    }
}
