//! D1 statements. Each function is one statement or one atomic batch; none of them decides.
//! Numbers bind as JS numbers (f64): every id and quantity here is far below 2^53.

use crate::core::clock::UtcTime;
use crate::core::code::Code;
use crate::core::panel::OrderId;
use crate::core::redemption::{CodeRow, StoredCode};
use crate::core::sellauth::Delivery;
use crate::core::template::{CodeTemplate, ProductMapping};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, Result};

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
    pub template: &'a CodeTemplate,
    pub expires_at: Option<UtcTime>,
    pub source: &'a str,
    pub now: UtcTime,
}

/// Where Sellauth codes came from; their insert only happens if this delivery row holds them.
pub struct Origin<'a> {
    pub invoice_id: &'a str,
    pub item_id: &'a str,
    pub email: Option<&'a str>,
}

/// All codes in one statement (one JSON array bound once), so 1000 codes are one query,
/// all-or-nothing. With an `Origin`, rows are written only when the delivery row holds exactly
/// these codes: a duplicate delivery that lost the race inserts nothing.
fn insert_codes_statement(
    db: &D1Database,
    n: &NewCodes<'_>,
    origin: Option<&Origin<'_>>,
) -> Result<D1PreparedStatement> {
    let list: Vec<&str> = n.codes.iter().map(Code::as_str).collect();
    let json = serde_json::to_string(&list).map_err(|e| worker::Error::RustError(e.to_string()))?;
    let t = n.template;
    let guard = if origin.is_some() {
        "WHERE (SELECT codes FROM webhook_deliveries WHERE invoice_id = ?12 AND item_id = ?13) = ?15"
    } else {
        // ?15 is bound (NULL) either way; D1 wants every bound parameter used.
        "WHERE ?15 IS NULL"
    };
    db.prepare(format!(
        "INSERT INTO codes (code, service_id, quantity, platform, service_type, requirements, \
         status, created_date, expiry_days, expires_at, has_refill, source, updated_at, \
         invoice_id, invoice_item_id, buyer_email) \
         SELECT value, ?2, ?3, ?4, ?5, ?6, 'unused', ?7, ?8, ?9, ?10, ?11, ?7, ?12, ?13, ?14 \
         FROM json_each(?1) {guard}"
    ))
    .bind(&[
        text(&json),
        num(t.service_id.get()),
        num(t.quantity),
        text(t.platform.key()),
        text(t.kind.key()),
        opt_text(t.requirements.as_deref()),
        text(&n.now.iso()),
        t.expiry_days.map_or(JsValue::NULL, num),
        opt_text(n.expires_at.map(|t| t.iso()).as_deref()),
        num(u8::from(t.has_refill)),
        text(n.source),
        opt_text(origin.map(|o| o.invoice_id)),
        opt_text(origin.map(|o| o.item_id)),
        opt_text(origin.and_then(|o| o.email)),
        opt_text(origin.map(|_| list.join("\n")).as_deref()),
    ])
}

pub async fn insert_codes(db: &D1Database, n: &NewCodes<'_>) -> Result<()> {
    insert_codes_statement(db, n, None)?.run().await?;
    Ok(())
}

/// A delivery row as stored.
#[derive(Debug, Serialize, Deserialize)]
pub struct DeliveryRow {
    pub invoice_id: String,
    pub item_id: String,
    pub status: String,
    pub codes: String,
    pub product_id: Option<String>,
    pub variant_id: Option<String>,
    pub quantity: Option<f64>,
    pub error: Option<String>,
    pub attempts: f64,
    pub first_seen_at: String,
    pub last_seen_at: String,
}

const DELIVERY_COLUMNS: &str = "invoice_id, item_id, status, codes, product_id, variant_id, \
     quantity, error, attempts, first_seen_at, last_seen_at";

pub async fn find_delivery(
    db: &D1Database,
    invoice_id: &str,
    item_id: &str,
) -> Result<Option<DeliveryRow>> {
    db.prepare(format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE invoice_id = ?1 AND item_id = ?2"
    ))
    .bind(&[text(invoice_id), text(item_id)])?
    .first(None)
    .await
}

pub async fn deliveries(
    db: &D1Database,
    status: Option<&str>,
    limit: u32,
) -> Result<Vec<DeliveryRow>> {
    db.prepare(format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE ?1 IS NULL OR status = ?1 \
         ORDER BY last_seen_at DESC LIMIT ?2"
    ))
    .bind(&[opt_text(status), num(limit)])?
    .all()
    .await?
    .results()
}

/// What a delivery attempt is about.
pub struct DeliveryAttempt<'a> {
    pub delivery: &'a Delivery,
    pub idempotency_key: Option<&'a str>,
    pub now: UtcTime,
}

/// Records a failed attempt (unmapped product, quantity refused); a later success replaces it.
pub async fn record_failed_delivery(
    db: &D1Database,
    a: &DeliveryAttempt<'_>,
    error: &str,
) -> Result<()> {
    let d = a.delivery;
    db.prepare(
        "INSERT INTO webhook_deliveries (invoice_id, item_id, status, codes, product_id, variant_id, \
         quantity, buyer_email, idempotency_key, error, attempts, first_seen_at, last_seen_at) \
         VALUES (?1, ?2, 'failed', '', ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?9) \
         ON CONFLICT (invoice_id, item_id) DO UPDATE SET attempts = attempts + 1, \
         error = excluded.error, last_seen_at = excluded.last_seen_at \
         WHERE webhook_deliveries.status = 'failed'",
    )
    .bind(&[
        text(&d.invoice_id),
        text(&d.item_id),
        text(&d.product_id),
        opt_text(d.variant_id.as_deref()),
        num(d.quantity),
        opt_text(d.email.as_deref()),
        opt_text(a.idempotency_key),
        text(error),
        text(&a.now.iso()),
    ])?
    .run()
    .await?;
    Ok(())
}

/// Claims the delivery for these codes and writes them, as one transaction. A delivery that is
/// already `delivered` keeps its codes and this batch writes nothing; read it back afterwards.
pub async fn deliver(db: &D1Database, a: &DeliveryAttempt<'_>, codes: &NewCodes<'_>) -> Result<()> {
    let d = a.delivery;
    let list: Vec<&str> = codes.codes.iter().map(Code::as_str).collect();
    let claim = db
        .prepare(
            "INSERT INTO webhook_deliveries (invoice_id, item_id, status, codes, product_id, \
             variant_id, quantity, buyer_email, idempotency_key, error, attempts, first_seen_at, \
             last_seen_at) VALUES (?1, ?2, 'delivered', ?3, ?4, ?5, ?6, ?7, ?8, NULL, 1, ?9, ?9) \
             ON CONFLICT (invoice_id, item_id) DO UPDATE SET status = 'delivered', \
             codes = excluded.codes, error = NULL, attempts = attempts + 1, \
             last_seen_at = excluded.last_seen_at WHERE webhook_deliveries.status = 'failed'",
        )
        .bind(&[
            text(&d.invoice_id),
            text(&d.item_id),
            text(&list.join("\n")),
            text(&d.product_id),
            opt_text(d.variant_id.as_deref()),
            num(d.quantity),
            opt_text(d.email.as_deref()),
            opt_text(a.idempotency_key),
            text(&a.now.iso()),
        ])?;
    let origin = Origin {
        invoice_id: &d.invoice_id,
        item_id: &d.item_id,
        email: d.email.as_deref(),
    };
    let insert = insert_codes_statement(db, codes, Some(&origin))?;
    db.batch(vec![claim, insert]).await?;
    Ok(())
}

/// Counts a repeated delivery of an already delivered item (Sellauth retried).
pub async fn touch_delivery(
    db: &D1Database,
    invoice_id: &str,
    item_id: &str,
    now: UtcTime,
) -> Result<()> {
    db.prepare(
        "UPDATE webhook_deliveries SET attempts = attempts + 1, last_seen_at = ?3 \
         WHERE invoice_id = ?1 AND item_id = ?2",
    )
    .bind(&[text(invoice_id), text(item_id), text(&now.iso())])?
    .run()
    .await?;
    Ok(())
}

pub async fn record_event(
    db: &D1Database,
    event: &str,
    invoice_id: Option<&str>,
    body: &str,
    now: UtcTime,
) -> Result<()> {
    let kept: String = body.chars().take(16 * 1024).collect();
    db.prepare(
        "INSERT INTO webhook_events (event, invoice_id, received_at, body) VALUES (?1, ?2, ?3, ?4)",
    )
    .bind(&[
        text(event),
        opt_text(invoice_id),
        text(&now.iso()),
        text(&kept),
    ])?
    .run()
    .await?;
    Ok(())
}

/// A product mapping row.
#[derive(Debug, Serialize, Deserialize)]
pub struct ProductRow {
    pub id: f64,
    pub product_id: String,
    pub variant_id: String,
    pub name: Option<String>,
    pub service_id: f64,
    pub quantity: f64,
    pub platform: String,
    pub service_type: String,
    pub requirements: Option<String>,
    pub has_refill: f64,
    pub expiry_days: Option<f64>,
    pub created_at: String,
    pub updated_at: String,
}

const PRODUCT_COLUMNS: &str = "id, product_id, variant_id, name, service_id, quantity, platform, \
     service_type, requirements, has_refill, expiry_days, created_at, updated_at";

pub async fn products(db: &D1Database) -> Result<Vec<ProductRow>> {
    db.prepare(format!(
        "SELECT {PRODUCT_COLUMNS} FROM products ORDER BY product_id, variant_id"
    ))
    .all()
    .await?
    .results()
}

/// The mapping for a sold item: the variant's own row wins over the product-wide one ('').
pub async fn product_for(
    db: &D1Database,
    product_id: &str,
    variant_id: Option<&str>,
) -> Result<Option<ProductRow>> {
    db.prepare(format!(
        "SELECT {PRODUCT_COLUMNS} FROM products WHERE product_id = ?1 \
         AND (variant_id = ?2 OR variant_id = '') ORDER BY variant_id DESC LIMIT 1"
    ))
    .bind(&[text(product_id), text(variant_id.unwrap_or(""))])?
    .first(None)
    .await
}

fn product_values(m: &ProductMapping, now: UtcTime) -> Vec<JsValue> {
    let t = &m.template;
    vec![
        text(&m.product_id),
        text(&m.variant_id),
        num(t.service_id.get()),
        num(t.quantity),
        text(t.platform.key()),
        text(t.kind.key()),
        opt_text(t.requirements.as_deref()),
        num(u8::from(t.has_refill)),
        t.expiry_days.map_or(JsValue::NULL, num),
        text(&now.iso()),
    ]
}

/// Creates a mapping; `None` when that product/variant is already mapped.
pub async fn create_product(
    db: &D1Database,
    m: &ProductMapping,
    now: UtcTime,
) -> Result<Option<ProductRow>> {
    db.prepare(format!(
        "INSERT INTO products (product_id, variant_id, service_id, quantity, platform, service_type, \
         requirements, has_refill, expiry_days, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) \
         ON CONFLICT (product_id, variant_id) DO NOTHING RETURNING {PRODUCT_COLUMNS}"
    ))
    .bind(&product_values(m, now))?
    .first(None)
    .await
}

/// Replaces mapping `id`; `None` when there is no such mapping.
pub async fn update_product(
    db: &D1Database,
    id: u32,
    m: &ProductMapping,
    now: UtcTime,
) -> Result<Option<ProductRow>> {
    let mut values = product_values(m, now);
    values.push(num(id));
    db.prepare(format!(
        "UPDATE products SET product_id = ?1, variant_id = ?2, service_id = ?3, quantity = ?4, \
         platform = ?5, service_type = ?6, requirements = ?7, has_refill = ?8, expiry_days = ?9, \
         updated_at = ?10 WHERE id = ?11 RETURNING {PRODUCT_COLUMNS}"
    ))
    .bind(&values)?
    .first(None)
    .await
}

pub async fn delete_product(db: &D1Database, id: u32) -> Result<bool> {
    let gone: Option<f64> = db
        .prepare("DELETE FROM products WHERE id = ?1 RETURNING id")
        .bind(&[num(id)])?
        .first(Some("id"))
        .await?;
    Ok(gone.is_some())
}

/// Voids the invoice's unredeemed codes; (voided, codes the invoice has in all).
pub async fn void_invoice(
    db: &D1Database,
    invoice_id: &str,
    now: UtcTime,
) -> Result<(usize, usize)> {
    let results = db
        .batch(vec![
            db.prepare(
                "UPDATE codes SET status = 'void', updated_at = ?2 \
                 WHERE invoice_id = ?1 AND status = 'unused' RETURNING code",
            )
            .bind(&[text(invoice_id), text(&now.iso())])?,
            db.prepare("SELECT count(*) AS n FROM codes WHERE invoice_id = ?1")
                .bind(&[text(invoice_id)])?,
        ])
        .await?;
    let voided = results[0].results::<serde_json::Value>()?.len();
    let total = results[1]
        .results::<serde_json::Value>()?
        .first()
        .and_then(|r| r["n"].as_f64())
        .unwrap_or(0.0) as usize;
    Ok((voided, total))
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
