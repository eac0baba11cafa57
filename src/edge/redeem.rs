//! The buyer's routes: validate a code, redeem it, see the order's redemptions.
//! Request -> typed command -> core decision -> D1 / panel -> reply.

use super::db::{self, Redeemed};
use super::guard;
use super::http::{read_body, Outcome, Reply};
use super::notify;
use super::random;
use super::ctx::Ctx;
use crate::core::clock::UtcTime;
use crate::core::code::Code;
use crate::core::envelope::{parse_json, ApiError};
use crate::core::link::{link_hint, Link};
use crate::core::logline::short_hash;
use crate::core::redemption::{
    buyer_name, check_redeemable, expiry_on_return, settle, Refusal, Settlement, StoredCode,
};
use serde::Deserialize;
use serde_json::json;
use worker::Request;

/// Public request bodies are small; anything bigger is refused before parsing.
const BODY_LIMIT: usize = 16 * 1024;

#[derive(Deserialize)]
struct CodeOnly {
    code: String,
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
}

pub(super) fn parse_code(raw: &str) -> Result<Code, ApiError> {
    Code::parse(raw).map_err(|e| ApiError::bad_request("invalid_code_format", e.message()))
}

fn code_not_found() -> ApiError {
    ApiError::new(
        404,
        "code_not_found",
        "We could not find that code. Check it for typos and try again.",
    )
}

/// The stored code, typed; 404 when there is none, 500 (logged) when its row is unreadable.
pub(super) async fn load(ctx: &Ctx, code: &Code) -> Result<StoredCode, ApiError> {
    let row = db::find_code(&ctx.db()?, code)
        .await?
        .ok_or_else(code_not_found)?;
    StoredCode::from_row(row).map_err(|why| {
        worker::console_error!("unreadable code row: {why}");
        ApiError::internal()
    })
}

/// `POST /api/validate-code {"code"}`: what the code buys, if it can be redeemed now.
pub async fn validate(ctx: &Ctx, req: &mut Request) -> Outcome {
    guard::limit(ctx, "RL_LOOKUP", "validate").await?;
    let body: CodeOnly = parse_json(&read_body(req, BODY_LIMIT).await?)?;
    let code = parse_code(&body.code)?;
    let stored = load(ctx, &code).await?;
    check_redeemable(&stored, ctx.now).map_err(Refusal::api_error)?;
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
            "link_hint": link_hint(&stored.platform, &stored.kind),
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
/// the redemption (`Link::parse` for the code's platform and service), so the two never differ.
pub async fn check_link(ctx: &Ctx, req: &mut Request) -> Outcome {
    guard::limit(ctx, "RL_LOOKUP", "check-link").await?;
    let body: LinkCheck = parse_json(&read_body(req, BODY_LIMIT).await?)?;
    let stored = load(ctx, &parse_code(&body.code)?).await?;
    let link = Link::parse(&stored.platform, &stored.kind, &body.link)
        .map_err(|e| ApiError::new(422, "invalid_link", e.message()))?;
    Ok(Reply::ok(
        &format!("The order would be placed for {}", link.as_str()),
        json!({ "link": link.as_str() }),
    ))
}

/// `POST /api/redeem {"code","link","username"?}`: exactly one panel order per code.
pub async fn redeem(ctx: &Ctx, req: &mut Request) -> Outcome {
    guard::limit(ctx, "RL_REDEEM", "redeem").await?;
    let body: RedeemRequest = parse_json(&read_body(req, BODY_LIMIT).await?)?;
    let code = parse_code(&body.code)?;
    let username = buyer_name(body.username.as_deref())?;
    let user_id = match body.user_id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() && s.len() <= 64 => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        None | Some(serde_json::Value::Null) => "web".into(),
        Some(_) => {
            return Err(ApiError::bad_request(
                "invalid_request",
                "user_id must be a short string or a number.",
            ))
        }
    };
    let stored = load(ctx, &code).await?;
    // From here on, the code as stored (the buyer may have typed it with spaces).
    let code = stored.code.clone();
    check_redeemable(&stored, ctx.now).map_err(Refusal::api_error)?;
    let link = Link::parse(&stored.platform, &stored.kind, &body.link)
        .map_err(|e| ApiError::new(422, "invalid_link", e.message()))?;
    // 503 before any write when the shop has no panel configured.
    ctx.panel()?;
    let db = ctx.db()?;

    let token = random::token();
    // The reservation's own clock: the sweep measures from here, not from the request's start.
    let reserved_at = ctx.clock();
    if !db::reserve(&db, &code, &token, link.as_str(), reserved_at).await? {
        // Someone else won the code between our read and our UPDATE (or it just expired).
        let now_stored = load(ctx, &code).await?;
        let refusal = check_redeemable(&now_stored, ctx.now)
            .err()
            .unwrap_or(Refusal::InProgress);
        return Err(refusal.api_error());
    }
    // From here the code is spoken for: the panel call and the settlement run to their end
    // even if the buyer closes the tab.
    let work = Placement {
        ctx: ctx.clone(),
        stored,
        token,
        reserved_at,
        link,
        user_id,
        username,
    };
    ctx.finish_regardless(work.place_and_settle()).await
}

/// A won reservation, owned, so its settlement can outlive the request.
struct Placement {
    ctx: Ctx,
    stored: StoredCode,
    token: String,
    reserved_at: UtcTime,
    link: Link,
    user_id: String,
    username: String,
}

impl Placement {
    /// One `add`, then exactly one way out of `reserved`.
    async fn place_and_settle(self) -> Outcome {
        let (ctx, stored, token, link) = (&self.ctx, &self.stored, &self.token, &self.link);
        let code = &stored.code;
        let db = ctx.db()?;
        let outcome = ctx
            .panel()?
            .place_order(stored.service_id, link.as_str(), stored.quantity)
            .await;
        let settlement = settle(outcome);
        match &settlement {
            Settlement::Used(order) => {
                let redeemed = Redeemed {
                    code: stored,
                    panel: &ctx.config.panel_key,
                    token,
                    order: *order,
                    link: link.as_str(),
                    user_id: &self.user_id,
                    username: &self.username,
                    now: ctx.now,
                };
                match db::mark_used(&db, &redeemed).await {
                    Ok(true) => {}
                    // Settled by someone else during the call (an admin resolved the review):
                    // the order exists, so the buyer hears so, and the shop is told to reconcile.
                    Ok(false) => {
                        let text = format!(
                            "Order {order} was placed for code {} after the code had been settled by hand; check it in /admin (Codes) and the panel.",
                            code.masked()
                        );
                        worker::console_error!("{text}");
                        notify::alert(ctx, "late_order", &text).await;
                    }
                    // The order exists; the code stays reserved (never re-spendable) and the
                    // scheduled job moves it to review. Support reconciles from the log.
                    Err(e) => worker::console_error!(
                        "order {order} placed for {} but not recorded: {e}",
                        code.masked()
                    ),
                }
                Ok(Reply::ok(
                    "Order placed",
                    json!({
                        "code": code.as_str(),
                        "order_id": order,
                        "service_id": stored.service_id,
                        "quantity": stored.quantity,
                        "platform": stored.platform.key(),
                        "service_type": stored.kind.key(),
                        "has_refill": stored.has_refill,
                        "link": link.as_str(),
                    }),
                ))
            }
            Settlement::BackToUnused { panel_said } => {
                worker::console_warn!("panel refused {}: {panel_said}", code.masked());
                let expires =
                    expiry_on_return(stored.expires_at, Some(self.reserved_at), ctx.clock());
                db::release(&db, code, token, expires, ctx.now).await?;
                // The shop's own trouble (funds, quantity, a service switched off): the owner
                // hears of it, once an hour per reason, and sees it in /admin.
                db::record_failure(&db, code, panel_said, &ctx.now.iso()).await?;
                notify::alert(
                    ctx,
                    &format!("panel_refused:{}", short_hash(panel_said)),
                    &format!("The panel refused a redemption ({}): {panel_said}. The buyer kept the code; see Overview in /admin.", code.masked()),
                )
                .await;
                Err(settlement.refusal().unwrap_or_else(ApiError::internal))
            }
            Settlement::NeedsReview { reason } => {
                worker::console_error!("order for {} unknown: {reason}", code.masked());
                db::hold_for_review(&db, code, token, reason, ctx.now).await?;
                notify::alert(
                    ctx,
                    "needs_review",
                    &format!("Code {} waits for review: the panel did not confirm its order ({reason}). Open the Review tab in /admin.", code.masked()),
                )
                .await;
                Err(settlement.refusal().unwrap_or_else(ApiError::internal))
            }
        }
    }
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
    guard::limit(ctx, "RL_LOOKUP", "history").await?;
    let body: HistoryQuery = parse_json(&read_body(req, BODY_LIMIT).await?)?;
    let rows = match (body.code, body.user_id) {
        (Some(raw), None) => {
            let code = parse_code(&raw)?;
            load(ctx, &code).await?;
            db::redemptions_of_code(&ctx.db()?, &code).await?
        }
        (None, Some(user)) => {
            guard::admin_gate(ctx, req).await?;
            let user = match user {
                serde_json::Value::String(s) => s,
                serde_json::Value::Number(n) => n.to_string(),
                _ => {
                    return Err(ApiError::bad_request(
                        "invalid_request",
                        "user_id must be a string or a number.",
                    ))
                }
            };
            db::redemptions_of_user(&ctx.db()?, user.trim()).await?
        }
        _ => {
            return Err(ApiError::bad_request(
                "invalid_request",
                "Send {\"code\": \"...\"} (or, with the admin key, {\"user_id\": ...}).",
            ))
        }
    };
    Ok(Reply::ok(
        "Redemptions",
        json!({ "redemptions": rows, "count": rows.len() }),
    ))
}
