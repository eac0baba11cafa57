//! Sellauth product -> service template mappings (`products`).

use super::row::{from_row, FirstRow as _, Rows as _};
use super::Db;
use super::{num, opt_text, text};
use crate::core::clock::UtcTime;
use crate::core::template::{ProductMapping, ProductRow};
use wasm_bindgen::JsValue;
use worker::Result;

const PRODUCT_COLUMNS: &str = "id, product_id, variant_id, name, service_id, quantity, platform, \
     service_type, requirements, has_refill, expiry_days, created_at, updated_at, fulfilment, \
     link_field, services, unit_cost_micros, order_input, drip_runs, drip_interval";

pub async fn products(db: &Db) -> Result<Vec<ProductRow>> {
    db.prepare(format!(
        "SELECT {PRODUCT_COLUMNS} FROM products ORDER BY product_id, variant_id"
    ))
    .all()
    .await?
    .rows()
}

/// The mapping for a sold item: the variant's own row wins over the product-wide one ('').
pub async fn product_for(
    db: &Db,
    product_id: &str,
    variant_id: Option<&str>,
) -> Result<Option<ProductRow>> {
    db.prepare(format!(
        "SELECT {PRODUCT_COLUMNS} FROM products WHERE product_id = ?1 \
         AND (variant_id = ?2 OR variant_id = '') ORDER BY variant_id DESC LIMIT 1"
    ))
    .bind(&[text(product_id), text(variant_id.unwrap_or(""))])?
    .first_row()
    .await
}

fn product_values(m: &ProductMapping, now: UtcTime) -> Result<Vec<JsValue>> {
    let t = &m.template;
    Ok(vec![
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
        text(m.fulfilment.key()),
        opt_text(m.fulfilment.link_field()),
        opt_text(super::codes::choices_json(t)?.as_deref()),
        super::micros(t.unit_cost),
        opt_text(t.order.stored().as_deref()),
        t.drip_feed.map_or(JsValue::NULL, |d| num(d.runs)),
        t.drip_feed.map_or(JsValue::NULL, |d| num(d.interval)),
    ])
}

/// Creates a mapping; `None` when that product/variant is already mapped.
pub async fn create_product(
    db: &Db,
    m: &ProductMapping,
    now: UtcTime,
) -> Result<Option<ProductRow>> {
    db.prepare(format!(
        "INSERT INTO products (product_id, variant_id, service_id, quantity, platform, service_type, \
         requirements, has_refill, expiry_days, created_at, updated_at, fulfilment, link_field, \
         services, unit_cost_micros, order_input, drip_runs, drip_interval) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) \
         ON CONFLICT (product_id, variant_id) DO NOTHING RETURNING {PRODUCT_COLUMNS}"
    ))
    .bind(&product_values(m, now)?)?
    .first_row()
    .await
}

/// Replaces mapping `id`; `None` when there is no such mapping.
pub async fn update_product(
    db: &Db,
    id: u32,
    m: &ProductMapping,
    now: UtcTime,
) -> Result<Option<ProductRow>> {
    let mut values = product_values(m, now)?;
    values.push(num(id));
    db.prepare(format!(
        "UPDATE products SET product_id = ?1, variant_id = ?2, service_id = ?3, quantity = ?4, \
         platform = ?5, service_type = ?6, requirements = ?7, has_refill = ?8, expiry_days = ?9, \
         updated_at = ?10, fulfilment = ?11, link_field = ?12, services = ?13, \
         unit_cost_micros = ?14, order_input = ?15, drip_runs = ?16, drip_interval = ?17 \
         WHERE id = ?18 \
         RETURNING {PRODUCT_COLUMNS}"
    ))
    .bind(&values)?
    .first_row()
    .await
}

pub async fn delete_product(db: &Db, id: u32) -> Result<bool> {
    let gone: Option<f64> = db
        .prepare("DELETE FROM products WHERE id = ?1 RETURNING id")
        .bind(&[num(id)])?
        .first(Some("id"))
        .await?;
    Ok(gone.is_some())
}

/// The mapping of exactly this Sellauth product and variant (`''`: every variant).
pub async fn exact_product(
    db: &Db,
    product_id: &str,
    variant_id: &str,
) -> Result<Option<ProductRow>> {
    db.prepare(format!(
        "SELECT {PRODUCT_COLUMNS} FROM products WHERE product_id = ?1 AND variant_id = ?2"
    ))
    .bind(&[text(product_id), text(variant_id)])?
    .first_row()
    .await
}

from_row!(ProductRow {
    id,
    product_id,
    variant_id,
    name,
    service_id,
    quantity,
    platform,
    service_type,
    requirements,
    has_refill,
    expiry_days,
    created_at,
    updated_at,
    fulfilment,
    link_field,
    services,
    unit_cost_micros,
    order_input,
    drip_runs,
    drip_interval
});
