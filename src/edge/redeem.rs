//! The buyer's code routes over HTTP: validate a code, check a link, redeem it, see its
//! redemption. Request -> typed command (`commands`) -> typed reply; nothing is decided here.

use super::commands::{self, load, parse_code, RedeemCommand, Redemption};
use super::ctx::Ctx;
use super::db;
use super::guard;
use super::http::{read_body, Outcome, Reply};
use crate::core::answer;
use crate::core::body;
use crate::core::envelope::{parse_body, parse_json, read_body_value, ApiError};
use crate::core::error_code::ErrorCode;
use crate::core::json::{self, obj};
use crate::core::link::{link_hint, link_pages};
use crate::core::order_input::RawInput;
use crate::core::redemption::buyer_id;
use worker::Request;

/// `POST /api/validate-code {"code"}`: what the code buys, if it can be redeemed now.
pub async fn validate(ctx: &Ctx, req: &mut Request) -> Outcome {
    let code = parse_body(&read_body(ctx, req).await?, &body::CODE_ONLY, |f| {
        f.text("code")
    })?;
    let stored = commands::validate(ctx, &code).await?;
    // The hint as stable keys too, so a page can say it in the buyer's language.
    let (pages, example) = link_pages(&stored.platform, &stored.link_kind());
    Ok(Reply::ok(
        "Code is valid",
        obj!(answer::CODE_VIEW => {
            "code": stored.code.as_str(),
            "platform": stored.platform.key(),
            "platform_name": stored.platform.name(),
            "service_type": stored.kind.key(),
            "service_name": stored.kind.name(),
            "service_id": stored.service_id,
            "quantity": stored.quantity,
            "requirements": stored.requirements,
            "has_refill": stored.has_refill,
            "expires_at": stored.expires_at.map(|t| t.iso()),
            "status": stored.status.as_str(),
            "link_hint": link_hint(&stored.platform, &stored.link_kind()),
            "link_pages": pages,
            "link_example": example,
            "order_input": stored.order.first_input(),
            "order": stored.order.summary(),
            "drip_feed": stored.drip_feed.map(|d| obj!(answer::DRIP_FEED => { "runs": d.runs, "interval": d.interval })),
            // Redeemed before and given back (a hold that lasted too long, a later refusal).
            "returned": stored.returned.as_ref().map(|(r, words)| obj!(answer::CODE_VIEW_RETURNED => { "reason": r.key(), "message": words })),
        }),
    ))
}

/// `POST /api/check-link {"code","link"}`: the page's live hint, decided by the same rule as
/// the redemption, so the two never differ.
pub async fn check_link(ctx: &Ctx, req: &mut Request) -> Outcome {
    let (code, link) = parse_body(&read_body(ctx, req).await?, &body::LINK_CHECK, |f| {
        (f.text("code"), f.text("link"))
    })?;
    let link = commands::check_link(ctx, &code, &link).await?;
    Ok(Reply::ok(
        &format!("The order would be placed for {}", link.as_str()),
        obj!(answer::LINK_CHECK_RESULT => { "link": link.as_str() }),
    ))
}

/// `POST /api/redeem {"code","link","username"?}`: exactly one panel order per code.
pub async fn redeem(ctx: &Ctx, req: &mut Request) -> Outcome {
    let body: serde_json::Value = parse_json(&read_body(ctx, req).await?)?;
    // What the code's service needs besides the link (`validate-code`'s `order.inputs`):
    // lists as text, one per line, or arrays; a poll answer's number. Fields of the same object.
    let input = RawInput::from_json(&body);
    let (code, link, username, user_id, lang) = read_body_value(&body, &body::REDEEM, |f| {
        (
            f.text("code"),
            f.text("link"),
            f.opt_text("username"),
            // The Flask app's Discord-era clients send one; web buyers do not.
            f.opt_value("user_id"),
            // The page's language, for the buyer's order updates (`assets/i18n.json`'s codes).
            f.opt_text("lang"),
        )
    })?;
    let user_id = match user_id.as_ref() {
        Some(v) => buyer_id(v)?,
        None => "web".into(),
    };
    let command = RedeemCommand {
        code,
        link,
        username,
        user_id,
        input,
        // Only a language the catalogue could have: a short tag of letters and dashes.
        lang: lang
            .filter(|l| l.len() <= 8 && l.chars().all(|c| c.is_ascii_alphabetic() || c == '-')),
    };
    Ok(match commands::redeem(ctx, command).await? {
        Redemption::Placed(order) => Reply::ok("Order placed", order.to_json()),
        // Held: the code is kept and the order placed later (`core::hold`).
        Redemption::Queued(queued) => Reply::ok(queued.message, queued.to_json()).with_status(202),
    })
}

/// `POST /api/user/redemptions {"code"}`: this code's own redemption. Holding a code proves
/// nothing about the other codes of its invoice: resellers split an invoice's codes among
/// their own customers. `{"user_id"}` (the Flask app's Discord lookup) passes the admin gate.
pub async fn history(ctx: &Ctx, req: &mut Request) -> Outcome {
    let (code, user_id) = parse_body(&read_body(ctx, req).await?, &body::HISTORY, |f| {
        // `user_id`: the Discord-era lookup, admin only.
        (f.opt_text("code"), f.opt_value("user_id"))
    })?;
    let rows = match (code, user_id) {
        (Some(raw), None) => {
            let code = parse_code(&raw)?;
            load(ctx, &code).await?;
            db::redemptions_of_code(&ctx.db()?, &code).await?
        }
        (None, Some(user)) => {
            guard::admin_gate(ctx, req).await?;
            db::redemptions_of_user(&ctx.db()?, &buyer_id(&user)?).await?
        }
        _ => {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "Send {\"code\": \"...\"} (or, with the admin key, {\"user_id\": ...}).",
            ))
        }
    };
    Ok(Reply::ok(
        "Redemptions",
        obj!(answer::USER_REDEMPTIONS => {
            "redemptions": json::list(&rows, db::RedemptionRow::to_json), "count": rows.len(),
        }),
    ))
}
