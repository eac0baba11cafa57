//! Make-good: an order the panel ended Canceled / Refunded, or Partial with remains, gets one
//! replacement code for what was not delivered (`core::hold::shortfall`), minted by one
//! conditional write (`db::make_good`), so ten page views and two scheduled runs mint one.

use crate::core::hold::{remedy, shortfall, MakeGood, Remedy};
use crate::core::json::obj;
use crate::core::panel::Progress;
use crate::edge::catalogue::catalogue;
use crate::edge::ctx::Ctx;
use crate::edge::db::{self, MakeGoodWrite, OrderRow};
use crate::edge::notify;
use crate::edge::random;
use crate::edge::Boxed;
use serde::Serialize;

/// What the buyer was given for an order that ended short.
#[derive(Debug, Clone, Serialize)]
pub struct MadeGood {
    /// `replaced` or `below_minimum` (`core::hold::Remedy::key`).
    pub kind: String,
    /// The replacement code, when one was minted.
    pub code: Option<String>,
    pub quantity: Option<i64>,
}

impl MadeGood {
    fn of_row(row: &OrderRow) -> Option<MadeGood> {
        Some(MadeGood {
            kind: row.make_good.clone()?,
            code: row.replacement_code.clone(),
            quantity: row.replacement_quantity,
        })
    }
}

/// The order's make-good, deciding it now if its last status (`status`, `remains`) owes one.
/// `None`: nothing is owed, `MAKE_GOOD=off`, or the service's minimum cannot be read now (the
/// next view or scheduled run decides; nothing is lost by waiting).
pub fn make_good<'a>(
    ctx: &'a Ctx,
    row: &'a OrderRow,
    status: &'a Progress,
    remains: Option<u64>,
) -> Boxed<'a, Option<MadeGood>> {
    Box::pin(decide(ctx, row, status, remains))
}

async fn decide(
    ctx: &Ctx,
    row: &OrderRow,
    status: &Progress,
    remains: Option<u64>,
) -> Option<MadeGood> {
    if let Some(done) = MadeGood::of_row(row) {
        return Some(done);
    }
    if ctx.config.make_good == MakeGood::Off || row.source != "redeem" {
        return None;
    }
    let original = row.code.as_deref()?;
    let owed = shortfall(status, remains, u32::try_from(row.quantity).ok()?)?;
    // The minimum of the service the order bought: below it no code could buy what is owed.
    let list = catalogue(ctx, &row.panel_name()).await.ok()?;
    let min = list
        .iter()
        .find(|s| i64::from(s.id.get()) == row.service_id)
        .map(|s| u32::try_from(s.min).unwrap_or(u32::MAX));
    let decided = remedy(owed, min);
    let new_code = random::code(&ctx.config.code_prefix);
    let db = ctx.db().ok()?;
    let write = MakeGoodWrite {
        row: row.id,
        original,
        remedy: decided,
        new_code: &new_code,
        now: ctx.started,
    };
    match db::make_good(&db, &write).await {
        Ok(true) => {
            if let Ok(code) = crate::core::code::Code::parse(original) {
                super::updates::tell(ctx, &code, crate::core::outbox::Event::MadeGood).await;
            }
            let detail = obj!({
                "order": row.order_id, "panel": row.panel, "status": status.as_str(),
                "remedy": decided.key(), "quantity": decided.quantity(),
                "replacement": matches!(decided, Remedy::Replace { .. }).then(|| new_code.as_str()),
            });
            if let Err(e) = db::audit(
                &db,
                ctx.started,
                "system",
                "order.make_good",
                Some(original),
                &detail,
            )
            .await
            {
                worker::console_warn!("make-good audit: {e}");
            }
            if let Remedy::BelowMinimum { quantity } = decided {
                notify::alert(
                    ctx,
                    "make_good_below_minimum",
                    &format!(
                        "Order {} ended {} with {quantity} undelivered, below the service's minimum: no replacement code was minted. Settle it with the buyer (code in /admin, Codes).",
                        row.order_id,
                        status.as_str()
                    ),
                )
                .await;
            }
        }
        Ok(false) => {}
        Err(e) => {
            worker::console_error!("make-good of order {}: {e}", row.order_id);
            return None;
        }
    }
    // Whoever won, the row now says what was decided.
    let fresh = db::order_by_id(&db, row.id).await.ok()??;
    MadeGood::of_row(&fresh)
}
