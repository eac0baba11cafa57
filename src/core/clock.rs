//! Time as the shop stores it: ISO-8601 UTC text, fixed width, so text order is time order.
//!
//! The core never reads a clock; the edge passes `UtcTime::from_millis(Date::now())` in.

use std::fmt;

/// A point in time, milliseconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcTime(i64);

const MS_PER_DAY: i64 = 86_400_000;

impl UtcTime {
    pub fn from_millis(ms: i64) -> UtcTime {
        UtcTime(ms)
    }

    pub fn millis(self) -> i64 {
        self.0
    }

    pub fn plus_days(self, days: i64) -> UtcTime {
        UtcTime(self.0.saturating_add(days.saturating_mul(MS_PER_DAY)))
    }

    pub fn plus_seconds(self, seconds: i64) -> UtcTime {
        UtcTime(self.0.saturating_add(seconds.saturating_mul(1000)))
    }

    /// `2026-11-25T11:47:28.123Z`: the one format written to D1.
    pub fn iso(self) -> String {
        let days = self.0.div_euclid(MS_PER_DAY);
        let ms_of_day = self.0.rem_euclid(MS_PER_DAY);
        let (y, m, d) = civil_from_days(days);
        let secs = ms_of_day / 1000;
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            ms_of_day % 1000
        )
    }

    /// The calendar day, `2026-11-25`, for per-day charts.
    pub fn day(self) -> String {
        self.iso()[..10].to_string()
    }

    /// Reads what this project writes and what the original app wrote
    /// (`2024-01-05 10:00:00`, `2024-01-05T10:00:00.123456`, optional `Z`/`+00:00`).
    /// Offsets other than UTC are refused: the original app only wrote UTC or naive times.
    pub fn parse(raw: &str) -> Option<UtcTime> {
        let s = raw.trim();
        let s = s
            .strip_suffix('Z')
            .or_else(|| s.strip_suffix("+00:00"))
            .unwrap_or(s);
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let t = s.get(r)?;
            if t.bytes().all(|c| c.is_ascii_digit()) {
                t.parse().ok()
            } else {
                None
            }
        };
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
            return None;
        }
        let mut ms = days_from_civil(y, mo, d) * MS_PER_DAY;
        if b.len() > 10 {
            if (b[10] != b'T' && b[10] != b' ') || b.len() < 19 || b[13] != b':' || b[16] != b':' {
                return None;
            }
            let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
            if h > 23 || mi > 59 || sec > 60 {
                return None;
            }
            ms += (h * 3600 + mi * 60 + sec) * 1000;
            if b.len() > 19 {
                let frac = s.get(20..)?;
                if b[19] != b'.' || frac.is_empty() || !frac.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                let first3: String = frac.chars().chain("000".chars()).take(3).collect();
                ms += first3.parse::<i64>().ok()?;
            }
        }
        Some(UtcTime(ms))
    }
}

impl fmt::Display for UtcTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

// Howard Hinnant's civil-date algorithms (public domain): exact for the proleptic Gregorian calendar.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(UtcTime::from_millis(0).iso(), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            UtcTime::from_millis(1_795_607_248_123).iso(),
            "2026-11-25T11:47:28.123Z"
        );
        assert_eq!(
            UtcTime::from_millis(951_782_400_000).iso(),
            "2000-02-29T00:00:00.000Z"
        );
    }

    #[test]
    fn parses_what_it_writes_and_what_the_flask_app_wrote() {
        for ms in [0, 951_782_400_000, 1_795_607_248_123, 4_102_444_799_999] {
            let t = UtcTime::from_millis(ms);
            assert_eq!(UtcTime::parse(&t.iso()), Some(t));
        }
        let flask = UtcTime::parse("2026-11-25 11:47:28").unwrap();
        assert_eq!(flask.iso(), "2026-11-25T11:47:28.000Z");
        let py = UtcTime::parse("2026-11-25T11:47:28.123456").unwrap();
        assert_eq!(py.iso(), "2026-11-25T11:47:28.123Z");
        assert_eq!(UtcTime::parse("2026-11-25").unwrap().day(), "2026-11-25");
        assert_eq!(UtcTime::parse("2026-11-25T11:47:28+00:00"), Some(flask));
    }

    #[test]
    fn refuses_what_it_cannot_read_exactly() {
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-11-25T25:00:00",
            "2026-11-25T11:47:28+02:00",
            "2026/11/25",
            "2026-11-25T11:47",
        ] {
            assert_eq!(UtcTime::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn iso_text_order_is_time_order() {
        let a = UtcTime::from_millis(1_000);
        let b = a.plus_days(40);
        assert!(a.iso() < b.iso());
        assert_eq!(b.millis() - a.millis(), 40 * MS_PER_DAY);
    }
}
