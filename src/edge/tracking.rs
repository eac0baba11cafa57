//! What a buyer may see of an order this worker placed: the panel's progress, never its
//! charge. Panel status is cached briefly so a refreshing buyer does not hammer the panel.

use super::admin::Query;
use super::cache;
use super::db::{self, OrderRow};
use super::http::{Outcome, Reply};
use super::panel_client::Sent;
use super::routes::Ctx;
use crate::core::envelope::ApiError;
use crate::core::panel::{parse_status, OrderId, OrderStatus, PanelRequest, Reply as PanelReply};
use serde_json::{json, Value};
use worker::Request;

const STATUS_TTL_SECONDS: u32 = 60;

fn order_not_found() -> ApiError {
    ApiError::new(404, "order_not_found", "We have no order with that number.")
}

/// The panel's status of `order`, from the cache when fresh. `None` when the panel cannot
/// say right now: the buyer still sees what we know.
async fn panel_status(ctx: &Ctx, order: OrderId) -> Option<OrderStatus> {
    let key = format!("order-status/{order}");
    if let Some(body) = cache::get(&key).await {
        if let PanelReply::Ok(s) = parse_status(200, &body) {
            return Some(s);
        }
    }
    let Sent::Answer { status, body } = ctx.panel().ok()?.send(&PanelRequest::Status(order)).await
    else {
        return None;
    };
    let PanelReply::Ok(s) = parse_status(status, &body) else {
        return None;
    };
    cache::put(&key, body, STATUS_TTL_SECONDS).await;
    if let Ok(db) = ctx.db() {
        let _ = db::record_status(&db, order, &s, ctx.now).await;
    }
    Some(s)
}

/// The public view of an order: the Flask app's field names, no charge, no currency.
pub async fn order_view(ctx: &Ctx, row: &OrderRow) -> Value {
    let live = match OrderId::new(row.order_id.max(0) as u64) {
        Some(id) => panel_status(ctx, id).await,
        None => None,
    };
    json!({
        "order_id": row.order_id,
        "status": live.as_ref().map(|s| s.status.as_str().to_string()).or_else(|| row.status.clone()),
        "start_count": live.as_ref().and_then(|s| s.start_count).or(row.start_count.map(|v| v.max(0) as u64)),
        "remains": live.as_ref().and_then(|s| s.remains).or(row.remains.map(|v| v.max(0) as u64)),
        "link": row.link,
        "quantity": row.quantity,
        "service_id": row.service_id,
        "placed_at": row.placed_at,
        "live": live.is_some(),
    })
}

/// `GET /api/order-status?order_id=N`: only orders placed through this worker.
pub async fn order_status(ctx: &Ctx, req: &mut Request) -> Outcome {
    let query = Query::of(req)?;
    let order = query
        .get("order_id")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .and_then(OrderId::new)
        .ok_or_else(|| {
            ApiError::bad_request("invalid_order_id", "order_id must be an order number.")
        })?;
    let row = db::find_order(&ctx.db()?, order)
        .await?
        .ok_or_else(order_not_found)?;
    Ok(Reply::ok("Order status", order_view(ctx, &row).await))
}
