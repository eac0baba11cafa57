//! Dashboard numbers that need more than a SQL count: gap-free day series, the low-balance flag.

use super::clock::UtcTime;
use crate::core::error_code::ErrorCode;

pub const MAX_DAYS: u32 = 366;

/// The last `days` calendar days ending today, oldest first.
pub fn day_labels(today: UtcTime, days: u32) -> Vec<String> {
    (0..i64::from(days))
        .rev()
        .map(|back| today.plus_days(-back).day())
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct DayCount {
    pub day: String,
    pub count: u64,
    pub units: u64,
}

/// One entry per day (zeros where nothing happened), so a chart's x axis is honest.
pub fn fill_days(labels: &[String], rows: &[(String, u64, u64)]) -> Vec<DayCount> {
    labels
        .iter()
        .map(|day| {
            let (count, units) = rows
                .iter()
                .find(|(d, _, _)| d == day)
                .map_or((0, 0), |(_, c, u)| (*c, *u));
            DayCount {
                day: day.clone(),
                count,
                units,
            }
        })
        .collect()
}

/// Compares the panel's decimal text with the shop's threshold; unreadable text is not "low".
pub fn is_low_balance(balance: &str, threshold: f64) -> bool {
    balance.trim().parse::<f64>().is_ok_and(|b| b < threshold)
}

pub fn days(raw: Option<&str>) -> Result<u32, super::envelope::ApiError> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(30),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=MAX_DAYS).contains(d))
            .ok_or_else(|| {
                super::envelope::ApiError::new(
                    ErrorCode::InvalidFilter,
                    format!("days must be from 1 to {MAX_DAYS}."),
                )
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_series_have_no_gaps() {
        let today = UtcTime::parse("2026-03-01T12:00:00Z").unwrap();
        let labels = day_labels(today, 3);
        assert_eq!(labels, ["2026-02-27", "2026-02-28", "2026-03-01"]);
        let filled = fill_days(&labels, &[("2026-02-28".into(), 2, 2000)]);
        assert_eq!(
            filled.iter().map(|d| d.count).collect::<Vec<_>>(),
            [0, 2, 0]
        );
        assert_eq!(filled[1].units, 2000);
    }

    #[test]
    fn low_balance_is_a_plain_comparison() {
        assert!(is_low_balance("4.99", 5.0));
        assert!(!is_low_balance("100.84292", 5.0));
        assert!(!is_low_balance("n/a", 5.0));
    }

    #[test]
    fn days_are_bounded() {
        assert_eq!(days(None).unwrap(), 30);
        assert_eq!(days(Some("7")).unwrap(), 7);
        assert!(days(Some("0")).is_err());
        assert!(days(Some("1000")).is_err());
    }
}
