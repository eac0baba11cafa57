//! The admin API key check: constant time, no hint which part was wrong.

use super::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use sha2::{Digest, Sha256};

/// Compares digests, so neither the length nor the first differing byte leaks through timing.
pub fn check(configured: Option<&str>, presented: Option<&str>) -> Result<Fingerprint, ApiError> {
    let Some(configured) = configured else {
        return Err(ApiError::new(
            ErrorCode::AdminNotConfigured,
            "Admin access is disabled: set the ADMIN_API_KEY secret to enable it.",
        ));
    };
    let presented = presented.unwrap_or("").trim();
    let a = Sha256::digest(configured.as_bytes());
    let b = Sha256::digest(presented.as_bytes());
    let diff = a
        .iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y));
    if diff == 0 && !presented.is_empty() {
        Ok(Fingerprint(hex::encode(&a[..4])))
    } else {
        Err(ApiError::new(
            ErrorCode::Unauthorized,
            "A valid admin API key is required (X-API-Key header).",
        ))
    }
}

/// Who did it, for the audit log, without storing the key: `admin:1a2b3c4d`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(String);

impl Fingerprint {
    pub fn actor(&self) -> String {
        format!("admin:{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_key_passes() {
        assert!(check(Some("s3cret-key"), Some("s3cret-key")).is_ok());
        assert!(check(Some("s3cret-key"), Some(" s3cret-key\n")).is_ok());
        for wrong in [
            None,
            Some(""),
            Some("s3cret-ke"),
            Some("s3cret-keyy"),
            Some("S3CRET-KEY"),
        ] {
            let e = check(Some("s3cret-key"), wrong).unwrap_err();
            assert_eq!((e.status, e.code.key()), (401, "unauthorized"));
        }
    }

    #[test]
    fn an_unset_key_disables_admin_rather_than_opening_it() {
        let e = check(None, Some("anything")).unwrap_err();
        assert_eq!((e.status, e.code.key()), (503, "admin_not_configured"));
        let e = check(None, None).unwrap_err();
        assert_eq!(e.status, 503);
    }

    #[test]
    fn the_fingerprint_does_not_reveal_the_key() {
        let f = check(Some("s3cret-key"), Some("s3cret-key")).unwrap();
        assert!(f.actor().starts_with("admin:"));
        assert_eq!(f.actor().len(), "admin:".len() + 8);
        assert!(!f.actor().contains("s3cret"));
    }
}
