//! The buyer's order routes over HTTP: `GET /api/orders/by-code/{code}`, `POST /api/refill`,
//! `GET /api/order-status`. They translate; `commands::track` and `commands::refill` decide.

use super::commands::{self, order_view};
use super::ctx::Ctx;
use super::db;
use super::http::{read_body, Outcome, Query, Reply};
use crate::core::answer;
use crate::core::body;
use crate::core::envelope::{parse_body, ApiError};
use crate::core::error_code::ErrorCode;
use crate::core::json::obj;
use crate::core::outbox::email_ok;
use crate::core::panel::{OrderId, MAIN};
use worker::Request;

fn order_not_found() -> ApiError {
    ApiError::new(
        ErrorCode::OrderNotFound,
        "We have no order with that number.",
    )
}

/// `GET /api/order-status?order_id=N`: only orders placed through this worker.
/// Order numbers are sequential, so this lookup is rate limited and leaves out the link:
/// without the code nobody learns whose profile an order was for.
pub async fn order_status(ctx: &Ctx, req: &mut Request) -> Outcome {
    let query = Query::of(req);
    let order = query
        .get("order_id")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .and_then(OrderId::new)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidOrderId,
                "order_id must be an order number.",
            )
        })?;
    let row = db::find_order(&ctx.db()?, MAIN, order)
        .await?
        .ok_or_else(order_not_found)?;
    let mut view = order_view(ctx, &row).await;
    view.link = None;
    Ok(Reply::ok("Order status", view.to_json()))
}

/// `GET /api/orders/by-code/{code}`: the order page of a used code.
pub async fn by_code(ctx: &Ctx, raw: &str) -> Outcome {
    Ok(Reply::ok(
        "Order",
        commands::track(ctx, raw).await?.to_json(),
    ))
}

/// `POST /api/refill {"code"}`: ask the panel to refill the code's order.
pub async fn refill(ctx: &Ctx, req: &mut Request) -> Outcome {
    let code = parse_body(&read_body(ctx, req).await?, &body::REFILL, |f| {
        f.text("code")
    })?;
    Ok(Reply::ok(
        "Refill requested",
        commands::refill(ctx, &code).await?.to_json(),
    ))
}

/// `POST /api/orders/by-code/{code}/notify {"email","lang"?}`: "tell me when it is done". The
/// address gets this code's next updates (and no other code's); typing it again after an
/// unsubscribe subscribes it again.
pub async fn notify_me(ctx: &Ctx, req: &mut Request, raw: &str) -> Outcome {
    let (email, lang) = parse_body(&read_body(ctx, req).await?, &body::NOTIFY, |f| {
        (f.text("email"), f.opt_text("lang"))
    })?;
    let email = email.trim().to_ascii_lowercase();
    if !email_ok(&email) {
        return Err(ApiError::new(
            ErrorCode::InvalidEmail,
            "That does not look like an e-mail address.",
        ));
    }
    let lang =
        lang.filter(|l| l.len() <= 8 && l.chars().all(|c| c.is_ascii_alphabetic() || c == '-'));
    let stored = commands::load(ctx, &commands::parse_code(raw)?).await?;
    db::set_notify_email(
        &ctx.db()?,
        &stored.code,
        &email,
        lang.as_deref(),
        ctx.started,
    )
    .await?;
    Ok(Reply::ok(
        "We will e-mail this address when the order moves on.",
        obj!(answer::NOTIFY_RESULT => { "code": stored.code.as_str(), "email": email }),
    ))
}

/// One-click `POST /api/unsubscribe?address=&token=` (RFC 8058; also what the `/unsubscribe`
/// page's button sends): no more updates to the address. The token is the address's HMAC
/// (`commands::unsubscribe_token`), so nobody unsubscribes someone else. A `GET` (a mail scanner
/// fetching the link) changes nothing and says how to confirm.
pub async fn unsubscribe(ctx: &Ctx, req: &mut Request) -> Outcome {
    if req.method() == worker::Method::Get {
        return Ok(Reply::text(
            "To stop the shop's order e-mails, open the unsubscribe link of an e-mail and confirm, or use your mail app's Unsubscribe button.\n".into(),
        ));
    }
    let query = Query::of(req);
    let address = query
        .get("address")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let token = query.get("token").unwrap_or("");
    // No key, no link can be checked: nothing is unsubscribed without a valid token.
    let expected = commands::unsubscribe_token(ctx, &address).unwrap_or_default();
    let same = !expected.is_empty()
        && expected.len() == token.len()
        && expected
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if address.is_empty() || !same {
        return Err(ApiError::new(
            ErrorCode::InvalidUnsubscribeLink,
            "This unsubscribe link is not valid. Use the link in the shop's latest e-mail.",
        ));
    }
    db::unsubscribe(&ctx.db()?, &address, ctx.started).await?;
    Ok(Reply::text(format!(
        "{address} will get no more e-mails from {}.\n",
        ctx.config.shop_name
    )))
}
