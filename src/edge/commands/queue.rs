//! Held orders (`core::hold`): the drain that places them (the scheduled job, and the owner's
//! "Place now"), and the owner's list. A drain claims each held code with one conditional
//! UPDATE (`queued -> reserved`) and then settles it exactly as a redemption does, so however
//! many drains run at once, each held code is asked of the panel by one of them.

use super::redeem::{HeldRequest, Redemption, Reservation, Unsettled};
use crate::core::answer;
use crate::core::code::Code;
use crate::core::envelope::ApiError;
use crate::core::hold::hold_cutoff;
use crate::core::json::obj;
use crate::core::link::Link;
use crate::core::order_input;
use crate::core::panel::HoldReason;
use crate::core::redemption::{NotPlaced, StoredCode};
use crate::edge::ctx::Ctx;
use crate::edge::db::{self, HeldCode};
use crate::edge::notify;
use crate::edge::random;
use crate::edge::Boxed;
use serde_json::Value;

/// At most this many held codes are asked of the panel per drain: each costs one panel call
/// and three or four D1 statements, which keeps a drain and the scheduled job's other work
/// within Workers Free's 50 subrequests per invocation. The oldest go first.
const PER_DRAIN: u32 = 8;

/// What one drain did.
#[derive(Debug, Default)]
pub struct DrainReport {
    pub placed: usize,
    pub still_held: usize,
    pub returned: usize,
    pub to_review: usize,
    pub expired: usize,
}

impl DrainReport {
    pub fn to_json(&self) -> Value {
        obj!(answer::QUEUE_RETRY_RESULT => { "placed": self.placed, "still_held": self.still_held, "returned": self.returned, "to_review": self.to_review, "expired": self.expired })
    }
}

/// Places the held orders that are due (every one with `force`, or only `only`): holds past
/// `QUEUE_MAX_HOURS` go back to their buyers first.
pub fn drain<'a>(
    ctx: &'a Ctx,
    only: Option<&'a Code>,
    force: bool,
) -> Boxed<'a, Result<DrainReport, ApiError>> {
    Box::pin(place_held(ctx, only, force))
}

async fn place_held(ctx: &Ctx, only: Option<&Code>, force: bool) -> Result<DrainReport, ApiError> {
    let db = ctx.db()?;
    let mut report = DrainReport::default();
    let cutoff = hold_cutoff(ctx.started, ctx.config.queue_max_hours);
    let expired = db::expire_holds(&db, cutoff, ctx.started).await?;
    report.expired = expired.len();
    for code in expired.iter().filter_map(|c| Code::parse(c).ok()) {
        super::updates::tell(ctx, &code, crate::core::outbox::Event::Returned).await;
    }
    if !expired.is_empty() {
        db::audit(
            &db,
            ctx.started,
            "system",
            "queue.expired",
            None,
            &obj!({ "codes": expired.len(), "max_hours": ctx.config.queue_max_hours }),
        )
        .await?;
        notify::alert(
            ctx,
            "queue_expired",
            &format!(
                "{} held order(s) could not be placed within {} hours: their codes went back to the buyers unused. Check the panel's balance and services in /admin.",
                expired.len(),
                ctx.config.queue_max_hours
            ),
        )
        .await;
    }
    // A panel still short of funds refuses every held order for funds: once seen in this
    // drain, the others wait for the next one instead of each asking again.
    let mut stalled: Vec<HoldReason> = Vec::new();
    for held in db::due_holds(&db, ctx.started, force, only, PER_DRAIN).await? {
        let Some(work) = claimed(ctx, held, &stalled).await? else {
            continue;
        };
        match work.place_and_settle().await {
            Ok(Redemption::Placed(_)) => report.placed += 1,
            Ok(Redemption::Queued(q)) => {
                report.still_held += 1;
                if let Some(reason) = HoldReason::parse(q.queued_reason) {
                    if reason == HoldReason::PanelFunds {
                        stalled.push(reason);
                    }
                }
            }
            Err(Unsettled::NotPlaced(NotPlaced::Refused(_))) => report.returned += 1,
            Err(Unsettled::NotPlaced(NotPlaced::Unknown(_))) => report.to_review += 1,
            Err(Unsettled::Failed(e)) => worker::console_error!("drain: {}", e.message),
        }
    }
    Ok(report)
}

/// The held code, claimed for this drain (`queued -> reserved`), ready to place; `None` when
/// another drain has it, its reason is stalled, or its stored request cannot be read (logged:
/// it stays held and goes back to its buyer at `QUEUE_MAX_HOURS`).
async fn claimed(
    ctx: &Ctx,
    held: HeldCode,
    stalled: &[HoldReason],
) -> Result<Option<Reservation>, ApiError> {
    let stored = match StoredCode::from_row(held.row) {
        Ok(s) => s,
        Err(why) => {
            worker::console_error!("held code unreadable: {why}");
            return Ok(None);
        }
    };
    if stored
        .hold
        .as_ref()
        .is_some_and(|h| stalled.contains(&h.reason))
    {
        return Ok(None);
    }
    let request = held
        .pending_request
        .as_deref()
        .map(HeldRequest::read)
        .unwrap_or_default();
    let link = held
        .pending_link
        .as_deref()
        .and_then(|l| Link::parse(&stored.platform, &stored.link_kind(), l).ok());
    let input = order_input::check(
        stored.order,
        stored.quantity,
        &stored.platform,
        &request.input,
    );
    let (Some(link), Ok(input)) = (link, input) else {
        worker::console_error!(
            "held code {}: its request cannot be read",
            stored.code.masked()
        );
        return Ok(None);
    };
    let token = random::token();
    let reserved_at = ctx.now();
    let db = ctx.db()?;
    if !db::claim_hold(&db, &stored.code, &token, &stored.services[0], reserved_at).await? {
        return Ok(None);
    }
    Ok(Some(Reservation {
        ctx: ctx.clone(),
        stored,
        token,
        reserved_at,
        link,
        input,
        user_id: if request.user_id.is_empty() {
            "web".into()
        } else {
            request.user_id
        },
        username: if request.username.is_empty() {
            "web".into()
        } else {
            request.username
        },
    }))
}
