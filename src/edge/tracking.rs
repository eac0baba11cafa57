//! The buyer's order routes over HTTP: `GET /api/orders/by-code/{code}`, `POST /api/refill`,
//! `GET /api/order-status`. They translate; `commands::track` and `commands::refill` decide.

use super::commands::{self, order_view};
use super::ctx::Ctx;
use super::db;
use super::http::{read_body, Outcome, Query, Reply};
use crate::core::envelope::{parse_json, ApiError};
use crate::core::panel::{OrderId, MAIN};
use serde::Deserialize;
use worker::Request;

fn order_not_found() -> ApiError {
    ApiError::new(404, "order_not_found", "We have no order with that number.")
}

/// `GET /api/order-status?order_id=N`: only orders placed through this worker.
/// Order numbers are sequential, so this lookup is rate limited and leaves out the link:
/// without the code nobody learns whose profile an order was for.
pub async fn order_status(ctx: &Ctx, req: &mut Request) -> Outcome {
    let query = Query::of(req)?;
    let order = query
        .get("order_id")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .and_then(OrderId::new)
        .ok_or_else(|| {
            ApiError::bad_request("invalid_order_id", "order_id must be an order number.")
        })?;
    let row = db::find_order(&ctx.db()?, MAIN, order)
        .await?
        .ok_or_else(order_not_found)?;
    let mut view = order_view(ctx, &row).await;
    view.link = None;
    Ok(Reply::ok("Order status", view))
}

/// `GET /api/orders/by-code/{code}`: the order page of a used code.
pub async fn by_code(ctx: &Ctx, raw: &str) -> Outcome {
    Ok(Reply::ok("Order", commands::track(ctx, raw).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RefillRequest {
    code: String,
}

/// `POST /api/refill {"code"}`: ask the panel to refill the code's order.
pub async fn refill(ctx: &Ctx, req: &mut Request) -> Outcome {
    let body: RefillRequest = parse_json(&read_body(ctx, req).await?)?;
    Ok(Reply::ok(
        "Refill requested",
        commands::refill(ctx, &body.code).await?,
    ))
}
