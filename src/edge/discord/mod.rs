//! `POST /discord/interactions`: the shop's Discord server, served by this worker. An adapter
//! beside HTTP, with no rule of its own: it verifies Discord's signature, parses the
//! interaction (`core::discord`), answers within Discord's 3 s with a deferred response, and
//! runs the same `edge::commands` as the web page under `waitUntil`, then edits the deferred
//! message with the result (`follow_up`).

mod verify;
mod work;

use super::ctx::Ctx;
use super::http::{read_body, Outcome, Reply};
use crate::core::discord::{
    self, deferred_ephemeral, deferred_update, edit_original, ephemeral, error, not_admin,
    not_shop_server, original_message_url, pong, Component, Interaction, Invocation, Message,
    ParseError,
};
use crate::core::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use crate::edge::outbound;
use std::time::Duration;
use worker::{Delay, Request};

/// A follow-up that Discord answers 404 (our deferred answer has not reached it yet), 429 or
/// 5xx is tried again, this many times in all, inside `waitUntil`'s 30 s.
const FOLLOW_UP_TRIES: u32 = 4;

pub async fn interactions(ctx: &Ctx, req: &mut Request) -> Outcome {
    let Some(key) = ctx.config.discord_public_key.clone() else {
        return Err(ApiError::not_configured("Discord (DISCORD_PUBLIC_KEY)"));
    };
    let body = read_body(ctx, req).await?;
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let (signature, timestamp) = (
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
    );
    let now_unix = ctx.started.millis() / 1000;
    // Before anything else: an unsigned request learns nothing and changes nothing.
    if !verify::signed_by_discord(
        &key,
        signature.as_deref(),
        timestamp.as_deref(),
        &body,
        now_unix,
    )
    .await
    {
        return Err(ApiError::new(
            ErrorCode::InvalidSignature,
            "The interaction signature is missing or wrong.",
        ));
    }
    let answer = match discord::parse(&body) {
        Err(ParseError::NotAnInteraction(why)) => {
            return Err(ApiError::new(ErrorCode::InvalidPayload, why))
        }
        Err(ParseError::Unusable(e)) => ephemeral(&error(&e.message())),
        Ok(Interaction::Ping) => pong(),
        Ok(Interaction::Command(inv)) => {
            if inv.action.needs_admin() && !inv.is_admin() {
                ephemeral(&not_admin())
            } else if inv.action.needs_admin() && !inv.is_shop_admin(&ctx.config.discord_guild_ids)
            {
                ephemeral(&not_shop_server())
            } else if let Some(form) = work::form_for(ctx, &inv).await {
                // A service that needs more than the link: the form asks for it, at once.
                form
            } else {
                let (worker_ctx, target) = (ctx.clone(), FollowUp::of(ctx, &inv));
                ctx.in_background(async move {
                    let message = work::command(&worker_ctx, &inv).await;
                    target.send(&message).await;
                });
                deferred_ephemeral()
            }
        }
        Ok(Interaction::Form(inv)) => {
            let (worker_ctx, target) = (ctx.clone(), FollowUp::of(ctx, &inv));
            ctx.in_background(async move {
                let message = work::submitted(&worker_ctx, &inv).await;
                target.send(&message).await;
            });
            deferred_ephemeral()
        }
        Ok(Interaction::Component(inv)) => {
            // A refill is news of its own; a refresh or another page replaces the message.
            let answer = match inv.action {
                Component::Refill { .. } => deferred_ephemeral(),
                _ => deferred_update(),
            };
            let (worker_ctx, target) = (ctx.clone(), FollowUp::of(ctx, &inv));
            ctx.in_background(async move {
                let message = work::component(&worker_ctx, &inv).await;
                target.send(&message).await;
            });
            answer
        }
    };
    Ok(Reply::raw_json(answer))
}

/// Where the deferred message is edited: the interaction's own webhook (its token is the
/// credential, valid 15 minutes; never logged).
struct FollowUp {
    url: String,
    name: String,
}

impl FollowUp {
    fn of<T: std::fmt::Debug>(ctx: &Ctx, inv: &Invocation<T>) -> FollowUp {
        FollowUp {
            url: original_message_url(&ctx.config.discord_api_url, &inv.application_id, &inv.token),
            name: format!("interaction {}", inv.id),
        }
    }

    async fn send(&self, message: &Message) {
        let body = edit_original(message).to_string();
        for attempt in 1..=FOLLOW_UP_TRIES {
            match patch(&self.url, &body).await {
                Ok(status) if status < 300 => return,
                Ok(status)
                    if attempt < FOLLOW_UP_TRIES
                        && (status == 404 || status == 429 || status >= 500) =>
                {
                    Delay::from(Duration::from_millis(250 << attempt)).await;
                }
                Ok(status) => {
                    worker::console_error!("discord follow-up for {}: HTTP {status}", self.name);
                    return;
                }
                Err(e) if attempt < FOLLOW_UP_TRIES => {
                    worker::console_warn!("discord follow-up for {}: {e}", self.name);
                    Delay::from(Duration::from_millis(250 << attempt)).await;
                }
                Err(e) => {
                    worker::console_error!("discord follow-up for {}: {e}", self.name);
                    return;
                }
            }
        }
    }
}

async fn patch(url: &str, body: &str) -> worker::Result<u16> {
    let json = [("content-type", "application/json")];
    let resp = outbound::send("PATCH", url, &json, body.to_string(), 5000).await?;
    Ok(resp.status_code())
}
