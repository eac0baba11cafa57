//! The Cloudflare side: turns requests into calls on `core`, and `core`'s decisions into
//! D1 statements and panel calls. Translates; never decides.

mod admin;
mod cache;
mod catalogue;
mod config;
mod db;
mod guard;
mod health;
mod http;
mod panel_client;
mod random;
mod redeem;
mod routes;
mod tracking;
mod webhook;

use worker::{event, Context, Env, Request, Response, Result};

#[event(start)]
fn start() {
    // Panics print their message to the log instead of "unreachable executed".
    console_error_panic_hook::set_once();
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    Ok(routes::serve(req, env).await)
}
