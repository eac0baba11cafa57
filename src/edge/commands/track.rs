//! Following an order: what a buyer may see of it (the panel's progress, never its charge),
//! and a refill, claimed once. The panel's status is kept a minute (`edge::cache`) so a
//! refreshing buyer does not hammer the panel.

use super::code::{load, parse_code};
use super::make_good::make_good;
use super::updates::tell;
use crate::core::answer;
use crate::core::clock::UtcTime;
use crate::core::code::Code;
use crate::core::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use crate::core::fold;
use crate::core::hold::Returned;
use crate::core::json::obj;
use crate::core::outbox::Event;
use crate::core::panel::{
    buyer_message, parse_refill, parse_refill_status, parse_status, OrderId, OrderStatus,
    PanelName, PanelReply, PanelRequest, Progress, RefillId,
};
use crate::core::redemption::{CodeStatus, Refusal, StoredCode};
use crate::core::refill::{check_refill, is_running, RefillCheck, RefillRefusal};
use crate::edge::cache;
use crate::edge::ctx::Ctx;
use crate::edge::db::{self, OrderRow};
use crate::edge::panel_client::Sent;
use crate::edge::random;
use crate::edge::Boxed;
use serde_json::Value;

const STATUS_TTL_SECONDS: u32 = 60;

/// The panel's status of `order`, from the cache when fresh. `None` when the panel cannot
/// say right now: the buyer still sees what we know.
/// `fresh` skips the cache: a refill is decided on the panel's word now, not a minute ago.
/// Only the panel that took the order is asked.
async fn panel_status(ctx: &Ctx, row: &OrderRow, fresh: bool) -> Option<OrderStatus> {
    let order = OrderId::new(u64::try_from(row.order_id).ok()?)?;
    let panel = row.panel_name();
    let key = format!("order-status/{panel}/{order}");
    if !fresh {
        if let Some(body) = cache::get(ctx, &key).await {
            if let PanelReply::Ok(s) = parse_status(200, &body) {
                return Some(s);
            }
        }
    }
    let Sent::Answer { status, body } = ctx
        .panel_named(&panel)
        .ok()?
        .send(&PanelRequest::Status(order))
        .await
    else {
        return None;
    };
    let PanelReply::Ok(s) = parse_status(status, &body) else {
        return None;
    };
    cache::put(ctx, &key, &body, STATUS_TTL_SECONDS).await;
    if let Ok(db) = ctx.db() {
        let _ = db::record_status(&db, row.id, &s, ctx.started).await;
        if s.status == Progress::Completed {
            told(ctx, row, Event::Completed).await;
        }
    }
    Some(s)
}

/// The public view of an order: the Flask app's field names, no charge, no currency.
#[derive(Debug)]
pub struct OrderView {
    pub order_id: i64,
    pub status: Option<String>,
    pub start_count: Option<u64>,
    pub remains: Option<u64>,
    /// Left out where the asker did not prove they hold the code (`order-status`).
    pub link: Option<String>,
    pub quantity: i64,
    pub service_id: i64,
    pub placed_at: String,
    /// Whether the panel answered just now (or a minute ago), not only what we stored.
    pub live: bool,
    /// Whether the status will not change any more (`Progress::FINAL`): pages stop refreshing.
    pub finished: bool,
}

pub async fn order_view(ctx: &Ctx, row: &OrderRow) -> OrderView {
    let live = panel_status(ctx, row, false).await;
    let status = live
        .as_ref()
        .map(|s| s.status.as_str().to_string())
        .or_else(|| row.status.clone());
    OrderView {
        order_id: row.order_id,
        finished: status
            .as_deref()
            .is_some_and(|s| Progress::parse(s).is_final()),
        status,
        start_count: live
            .as_ref()
            .and_then(|s| s.start_count)
            .or(row.start_count.map(|v| v.max(0) as u64)),
        remains: live
            .as_ref()
            .and_then(|s| s.remains)
            .or(row.remains.map(|v| v.max(0) as u64)),
        link: Some(row.link.clone()),
        quantity: row.quantity,
        service_id: row.service_id,
        placed_at: row.placed_at.clone(),
        live: live.is_some(),
    }
}

/// A used code's order, or why there is none to show.
async fn order_of_code(ctx: &Ctx, raw: &str) -> Result<(StoredCode, OrderRow), ApiError> {
    let stored = load(ctx, &parse_code(raw)?).await?;
    let row = order_of(ctx, &stored).await?;
    Ok((stored, row))
}

async fn order_of(ctx: &Ctx, stored: &StoredCode) -> Result<OrderRow, ApiError> {
    let db = ctx.db()?;
    let not_yet = |msg: &str| ApiError::new(ErrorCode::NoOrderYet, msg.to_string());
    let before_tracking =
        "This code was redeemed before order tracking existed; contact the shop for its status.";
    match (stored.status, stored.order_id, &stored.returned) {
        (CodeStatus::Used, Some(_), _) => {}
        (CodeStatus::NeedsReview, _, _) => {
            return Err(not_yet(
                "Support is checking this code's order; it will be completed for you.",
            ))
        }
        (CodeStatus::Queued, _, _) => return Err(Refusal::Queued.api_error()),
        // Redeemed, then given back: the page says why.
        (CodeStatus::Unused, _, Some((Returned::HoldExpired, words))) => {
            return Err(ApiError::new(ErrorCode::HoldExpired, words.clone()))
        }
        (CodeStatus::Unused, _, Some((Returned::Refused, words))) => {
            return Err(ApiError::new(ErrorCode::OrderRefused, words.clone()))
        }
        (CodeStatus::Unused | CodeStatus::Reserved, _, _) => {
            return Err(not_yet("This code has not been redeemed yet."))
        }
        (CodeStatus::Void, _, _) => {
            return Err(ApiError::new(
                ErrorCode::CodeVoid,
                "This code has been cancelled by the shop.",
            ))
        }
        (CodeStatus::Used, None, _) => return Err(not_yet(before_tracking)),
    }
    db::order_of_code(&db, &stored.code)
        .await?
        .ok_or_else(|| not_yet(before_tracking))
}

/// The last refill's status, refreshed from the panel while it is still running.
async fn refill_progress(ctx: &Ctx, row: &OrderRow) -> Option<Progress> {
    let known = Progress::parse(row.refill_status.as_deref()?);
    if !is_running(&known) {
        return Some(known);
    }
    let refill = RefillId::new(u64::try_from(row.refill_id?).ok()?)?;
    let fresh = match ctx
        .panel_named(&row.panel_name())
        .ok()?
        .send(&PanelRequest::RefillStatus(refill))
        .await
    {
        Sent::Answer { status, body } => match parse_refill_status(status, &body) {
            PanelReply::Ok(p) => p,
            _ => return Some(known),
        },
        Sent::NoAnswer(_) => return Some(known),
    };
    if let Ok(db) = ctx.db() {
        let _ = db::record_refill_status(&db, row.id, fresh.as_str()).await;
    }
    if fresh == Progress::Completed {
        told(ctx, row, Event::RefillDone).await;
    }
    Some(fresh)
}

fn refill_check<'a>(
    ctx: &Ctx,
    stored: &StoredCode,
    row: &OrderRow,
    status: Option<&'a Progress>,
    last: Option<&'a Progress>,
) -> RefillCheck<'a> {
    RefillCheck {
        has_refill: stored.has_refill,
        order_status: status,
        placed_at: UtcTime::parse(&row.placed_at).unwrap_or(ctx.started),
        now: ctx.started,
        window_days: ctx.config.refill_window_days,
        last_refill: last,
    }
}

/// The order page of a used code: the order, whether a refill may be asked for now, and
/// what the buyer was given if it ended short.
#[derive(Debug)]
pub struct OrderPage {
    pub order: OrderView,
    pub code: String,
    pub has_refill: bool,
    pub refill: RefillView,
    /// The replacement code for what was not delivered (`make_good`).
    pub replacement: Option<Replacement>,
    /// `replaced`, or `below_minimum` (no code: the owner settles it).
    pub make_good: Option<String>,
}

#[derive(Debug)]
pub struct Replacement {
    pub code: String,
    pub quantity: i64,
}

/// A held code's page: no order yet; it is placed automatically (`core::hold`).
#[derive(Debug)]
pub struct QueuedPage {
    pub code: String,
    pub status: &'static str,
    pub queued: bool,
    pub queued_reason: &'static str,
    pub queued_since: Option<String>,
    pub attempts: u32,
    pub message: &'static str,
}

/// What a code's page shows: its order, or its hold.
#[derive(Debug)]
pub enum CodePage {
    Order(Box<OrderPage>),
    Queued(QueuedPage),
}

#[derive(Debug)]
pub struct RefillView {
    pub id: Option<i64>,
    pub status: Option<String>,
    pub requested_at: Option<String>,
    pub available: bool,
    pub why_not: Option<String>,
    /// `why_not`'s stable code (`order_not_completed`, `refill_window_over`, …): what a page
    /// says in its own language.
    pub why_not_code: Option<&'static str>,
    /// The status shown may be a minute old; a refill is decided on the panel's word now,
    /// so "not completed yet" still lets a buyer ask.
    pub may_ask: bool,
}

pub fn track<'a>(ctx: &'a Ctx, raw_code: &'a str) -> Boxed<'a, Result<CodePage, ApiError>> {
    Box::pin(code_page(ctx, raw_code))
}

async fn code_page(ctx: &Ctx, raw_code: &str) -> Result<CodePage, ApiError> {
    let stored = load(ctx, &parse_code(raw_code)?).await?;
    if let (CodeStatus::Queued, Some(hold)) = (stored.status, &stored.hold) {
        return Ok(CodePage::Queued(QueuedPage {
            code: stored.code.as_str().to_string(),
            status: "queued",
            queued: true,
            queued_reason: hold.reason.key(),
            queued_since: hold.since.map(|t| t.iso()),
            attempts: hold.attempts,
            message: hold.reason.buyer_words(),
        }));
    }
    let row = order_of(ctx, &stored).await?;
    let order = order_view(ctx, &row).await;
    let status = order.status.as_deref().map(Progress::parse);
    let made_good = match &status {
        Some(s) => make_good(ctx, &row, s, order.remains).await,
        None => None,
    };
    let last = refill_progress(ctx, &row).await;
    let verdict = check_refill(&refill_check(
        ctx,
        &stored,
        &row,
        status.as_ref(),
        last.as_ref(),
    ));
    Ok(CodePage::Order(Box::new(OrderPage {
        order,
        code: stored.code.as_str().to_string(),
        has_refill: stored.has_refill,
        refill: RefillView {
            id: row.refill_id,
            status: last.as_ref().map(|p| p.as_str().to_string()),
            requested_at: row.refill_requested_at.clone(),
            available: verdict.is_ok(),
            why_not: verdict.as_ref().err().map(|r| r.api_error().message),
            why_not_code: verdict.as_ref().err().map(|r| r.api_error().code.key()),
            may_ask: match &verdict {
                Ok(()) => true,
                Err(r) => {
                    matches!(
                        r,
                        RefillRefusal::NotCompleted(_) | RefillRefusal::StatusUnknown
                    )
                }
            },
        },
        replacement: made_good.as_ref().and_then(|m| {
            Some(Replacement {
                code: m.code.clone()?,
                quantity: m.quantity?,
            })
        }),
        make_good: made_good.map(|m| m.kind),
    })))
}

/// A refill the panel started.
#[derive(Debug)]
pub struct RefillStarted {
    pub order_id: OrderId,
    pub refill_id: RefillId,
    pub status: &'static str,
}

/// Ask the panel to refill the code's order: once, however many ask at once.
pub async fn refill(ctx: &Ctx, raw_code: &str) -> Result<RefillStarted, ApiError> {
    let (stored, row) = order_of_code(ctx, raw_code).await?;
    let order = OrderId::new(row.order_id.max(0) as u64).ok_or_else(ApiError::internal)?;
    let status = panel_status(ctx, &row, true).await.map(|s| s.status);
    let last = refill_progress(ctx, &row).await;
    check_refill(&refill_check(
        ctx,
        &stored,
        &row,
        status.as_ref(),
        last.as_ref(),
    ))
    .map_err(|r| r.api_error())?;
    let token = random::token();
    let stale_before = ctx.started.plus_seconds(-REFILL_CLAIM_SECONDS);
    if !db::claim_refill(
        &ctx.db()?,
        row.id,
        &token,
        row.refill_id,
        ctx.now(),
        stale_before,
    )
    .await?
    {
        return Err(RefillRefusal::AlreadyRunning("being requested".into()).api_error());
    }
    let ask = RefillAsk {
        ctx: ctx.clone(),
        row: row.id,
        panel: row.panel_name(),
        order,
        token,
        code: stored.code.masked(),
        buyer_code: stored.code.clone(),
    };
    ctx.finish_regardless(ask.ask_and_record()).await
}

/// How long a claim whose outcome is unknown (no answer, a garbled one, a dead worker)
/// blocks another refill: the panel may have started one.
const REFILL_CLAIM_SECONDS: i64 = 600;

/// A won refill claim, owned, so asking the panel and recording its answer outlive the request.
struct RefillAsk {
    ctx: Ctx,
    row: i64,
    /// The panel that placed the order: the only one that can refill it.
    panel: PanelName,
    order: OrderId,
    token: String,
    code: String,
    buyer_code: Code,
}

impl RefillAsk {
    async fn ask_and_record(self) -> Result<RefillStarted, ApiError> {
        let RefillAsk {
            ctx,
            row,
            panel,
            order,
            token,
            code,
            buyer_code,
        } = self;
        let ctx = &ctx;
        let db = ctx.db()?;
        let (status, answer) = match ctx
            .panel_named(&panel)?
            .send(&PanelRequest::Refill(order))
            .await
        {
            Sent::Answer { status, body } => (status, body),
            // The claim stays until it lapses: the panel may have started a refill.
            Sent::NoAnswer(_) => return Err(RefillRefusal::StatusUnknown.api_error()),
        };
        let refill = match parse_refill(status, &answer) {
            PanelReply::Ok(id) => id,
            PanelReply::Rejected(msg) => {
                worker::console_warn!("refill refused for order {order}: {msg}");
                db::release_refill_claim(&db, row, &token).await?;
                return Err(ApiError::new(
                    ErrorCode::RefillRefused,
                    refill_refused_words(&msg),
                ));
            }
            PanelReply::Garbled(_) => return Err(RefillRefusal::StatusUnknown.api_error()),
        };
        db::record_refill(&db, row, refill, ctx.started).await?;
        tell(ctx, &buyer_code, Event::RefillStarted).await;
        db::audit(
            &db,
            ctx.started,
            "buyer",
            "order.refill",
            Some(&format!("order:{order}")),
            &obj!({ "refill_id": refill, "code": code }),
        )
        .await?;
        Ok(RefillStarted {
            order_id: order,
            refill_id: refill,
            status: "Pending",
        })
    }
}

/// A panel's refusal in a buyer's words: its own text only when it is about the order
/// ("not eligible", "refill"), never internals such as the shop's balance.
fn refill_refused_words(panel_said: &str) -> String {
    let lower = fold::lower(panel_said);
    if lower.contains("eligible") || lower.contains("refill") {
        format!(
            "Our supplier did not accept the refill: {}",
            buyer_message(panel_said)
        )
    } else {
        "Our supplier did not accept the refill right now. Please try again later or contact the shop.".into()
    }
}

/// An order's event told to its buyer (a code's redemption order only).
async fn told(ctx: &Ctx, row: &OrderRow, event: Event) {
    if row.source != "redeem" {
        return;
    }
    if let Some(code) = row.code.as_deref().and_then(|c| Code::parse(c).ok()) {
        tell(ctx, &code, event).await;
    }
}

impl OrderView {
    pub fn to_json(&self) -> Value {
        let view = obj!(answer::ORDER_VIEW => {
            "order_id": self.order_id, "status": self.status, "start_count": self.start_count,
            "remains": self.remains, "quantity": self.quantity, "service_id": self.service_id,
            "placed_at": self.placed_at, "live": self.live, "final": self.finished,
        });
        match &self.link {
            Some(link) => obj!(answer::ORDER_VIEW => adds(view) { "link": link }),
            None => view,
        }
    }
}

impl CodePage {
    pub fn to_json(&self) -> Value {
        match self {
            CodePage::Order(page) => page.to_json(),
            CodePage::Queued(q) => obj!(answer::QUEUED_ORDER_BY_CODE => {
                "code": q.code, "status": q.status, "queued": q.queued,
                "queued_reason": q.queued_reason, "queued_since": q.queued_since,
                "attempts": q.attempts, "message": q.message,
            }),
        }
    }
}

impl OrderPage {
    pub fn to_json(&self) -> Value {
        let r = &self.refill;
        let refill = obj!(answer::ORDER_BY_CODE_REFILL => {
            "id": r.id, "status": r.status, "requested_at": r.requested_at,
            "available": r.available, "why_not": r.why_not, "why_not_code": r.why_not_code,
            "may_ask": r.may_ask,
        });
        let page = obj!(answer::ORDER_BY_CODE => extends(self.order.to_json()) {
            "code": self.code, "has_refill": self.has_refill, "refill": refill,
        });
        let page = match &self.replacement {
            Some(r) => obj!(answer::ORDER_BY_CODE => adds(page) {
                "replacement": obj!(answer::ORDER_BY_CODE_REPLACEMENT => { "code": r.code, "quantity": r.quantity }),
            }),
            None => page,
        };
        match &self.make_good {
            Some(m) => obj!(answer::ORDER_BY_CODE => adds(page) { "make_good": m }),
            None => page,
        }
    }
}

impl RefillStarted {
    pub fn to_json(&self) -> Value {
        obj!(answer::REFILL_RESULT => {
            "order_id": self.order_id, "refill_id": self.refill_id, "status": self.status,
        })
    }
}
