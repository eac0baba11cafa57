//! Admin lists: filters from the query string, a bounded `limit`, and an opaque keyset cursor
//! (newest first), so paging stays fast and stable while rows are added.

use super::clock::UtcTime;
use super::envelope::ApiError;
use super::redemption::CodeStatus;
use super::service::Platform;
use crate::core::error_code::ErrorCode;

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 500;

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidFilter, message)
}

pub fn limit(raw: Option<&str>) -> Result<u32, ApiError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(DEFAULT_LIMIT),
        Some(v) => match v.parse::<u32>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(bad(format!(
                "limit must be a number from 1 to {MAX_LIMIT}."
            ))),
        },
    }
}

/// Where the previous page ended: the sort key of its last row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub after_time: String,
    pub after_key: String,
}

impl Cursor {
    /// Hex, so it is URL-safe and clients treat it as opaque.
    pub fn encode(time: &str, key: &str) -> String {
        hex::encode(format!("{time}|{key}"))
    }

    pub fn parse(raw: Option<&str>) -> Result<Option<Cursor>, ApiError> {
        let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
            return Ok(None);
        };
        let invalid = || bad("cursor is not one this API handed out.");
        let bytes = hex::decode(raw).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let (time, key) = text.split_once('|').ok_or_else(invalid)?;
        if time.len() > 40 || key.len() > 80 {
            return Err(invalid());
        }
        Ok(Some(Cursor {
            after_time: time.to_string(),
            after_key: key.to_string(),
        }))
    }
}

/// Lists read `limit + 1` rows: keep `limit`, and hand out the cursor of the last kept row
/// when more follow. `key` gives a row's sort key (time, tie-breaker).
pub fn split_page<R>(
    mut rows: Vec<R>,
    limit: u32,
    key: impl Fn(&R) -> (String, String),
) -> (Vec<R>, Option<String>) {
    if rows.len() <= limit as usize {
        return (rows, None);
    }
    rows.truncate(limit as usize);
    let next = rows.last().map(|r| {
        let (time, k) = key(r);
        Cursor::encode(&time, &k)
    });
    (rows, next)
}

/// `GET /api/admin/codes` filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CodeFilter {
    pub status: Option<CodeStatus>,
    /// Canonical platform key (`youtube`), so dirty stored names were normalised on the way in.
    pub platform: Option<String>,
    /// Part of a code, an invoice id or an order id.
    pub q: Option<String>,
}

impl CodeFilter {
    pub fn parse(
        status: Option<&str>,
        platform: Option<&str>,
        q: Option<&str>,
    ) -> Result<CodeFilter, ApiError> {
        let nonblank = |v: Option<&str>| {
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let status = match nonblank(status) {
            None => None,
            Some(s) => Some(CodeStatus::parse(&s).ok_or_else(|| {
                bad("status must be one of unused, reserved, used, needs_review, void.")
            })?),
        };
        let q = nonblank(q);
        if q.as_ref().is_some_and(|q| q.chars().count() > 64) {
            return Err(bad("q must be 64 characters at most."));
        }
        Ok(CodeFilter {
            status,
            platform: nonblank(platform).map(|p| Platform::parse(&p).key().to_string()),
            q: q.map(|q| q.to_ascii_uppercase()),
        })
    }
}

/// `from` / `to` of the redemptions list: whole days or full timestamps, as ISO text.
pub fn time_range(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<String>, Option<String>), ApiError> {
    let one =
        |raw: Option<&str>, name: &str, end_of_day: bool| -> Result<Option<String>, ApiError> {
            let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
                return Ok(None);
            };
            let t = UtcTime::parse(raw)
                .ok_or_else(|| bad(format!("{name} must be a date like 2026-11-25.")))?;
            // `to=2026-11-25` means through the end of that day.
            let t = if end_of_day && raw.len() == 10 {
                t.plus_days(1)
            } else {
                t
            };
            Ok(Some(t.iso()))
        };
    Ok((one(from, "from", false)?, one(to, "to", true)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_default_and_cap() {
        assert_eq!(limit(None), Ok(50));
        assert_eq!(limit(Some("500")), Ok(500));
        for bad in ["0", "501", "-1", "ten"] {
            assert_eq!(limit(Some(bad)).unwrap_err().code, "invalid_filter");
        }
    }

    #[test]
    fn cursors_round_trip_and_refuse_forgeries() {
        let c = Cursor::encode("2026-11-25T10:00:00.000Z", "SMM-AAAA");
        assert!(c.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(
            Cursor::parse(Some(&c)).unwrap(),
            Some(Cursor {
                after_time: "2026-11-25T10:00:00.000Z".into(),
                after_key: "SMM-AAAA".into()
            })
        );
        assert_eq!(Cursor::parse(Some("")).unwrap(), None);
        for bad in ["zz", "abc", &hex::encode("no-separator")] {
            assert!(Cursor::parse(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_page_keeps_limit_rows_and_points_past_the_last() {
        let key = |r: &u32| (format!("t{r}"), r.to_string());
        assert_eq!(split_page(vec![1, 2], 2, key), (vec![1, 2], None));
        let (rows, next) = split_page(vec![1, 2, 3], 2, key);
        assert_eq!(rows, vec![1, 2]);
        let c = Cursor::parse(next.as_deref()).unwrap().unwrap();
        assert_eq!((c.after_time.as_str(), c.after_key.as_str()), ("t2", "2"));
    }

    #[test]
    fn filters_are_normalised() {
        let f = CodeFilter::parse(Some("needs_review"), Some(" YouTube "), Some("smm-7q")).unwrap();
        assert_eq!(f.status, Some(CodeStatus::NeedsReview));
        assert_eq!(f.platform.as_deref(), Some("youtube"));
        assert_eq!(f.q.as_deref(), Some("SMM-7Q"));
        assert_eq!(
            CodeFilter::parse(Some("spent"), None, None)
                .unwrap_err()
                .code,
            "invalid_filter"
        );
        assert_eq!(
            CodeFilter::parse(Some(""), Some(""), Some("")).unwrap(),
            CodeFilter::default()
        );
    }

    #[test]
    fn a_day_range_includes_the_whole_last_day() {
        let (from, to) = time_range(Some("2026-11-01"), Some("2026-11-25")).unwrap();
        assert_eq!(from.as_deref(), Some("2026-11-01T00:00:00.000Z"));
        assert_eq!(to.as_deref(), Some("2026-11-26T00:00:00.000Z"));
        assert!(time_range(Some("yesterday"), None).is_err());
    }
}
