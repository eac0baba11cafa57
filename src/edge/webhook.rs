//! `POST /webhook/sellauth`: Sellauth's signed dynamic delivery. Answers with the codes, one
//! per line, exactly once per invoice item: retries and racing duplicates get the same codes.

use super::checkout;
use super::ctx::Ctx;
use super::db::{self, DeliveryAttempt, NewCodes};
use super::http::{read_body, Outcome, Reply};
use super::notify;
use super::random;
use crate::core::answer;
use crate::core::checkout::Fulfilment;
use crate::core::code::Code;
use crate::core::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use crate::core::json::obj;
use crate::core::logline::email_hash;
use crate::core::redemption::expiry;
use crate::core::sellauth::{
    check_quantity, parse_webhook, render_lines, verify_signature, Delivery, DeliveryRow, Webhook,
};
use crate::core::template::CodeTemplate;
use worker::Request;

pub async fn sellauth(ctx: &Ctx, req: &mut Request) -> Outcome {
    let secret = ctx.config.webhook_secret.as_deref().ok_or_else(|| {
        ApiError::not_configured("The Sellauth webhook secret (SELLAUTH_WEBHOOK_SECRET)")
    })?;
    let raw = read_body(ctx, req).await?;
    let signature = req.headers().get("x-signature").ok().flatten();
    verify_signature(secret, &raw, signature.as_deref())?;

    let delivery = match parse_webhook(&raw)? {
        Webhook::Other { event, invoice_id } => {
            let body = String::from_utf8_lossy(&raw);
            db::record_event(
                &ctx.db()?,
                &event,
                invoice_id.as_deref(),
                &body,
                ctx.started,
            )
            .await?;
            return Ok(Reply::ok(
                "Event recorded",
                obj!(answer::EVENT_RECORDED => { "event": event }),
            ));
        }
        Webhook::Delivery(d) => d,
    };
    let idempotency_key = req.headers().get("idempotency-key").ok().flatten();
    let base_url = ctx.config.public_url.clone().unwrap_or_else(|| origin(req));
    // The claim and the codes are one batch, so a cut-off request leaves nothing half-done;
    // handing the work to `waitUntil` still lets it finish once started, as money paths do.
    let owned = ctx.clone();
    ctx.finish_regardless(async move {
        deliver_item(&owned, &delivery, idempotency_key.as_deref(), &base_url).await
    })
    .await
}

/// One invoice item's codes: the stored ones for a retry, fresh ones the first time.
async fn deliver_item(
    ctx: &Ctx,
    delivery: &Delivery,
    idempotency_key: Option<&str>,
    base_url: &str,
) -> Outcome {
    let db = ctx.db()?;
    let attempt = DeliveryAttempt {
        delivery,
        idempotency_key,
        now: ctx.started,
        checkout: false,
    };
    // What a delivered item answers: a checkout order's stored text (or "being placed"), or
    // one line per code.
    let answer = |row: &DeliveryRow, codes: Vec<Code>| -> Outcome {
        Ok(Reply::text(row.checkout_answer(base_url).unwrap_or_else(
            || render_lines(&ctx.config.delivery_line_template, &codes, base_url),
        )))
    };
    let stored = async || -> Result<Option<(DeliveryRow, Vec<Code>)>, ApiError> {
        let row = db::find_delivery(&db, &delivery.invoice_id, &delivery.item_id).await?;
        Ok(row.and_then(|r| r.delivered_codes().map(|codes| (r, codes))))
    };

    // A retry of a delivered item: the same answer again, nothing new minted or ordered. A
    // checkout order still `placing` (its first attempt may have died before the panel) is
    // taken over: the code's reservation, not this row, keeps it to one order.
    if let Some((row, codes)) = stored().await? {
        db::touch_delivery(&db, &delivery.invoice_id, &delivery.item_id, ctx.started).await?;
        if row.outcome.as_deref() == Some("placing") {
            let product =
                db::product_for(&db, &delivery.product_id, delivery.variant_id.as_deref()).await?;
            let order = product.and_then(|p| Some((p.template().ok()?, p.fulfilment().ok()?)));
            if let (Some((template, Fulfilment::Order { link_field })), Some(code)) =
                (order, codes.first())
            {
                return place_checkout(ctx, &db, delivery, code, &template, &link_field, base_url)
                    .await;
            }
        }
        return answer(&row, codes);
    }

    if db::invoice_voided(&db, &delivery.invoice_id).await? {
        return Err(voided_delivery(ctx, &db, &attempt).await?);
    }
    if let Err(e) = check_quantity(delivery.quantity, ctx.config.max_codes_per_item) {
        db::record_failed_delivery(&db, &attempt, &e.message).await?;
        return Err(e);
    }
    let Some(product) =
        db::product_for(&db, &delivery.product_id, delivery.variant_id.as_deref()).await?
    else {
        let why = format!(
            "Sellauth product {} (variant {}) is not mapped to a service",
            delivery.product_id,
            delivery.variant_id.as_deref().unwrap_or("none")
        );
        db::record_failed_delivery(&db, &attempt, &why).await?;
        db::audit(
            &db,
            ctx.started,
            "sellauth",
            "delivery.unmapped_product",
            Some(&format!(
                "invoice:{}/{}",
                delivery.invoice_id, delivery.item_id
            )),
            &obj!({ "product_id": delivery.product_id, "variant_id": delivery.variant_id,
                     "product_name": delivery.product_name, "quantity": delivery.quantity }),
        )
        .await?;
        notify::alert(
            ctx,
            "failed_delivery",
            &format!("Sellauth delivery failed: {why} (invoice {}). The buyer has no codes yet: map the product in /admin and Sellauth's retry delivers.", delivery.invoice_id),
        )
        .await;
        // Non-2xx: Sellauth retries, and a retry after the admin maps the product succeeds.
        return Err(ApiError::new(
            ErrorCode::UnmappedProduct,
            format!("{why}. Add a product mapping in the admin dashboard; Sellauth's retry will then deliver."),
        ));
    };
    let unusable = |why: String| {
        worker::console_error!("{why}");
        ApiError::internal()
    };
    let mut template = product.template().map_err(unusable)?;
    let fulfilment = product.fulfilment().map_err(unusable)?;
    // A checkout order is one code for the whole item (N units x the product's quantity),
    // redeemed right here: one panel order, and tracking, refills and review as for any code.
    let count = match &fulfilment {
        Fulfilment::Code => delivery.quantity,
        Fulfilment::Order { .. } => {
            template.quantity = template
                .quantity
                .checked_mul(delivery.quantity)
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::QuantityTooLargeAtCheckout,
                        "That quantity is too large to order.",
                    )
                })?;
            1
        }
    };
    let prefix = &ctx.config.code_prefix;
    let codes: Vec<Code> = (0..count).map(|_| random::code(prefix)).collect();
    let new_codes = NewCodes {
        codes: &codes,
        template: &template,
        expires_at: expiry(ctx.started, template.expiry_days.map(i64::from)),
        source: "sellauth",
        now: ctx.started,
    };
    let claim = DeliveryAttempt {
        checkout: fulfilment != Fulfilment::Code,
        ..attempt
    };
    db::deliver(&db, &claim, &new_codes).await?;
    // Support finds a buyer's delivery by the hash of their email; the address stays in D1.
    worker::console_log!(
        "{}",
        obj!({ "request_id": ctx.request_id, "delivery": delivery.invoice_id, "item": delivery.item_id,
                "codes": delivery.quantity, "buyer": delivery.email.as_deref().map(email_hash) })
    );
    // Whoever won (this request or a racing duplicate), the stored row holds the codes;
    // the claim wrote nothing if the invoice was voided meanwhile. Only the winner of a
    // checkout order (its codes are the stored ones) places the order.
    match stored().await? {
        Some((row, stored_codes)) => match &fulfilment {
            Fulfilment::Order { link_field } if stored_codes == codes => {
                place_checkout(
                    ctx, &db, delivery, &codes[0], &template, link_field, base_url,
                )
                .await
            }
            _ => answer(&row, stored_codes),
        },
        None if db::invoice_voided(&db, &delivery.invoice_id).await? => {
            Err(voided_delivery(ctx, &db, &attempt).await?)
        }
        None => Err(ApiError::internal()),
    }
}

/// Places a checkout order for the item's code (or learns it is being placed elsewhere), and
/// keeps the outcome and the answer for the retries.
async fn place_checkout(
    ctx: &Ctx,
    db: &db::Db,
    delivery: &Delivery,
    code: &Code,
    template: &CodeTemplate,
    link_field: &str,
    base_url: &str,
) -> Outcome {
    let result = checkout::place(ctx, code, template, link_field, delivery).await;
    let text = result.text(code, base_url);
    if let Some(outcome) = result.key() {
        db::record_checkout(db, &delivery.invoice_id, &delivery.item_id, outcome, &text).await?;
    }
    Ok(Reply::text(text))
}

/// A delivery of a refunded invoice: nothing redeemable is handed out; the attempt shows
/// under the dashboard's failed deliveries with the reason.
async fn voided_delivery(
    ctx: &Ctx,
    db: &db::Db,
    attempt: &DeliveryAttempt<'_>,
) -> Result<ApiError, ApiError> {
    let invoice = &attempt.delivery.invoice_id;
    let why =
        format!("Invoice {invoice} was voided (refunded) in /admin; no codes are delivered for it");
    db::record_failed_delivery(db, attempt, &why).await?;
    db::audit(
        db,
        ctx.started,
        "sellauth",
        "delivery.voided_invoice",
        Some(&format!("invoice:{invoice}/{}", attempt.delivery.item_id)),
        &obj!({ "product_id": attempt.delivery.product_id, "quantity": attempt.delivery.quantity }),
    )
    .await?;
    Ok(ApiError::new(ErrorCode::InvoiceVoided, format!("{why}.")))
}

/// `https://shop.example` of the request, for redemption links when PUBLIC_URL is unset.
fn origin(req: &Request) -> String {
    crate::core::request_url::origin(&req.inner().url()).to_string()
}
