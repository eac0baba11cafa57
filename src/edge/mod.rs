//! The Cloudflare side: turns requests into calls on `core`, and `core`'s decisions into
//! D1 statements and panel calls. Translates; never decides.

mod config;
mod db;
mod http;
mod routes;

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
