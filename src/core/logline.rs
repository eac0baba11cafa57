//! One structured log line per request, safe to ship anywhere: the route's pattern instead of
//! its path (a path can hold a code), no bodies, no keys, no emails.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct LogLine<'a> {
    pub at: String,
    pub request_id: &'a str,
    pub method: &'a str,
    /// The route table's pattern (`core::route`), never the path: a path can hold a code.
    pub route: &'static str,
    pub status: u16,
    pub ms: i64,
    /// Statements prepared, and the round trips they took (a batch is one).
    pub d1_queries: u32,
    pub d1_round_trips: u32,
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
    short_hash(&super::fold::lower(email.trim()))
}

/// 12 hex digits of SHA-256: a stable, short name for a text (an alert's condition).
pub fn short_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(text.as_bytes())[..6])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_line_is_one_json_object() {
        let line = LogLine {
            at: "2026-11-25T12:00:00.000Z".into(),
            request_id: "ab12",
            method: "POST",
            route: "/api/redeem",
            status: 200,
            ms: 12,
            d1_queries: 5,
            d1_round_trips: 3,
            panel_calls: 1,
            error: None,
        };
        let v: serde_json::Value = serde_json::from_str(&line.json()).unwrap();
        assert_eq!(v["route"], "/api/redeem");
        assert_eq!(
            (v["d1_queries"].as_u64(), v["d1_round_trips"].as_u64()),
            (Some(5), Some(3))
        );
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
