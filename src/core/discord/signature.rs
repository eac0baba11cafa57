//! What the edge needs to check an interaction's Ed25519 signature with Web Crypto: the
//! message Discord signs, the headers' hex read strictly, and a freshness window. The check
//! itself (`crypto.subtle.verify("Ed25519", ...)`) stays in the edge.

/// How far Discord's `X-Signature-Timestamp` may be from now, either way, in seconds.
pub const MAX_CLOCK_SKEW_SECONDS: i64 = 300;

/// The signed bytes: `X-Signature-Timestamp` followed by the raw body, exactly as received
/// (never a re-serialised body: a single changed byte must fail the check).
pub fn signed_message(timestamp: &str, body: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(timestamp.len() + body.len());
    message.extend_from_slice(timestamp.as_bytes());
    message.extend_from_slice(body);
    message
}

/// `X-Signature-Ed25519`: exactly 128 hex digits. Anything else is no signature.
pub fn parse_signature(hex: &str) -> Option<[u8; 64]> {
    fixed_hex(hex)
}

/// The application's public key from the developer portal: exactly 64 hex digits, raw
/// (the form Web Crypto imports as `"raw"`).
pub fn parse_public_key(hex: &str) -> Option<[u8; 32]> {
    fixed_hex(hex.trim())
}

fn fixed_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    // `decode_to_slice` refuses odd lengths, non-hex digits and any length but 2N.
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

/// Whether `X-Signature-Timestamp` (Unix seconds, as decimal text) is within
/// `MAX_CLOCK_SKEW_SECONDS` of `now_unix`: a captured request replayed later is refused.
pub fn timestamp_fresh(ts: &str, now_unix: i64) -> bool {
    if ts.is_empty() || ts.len() > 12 || !ts.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    ts.parse::<i64>()
        .is_ok_and(|t| (now_unix - t).abs() <= MAX_CLOCK_SKEW_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_is_timestamp_then_raw_body() {
        assert_eq!(
            signed_message("1700000000", br#"{"type":1}"#),
            br#"1700000000{"type":1}"#.to_vec()
        );
    }

    #[test]
    fn hex_lengths_are_strict() {
        let key = "ab".repeat(32);
        assert_eq!(parse_public_key(&key), Some([0xab; 32]));
        assert_eq!(parse_public_key(&key.to_uppercase()), Some([0xab; 32]));
        assert_eq!(parse_public_key(&"ab".repeat(31)), None);
        assert_eq!(parse_public_key(&"ab".repeat(33)), None);
        assert_eq!(parse_public_key(&format!("{}g", &key[1..])), None);
        let sig = "0f".repeat(64);
        assert_eq!(parse_signature(&sig), Some([0x0f; 64]));
        assert_eq!(parse_signature(&sig[1..]), None);
        assert_eq!(parse_signature(&format!(" {sig}")), None);
        assert_eq!(parse_signature(""), None);
    }

    #[test]
    fn a_timestamp_is_fresh_for_five_minutes_either_way() {
        let now = 1_700_000_000;
        assert!(timestamp_fresh("1700000000", now));
        assert!(timestamp_fresh("1699999700", now));
        assert!(timestamp_fresh("1700000300", now));
        assert!(!timestamp_fresh("1699999699", now));
        assert!(!timestamp_fresh("1700000301", now));
        for bad in [
            "",
            "-1700000000",
            "+1700000000",
            "1700000000.5",
            " 1700000000",
            "1e9",
        ] {
            assert!(!timestamp_fresh(bad, now), "{bad:?}");
        }
        assert!(!timestamp_fresh("99999999999999999999", now));
    }
}
