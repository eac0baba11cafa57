//! The Cron Trigger's work (`[triggers]` in wrangler.toml, every 5 minutes): settle what the
//! request path could not, place held orders, keep order statuses fresh (and make good the
//! orders that ended short), watch the balance, drop expired cache rows.

use super::admin::money::forecast;
use super::admin::orders::balance_of;
use super::commands;
use super::ctx::Ctx;
use super::db::{self};
use super::notify;
use super::panel_client::Sent;
use crate::core::hold::shortfall;
use crate::core::json::obj;
use crate::core::outbox::Event;
use crate::core::panel::{
    parse_multi_status, OrderId, PanelName, PanelReply, PanelRequest, MAIN, MAX_IDS_PER_REQUEST,
};
use crate::core::stats::is_low_balance;
use serde_json::Value;

/// What one run did, for its log line and for tests.
#[derive(Default, serde::Serialize)]
pub struct Report {
    pub swept_to_review: usize,
    /// Held orders (`core::hold`): what this run's drain did.
    pub queue: Option<Value>,
    pub orders_refreshed: usize,
    /// Orders that ended short and got their make-good this run.
    pub made_good: usize,
    /// Order updates to buyers (`core::outbox`) sent this run.
    pub updates: Option<commands::Delivered>,
    /// The catalogue watch (`core::watch`): the panels it looked at this run.
    pub watch: Option<Value>,
    pub needs_review: i64,
    pub balance_low: Option<bool>,
    pub cache_rows_dropped: usize,
}

pub async fn run(ctx: &Ctx) -> Report {
    let mut report = Report::default();
    if let Err(e) = sweep(ctx, &mut report).await {
        worker::console_error!("job sweep: {}", e.message);
    }
    match commands::drain(ctx, None, false).await {
        Ok(drained) => report.queue = Some(drained.to_json()),
        Err(e) => worker::console_error!("job drain: {}", e.message),
    }
    if let Err(e) = refresh_orders(ctx, &mut report).await {
        worker::console_error!("job refresh_orders: {}", e.message);
    }
    match commands::deliver(ctx).await {
        Ok(d) => report.updates = Some(d),
        Err(e) => worker::console_error!("job deliver: {}", e.message),
    }
    match commands::watch(ctx, false).await {
        Ok(watched) => report.watch = Some(watched.to_json()),
        Err(e) => worker::console_error!("job watch: {}", e.message),
    }
    if let Err(e) = watch_balance(ctx, &mut report).await {
        worker::console_warn!("job watch_balance: {}", e.message);
    }
    match ctx.db() {
        Ok(db) => {
            match db::drop_expired(&db, ctx.started).await {
                Ok(n) => report.cache_rows_dropped = n,
                Err(e) => worker::console_warn!("job drop_expired: {e}"),
            }
            // Telegram re-sends an update for a day at most: its id is kept two.
            if let Err(e) = db::forget_updates(&db, ctx.started.plus_days(-2)).await {
                worker::console_warn!("job forget_updates: {e}");
            }
        }
        Err(e) => worker::console_warn!("job drop_expired: {}", e.message),
    }
    report
}

/// A code left `reserved` past the panel timeout lost its request (the isolate died, or the
/// settling write failed): its order may exist, so it goes to the review queue.
async fn sweep(ctx: &Ctx, report: &mut Report) -> Result<(), crate::core::envelope::ApiError> {
    let db = ctx.db()?;
    let grace_ms = i64::from(ctx.config.panel_timeout_ms) + 60_000;
    let cutoff = ctx.started.plus_seconds(-grace_ms / 1000);
    let swept = db::sweep_stale_reservations(&db, cutoff, ctx.started).await?;
    report.swept_to_review = swept.len();
    if !swept.is_empty() {
        db::audit(
            &db,
            ctx.started,
            "system",
            "code.sweep",
            None,
            &obj!({ "codes": swept.len() }),
        )
        .await?;
    }
    report.needs_review = db::count_needs_review(&db).await?;
    if report.needs_review > 0 {
        let text = format!(
            "{} code(s) wait for review: their panel order may or may not exist. Open the Review tab in /admin.",
            report.needs_review
        );
        notify::alert(ctx, "needs_review", &text).await;
    }
    Ok(())
}

/// Asks each panel for up to 100 of its unfinished orders at once (the multi-status call):
/// an order is only ever asked of the panel that placed it.
async fn refresh_orders(
    ctx: &Ctx,
    report: &mut Report,
) -> Result<(), crate::core::envelope::ApiError> {
    let db = ctx.db()?;
    let rows = db::unfinished_orders(&db, ctx.started.plus_days(-30), 500).await?;
    for panel in &ctx.config.panels {
        let mine: Vec<(i64, OrderId)> = rows
            .iter()
            .filter(|(_, _, p)| PanelName::parse(p).unwrap_or_else(PanelName::main) == panel.name)
            .filter_map(|(row, id, _)| Some((*row, OrderId::new(u64::try_from(*id).ok()?)?)))
            .take(MAX_IDS_PER_REQUEST)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let ids: Vec<OrderId> = mine.iter().map(|(_, id)| *id).collect();
        let Ok(client) = ctx.panel_named(&panel.name) else {
            continue;
        };
        let Sent::Answer { status, body } = client.send(&PanelRequest::MultiStatus(&ids)).await
        else {
            continue;
        };
        if let PanelReply::Ok(answers) = parse_multi_status(status, &body) {
            let fresh: Vec<_> = answers
                .into_iter()
                .filter_map(|(id, r)| {
                    let row = mine.iter().find(|(_, o)| *o == id)?.0;
                    Some((row, r.ok()?))
                })
                .collect();
            report.orders_refreshed += fresh.len();
            db::record_statuses(&db, &fresh, ctx.started).await?;
            // The orders now completed: their buyers are told once (delivered below).
            let ch = commands::update_channels(ctx, Event::Completed);
            if ch.email || ch.telegram {
                let ids: Vec<i64> = fresh.iter().map(|(row, _)| *row).collect();
                let ids = serde_json::to_string(&ids).unwrap_or_default();
                db::record_completed(&db, &ids, ch, ctx.started)?
                    .run()
                    .await?;
            }
            // An order that ended short gets its make-good now, not when its buyer looks.
            for (row, status) in &fresh {
                if shortfall(&status.status, status.remains, u32::MAX).is_none() {
                    continue;
                }
                if let Ok(Some(order)) = db::order_by_id(&db, *row).await {
                    if order.make_good.is_none()
                        && commands::make_good(ctx, &order, &status.status, status.remains)
                            .await
                            .is_some()
                    {
                        report.made_good += 1;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Every panel's balance against the threshold; each low panel is its own alert.
async fn watch_balance(
    ctx: &Ctx,
    report: &mut Report,
) -> Result<(), crate::core::envelope::ApiError> {
    for panel in &ctx.config.panels {
        let Ok(b) = balance_of(ctx, &panel.name).await else {
            continue;
        };
        let low = is_low_balance(&b.amount, ctx.config.low_balance_threshold);
        if panel.name.as_str() == MAIN {
            report.balance_low = Some(low);
        }
        if low {
            // How urgent it is: the last 7 days' pace (one D1 read, only when low).
            let pace = match ctx.db() {
                Ok(db) => db::orders_since(&db, ctx.started.plus_days(-7)).await.ok(),
                Err(_) => None,
            }
            .map(|orders| {
                format!(
                    "; {}",
                    forecast(&panel.name, Some(&b), &orders, ctx.started).text
                )
            })
            .unwrap_or_default();
            let text = format!(
                "Low balance on SMM panel {}: {} {} (warning below {}){pace}. Top up so redemptions keep working.",
                panel.name, b.amount, b.currency, ctx.config.low_balance_threshold
            );
            notify::alert(ctx, &format!("low_balance:{}", panel.name), &text).await;
        }
    }
    Ok(())
}
