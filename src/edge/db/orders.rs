//! `orders`: every panel order this worker placed, with the status and refill last seen.
//! A row has its own `id`: a panel's order number is unique only on that panel (and not even
//! there when the panel restarts its numbering), so rows are found by code or by `id`, and by
//! number only for the admin's and `order-status`'s lookups (the newest, this panel's first).

use super::row::{from_row, FirstRow as _, Rows as _};
use super::Db;
use super::{micros, num, opt_text, text};
use crate::core::answer;
use crate::core::clock::UtcTime;
use crate::core::code::Code;
use crate::core::hold::Remedy;
use crate::core::json::obj;
use crate::core::money::Micros;
use crate::core::panel::{OrderId, OrderStatus, PanelName, Progress, RefillId};
use serde_json::Value;
use wasm_bindgen::JsValue;
use worker::Result;

#[derive(Debug)]
pub struct OrderRow {
    pub id: i64,
    /// The name of the panel that took it (`main`, `backup`, ...).
    pub panel: String,
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
    /// The make-good (`core::hold::Remedy::key`), once decided, and its replacement code.
    pub make_good: Option<String>,
    pub replacement_code: Option<String>,
    pub replacement_quantity: Option<i64>,
}

impl OrderRow {
    pub fn to_json(&self) -> Value {
        obj!(answer::ORDER_ROW => { "id": self.id, "panel": self.panel, "order_id": self.order_id, "code": self.code, "source": self.source, "service_id": self.service_id, "quantity": self.quantity, "link": self.link, "placed_at": self.placed_at, "status": self.status, "start_count": self.start_count, "remains": self.remains, "status_checked_at": self.status_checked_at, "refill_id": self.refill_id, "refill_status": self.refill_status, "refill_requested_at": self.refill_requested_at, "make_good": self.make_good, "replacement_code": self.replacement_code, "replacement_quantity": self.replacement_quantity })
    }
}

from_row!(OrderRow {
    id,
    panel,
    order_id,
    code,
    source,
    service_id,
    quantity,
    link,
    placed_at,
    status,
    start_count,
    remains,
    status_checked_at,
    refill_id,
    refill_status,
    refill_requested_at,
    make_good,
    replacement_code,
    replacement_quantity
});

const ORDER_COLUMNS: &str = "id, panel, order_id, code, source, service_id, quantity, link, \
     placed_at, status, start_count, remains, status_checked_at, refill_id, refill_status, \
     refill_requested_at, make_good, replacement_code, replacement_quantity";

impl OrderRow {
    /// The panel that placed it (rows before several panels are `main`).
    pub fn panel_name(&self) -> PanelName {
        PanelName::parse(&self.panel).unwrap_or_else(PanelName::main)
    }
}

/// The order with this number on this panel (a legacy row without a panel counts as `main`),
/// the newest if the panel's numbering ever repeated. Never another panel's order.
pub async fn find_order(db: &Db, panel: &str, order: OrderId) -> Result<Option<OrderRow>> {
    db.prepare(format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE order_id = ?1 \
         AND (panel = ?2 OR (panel = '' AND ?2 = 'main')) ORDER BY id DESC LIMIT 1"
    ))
    .bind(&[num(order.get() as f64), text(panel)])?
    .first_row()
    .await
}

/// An order by its own row id.
pub async fn order_by_id(db: &Db, row: i64) -> Result<Option<OrderRow>> {
    db.prepare(format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?1"))
        .bind(&[num(row as f64)])?
        .first_row()
        .await
}

/// A make-good to write: the order's row, its code, what it comes to, and the code minted
/// for it (used only when the remedy is a replacement).
pub struct MakeGoodWrite<'a> {
    pub row: i64,
    pub original: &'a str,
    pub remedy: Remedy,
    pub new_code: &'a Code,
    pub now: UtcTime,
}

/// Exactly once per order, however many views and runs see it end short: the conditional
/// UPDATE takes the order's one make-good, and the replacement's INSERT, in the same
/// transaction, happens only if that UPDATE named this call's new code. The replacement has
/// the original's template (choices, platform, kind, input), no drip-feed (the shortfall is
/// one order), the original's validity counted from now, and its share of the unit cost.
pub async fn make_good(db: &Db, m: &MakeGoodWrite<'_>) -> Result<bool> {
    let replace = matches!(m.remedy, Remedy::Replace { .. });
    let new_code = replace.then(|| m.new_code.as_str());
    let now = text(&m.now.iso());
    let results = db
        .batch(vec![
            db.prepare(
                "UPDATE orders SET make_good = ?2, replacement_code = ?3, replacement_quantity = ?4 \
                 WHERE id = ?1 AND make_good IS NULL RETURNING id",
            )
            .bind(&[
                num(m.row as f64),
                text(m.remedy.key()),
                opt_text(new_code),
                num(m.remedy.quantity()),
            ])?,
            db.prepare(
                "INSERT INTO codes (code, service_id, quantity, platform, service_type, requirements, \
                 status, created_date, expiry_days, expires_at, has_refill, source, updated_at, \
                 invoice_id, invoice_item_id, buyer_email, services, unit_cost_micros, order_input, \
                 replaces) \
                 SELECT ?1, service_id, ?3, platform, service_type, requirements, 'unused', ?4, \
                 expiry_days, CASE WHEN expiry_days > 0 THEN \
                   strftime('%Y-%m-%dT%H:%M:%fZ', ?4, '+' || expiry_days || ' days') END, \
                 has_refill, 'replacement', ?4, invoice_id, invoice_item_id, buyer_email, services, \
                 unit_cost_micros * ?3 / (quantity * coalesce(drip_runs, 1)), order_input, code \
                 FROM codes WHERE code = ?2 \
                 AND EXISTS (SELECT 1 FROM orders WHERE id = ?5 AND replacement_code = ?1)",
            )
            .bind(&[
                opt_text(new_code),
                text(m.original),
                num(m.remedy.quantity()),
                now,
                num(m.row as f64),
            ])?,
        ])
        .await?;
    Ok(!results[0].results::<serde_json::Value>()?.is_empty())
}

/// The order placed for this code.
pub async fn order_of_code(db: &Db, code: &Code) -> Result<Option<OrderRow>> {
    db.prepare(format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE code = ?1 ORDER BY id DESC LIMIT 1"
    ))
    .bind(&[text(code.as_str())])?
    .first_row()
    .await
}

/// A manual order the admin placed (no code), with its cost estimate from the catalogue.
pub struct ManualOrderRecord<'a> {
    pub panel: &'a str,
    pub order: OrderId,
    pub service_id: u32,
    pub quantity: u32,
    pub link: &'a str,
    pub estimate: Option<Micros>,
    pub now: UtcTime,
}

pub async fn record_manual_order(db: &Db, m: &ManualOrderRecord<'_>) -> Result<()> {
    db.prepare(
        "INSERT INTO orders (panel, order_id, code, source, service_id, quantity, link, placed_at, \
         cost_estimate_micros) VALUES (?6, ?1, NULL, 'admin', ?2, ?3, ?4, ?5, ?7)",
    )
    .bind(&[
        num(m.order.get() as f64),
        num(m.service_id),
        num(m.quantity),
        text(m.link),
        text(&m.now.iso()),
        text(m.panel),
        micros(m.estimate),
    ])?
    .run()
    .await?;
    Ok(())
}

/// The status as the panel reported it; its `charge` (what the order really cost) whenever
/// the reply carries one.
pub async fn record_status(db: &Db, row: i64, s: &OrderStatus, now: UtcTime) -> Result<()> {
    let count = |v: Option<u64>| v.map_or(JsValue::NULL, |n| num(n as f64));
    db.prepare(
        "UPDATE orders SET status = ?2, start_count = ?3, remains = ?4, status_checked_at = ?5, \
         charge_micros = coalesce(?6, charge_micros), \
         charge_currency = coalesce(?7, charge_currency) WHERE id = ?1",
    )
    .bind(&[
        num(row as f64),
        text(s.status.as_str()),
        count(s.start_count),
        count(s.remains),
        text(&now.iso()),
        micros(charge_of(s)),
        opt_text(s.currency.as_deref()),
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
    row: i64,
    token: &str,
    seen_refill: Option<i64>,
    now: UtcTime,
    stale_before: UtcTime,
) -> Result<bool> {
    let won: Option<f64> = db
        .prepare(
            "UPDATE orders SET refill_claim = ?2, refill_claimed_at = ?3 \
             WHERE id = ?1 AND refill_id IS ?4 \
             AND (refill_claim IS NULL OR refill_claimed_at < ?5) RETURNING id",
        )
        .bind(&[
            num(row as f64),
            text(token),
            text(&now.iso()),
            seen_refill.map_or(JsValue::NULL, |id| num(id as f64)),
            text(&stale_before.iso()),
        ])?
        .first(Some("id"))
        .await?;
    Ok(won.is_some())
}

/// The panel refused: nothing was started, so the claim goes.
pub async fn release_refill_claim(db: &Db, row: i64, token: &str) -> Result<()> {
    db.prepare(
        "UPDATE orders SET refill_claim = NULL, refill_claimed_at = NULL \
         WHERE id = ?1 AND refill_claim = ?2",
    )
    .bind(&[num(row as f64), text(token)])?
    .run()
    .await?;
    Ok(())
}

/// The panel started a refill: recorded, and any claim on the order is done.
pub async fn record_refill(db: &Db, row: i64, refill: RefillId, now: UtcTime) -> Result<()> {
    db.prepare(
        "UPDATE orders SET refill_id = ?2, refill_status = 'Pending', refill_requested_at = ?3, \
         refill_claim = NULL, refill_claimed_at = NULL WHERE id = ?1",
    )
    .bind(&[num(row as f64), num(refill.get() as f64), text(&now.iso())])?
    .run()
    .await?;
    Ok(())
}

pub async fn record_refill_status(db: &Db, row: i64, status: &str) -> Result<()> {
    db.prepare("UPDATE orders SET refill_status = ?2 WHERE id = ?1")
        .bind(&[num(row as f64), text(status)])?
        .run()
        .await?;
    Ok(())
}

/// Orders placed since `since` whose last known status is not final, least recently checked
/// first: (row id, order number, panel). Of rows sharing a panel and number, only the newest,
/// the one the panel now answers for.
pub async fn unfinished_orders(
    db: &Db,
    since: UtcTime,
    limit: u32,
) -> Result<Vec<(i64, i64, String)>> {
    let rows: Vec<serde_json::Value> = db
        .prepare(format!(
            "SELECT id, order_id, panel FROM orders o WHERE placed_at >= ?1 \
             AND (status IS NULL OR status NOT IN ({FINAL})) \
             AND id = (SELECT max(id) FROM orders n WHERE n.order_id = o.order_id AND n.panel = o.panel) \
             ORDER BY coalesce(status_checked_at, '') LIMIT ?2",
            FINAL = Progress::final_sql()
        ))
        .bind(&[text(&since.iso()), num(limit)])?
        .all()
        .await?
        .rows()?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some((
                r["id"].as_i64()?,
                r["order_id"].as_i64()?,
                r["panel"].as_str()?.to_string(),
            ))
        })
        .collect())
}

/// Many statuses in one statement (one JSON array), so 100 orders cost one query: (row id, status).
pub async fn record_statuses(db: &Db, fresh: &[(i64, OrderStatus)], now: UtcTime) -> Result<()> {
    if fresh.is_empty() {
        return Ok(());
    }
    let rows: Vec<serde_json::Value> = fresh
        .iter()
        .map(|(id, s)| {
            obj!({ "id": id, "status": s.status.as_str(),
                                "start": s.start_count, "remains": s.remains,
                                "charge": charge_of(s).map(|m| m.0), "currency": s.currency })
        })
        .collect();
    db.prepare(
        "UPDATE orders SET status = j.value ->> '$.status', start_count = j.value ->> '$.start', \
         remains = j.value ->> '$.remains', status_checked_at = ?2, \
         charge_micros = coalesce(j.value ->> '$.charge', charge_micros), \
         charge_currency = coalesce(j.value ->> '$.currency', charge_currency) \
         FROM json_each(?1) j WHERE orders.id = j.value ->> '$.id'",
    )
    .bind(&[
        text(&serde_json::Value::from(rows).to_string()),
        text(&now.iso()),
    ])?
    .run()
    .await?;
    Ok(())
}

/// The panel's `charge` as an amount; a reply without one (or with text that is no amount)
/// leaves the stored charge as it was.
fn charge_of(s: &OrderStatus) -> Option<Micros> {
    s.charge.as_deref().and_then(Micros::parse)
}
