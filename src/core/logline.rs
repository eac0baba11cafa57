//! One structured log line per request, safe to ship anywhere: the route's pattern instead of
//! its path (a path can hold a code), no bodies, no keys, no emails.

use serde::Serialize;

/// The literal words of the route table. Any other path segment (a code, an id, a stranger's
/// probe) is logged as `{}`, so nothing a client put in a URL reaches the logs.
const ROUTE_WORDS: &[&str] = &[
    "api",
    "admin",
    "health",
    "validate-code",
    "redeem",
    "user",
    "redemptions",
    "services",
    "search",
    "order-status",
    "orders",
    "by-code",
    "refill",
    "balance",
    "stats",
    "codes",
    "codes.csv",
    "void",
    "resolve",
    "redemptions.csv",
    "order",
    "import",
    "products",
    "deliveries",
    "invoices",
    "webhook",
    "sellauth",
];

pub fn route_pattern(path: &str) -> String {
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    trimmed
        .split('/')
        .map(|seg| {
            if ROUTE_WORDS.contains(&seg) {
                seg
            } else {
                "{}"
            }
        })
        .fold(String::new(), |mut out, seg| {
            out.push('/');
            out.push_str(seg);
            out
        })
}

#[derive(Debug, Serialize)]
pub struct LogLine<'a> {
    pub at: String,
    pub request_id: &'a str,
    pub method: &'a str,
    pub route: String,
    pub status: u16,
    pub ms: i64,
    pub d1_queries: u32,
    pub panel_calls: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
}

impl LogLine<'_> {
    pub fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// For support and the logs: an email as a short SHA-256 prefix, never the address.
pub fn email_hash(email: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(email.trim().to_lowercase().as_bytes());
    hex::encode(&digest[..6])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_keep_words_and_hide_values() {
        assert_eq!(route_pattern("/api/redeem"), "/api/redeem");
        assert_eq!(
            route_pattern("/api/orders/by-code/SMM-7QK4-M9XD-2HTC-AB3F"),
            "/api/orders/by-code/{}"
        );
        assert_eq!(
            route_pattern("/api/admin/codes/WORKING-001/void"),
            "/api/admin/codes/{}/void"
        );
        assert_eq!(route_pattern("/"), "/");
        assert_eq!(route_pattern("/wp-login.php"), "/{}");
    }

    #[test]
    fn a_log_line_is_one_json_object() {
        let line = LogLine {
            at: "2026-11-25T12:00:00.000Z".into(),
            request_id: "ab12",
            method: "POST",
            route: route_pattern("/api/redeem"),
            status: 200,
            ms: 12,
            d1_queries: 3,
            panel_calls: 1,
            error: None,
        };
        let v: serde_json::Value = serde_json::from_str(&line.json()).unwrap();
        assert_eq!(v["route"], "/api/redeem");
        assert_eq!(v["d1_queries"], 3);
        assert!(v.get("error").is_none());
    }

    #[test]
    fn emails_are_hashed_stably() {
        assert_eq!(
            email_hash("Buyer@Example.com "),
            email_hash("buyer@example.com")
        );
        assert_eq!(email_hash("a@b.c").len(), 12);
        assert!(!email_hash("buyer@example.com").contains('@'));
    }
}
