//! Redeeming a code: the code reserved by one conditional UPDATE in the batch that reads it,
//! the link and inputs checked against it (a refusal gives it back as it was), one `add`, then
//! exactly one way out of `reserved`: used, held (`queued`, `core::hold`), back to unused, or
//! review. A held code's drain (`commands::queue`) goes through the same `Reservation`.

use super::code::{code_not_found, load, parse_code};
use super::updates::tell;
use crate::core::answer;
use crate::core::clock::UtcTime;
use crate::core::code::Code;
use crate::core::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use crate::core::hold::{next_attempt, verdict, Returned};
use crate::core::json::obj;
use crate::core::link::Link;
use crate::core::logline::short_hash;
use crate::core::order_input::{self, BuyerInput, RawInput};
use crate::core::outbox::Event;
use crate::core::panel::{
    buyer_message, classify, HoldReason, OrderId, RefusalClass, ServiceChoice, ServiceId,
};
use crate::core::redemption::{
    buyer_name, check_redeemable, expiry_on_return, NotPlaced, Refusal, StoredCode,
};
use crate::edge::ctx::Ctx;
use crate::edge::db::{self, HoldWrite, Redeemed};
use crate::edge::notify;
use crate::edge::random;
use crate::edge::Boxed;
use serde::Serialize;
use serde_json::Value;

fn invalid_link(e: crate::core::link::LinkError) -> ApiError {
    ApiError::new(ErrorCode::InvalidLink, e.message())
}

/// The link a redemption of this code would order for, by the redemption's own rule; nothing
/// is written (the page's live hint).
pub async fn check_link(ctx: &Ctx, raw_code: &str, raw_link: &str) -> Result<Link, ApiError> {
    let stored = load(ctx, &parse_code(raw_code)?).await?;
    Link::parse(&stored.platform, &stored.link_kind(), raw_link).map_err(invalid_link)
}

/// A redemption as any channel asks for it: the code and link as the buyer gave them.
pub struct RedeemCommand {
    pub code: String,
    pub link: String,
    /// The buyer's display name, if the channel has one.
    pub username: Option<String>,
    /// Who asked, as the history records it: "web", a Discord user id, "sellauth".
    pub user_id: String,
    /// Comments, usernames or a poll answer, for a code whose service needs them.
    pub input: RawInput,
    /// The language the buyer uses (the page's, Telegram's), for their order updates.
    pub lang: Option<String>,
}

/// A placed order, as every channel reports it.
#[derive(Debug)]
pub struct RedeemedOrder {
    pub code: String,
    pub order_id: OrderId,
    /// The panel that took it (the first that did not refuse).
    pub panel: String,
    pub service_id: ServiceId,
    pub quantity: u32,
    pub platform: String,
    pub service_type: String,
    pub has_refill: bool,
    pub link: String,
}

/// What a choice the catalogue watch found gone counts as (`classify`: service unavailable).
const GONE: &str = "Service not available: it is no longer in the panel's catalogue";

/// A held order, as every channel reports it: the buyer's code is kept and the order is
/// placed by the scheduled job.
#[derive(Debug)]
pub struct QueuedOrder {
    pub code: String,
    /// Always `queued`.
    pub status: &'static str,
    pub queued_reason: &'static str,
    pub queued_since: Option<String>,
    /// The buyer's words (the page has them in its own language, keyed by `queued_reason`).
    pub message: &'static str,
}

impl RedeemedOrder {
    pub fn to_json(&self) -> Value {
        obj!(answer::REDEEM_RESULT => {
            "code": self.code, "order_id": self.order_id, "panel": self.panel,
            "service_id": self.service_id, "quantity": self.quantity, "platform": self.platform,
            "service_type": self.service_type, "has_refill": self.has_refill, "link": self.link,
        })
    }
}

impl QueuedOrder {
    pub fn to_json(&self) -> Value {
        obj!(answer::QUEUED_REDEEM => {
            "code": self.code, "status": self.status, "queued_reason": self.queued_reason,
            "queued_since": self.queued_since, "message": self.message,
        })
    }

    fn new(code: &str, reason: HoldReason, since: Option<UtcTime>) -> QueuedOrder {
        QueuedOrder {
            code: code.to_string(),
            status: "queued",
            queued_reason: reason.key(),
            queued_since: since.map(|t| t.iso()),
            message: reason.buyer_words(),
        }
    }
}

/// What a redemption came to when it did not fail.
#[derive(Debug)]
pub enum Redemption {
    Placed(RedeemedOrder),
    Queued(QueuedOrder),
}

/// What the buyer asked for, kept with a held code so a drain can place it without them:
/// `{"user_id", "username", ...the inputs' fields}`.
#[derive(Serialize, Default)]
pub(super) struct HeldRequest {
    pub user_id: String,
    pub username: String,
    /// The checked input, as sent (`{"comments": ...}`), checked again when placed.
    #[serde(flatten)]
    pub input: RawInput,
}

impl HeldRequest {
    fn of(user_id: &str, username: &str, input: &BuyerInput) -> HeldRequest {
        HeldRequest {
            user_id: user_id.to_string(),
            username: username.to_string(),
            input: RawInput::of(input),
        }
    }

    /// As kept (`pending_request`); anything unreadable is an empty request.
    pub fn read(kept: &str) -> HeldRequest {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(kept) else {
            return HeldRequest::default();
        };
        let text = |name: &str| {
            v.get(name)
                .and_then(|s| s.as_str())
                .unwrap_or("")
                .to_string()
        };
        HeldRequest {
            user_id: text("user_id"),
            username: text("username"),
            input: RawInput::from_json(&v),
        }
    }
}

/// Exactly one panel order per code.
pub fn redeem(ctx: &Ctx, cmd: RedeemCommand) -> Boxed<'_, Result<Redemption, ApiError>> {
    Box::pin(redeem_code(ctx, cmd))
}

async fn redeem_code(ctx: &Ctx, cmd: RedeemCommand) -> Result<Redemption, ApiError> {
    let code = parse_code(&cmd.code)?;
    let username = buyer_name(cmd.username.as_deref())?;
    // From the reservation on, the work runs to its end even if the client goes away: a code
    // reserved is always settled or given back.
    ctx.finish_regardless(reserve_and_place(ctx.clone(), code, username, cmd))
        .await
}

/// Two round trips: the code reserved in the batch that reads it (with the link as
/// `Link::guess` makes it), then, after the panel, the settlement. Everything the buyer sent
/// is checked against the code as read before any panel is asked; a refusal gives the code
/// back as it was (`db::unreserve`).
async fn reserve_and_place(
    ctx: Ctx,
    code: Code,
    username: String,
    cmd: RedeemCommand,
) -> Result<Redemption, ApiError> {
    let db = ctx.db()?;
    let token = random::token();
    // The reservation's own clock: the sweep measures from here, not from the request's start.
    let reserved_at = ctx.now();
    let guess = Link::guess(&cmd.link).unwrap_or_else(|| cmd.link.trim().to_string());
    let (row, won) =
        db::reserve(&db, &code, &token, &guess, cmd.lang.as_deref(), reserved_at).await?;
    let row = row.ok_or_else(code_not_found)?;
    let returned = (row.returned_reason.clone(), row.returned_message.clone());
    let stored = StoredCode::from_row(row).map_err(|why| {
        worker::console_error!("unreadable code row: {why}");
        ApiError::internal()
    })?;
    // From here on, the code as stored (the buyer may have typed it with spaces).
    let code = stored.code.clone();
    if !won {
        // Used, expired, held, or someone else's reservation won it first.
        let refusal = check_redeemable(&stored, ctx.started)
            .err()
            .unwrap_or(Refusal::InProgress);
        return Err(refusal.api_error());
    }
    let checked = check_request(&ctx, &stored, &cmd);
    let (link, input) = match checked {
        Ok(ok) => ok,
        Err(e) => {
            db::unreserve(
                &db,
                &code,
                &token,
                (returned.0.as_deref(), returned.1.as_deref()),
            )
            .await?;
            return Err(e);
        }
    };
    if link.as_str() != guess {
        db::reservation_link(&db, &code, &token, link.as_str()).await?;
    }
    Reservation {
        ctx: ctx.clone(),
        stored,
        token,
        reserved_at,
        link,
        input,
        user_id: cmd.user_id,
        username,
    }
    .place_and_settle()
    .await
    .map_err(Unsettled::api_error)
}

/// What the buyer sent, checked against the code as read: the link by the code's rule, every
/// input, and that one of its panels is configured (503 otherwise).
fn check_request(
    ctx: &Ctx,
    stored: &StoredCode,
    cmd: &RedeemCommand,
) -> Result<(Link, BuyerInput), ApiError> {
    let link =
        Link::parse(&stored.platform, &stored.link_kind(), &cmd.link).map_err(invalid_link)?;
    let input = order_input::check(stored.order, stored.quantity, &stored.platform, &cmd.input)?;
    let configured = stored
        .services
        .iter()
        .map(|c| ctx.panel_named(&c.panel).map(|_| ()))
        .find(Result::is_ok);
    configured.unwrap_or_else(|| ctx.panel_named(&stored.services[0].panel).map(|_| ()))?;
    Ok((link, input))
}

/// Why a reservation ended without an order or a hold: the panel's verdict (the code went back
/// or to review), or a failure of our own.
pub(super) enum Unsettled {
    NotPlaced(NotPlaced),
    Failed(ApiError),
}

impl Unsettled {
    pub fn api_error(self) -> ApiError {
        match self {
            Unsettled::NotPlaced(n) => n.api_error(),
            Unsettled::Failed(e) => e,
        }
    }
}

impl From<worker::Error> for Unsettled {
    fn from(e: worker::Error) -> Unsettled {
        Unsettled::Failed(e.into())
    }
}

impl From<ApiError> for Unsettled {
    fn from(e: ApiError) -> Unsettled {
        Unsettled::Failed(e)
    }
}

/// A won reservation, owned, so its settlement can outlive the request.
pub(super) struct Reservation {
    pub ctx: Ctx,
    pub stored: StoredCode,
    pub token: String,
    pub reserved_at: UtcTime,
    pub link: Link,
    pub input: BuyerInput,
    pub user_id: String,
    pub username: String,
}

impl Reservation {
    /// The code's panel choices in order, then exactly one way out of `reserved`. A definite
    /// refusal moves on to the next choice; an unknown outcome never does (the panel asked
    /// last may have the order), so the code goes to review.
    pub async fn place_and_settle(self) -> Result<Redemption, Unsettled> {
        let (ctx, stored, token, link) = (&self.ctx, &self.stored, &self.token, &self.link);
        let code = &stored.code;
        let db = ctx.db()?;
        let mut placed = Err(NotPlaced::Refused("no panel to order from".into()));
        let mut refusals: Vec<(&ServiceChoice, String)> = Vec::new();
        let mut choice = &stored.services[0];
        for (i, next) in stored.services.iter().enumerate() {
            choice = next;
            // Gone from the panel's catalogue (the watch saw it): not asked; with no choice
            // left the order is held as the shop's trouble, not bounced to the buyer.
            if stored.gone.contains(next) {
                placed = Err(NotPlaced::Refused(GONE.into()));
                refusals.push((next, GONE.into()));
                continue;
            }
            if i > 0 {
                // Recorded before the call: should this one not answer, review knows where to look.
                db::reservation_asks(&db, code, token, next).await?;
            }
            placed = match ctx.panel_named(&next.panel) {
                Ok(panel) => {
                    let fields = stored.order.add_fields(
                        link.as_str(),
                        stored.quantity,
                        &self.input.0,
                        ctx.started,
                    );
                    panel
                        .place_order(
                            next.service_id,
                            BuyerInput::extras(&fields, stored.drip_feed),
                        )
                        .await
                }
                // A panel the shop removed since: nothing was sent, so nothing can exist there.
                Err(e) => Err(NotPlaced::Refused(e.message)),
            };
            match &placed {
                Err(NotPlaced::Refused(why)) => {
                    worker::console_warn!("panel {} refused {}: {why}", next.panel, code.masked());
                    refusals.push((next, why.clone()));
                }
                _ => break,
            }
        }
        match placed {
            Ok(order) => {
                let redeemed = Redeemed {
                    code: stored,
                    panel: choice.panel.as_str(),
                    service_id: choice.service_id,
                    token,
                    order,
                    link: link.as_str(),
                    user_id: &self.user_id,
                    username: &self.username,
                    now: ctx.started,
                };
                match db::mark_used(&db, &redeemed).await {
                    Ok(true) => tell(ctx, code, Event::Placed).await,
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
                Ok(Redemption::Placed(RedeemedOrder {
                    code: code.as_str().to_string(),
                    order_id: order,
                    panel: choice.panel.as_str().to_string(),
                    service_id: choice.service_id,
                    quantity: stored.quantity,
                    platform: stored.platform.key().to_string(),
                    service_type: stored.kind.key().to_string(),
                    has_refill: stored.has_refill,
                    link: link.as_str().to_string(),
                }))
            }
            Err(NotPlaced::Refused(_)) => self.refused(&refusals).await,
            Err(NotPlaced::Unknown(why)) => {
                let reason = format!(
                    "panel {} (service {}): {why}",
                    choice.panel, choice.service_id
                );
                worker::console_error!("order for {} unknown: {reason}", code.masked());
                // A failed write leaves the code reserved: the sweep sends it to review.
                // The answer stays "unknown" (504), never a refusal.
                if let Err(e) = db::hold_for_review(&db, code, token, &reason, ctx.started).await {
                    worker::console_error!("hold of {} failed: {e}", code.masked());
                }
                notify::alert(
                    ctx,
                    "needs_review",
                    &format!("Code {} waits for review: {reason}. Check that panel for the order, then open the Review tab in /admin.", code.masked()),
                )
                .await;
                Err(Unsettled::NotPlaced(NotPlaced::Unknown(why)))
            }
        }
    }

    /// Every choice refused. The shop's own trouble holds the code (`queued`) for a drain;
    /// anything else gives it back to the buyer with the panel's verdict on their page.
    async fn refused(
        &self,
        refusals: &[(&ServiceChoice, String)],
    ) -> Result<Redemption, Unsettled> {
        let (ctx, stored, token) = (&self.ctx, &self.stored, &self.token);
        let code = &stored.code;
        let db = ctx.db()?;
        let class = verdict(refusals.iter().map(|(_, said)| said.as_str()));
        let (choice, panel_said) = refusals
            .iter()
            .find(|(_, said)| classify(said) == class)
            .map_or((&stored.services[0], String::new()), |(c, said)| {
                (*c, said.clone())
            });
        if let RefusalClass::Held(reason) = class {
            let attempts = stored.hold.as_ref().map_or(0, |h| h.attempts) + 1;
            let request = HeldRequest::of(&self.user_id, &self.username, &self.input);
            let request = serde_json::to_string(&request).map_err(|_| ApiError::internal())?;
            let now = ctx.now();
            let held = db::hold(
                &db,
                &HoldWrite {
                    code,
                    token,
                    reason,
                    request: &request,
                    next_at: next_attempt(now, attempts),
                    now,
                },
            )
            .await;
            match held {
                Ok(true) => {
                    tell(ctx, code, Event::Queued).await;
                    notify::alert(
                        ctx,
                        &format!("queued:{}", reason.key()),
                        &format!(
                            "An order is held ({}; the panel said: {panel_said}). {}",
                            reason.key(),
                            reason.owner_advice(choice.panel.as_str())
                        ),
                    )
                    .await;
                    let since = stored.hold.as_ref().and_then(|h| h.since).unwrap_or(now);
                    return Ok(Redemption::Queued(QueuedOrder::new(
                        code.as_str(),
                        reason,
                        Some(since),
                    )));
                }
                // Settled otherwise meanwhile (an admin), or the write failed: the code stays
                // reserved and the sweep sends it to review; the buyer hears the verdict.
                Ok(false) => {}
                Err(e) => worker::console_error!("hold of {} failed: {e}", code.masked()),
            }
            return Err(Unsettled::NotPlaced(NotPlaced::Refused(panel_said)));
        }
        // Its validity counts from when the buyer first asked (the hold's start, if any).
        let asked = stored
            .hold
            .as_ref()
            .and_then(|h| h.since)
            .unwrap_or(self.reserved_at);
        let expires = expiry_on_return(stored.expires_at, Some(asked), ctx.now());
        let words = buyer_message(&panel_said);
        // A failed write leaves the code reserved: the sweep sends it to review.
        // The buyer still hears the panel's verdict, never a generic 500.
        let note = (Returned::Refused, words.as_str());
        // The owner's list of refusals the buyer got back (Overview); held ones are listed
        // as held orders instead.
        if let Err(e) = db::record_failure(&db, code, &panel_said, &ctx.started.iso()).await {
            worker::console_warn!("refusal not recorded: {e}");
        }
        if let Err(e) = db::release(&db, code, token, expires, note, ctx.started).await {
            worker::console_error!("release of {} failed: {e}", code.masked());
        }
        if class != RefusalClass::BuyersToFix {
            // The shop's trouble (quantity, its key): the owner hears of it once an hour.
            notify::alert(
                ctx,
                &format!("panel_refused:{}", short_hash(&panel_said)),
                &format!("The panel refused a redemption ({}): {panel_said}. The buyer kept the code; see Overview in /admin.", code.masked()),
            )
            .await;
        }
        Err(Unsettled::NotPlaced(NotPlaced::Refused(panel_said)))
    }
}
