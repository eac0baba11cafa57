//! `redemption_history`: what was redeemed, by whom, for which link and order.

use super::row::{from_row, Rows as _};
use super::Db;
use super::{num, opt_text, text};
use crate::core::answer;
use crate::core::code::Code;
use crate::core::json::obj;
use serde_json::Value;
use worker::Result;

/// A redemption row as the admin lists it: what the buyer sees of it, and who and where.
#[derive(Debug)]
pub struct HistoryRow {
    pub id: i64,
    pub user_id: String,
    /// The panel that took the order.
    pub panel: String,
    pub redemption: RedemptionRow,
}

impl HistoryRow {
    pub fn to_json(&self) -> Value {
        obj!(answer::HISTORY_ROW => extends(self.redemption.to_json()) {
            "id": self.id, "user_id": self.user_id, "panel": self.panel,
        })
    }
}

impl super::row::FromRow for HistoryRow {
    fn from_row(row: super::row::Row) -> Result<Self> {
        let (id, user_id, panel) = (row.get("id"), row.get("user_id"), row.get("panel"));
        // Its `done` also reports a column above that did not fit.
        let redemption = RedemptionRow::from_row(row)?;
        Ok(HistoryRow {
            id,
            user_id,
            panel,
            redemption,
        })
    }
}

/// `RedemptionRow`'s columns, for every query that reads one.
const REDEMPTION_COLUMNS: &str =
    "code, username, service_id, quantity, link, order_id, redeemed_date, platform, service_type";

/// One page, newest first, within `[from, to)`; `limit + 1` rows tell whether more follow.
pub async fn list_redemptions(
    db: &Db,
    from: Option<&str>,
    to: Option<&str>,
    before_id: Option<i64>,
    limit: u32,
) -> Result<Vec<HistoryRow>> {
    // A page starts where the last ended (`id < ?3`, a seek), not from the newest row again.
    let page_start = if before_id.is_some() {
        "id < ?3"
    } else {
        "?3 IS NULL"
    };
    db.prepare(format!(
        "SELECT id, user_id, panel, {REDEMPTION_COLUMNS} FROM redemption_history \
         WHERE (?1 IS NULL OR redeemed_date >= ?1) AND (?2 IS NULL OR redeemed_date < ?2) \
         AND {page_start} ORDER BY id DESC LIMIT ?4"
    ))
    .bind(&[
        opt_text(from),
        opt_text(to),
        before_id.map_or(wasm_bindgen::JsValue::NULL, |i| num(i as f64)),
        num(limit + 1),
    ])?
    .all()
    .await?
    .rows()
}

/// A redemption as a buyer sees it (`/api/user/redemptions`): no ids, no user ids, no panel.
#[derive(Debug)]
pub struct RedemptionRow {
    pub code: String,
    pub username: String,
    pub service_id: i64,
    pub quantity: i64,
    pub link: String,
    pub order_id: Option<i64>,
    pub redeemed_date: String,
    pub platform: Option<String>,
    pub service_type: Option<String>,
}

impl RedemptionRow {
    pub fn to_json(&self) -> Value {
        obj!(answer::REDEMPTION => { "code": self.code, "username": self.username, "service_id": self.service_id, "quantity": self.quantity, "link": self.link, "order_id": self.order_id, "redeemed_date": self.redeemed_date, "platform": self.platform, "service_type": self.service_type })
    }
}

from_row!(RedemptionRow {
    code,
    username,
    service_id,
    quantity,
    link,
    order_id,
    redeemed_date,
    platform,
    service_type
});

/// This code's own redemptions (one, or more for a Flask code redeemed more than once);
/// never another code's, even from the same invoice.
pub async fn redemptions_of_code(db: &Db, code: &Code) -> Result<Vec<RedemptionRow>> {
    db.prepare(format!(
        "SELECT {REDEMPTION_COLUMNS} FROM redemption_history WHERE code = ?1 \
         ORDER BY redeemed_date DESC LIMIT 200"
    ))
    .bind(&[text(code.as_str())])?
    .all()
    .await?
    .rows()
}

/// Every redemption recorded under this user id (the Flask app's Discord users).
pub async fn redemptions_of_user(db: &Db, user_id: &str) -> Result<Vec<RedemptionRow>> {
    db.prepare(format!(
        "SELECT {REDEMPTION_COLUMNS} FROM redemption_history WHERE user_id = ?1 \
         ORDER BY redeemed_date DESC LIMIT 500"
    ))
    .bind(&[text(user_id)])?
    .all()
    .await?
    .rows()
}

/// A redemption the panel refused: counted per code and reason.
pub async fn record_failure(db: &Db, code: &Code, reason: &str, now: &str) -> Result<()> {
    db.prepare(
        "INSERT INTO redemption_failures (code, reason, attempts, first_at, last_at) \
         VALUES (?1, ?2, 1, ?3, ?3) ON CONFLICT (code, reason) \
         DO UPDATE SET attempts = attempts + 1, last_at = excluded.last_at",
    )
    .bind(&[text(code.as_str()), text(reason), text(now)])?
    .run()
    .await?;
    Ok(())
}

#[derive(Debug)]
pub struct FailureRow {
    pub code: String,
    pub reason: String,
    pub attempts: i64,
    pub first_at: String,
    pub last_at: String,
}

impl FailureRow {
    pub fn to_json(&self) -> Value {
        obj!(answer::FAILURE_LIST_FAILURES => { "code": self.code, "reason": self.reason, "attempts": self.attempts, "first_at": self.first_at, "last_at": self.last_at })
    }
}

from_row!(FailureRow {
    code,
    reason,
    attempts,
    first_at,
    last_at
});

/// Refusals seen since `since`, the latest first.
pub async fn failures_since(db: &Db, since: &str, limit: u32) -> Result<Vec<FailureRow>> {
    db.prepare(
        "SELECT code, reason, attempts, first_at, last_at FROM redemption_failures \
         WHERE last_at >= ?1 ORDER BY last_at DESC LIMIT ?2",
    )
    .bind(&[text(since), num(limit)])?
    .all()
    .await?
    .rows()
}

/// A member's redemption with its order's last known status.
#[derive(Debug)]
pub struct UserRedemption {
    pub code: String,
    pub order_id: Option<i64>,
    pub status: Option<String>,
}

from_row!(UserRedemption {
    code,
    order_id,
    status
});

/// The newest `limit` redemptions under this user id, and how many there are in all.
pub async fn redemptions_with_status(
    db: &Db,
    user_id: &str,
    limit: u32,
) -> Result<(Vec<UserRedemption>, usize)> {
    let results = db
        .batch(vec![
            db.prepare(
                "SELECT h.code, h.order_id, o.status FROM redemption_history h \
                 LEFT JOIN orders o ON o.code = h.code AND o.order_id = h.order_id \
                 WHERE h.user_id = ?1 ORDER BY h.redeemed_date DESC LIMIT ?2",
            )
            .bind(&[text(user_id), num(limit)])?,
            db.prepare("SELECT count(*) AS n FROM redemption_history WHERE user_id = ?1")
                .bind(&[text(user_id)])?,
        ])
        .await?;
    let rows = results[0].rows::<UserRedemption>()?;
    let total = results[1]
        .results::<serde_json::Value>()?
        .first()
        .and_then(|r| r["n"].as_u64())
        .unwrap_or(0);
    Ok((rows, usize::try_from(total).unwrap_or(usize::MAX)))
}
