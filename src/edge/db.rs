//! D1 statements. Each function is one statement or one atomic batch; none of them decides.
//! Numbers bind as JS numbers (f64): every id and quantity here is far below 2^53.

use crate::core::clock::UtcTime;
use crate::core::code::Code;
use crate::core::panel::OrderId;
use crate::core::redemption::{CodeRow, StoredCode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use worker::{D1Database, Result};

fn text(s: &str) -> JsValue {
    JsValue::from_str(s)
}

fn num(n: impl Into<f64>) -> JsValue {
    JsValue::from_f64(n.into())
}

fn opt_text(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::NULL, text)
}

/// The cheapest real round trip to D1, for health checks.
pub async fn ping(db: &D1Database) -> Result<bool> {
    let one: Option<i64> = db.prepare("SELECT 1 AS ok").first(Some("ok")).await?;
    Ok(one == Some(1))
}

const CODE_COLUMNS: &str = "code, service_id, quantity, platform, service_type, requirements, \
     status, created_date, expires_at, has_refill, order_id, invoice_id";

pub async fn find_code(db: &D1Database, code: &Code) -> Result<Option<CodeRow>> {
    db.prepare(format!("SELECT {CODE_COLUMNS} FROM codes WHERE code = ?1"))
        .bind(&[text(code.as_str())])?
        .first(None)
        .await
}

/// The only way a code leaves `unused`: one conditional UPDATE. True if this call won it.
pub async fn reserve(
    db: &D1Database,
    code: &Code,
    token: &str,
    link: &str,
    now: UtcTime,
) -> Result<bool> {
    let won: Option<String> = db
        .prepare(
            "UPDATE codes SET status = 'reserved', reserved_at = ?1, reservation_id = ?2, \
             pending_link = ?3, updated_at = ?1 \
             WHERE code = ?4 AND status = 'unused' AND (expires_at IS NULL OR expires_at > ?1) \
             RETURNING code",
        )
        .bind(&[
            text(&now.iso()),
            text(token),
            text(link),
            text(code.as_str()),
        ])?
        .first(Some("code"))
        .await?;
    Ok(won.is_some())
}

/// What a successful redemption writes, all at once.
pub struct Redeemed<'a> {
    pub code: &'a StoredCode,
    pub token: &'a str,
    pub order: OrderId,
    pub link: &'a str,
    pub user_id: &'a str,
    pub username: &'a str,
    pub now: UtcTime,
}

/// `reserved -> used` + the history row + the order row, as one D1 transaction.
pub async fn mark_used(db: &D1Database, r: &Redeemed<'_>) -> Result<()> {
    let now = text(&r.now.iso());
    let code = text(r.code.code.as_str());
    let order = num(r.order.get() as f64);
    let service = num(r.code.service_id.get());
    let quantity = num(r.code.quantity);
    db.batch(vec![
        db.prepare(
            "UPDATE codes SET status = 'used', used_date = ?1, used_by_user_id = ?2, order_id = ?3, \
             reserved_at = NULL, reservation_id = NULL, review_reason = NULL, updated_at = ?1 \
             WHERE code = ?4 AND status = 'reserved' AND reservation_id = ?5",
        )
        .bind(&[now.clone(), text(r.user_id), order.clone(), code.clone(), text(r.token)])?,
        db.prepare(
            "INSERT INTO redemption_history (code, user_id, username, service_id, quantity, link, \
             order_id, redeemed_date, platform, service_type) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )
        .bind(&[
            code.clone(),
            text(r.user_id),
            text(r.username),
            service.clone(),
            quantity.clone(),
            text(r.link),
            order.clone(),
            now.clone(),
            text(r.code.platform.key()),
            text(r.code.kind.key()),
        ])?,
        db.prepare(
            "INSERT OR IGNORE INTO orders (order_id, code, source, service_id, quantity, link, placed_at) \
             VALUES (?1, ?2, 'redeem', ?3, ?4, ?5, ?6)",
        )
        .bind(&[order, code, service, quantity, text(r.link), now])?,
    ])
    .await?;
    Ok(())
}

/// `reserved -> unused`: the panel refused, nothing was bought.
pub async fn release(db: &D1Database, code: &Code, token: &str, now: UtcTime) -> Result<()> {
    db.prepare(
        "UPDATE codes SET status = 'unused', reserved_at = NULL, reservation_id = NULL, \
         pending_link = NULL, updated_at = ?1 \
         WHERE code = ?2 AND status = 'reserved' AND reservation_id = ?3",
    )
    .bind(&[text(&now.iso()), text(code.as_str()), text(token)])?
    .run()
    .await?;
    Ok(())
}

/// `reserved -> needs_review`: the order may exist; a person decides.
pub async fn hold_for_review(
    db: &D1Database,
    code: &Code,
    token: &str,
    reason: &str,
    now: UtcTime,
) -> Result<()> {
    db.prepare(
        "UPDATE codes SET status = 'needs_review', review_reason = ?1, updated_at = ?2 \
         WHERE code = ?3 AND status = 'reserved' AND reservation_id = ?4",
    )
    .bind(&[
        text(reason),
        text(&now.iso()),
        text(code.as_str()),
        text(token),
    ])?
    .run()
    .await?;
    Ok(())
}

/// Codes to create, sharing one service template.
pub struct NewCodes<'a> {
    pub codes: &'a [Code],
    pub service_id: u32,
    pub quantity: u32,
    pub platform: &'a str,
    pub service_type: &'a str,
    pub requirements: Option<&'a str>,
    pub has_refill: bool,
    pub expiry_days: Option<u32>,
    pub expires_at: Option<UtcTime>,
    pub source: &'a str,
    pub now: UtcTime,
}

/// All codes in one statement (one JSON array bound once), so 1000 codes are one query,
/// all-or-nothing.
pub async fn insert_codes(db: &D1Database, n: &NewCodes<'_>) -> Result<()> {
    let list: Vec<&str> = n.codes.iter().map(Code::as_str).collect();
    let json = serde_json::to_string(&list).map_err(|e| worker::Error::RustError(e.to_string()))?;
    db.prepare(
        "INSERT INTO codes (code, service_id, quantity, platform, service_type, requirements, \
         status, created_date, expiry_days, expires_at, has_refill, source, updated_at) \
         SELECT value, ?2, ?3, ?4, ?5, ?6, 'unused', ?7, ?8, ?9, ?10, ?11, ?7 FROM json_each(?1)",
    )
    .bind(&[
        text(&json),
        num(n.service_id),
        num(n.quantity),
        text(n.platform),
        text(n.service_type),
        opt_text(n.requirements),
        text(&n.now.iso()),
        n.expiry_days.map_or(JsValue::NULL, num),
        opt_text(n.expires_at.map(|t| t.iso()).as_deref()),
        num(u8::from(n.has_refill)),
        text(n.source),
    ])?
    .run()
    .await?;
    Ok(())
}

/// A redemption as buyers and admins see it.
#[derive(Debug, Serialize, Deserialize)]
pub struct RedemptionRow {
    pub code: String,
    pub username: String,
    pub service_id: f64,
    pub quantity: f64,
    pub link: String,
    pub order_id: Option<f64>,
    pub redeemed_date: String,
    pub platform: Option<String>,
    pub service_type: Option<String>,
}

/// The redemptions of this code and of every code bought on the same Sellauth invoice.
pub async fn redemptions_of_order(db: &D1Database, code: &Code) -> Result<Vec<RedemptionRow>> {
    db.prepare(
        "SELECT h.code, h.username, h.service_id, h.quantity, h.link, h.order_id, h.redeemed_date, \
         h.platform, h.service_type FROM redemption_history h \
         WHERE h.code = ?1 OR h.code IN (SELECT c.code FROM codes c WHERE c.invoice_id IS NOT NULL \
           AND c.invoice_id = (SELECT invoice_id FROM codes WHERE code = ?1)) \
         ORDER BY h.redeemed_date DESC LIMIT 200",
    )
    .bind(&[text(code.as_str())])?
    .all()
    .await?
    .results()
}

/// One `audit_log` row: who (key fingerprint, 'sellauth', 'system') did what to what.
pub async fn audit(
    db: &D1Database,
    now: UtcTime,
    actor: &str,
    action: &str,
    target: Option<&str>,
    detail: &serde_json::Value,
) -> Result<()> {
    db.prepare(
        "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .bind(&[
        text(&now.iso()),
        text(actor),
        text(action),
        opt_text(target),
        text(&detail.to_string()),
    ])?
    .run()
    .await?;
    Ok(())
}
