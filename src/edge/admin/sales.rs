//! Sellauth side of the shop: product mappings, deliveries, refunded invoices.

use crate::core::admin_key::Fingerprint;
use crate::core::answer;
use crate::core::envelope::{parse_body, ApiError};
use crate::core::error_code::ErrorCode;
use crate::core::json::{self, obj};
use crate::core::sellauth::DeliveryRow;
use crate::core::template;
use crate::core::template::{ProductInput, ProductRow};
use crate::edge::commands;
use crate::edge::ctx::Ctx;
use crate::edge::db;
use crate::edge::http::Query;
use crate::edge::http::{read_body, Outcome, Reply};
use worker::Request;

fn product_not_found() -> ApiError {
    ApiError::new(
        ErrorCode::ProductNotFound,
        "There is no mapping for that Sellauth product (and variant). GET /api/admin/products lists them.",
    )
}

/// The mapping an admin names the way Sellauth does: `/api/admin/products/{product_id}`, plus
/// `?variant_id=` for a variant's own mapping (none: the product-wide one). Returns its row id.
async fn addressed_product(db: &db::Db, req: &Request, product_id: &str) -> Result<u32, ApiError> {
    let query = Query::of(req);
    let variant = query.get("variant_id").map(str::trim).unwrap_or("");
    let row = db::exact_product(db, product_id.trim(), variant)
        .await?
        .ok_or_else(product_not_found)?;
    u32::try_from(row.id).map_err(|_| ApiError::internal())
}

/// `GET /api/admin/products`: every Sellauth product/variant mapping.
pub async fn list_products(ctx: &Ctx, _who: &Fingerprint) -> Outcome {
    let rows = db::products(&ctx.db()?).await?;
    Ok(Reply::ok(
        "Product mappings",
        obj!(answer::PRODUCT_LIST => { "products": json::list(&rows, ProductRow::to_json), "count": rows.len() }),
    ))
}

/// `POST /api/admin/products`: map a Sellauth product (or one variant) to a service template.
pub async fn create_product(ctx: &Ctx, req: &mut Request, who: &Fingerprint) -> Outcome {
    let input = parse_body(
        &read_body(ctx, req).await?,
        &template::PRODUCT,
        ProductInput::read,
    )?;
    let confirmed = input.confirm_mismatch;
    let mut mapping = input.validate()?;
    commands::fit_service(ctx, &mut mapping.template, confirmed).await?;
    let db = ctx.db()?;
    let row = db::create_product(&db, &mapping, ctx.started)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::ProductAlreadyMapped,
                "That product (and variant) already has a mapping; change it with PUT instead.",
            )
        })?;
    let target = format!("product:{}/{}", mapping.product_id, mapping.variant_id);
    db::audit(
        &db,
        ctx.started,
        &who.actor(),
        "product.create",
        Some(&target),
        &row.to_json(),
    )
    .await?;
    Ok(Reply::ok(
        "Product mapped",
        obj!(answer::PRODUCT_ANSWER => { "product": row.to_json() }),
    )
    .with_status(201))
}

/// `PUT /api/admin/products/{id}`: replace a mapping.
pub async fn update_product(
    ctx: &Ctx,
    req: &mut Request,
    who: &Fingerprint,
    product_id: &str,
) -> Outcome {
    let id = addressed_product(&ctx.db()?, req, product_id).await?;
    let input = parse_body(
        &read_body(ctx, req).await?,
        &template::PRODUCT,
        ProductInput::read,
    )?;
    let confirmed = input.confirm_mismatch;
    let mut mapping = input.validate()?;
    commands::fit_service(ctx, &mut mapping.template, confirmed).await?;
    let db = ctx.db()?;
    let row = db::update_product(&db, id, &mapping, ctx.started)
        .await
        .map_err(|e| {
            // The UNIQUE (product_id, variant_id) constraint: another mapping has that key.
            // Anything else is an outage, not a conflict.
            if e.to_string().contains("UNIQUE constraint failed") {
                ApiError::new(
                    ErrorCode::ProductAlreadyMapped,
                    "Another mapping already covers that product and variant.",
                )
            } else {
                ApiError::from(e)
            }
        })?
        .ok_or_else(product_not_found)?;
    db::audit(
        &db,
        ctx.started,
        &who.actor(),
        "product.update",
        Some(&format!("product:{id}")),
        &row.to_json(),
    )
    .await?;
    Ok(Reply::ok(
        "Product mapping updated",
        obj!(answer::PRODUCT_ANSWER => { "product": row.to_json() }),
    ))
}

/// `DELETE /api/admin/products/{product_id}?variant_id=`.
pub async fn delete_product(
    ctx: &Ctx,
    req: &mut Request,
    who: &Fingerprint,
    product_id: &str,
) -> Outcome {
    let db = ctx.db()?;
    let id = addressed_product(&db, req, product_id).await?;
    if !db::delete_product(&db, id).await? {
        return Err(product_not_found());
    }
    db::audit(
        &db,
        ctx.started,
        &who.actor(),
        "product.delete",
        Some(&format!("product:{id}")),
        &obj!({}),
    )
    .await?;
    Ok(Reply::ok(
        "Product mapping deleted",
        obj!(answer::PRODUCT_DELETED => { "id": id }),
    ))
}

/// `GET /api/admin/deliveries?status=failed`: Sellauth deliveries, failed ones to fix first.
pub async fn list_deliveries(ctx: &Ctx, req: &mut Request, _who: &Fingerprint) -> Outcome {
    let query = Query::of(req);
    let status = query.get("status").map(str::to_string);
    if let Some(s) = status.as_deref() {
        if s != "failed" && s != "delivered" {
            return Err(ApiError::new(
                ErrorCode::InvalidFilter,
                "status must be failed or delivered.",
            ));
        }
    }
    let rows = db::deliveries(&ctx.db()?, status.as_deref(), 500).await?;
    Ok(Reply::ok(
        "Deliveries",
        obj!(answer::DELIVERY_LIST => { "deliveries": json::list(&rows, DeliveryRow::to_json), "count": rows.len() }),
    ))
}

/// `POST /api/admin/invoices/{invoice_id}/void`: refunds and chargebacks. Unredeemed codes of
/// the invoice become `void`; redeemed ones keep their orders.
pub async fn void_invoice(ctx: &Ctx, who: &Fingerprint, invoice_id: &str) -> Outcome {
    let db = ctx.db()?;
    let (voided, total) = db::void_invoice(&db, invoice_id, &who.actor(), ctx.started).await?;
    db::audit(
        &db,
        ctx.started,
        &who.actor(),
        "invoice.void",
        Some(&format!("invoice:{invoice_id}")),
        &obj!({ "voided": voided, "codes": total }),
    )
    .await?;
    let message = if total == 0 {
        "No codes were delivered for this invoice yet; it is remembered as voided, so a later delivery hands out none".to_string()
    } else {
        format!("Voided {voided} of {total} codes")
    };
    Ok(Reply::ok(
        &message,
        obj!(answer::VOIDED_INVOICE => { "invoice_id": invoice_id, "voided": voided, "codes": total }),
    ))
}
