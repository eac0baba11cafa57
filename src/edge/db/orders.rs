//! `orders`: every panel order this worker placed, with the status and refill last seen.

use super::Db;
use super::{num, text};
use crate::core::clock::UtcTime;
use crate::core::panel::{OrderId, OrderStatus, RefillId};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use worker::Result;

#[derive(Debug, Serialize, Deserialize)]
pub struct OrderRow {
    pub order_id: i64,
    pub code: Option<String>,
    pub source: String,
    pub service_id: i64,
    pub quantity: i64,
    pub link: String,
    pub placed_at: String,
    pub status: Option<String>,
    pub start_count: Option<i64>,
    pub remains: Option<i64>,
    pub status_checked_at: Option<String>,
    pub refill_id: Option<i64>,
    pub refill_status: Option<String>,
    pub refill_requested_at: Option<String>,
}

pub async fn find_order(db: &Db, order: OrderId) -> Result<Option<OrderRow>> {
    db.prepare(
        "SELECT order_id, code, source, service_id, quantity, link, placed_at, status, start_count, \
         remains, status_checked_at, refill_id, refill_status, refill_requested_at \
         FROM orders WHERE order_id = ?1",
    )
    .bind(&[num(order.get() as f64)])?
    .first(None)
    .await
}

/// A manual order the admin placed (no code).
pub async fn record_manual_order(
    db: &Db,
    order: OrderId,
    service_id: u32,
    quantity: u32,
    link: &str,
    now: UtcTime,
) -> Result<()> {
    db.prepare(
        "INSERT OR IGNORE INTO orders (order_id, code, source, service_id, quantity, link, placed_at) \
         VALUES (?1, NULL, 'admin', ?2, ?3, ?4, ?5)",
    )
    .bind(&[num(order.get() as f64), num(service_id), num(quantity), text(link), text(&now.iso())])?
    .run()
    .await?;
    Ok(())
}

pub async fn record_status(db: &Db, order: OrderId, s: &OrderStatus, now: UtcTime) -> Result<()> {
    let count = |v: Option<u64>| v.map_or(JsValue::NULL, |n| num(n as f64));
    db.prepare(
        "UPDATE orders SET status = ?2, start_count = ?3, remains = ?4, status_checked_at = ?5 \
         WHERE order_id = ?1",
    )
    .bind(&[
        num(order.get() as f64),
        text(s.status.as_str()),
        count(s.start_count),
        count(s.remains),
        text(&now.iso()),
    ])?
    .run()
    .await?;
    Ok(())
}

/// The only way a buyer's refill goes out: one conditional UPDATE claims the order's next
/// refill, if no one holds a live claim and no refill was recorded since `seen_refill` was
/// read. True if this call won; the others are told a refill is being requested.
pub async fn claim_refill(
    db: &Db,
    order: OrderId,
    token: &str,
    seen_refill: Option<i64>,
    now: UtcTime,
    stale_before: UtcTime,
) -> Result<bool> {
    let won: Option<f64> = db
        .prepare(
            "UPDATE orders SET refill_claim = ?2, refill_claimed_at = ?3 \
             WHERE order_id = ?1 AND refill_id IS ?4 \
             AND (refill_claim IS NULL OR refill_claimed_at < ?5) RETURNING order_id",
        )
        .bind(&[
            num(order.get() as f64),
            text(token),
            text(&now.iso()),
            seen_refill.map_or(JsValue::NULL, |id| num(id as f64)),
            text(&stale_before.iso()),
        ])?
        .first(Some("order_id"))
        .await?;
    Ok(won.is_some())
}

/// The panel refused: nothing was started, so the claim goes.
pub async fn release_refill_claim(db: &Db, order: OrderId, token: &str) -> Result<()> {
    db.prepare(
        "UPDATE orders SET refill_claim = NULL, refill_claimed_at = NULL \
         WHERE order_id = ?1 AND refill_claim = ?2",
    )
    .bind(&[num(order.get() as f64), text(token)])?
    .run()
    .await?;
    Ok(())
}

/// The panel started a refill: recorded, and any claim on the order is done.
pub async fn record_refill(db: &Db, order: OrderId, refill: RefillId, now: UtcTime) -> Result<()> {
    db.prepare(
        "UPDATE orders SET refill_id = ?2, refill_status = 'Pending', refill_requested_at = ?3, \
         refill_claim = NULL, refill_claimed_at = NULL WHERE order_id = ?1",
    )
    .bind(&[
        num(order.get() as f64),
        num(refill.get() as f64),
        text(&now.iso()),
    ])?
    .run()
    .await?;
    Ok(())
}

pub async fn record_refill_status(db: &Db, order: OrderId, status: &str) -> Result<()> {
    db.prepare("UPDATE orders SET refill_status = ?2 WHERE order_id = ?1")
        .bind(&[num(order.get() as f64), text(status)])?
        .run()
        .await?;
    Ok(())
}

/// Orders placed since `since` whose last known status is not final, least recently checked first.
pub async fn unfinished_orders(db: &Db, since: UtcTime, limit: u32) -> Result<Vec<i64>> {
    let rows: Vec<serde_json::Value> = db
        .prepare(
            "SELECT order_id FROM orders WHERE placed_at >= ?1 AND (status IS NULL OR status NOT IN \
             ('Completed', 'Partial', 'Canceled', 'Refunded')) \
             ORDER BY coalesce(status_checked_at, '') LIMIT ?2",
        )
        .bind(&[text(&since.iso()), num(limit)])?
        .all()
        .await?
        .results()?;
    Ok(rows.iter().filter_map(|r| r["order_id"].as_i64()).collect())
}

/// Many statuses in one statement (one JSON array), so 100 orders cost one query.
pub async fn record_statuses(
    db: &Db,
    fresh: &[(OrderId, OrderStatus)],
    now: UtcTime,
) -> Result<()> {
    if fresh.is_empty() {
        return Ok(());
    }
    let rows: Vec<serde_json::Value> = fresh
        .iter()
        .map(|(id, s)| {
            serde_json::json!({ "id": id.get(), "status": s.status.as_str(),
                                "start": s.start_count, "remains": s.remains })
        })
        .collect();
    db.prepare(
        "UPDATE orders SET status = j.value ->> '$.status', start_count = j.value ->> '$.start', \
         remains = j.value ->> '$.remains', status_checked_at = ?2 \
         FROM json_each(?1) j WHERE orders.order_id = j.value ->> '$.id'",
    )
    .bind(&[
        text(&serde_json::Value::from(rows).to_string()),
        text(&now.iso()),
    ])?
    .run()
    .await?;
    Ok(())
}
