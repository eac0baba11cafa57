//! Telling the shop owner about trouble on Discord (the original app's operators live
//! there): at most once per condition per hour, remembered in the `alerts` table.

use super::ctx::Ctx;
use super::Boxed;
use crate::core::clock::UtcTime;
use crate::core::json::obj;
use crate::edge::outbound;

const EVERY_SECONDS: i64 = 3600;
const TIMEOUT_MS: u32 = 3000;

/// Sends `text` for `condition` unless it was sent within the hour. Never fails the caller:
/// a notification is a courtesy, the dashboard is the record.
pub fn alert<'a>(ctx: &'a Ctx, condition: &'a str, text: &'a str) -> Boxed<'a, ()> {
    Box::pin(send_alert(ctx, condition, text))
}

async fn send_alert(ctx: &Ctx, condition: &str, text: &str) {
    let Some(url) = ctx.config.discord_webhook_url.as_deref() else {
        return;
    };
    match claim(ctx, condition, ctx.started).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            worker::console_warn!("alert {condition}: {e}");
            return;
        }
    }
    if let Err(e) = post(url, text).await {
        worker::console_warn!("alert {condition} not delivered: {e}");
    }
}

/// True when this call may send: the condition's last message is an hour old, or none.
async fn claim(ctx: &Ctx, condition: &str, now: UtcTime) -> worker::Result<bool> {
    let db = ctx.db().map_err(|e| worker::Error::RustError(e.message))?;
    super::db::claim_period(&db, condition, now, EVERY_SECONDS).await
}

async fn post(url: &str, text: &str) -> worker::Result<()> {
    // No pings: a buyer-controlled string must never reach @everyone.
    let body = obj!({ "content": text, "allowed_mentions": { "parse": [] } }).to_string();
    let json = [("content-type", "application/json")];
    let resp = outbound::send("POST", url, &json, body, TIMEOUT_MS).await?;
    if resp.status_code() >= 300 {
        return Err(worker::Error::RustError(format!(
            "HTTP {}",
            resp.status_code()
        )));
    }
    Ok(())
}
