//! The money view's reads: sales and orders grouped in SQL (amounts are INTEGER millionths,
//! summed exactly, cast to text so no sum passes through a float).

use super::row::{from_row, Rows as _};
use super::text;
use super::Db;
use crate::core::clock::UtcTime;
use crate::core::money::{OrderGroup, SalesGroup};
use worker::Result;

/// Sellauth items sold since `since`, per day, product and currency; voided invoices
/// (refunds, chargebacks) are not revenue.
pub async fn sales_since(db: &Db, since: UtcTime) -> Result<Vec<SalesGroup>> {
    db.prepare(
        "SELECT substr(first_seen_at, 1, 10) AS day, product_id, max(product_name) AS product_name, \
         currency, count(*) AS sales, CAST(sum(total_micros) AS TEXT) AS total \
         FROM webhook_deliveries d WHERE status = 'delivered' AND first_seen_at >= ?1 \
         AND total_micros IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM voided_invoices v WHERE v.invoice_id = d.invoice_id) \
         GROUP BY day, product_id, currency",
    )
    .bind(&[text(&since.iso())])?
    .all()
    .await?
    .rows()
}

/// Panel orders placed since `since`, grouped by day, panel, where their code came from
/// (the Sellauth product, or the kind of code) and by what is known of their cost; which of
/// charge, refund or estimate counts is `core::money::OrderGroup::cost`'s rule.
pub async fn orders_since(db: &Db, since: UtcTime) -> Result<Vec<OrderGroup>> {
    db.prepare(
        "SELECT substr(o.placed_at, 1, 10) AS day, o.panel, \
         CASE WHEN o.code IS NULL THEN 'manual' ELSE coalesce(c.source, 'admin') END AS origin, \
         d.product_id, o.charge_currency, \
         (o.charge_micros IS NOT NULL) AS charged, \
         (coalesce(o.status, '') IN ('Canceled', 'Refunded')) AS refunded, \
         count(*) AS orders, CAST(sum(o.charge_micros) AS TEXT) AS charge, \
         CAST(sum(o.cost_estimate_micros) AS TEXT) AS estimate, \
         count(o.cost_estimate_micros) AS estimated \
         FROM orders o LEFT JOIN codes c ON c.code = o.code \
         LEFT JOIN webhook_deliveries d ON c.source = 'sellauth' \
           AND d.invoice_id = c.invoice_id AND d.item_id = c.invoice_item_id \
         WHERE o.placed_at >= ?1 \
         GROUP BY day, o.panel, origin, d.product_id, o.charge_currency, charged, refunded",
    )
    .bind(&[text(&since.iso())])?
    .all()
    .await?
    .rows()
}

from_row!(SalesGroup {
    day,
    product_id,
    product_name,
    currency,
    sales,
    total
});

impl super::row::FromRow for OrderGroup {
    fn from_row(row: super::row::Row) -> Result<Self> {
        let built = OrderGroup {
            day: row.get("day"),
            panel: row.get("panel"),
            source: row.get("origin"),
            product_id: row.get("product_id"),
            charge_currency: row.get("charge_currency"),
            charged: row.get("charged"),
            refunded: row.get("refunded"),
            orders: row.get("orders"),
            charge: row.get("charge"),
            estimate: row.get("estimate"),
            estimated: row.get("estimated"),
        };
        row.done(built)
    }
}
