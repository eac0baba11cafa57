//! `POST /telegram/webhook`: the shop's Telegram bot. An adapter with no rule of its own: it
//! checks Telegram's secret header, claims the update once (Telegram re-sends one it thinks
//! failed), answers at once, and under `waitUntil` runs the same `edge::commands` as the web
//! page (`bot`), replying through the Bot API in the buyer's language (`edge::words`).

mod bot;

use super::ctx::Ctx;
use super::db;
use super::http::{read_body, Outcome, Reply};
use crate::core::answer;
use crate::core::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use crate::core::json::obj;
use crate::core::telegram::{self, secret_matches};
use crate::edge::outbound;
use serde_json::Value;
use worker::Request;

const TIMEOUT_MS: u32 = 5000;

pub async fn webhook(ctx: &Ctx, req: &mut Request) -> Outcome {
    if ctx.config.telegram_bot_token.is_none() {
        return Err(ApiError::not_configured("Telegram (TELEGRAM_BOT_TOKEN)"));
    }
    let presented = req
        .headers()
        .get("x-telegram-bot-api-secret-token")
        .ok()
        .flatten();
    let configured = ctx.config.telegram_webhook_secret.as_deref().unwrap_or("");
    // Before anything else: a request without the secret learns nothing and changes nothing.
    if !secret_matches(configured, presented.as_deref()) {
        return Err(ApiError::new(
            ErrorCode::InvalidSecret,
            "The Telegram secret token is missing or wrong.",
        ));
    }
    let body = read_body(ctx, req).await?;
    let update = telegram::parse(&body).map_err(|why| {
        ApiError::new(
            ErrorCode::InvalidPayload,
            format!("Not a Telegram update: {why}"),
        )
    })?;
    // Exactly once per update id, whoever re-sends it.
    if !db::claim_update(&ctx.db()?, update.update_id, ctx.started).await? {
        return Ok(Reply::ok(
            "Already handled",
            obj!(answer::TELEGRAM_ACCEPTED => { "update_id": update.update_id }),
        ));
    }
    let work_ctx = ctx.clone();
    ctx.in_background(async move { bot::act(&work_ctx, update.event).await });
    Ok(Reply::ok(
        "Accepted",
        obj!(answer::TELEGRAM_ACCEPTED => { "update_id": update.update_id }),
    ))
}

/// One Bot API call (`sendMessage`, `editMessageText`, `answerCallbackQuery`); a failure is
/// logged, never raised: the buyer's order is already decided.
pub(crate) async fn call(ctx: &Ctx, method: &str, body: &Value) {
    let Some(token) = ctx.config.telegram_bot_token.as_deref() else {
        return;
    };
    let url = format!(
        "{}/bot{token}/{method}",
        ctx.config.telegram_api_url.trim_end_matches('/')
    );
    let result = async {
        let json = [("content-type", "application/json")];
        let res = outbound::send("POST", &url, &json, body.to_string(), TIMEOUT_MS).await?;
        Ok::<u16, worker::Error>(res.status_code())
    }
    .await;
    match result {
        Ok(200) => {}
        // The token is in the URL: only the method is logged.
        Ok(status) => worker::console_warn!("telegram {method}: {status}"),
        Err(e) => worker::console_warn!("telegram {method}: {e}"),
    }
}
