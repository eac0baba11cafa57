//! The buyer's code routes over HTTP: validate a code, check a link, redeem it, see its
//! redemption. Request -> typed command (`commands`) -> typed reply; nothing is decided here.

use super::commands::{self, load, parse_code, RedeemCommand, Redemption};
use super::ctx::Ctx;
use super::db;
use super::guard;
use super::http::{read_body, Outcome, Reply};
use crate::core::envelope::{parse_json, ApiError};
use crate::core::error_code::ErrorCode;
use crate::core::link::{link_hint, link_pages};
use crate::core::order_input::RawInput;
use crate::core::redemption::buyer_id;
use serde::Deserialize;
use serde_json::json;
use worker::Request;

#[derive(Deserialize)]
struct CodeOnly {
    code: String,
}

/// `POST /api/validate-code {"code"}`: what the code buys, if it can be redeemed now.
pub async fn validate(ctx: &Ctx, req: &mut Request) -> Outcome {
    let body: CodeOnly = parse_json(&read_body(ctx, req).await?)?;
    let stored = commands::validate(ctx, &body.code).await?;
    // The hint as stable keys too, so a page can say it in the buyer's language.
    let (pages, example) = link_pages(&stored.platform, &stored.link_kind());
    Ok(Reply::ok(
        "Code is valid",
        json!({
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
            "drip_feed": stored.drip_feed.map(|d| json!({ "runs": d.runs, "interval": d.interval })),
            // Redeemed before and given back (a hold that lasted too long, a later refusal).
            "returned": stored.returned.as_ref().map(|(r, words)| json!({ "reason": r.key(), "message": words })),
        }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkCheck {
    code: String,
    link: String,
}

/// `POST /api/check-link {"code","link"}`: the page's live hint, decided by the same rule as
/// the redemption, so the two never differ.
pub async fn check_link(ctx: &Ctx, req: &mut Request) -> Outcome {
    let body: LinkCheck = parse_json(&read_body(ctx, req).await?)?;
    let link = commands::check_link(ctx, &body.code, &body.link).await?;
    Ok(Reply::ok(
        &format!("The order would be placed for {}", link.as_str()),
        json!({ "link": link.as_str() }),
    ))
}

#[derive(Deserialize)]
struct RedeemRequest {
    code: String,
    link: String,
    #[serde(default)]
    username: Option<String>,
    /// The Flask app's Discord-era clients send one; web buyers do not.
    #[serde(default)]
    user_id: Option<serde_json::Value>,
    /// What the code's service needs besides the link (`validate-code`'s `order.inputs`):
    /// lists as text, one per line, or arrays; a poll answer's number.
    #[serde(flatten)]
    input: RawInput,
    /// The page's language, for the buyer's order updates (`assets/i18n.json`'s codes).
    #[serde(default)]
    lang: Option<String>,
}

/// `POST /api/redeem {"code","link","username"?}`: exactly one panel order per code.
pub async fn redeem(ctx: &Ctx, req: &mut Request) -> Outcome {
    let body: RedeemRequest = parse_json(&read_body(ctx, req).await?)?;
    let user_id = match body.user_id.as_ref().filter(|v| !v.is_null()) {
        Some(v) => buyer_id(v)?,
        None => "web".into(),
    };
    let command = RedeemCommand {
        code: body.code,
        link: body.link,
        username: body.username,
        user_id,
        input: body.input,
        // Only a language the catalogue could have: a short tag of letters and dashes.
        lang: body
            .lang
            .filter(|l| l.len() <= 8 && l.chars().all(|c| c.is_ascii_alphabetic() || c == '-')),
    };
    Ok(match commands::redeem(ctx, command).await? {
        Redemption::Placed(order) => Reply::ok("Order placed", order),
        // Held: the code is kept and the order placed later (`core::hold`).
        Redemption::Queued(queued) => Reply::ok(queued.message, &queued).with_status(202),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryQuery {
    #[serde(default)]
    code: Option<String>,
    /// The Discord-era lookup by user id: admin only.
    #[serde(default)]
    user_id: Option<serde_json::Value>,
}

/// `POST /api/user/redemptions {"code"}`: this code's own redemption. Holding a code proves
/// nothing about the other codes of its invoice: resellers split an invoice's codes among
/// their own customers. `{"user_id"}` (the Flask app's Discord lookup) passes the admin gate.
pub async fn history(ctx: &Ctx, req: &mut Request) -> Outcome {
    let body: HistoryQuery = parse_json(&read_body(ctx, req).await?)?;
    let rows = match (body.code, body.user_id) {
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
        json!({ "redemptions": rows, "count": rows.len() }),
    ))
}
