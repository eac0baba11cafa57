//! The Cloudflare side: turns requests into calls on `core`, and `core`'s decisions into
//! D1 statements and panel calls. Translates; never decides.

/// A future compiled once and called through a pointer: the shared async helpers return one, so
/// their state machines are not inlined into every caller's (the .wasm's size budget).
pub(crate) type Boxed<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + 'a>>;

mod admin;
mod cache;
mod catalogue;
mod chat;
mod checkout;
mod commands;
mod config;
mod ctx;
mod db;
mod detach;
mod discord;
mod guard;
mod health;
mod http;
mod jobs;
mod notify;
mod outbound;
mod panel_client;
mod random;
mod redeem;
mod routes;
pub(crate) mod telegram;
mod tracking;
mod webhook;
mod words;

use crate::core::json::obj;
use worker::{event, Context, Env, Request, Response, Result, ScheduleContext, ScheduledEvent};

#[event(start)]
fn start() {
    // Panics print their message to the log instead of "unreachable executed".
    console_error_panic_hook::set_once();
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, ctx: Context) -> Result<Response> {
    Ok(routes::serve(req, env, ctx).await)
}

/// The Cron Trigger (`[triggers]` in wrangler.toml): see `jobs`.
#[event(scheduled)]
async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    let ctx = ctx::Ctx::new(env, "scheduled".into(), None);
    let report = jobs::run(&ctx).await;
    worker::console_log!(
        "{}",
        obj!({ "at": ctx.started.iso(), "request_id": ctx.request_id, "cron": event.cron(),
                            "job": report, "d1_queries": ctx.d1.statements(),
                            "d1_round_trips": ctx.d1.round_trips(),
                            "panel_calls": ctx.panel_calls.get() })
    );
}
