//! Sellauth deliveries (`webhook_deliveries`) and other webhook events.

use super::codes::{insert_codes_statement, NewCodes, Origin};
use super::row::{from_row, FirstRow as _, Rows as _};
use super::Db;
use super::{micros, num, opt_text, text};
use crate::core::clock::UtcTime;
use crate::core::code::Code;
use crate::core::sellauth::{Delivery, DeliveryRow};
use worker::Result;

const DELIVERY_COLUMNS: &str = "invoice_id, item_id, status, codes, product_id, variant_id, \
     quantity, error, attempts, first_seen_at, last_seen_at, outcome, answer";

pub async fn find_delivery(
    db: &Db,
    invoice_id: &str,
    item_id: &str,
) -> Result<Option<DeliveryRow>> {
    db.prepare(format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE invoice_id = ?1 AND item_id = ?2"
    ))
    .bind(&[text(invoice_id), text(item_id)])?
    .first_row()
    .await
}

pub async fn deliveries(db: &Db, status: Option<&str>, limit: u32) -> Result<Vec<DeliveryRow>> {
    db.prepare(format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE ?1 IS NULL OR status = ?1 \
         ORDER BY last_seen_at DESC LIMIT ?2"
    ))
    .bind(&[opt_text(status), num(limit)])?
    .all()
    .await?
    .rows()
}

/// What a delivery attempt is about.
pub struct DeliveryAttempt<'a> {
    pub delivery: &'a Delivery,
    pub idempotency_key: Option<&'a str>,
    pub now: UtcTime,
    /// A checkout order (the product orders at delivery): the claim marks it `placing`.
    pub checkout: bool,
}

/// Records a failed attempt (unmapped product, quantity refused); a later success replaces it.
pub async fn record_failed_delivery(db: &Db, a: &DeliveryAttempt<'_>, error: &str) -> Result<()> {
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
/// already `delivered`, or of a voided invoice, gets nothing from this batch; read it back.
pub async fn deliver(db: &Db, a: &DeliveryAttempt<'_>, codes: &NewCodes<'_>) -> Result<()> {
    let d = a.delivery;
    let list: Vec<&str> = codes.codes.iter().map(Code::as_str).collect();
    let claim = db
        .prepare(
            "INSERT INTO webhook_deliveries (invoice_id, item_id, status, codes, product_id, \
             variant_id, quantity, buyer_email, idempotency_key, error, attempts, first_seen_at, \
             last_seen_at, outcome, price_micros, total_micros, currency, product_name) \
             SELECT ?1, ?2, 'delivered', ?3, ?4, ?5, ?6, ?7, ?8, NULL, 1, ?9, ?9, ?10, ?11, ?12, \
             ?13, ?14 WHERE NOT EXISTS (SELECT 1 FROM voided_invoices WHERE invoice_id = ?1) \
             ON CONFLICT (invoice_id, item_id) DO UPDATE SET status = 'delivered', \
             codes = excluded.codes, outcome = excluded.outcome, error = NULL, attempts = attempts + 1, \
             last_seen_at = excluded.last_seen_at, price_micros = excluded.price_micros, \
             total_micros = excluded.total_micros, currency = excluded.currency, \
             product_name = excluded.product_name WHERE webhook_deliveries.status = 'failed'",
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
            opt_text(a.checkout.then_some("placing")),
            micros(d.sale.as_ref().map(|s| s.price)),
            micros(d.sale.as_ref().map(|s| s.total)),
            opt_text(d.sale.as_ref().map(|s| s.currency.as_str())),
            opt_text(d.product_label().as_deref()),
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
pub async fn touch_delivery(db: &Db, invoice_id: &str, item_id: &str, now: UtcTime) -> Result<()> {
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
    db: &Db,
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

/// Whether the shop voided (refunded) this invoice, whether or not codes existed then.
pub async fn invoice_voided(db: &Db, invoice_id: &str) -> Result<bool> {
    let hit: Option<String> = db
        .prepare("SELECT invoice_id FROM voided_invoices WHERE invoice_id = ?1")
        .bind(&[text(invoice_id)])?
        .first(Some("invoice_id"))
        .await?;
    Ok(hit.is_some())
}

/// What a checkout delivery came to, and the text its buyer was answered (retries repeat it).
pub async fn record_checkout(
    db: &Db,
    invoice_id: &str,
    item_id: &str,
    outcome: &str,
    answer: &str,
) -> Result<()> {
    db.prepare(
        "UPDATE webhook_deliveries SET outcome = ?3, answer = ?4 \
         WHERE invoice_id = ?1 AND item_id = ?2 AND outcome = 'placing'",
    )
    .bind(&[text(invoice_id), text(item_id), text(outcome), text(answer)])?
    .run()
    .await?;
    Ok(())
}

from_row!(DeliveryRow {
    invoice_id,
    item_id,
    status,
    codes,
    product_id,
    variant_id,
    quantity,
    error,
    attempts,
    first_seen_at,
    last_seen_at,
    outcome,
    answer
});
