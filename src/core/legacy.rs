//! Moving in from the original Flask app: its `codes` and `redemption_history` rows, as its
//! SQLite file holds them (loosely typed, dirty), turned into rows this project stores, with
//! a word for every value that had to change.

use super::clock::UtcTime;
use super::code::Code;
use super::json::Fields;
use super::redemption::{expiry, CodeStatus};
use super::service::{Platform, ServiceKind};
use crate::core::shape::*;
use serde::Serialize;
use serde_json::Value;
use std::ops::RangeInclusive;

const fn loose(name: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Any,
        required: true,
        words: "",
    }
}

const fn loose_maybe(name: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Any,
        required: false,
        words: "",
    }
}

/// A `codes` row of the Flask app (`core::legacy`).
pub const LEGACY_CODE: Body = open(
    "LegacyCode",
    "A `codes` row of the Flask app's SQLite file; every column may hold any type \
        (values are normalised, each change reported).",
    &[
        loose("code"),
        loose("service_id"),
        loose("quantity"),
        loose("platform"),
        loose("service_type"),
        loose_maybe("requirements"),
        loose_maybe("status"),
        loose("created_date"),
        loose_maybe("used_date"),
        loose_maybe("used_by_user_id"),
        loose_maybe("order_id"),
        loose_maybe("expiry_days"),
        loose_maybe("has_refill"),
    ],
);

/// A `redemption_history` row of the Flask app.
pub const LEGACY_REDEMPTION: Body = open(
    "LegacyRedemption",
    "A `redemption_history` row of the Flask app.",
    &[
        loose("id"),
        loose("code"),
        loose_maybe("user_id"),
        loose_maybe("username"),
        loose("service_id"),
        loose("quantity"),
        loose_maybe("link"),
        loose_maybe("order_id"),
        loose("redeemed_date"),
    ],
);

/// Rows of each kind per import call; the importer sends the file in batches of this size.
pub const IMPORT_ROWS: RangeInclusive<u32> = 0..=500;

/// A `codes` row of the Flask app. SQLite lets any column hold any type, so all are loose.
#[derive(Debug, Clone)]
pub struct LegacyCode {
    pub code: Value,
    pub service_id: Value,
    pub quantity: Value,
    pub platform: Value,
    pub service_type: Value,
    pub requirements: Value,
    pub status: Value,
    pub created_date: Value,
    pub used_date: Value,
    pub used_by_user_id: Value,
    pub order_id: Value,
    pub expiry_days: Value,
    pub has_refill: Value,
}

impl LegacyCode {
    /// A row as sent (`body::LEGACY_CODE`): at least the Flask table's NOT NULL columns.
    pub fn from_json(row: &Value) -> Result<LegacyCode, String> {
        let f = Fields::of(row, &LEGACY_CODE)?;
        let row = LegacyCode {
            code: f.json("code"),
            service_id: f.json("service_id"),
            quantity: f.json("quantity"),
            platform: f.json("platform"),
            service_type: f.json("service_type"),
            requirements: f.json("requirements"),
            status: f.json("status"),
            created_date: f.json("created_date"),
            used_date: f.json("used_date"),
            used_by_user_id: f.json("used_by_user_id"),
            order_id: f.json("order_id"),
            expiry_days: f.json("expiry_days"),
            has_refill: f.json("has_refill"),
        };
        f.done(row)
    }
}

/// A `redemption_history` row of the Flask app.
#[derive(Debug, Clone)]
pub struct LegacyRedemption {
    pub id: Value,
    pub code: Value,
    pub user_id: Value,
    pub username: Value,
    pub service_id: Value,
    pub quantity: Value,
    pub link: Value,
    pub order_id: Value,
    pub redeemed_date: Value,
}

impl LegacyRedemption {
    /// A row as sent (`body::LEGACY_REDEMPTION`).
    pub fn from_json(row: &Value) -> Result<LegacyRedemption, String> {
        let f = Fields::of(row, &LEGACY_REDEMPTION)?;
        let row = LegacyRedemption {
            id: f.json("id"),
            code: f.json("code"),
            user_id: f.json("user_id"),
            username: f.json("username"),
            service_id: f.json("service_id"),
            quantity: f.json("quantity"),
            link: f.json("link"),
            order_id: f.json("order_id"),
            redeemed_date: f.json("redeemed_date"),
        };
        f.done(row)
    }
}

/// A code ready for the `codes` table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedCode {
    pub code: String,
    pub service_id: u64,
    pub quantity: u64,
    pub platform: String,
    pub service_type: String,
    pub requirements: Option<String>,
    pub status: &'static str,
    pub created_date: String,
    pub used_date: Option<String>,
    pub used_by_user_id: Option<String>,
    pub order_id: Option<u64>,
    pub expiry_days: Option<u64>,
    pub expires_at: Option<String>,
    pub has_refill: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedRedemption {
    pub legacy_id: u64,
    pub code: String,
    pub user_id: String,
    pub username: String,
    pub service_id: u64,
    pub quantity: u64,
    pub link: String,
    pub order_id: Option<u64>,
    pub redeemed_date: String,
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn whole(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => matches!(s.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes"),
        _ => false,
    }
}

fn time(v: &Value) -> Option<String> {
    text(v).and_then(|t| UtcTime::parse(&t)).map(|t| t.iso())
}

/// Normalises one code. `Err` says why the row cannot be imported at all; `Ok` carries the
/// row and a line for every value that was changed on the way.
pub fn import_code(row: &LegacyCode) -> Result<(ImportedCode, Vec<String>), String> {
    let raw_code = text(&row.code).ok_or("the code is empty")?;
    let code = Code::parse(&raw_code).map_err(|e| format!("code {raw_code:?}: {}", e.message()))?;
    let name = code.as_str().to_string();
    let mut changes = Vec::new();
    if raw_code != name {
        changes.push(format!("{name}: code {raw_code:?} -> {name:?}"));
    }
    let service_id = whole(&row.service_id).filter(|n| *n > 0).ok_or_else(|| {
        format!(
            "{name}: service_id {} is not a panel service",
            row.service_id
        )
    })?;
    let quantity = whole(&row.quantity)
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{name}: quantity {} is not a count", row.quantity))?;
    let mut normalised = |field: &str, raw: &Value, key: &str| -> Result<String, String> {
        let raw = text(raw).ok_or_else(|| format!("{name}: {field} is empty"))?;
        if raw != key {
            changes.push(format!("{name}: {field} {raw:?} -> {key:?}"));
        }
        Ok(key.to_string())
    };
    let platform_raw = text(&row.platform).unwrap_or_default();
    let platform = normalised(
        "platform",
        &row.platform,
        Platform::parse(&platform_raw).key(),
    )?;
    let kind_raw = text(&row.service_type).unwrap_or_default();
    let service_type = normalised(
        "service_type",
        &row.service_type,
        ServiceKind::parse(&kind_raw).key(),
    )?;
    let status_raw = text(&row.status).unwrap_or_else(|| "unused".into());
    let status = match CodeStatus::parse(&status_raw) {
        Some(CodeStatus::Unused) => CodeStatus::Unused,
        Some(CodeStatus::Used) => CodeStatus::Used,
        // The Flask app only knew unused and used; anything else needs a person.
        _ => {
            return Err(format!(
                "{name}: status {status_raw:?} is not unused or used"
            ))
        }
    };
    let status = normalised("status", &row.status, status.as_str()).map(|_| status)?;
    let created_raw = text(&row.created_date).unwrap_or_default();
    let created = UtcTime::parse(&created_raw)
        .ok_or_else(|| format!("{name}: created_date {created_raw:?} is not a date"))?;
    let expiry_days = whole(&row.expiry_days);
    let used_date = time(&row.used_date);
    if status == CodeStatus::Used && used_date.is_none() {
        changes.push(format!("{name}: used without a used_date; kept as used"));
    }
    Ok((
        ImportedCode {
            code: name,
            service_id,
            quantity,
            platform,
            service_type,
            requirements: text(&row.requirements).filter(|r| !r.trim().is_empty()),
            status: status.as_str(),
            created_date: created.iso(),
            used_date,
            used_by_user_id: text(&row.used_by_user_id),
            order_id: whole(&row.order_id).filter(|o| *o > 0),
            expiry_days,
            expires_at: expiry(created, expiry_days.map(|d| d.min(36_500) as i64)).map(|t| t.iso()),
            has_refill: truthy(&row.has_refill),
        },
        changes,
    ))
}

pub fn import_redemption(row: &LegacyRedemption) -> Result<ImportedRedemption, String> {
    let legacy_id = whole(&row.id).ok_or("a history row without an id")?;
    let raw_code = text(&row.code).ok_or_else(|| format!("history {legacy_id}: no code"))?;
    let code =
        Code::parse(&raw_code).map_err(|e| format!("history {legacy_id}: {}", e.message()))?;
    let redeemed = time(&row.redeemed_date)
        .ok_or_else(|| format!("history {legacy_id}: redeemed_date is not a date"))?;
    Ok(ImportedRedemption {
        legacy_id,
        code: code.as_str().to_string(),
        user_id: text(&row.user_id).unwrap_or_else(|| "unknown".into()),
        username: text(&row.username).unwrap_or_else(|| "unknown".into()),
        service_id: whole(&row.service_id).unwrap_or(0),
        quantity: whole(&row.quantity).unwrap_or(0),
        link: text(&row.link).unwrap_or_default(),
        order_id: whole(&row.order_id).filter(|o| *o > 0),
        redeemed_date: redeemed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn code(v: Value) -> Result<(ImportedCode, Vec<String>), String> {
        import_code(&LegacyCode::from_json(&v).unwrap())
    }

    #[test]
    fn dirty_values_are_normalised_and_reported() {
        let (c, changes) = code(json!({
            "code": "working-001", "service_id": "101", "quantity": 1000.0, "platform": "YouTube ",
            "service_type": "Subscribers", "requirements": "", "status": "USED",
            "created_date": "2024-01-05 10:00:00", "used_date": "2024-01-06 11:00:00",
            "used_by_user_id": 123456789012345678u64, "order_id": 5511, "expiry_days": 30, "has_refill": 1
        }))
        .unwrap();
        assert_eq!(c.code, "WORKING-001");
        assert_eq!(
            (c.platform.as_str(), c.service_type.as_str(), c.status),
            ("youtube", "subscribers", "used")
        );
        assert_eq!(c.created_date, "2024-01-05T10:00:00.000Z");
        assert_eq!(c.expires_at.as_deref(), Some("2024-02-04T10:00:00.000Z"));
        assert_eq!(c.used_by_user_id.as_deref(), Some("123456789012345678"));
        assert_eq!(
            (c.service_id, c.quantity, c.order_id, c.has_refill),
            (101, 1000, Some(5511), true)
        );
        assert_eq!(c.requirements, None);
        assert_eq!(changes.len(), 4, "{changes:?}");
        assert!(changes
            .iter()
            .any(|l| l.contains(r#"platform "YouTube " -> "youtube""#)));
    }

    #[test]
    fn clean_rows_change_nothing() {
        let (c, changes) = code(json!({
            "code": "YT-O1EJ-F1RP-MTXZ-4BML", "service_id": 7, "quantity": 50, "platform": "instagram",
            "service_type": "likes", "status": "unused", "created_date": "2025-06-01T00:00:00",
            "expiry_days": null, "has_refill": 0
        }))
        .unwrap();
        assert!(changes.is_empty(), "{changes:?}");
        assert_eq!(c.expires_at, None);
        assert_eq!(c.status, "unused");
    }

    #[test]
    fn rows_that_cannot_be_trusted_are_refused_with_a_reason() {
        let base = json!({"code":"A-1","service_id":1,"quantity":1,"platform":"x","service_type":"likes","status":"unused","created_date":"2025-01-01"});
        for (field, value, says) in [
            ("code", json!("no spaces?"), "code"),
            ("service_id", json!(0), "service_id"),
            ("quantity", json!("lots"), "quantity"),
            ("status", json!("refunded"), "status"),
            ("created_date", json!("last week"), "created_date"),
        ] {
            let mut row = base.clone();
            row[field] = value;
            let e = code(row).unwrap_err();
            assert!(e.contains(says), "{field}: {e}");
        }
    }

    #[test]
    fn history_rows_keep_their_flask_id() {
        let r = LegacyRedemption::from_json(&json!({
            "id": 42, "code": "working-001", "user_id": "9", "username": "ann", "service_id": 101,
            "quantity": 1000, "link": "https://www.youtube.com/@x", "order_id": "5511",
            "redeemed_date": "2024-01-06 11:00:00"
        }))
        .unwrap();
        let h = import_redemption(&r).unwrap();
        assert_eq!(
            (h.legacy_id, h.code.as_str(), h.order_id),
            (42, "WORKING-001", Some(5511))
        );
        assert_eq!(h.redeemed_date, "2024-01-06T11:00:00.000Z");
    }
}
