//! Abuse and browser security at the edge: per-client rate limits (Cloudflare's Rate Limiting
//! binding), CORS for the public API only, and the security headers every answer carries.

use super::cache;
use super::ctx::Ctx;
use crate::core::admin_key::{self, Fingerprint};
use crate::core::client::rate_key;
use crate::core::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use crate::core::route::{Gate, Limiter};
use worker::{Headers, Request};

/// Every limiter in wrangler.toml counts per 10 s window (aligned to the clock).
const PERIOD_SECONDS: u32 = 10;

/// Cloudflare sets `CF-Connecting-IP` to the client's address; nothing else is trusted.
/// An IPv6 client counts as its /64.
pub fn client_ip(req: &Request) -> String {
    let ip = req.headers().get("cf-connecting-ip").ok().flatten();
    rate_key(ip.as_deref().unwrap_or(""))
}

/// How long a client that failed the admin key too often is shut out, right key or not.
pub const ADMIN_LOCKOUT_SECONDS: u32 = 60;

fn lockout_key(ctx: &Ctx) -> String {
    format!("admin-lockout/{}", ctx.client_ip)
}

/// The one way into an admin handler (the route table's `Gate::Admin`, and the admin-only
/// form of `/api/user/redemptions`): a locked-out client is refused before its key is even
/// read; a wrong key is counted, and past the limit locks the client out for a minute, so
/// guessing gains nothing from hitting the right key while over it.
pub async fn admin_gate(ctx: &Ctx, req: &Request) -> Result<Fingerprint, ApiError> {
    if cache::get(ctx, &lockout_key(ctx)).await.is_some() {
        return Err(ApiError::rate_limited(ADMIN_LOCKOUT_SECONDS));
    }
    let presented = req.headers().get("x-api-key").ok().flatten();
    let checked = admin_key::check(ctx.config.admin_api_key.as_deref(), presented.as_deref());
    if matches!(&checked, Err(e) if e.code == ErrorCode::Unauthorized)
        && limit(ctx, Limiter::AdminFail, "admin-login").await.is_err()
    {
        cache::put(ctx, &lockout_key(ctx), "locked", ADMIN_LOCKOUT_SECONDS).await;
        return Err(ApiError::rate_limited(ADMIN_LOCKOUT_SECONDS));
    }
    checked
}

/// Counts one attempt of `what` by this client against `limiter`; 429 once over the limit.
/// A missing binding (a wrangler.toml without it) counts nothing rather than failing requests.
pub async fn limit(ctx: &Ctx, limiter: Limiter, what: &str) -> Result<(), ApiError> {
    limit_for(ctx, limiter, what, &ctx.client_ip).await
}

/// The same limit for another kind of client: a Discord member (`discord:<user id>`), whose
/// requests all come from Discord's addresses.
pub async fn limit_for(ctx: &Ctx, limiter: Limiter, what: &str, who: &str) -> Result<(), ApiError> {
    let binding = limiter.binding();
    let Ok(limiter) = ctx.env.rate_limiter(binding) else {
        worker::console_warn!("rate limiter {binding} is not bound; {what} is not limited");
        return Ok(());
    };
    let key = format!("{what}:{who}");
    match limiter.limit(key).await {
        Ok(outcome) if !outcome.success => Err(ApiError::rate_limited(PERIOD_SECONDS)),
        Ok(_) => Ok(()),
        Err(e) => {
            worker::console_warn!("rate limiter {binding} failed: {e}");
            Ok(())
        }
    }
}

/// The origin of a cross-origin request to the public API, if the shop allows it.
pub fn allowed_origin(ctx: &Ctx, req: &Request) -> Option<String> {
    let origin = req.headers().get("origin").ok().flatten()?;
    ctx.config
        .cors_allowed_origins
        .iter()
        .any(|o| o == "*" || o.eq_ignore_ascii_case(&origin))
        .then_some(origin)
}

/// Answers a CORS preflight: allow for configured origins on public routes, refuse otherwise.
pub fn preflight(ctx: &Ctx, req: &Request, gate: Gate) -> Result<(String, Headers), ApiError> {
    let refused = || {
        ApiError::new(
            ErrorCode::CrossOriginRefused,
            "This address does not accept requests from other sites.",
        )
    };
    if gate != Gate::Public {
        return Err(refused());
    }
    let origin = allowed_origin(ctx, req).ok_or_else(refused)?;
    let h = Headers::new();
    let _ = h.set("access-control-allow-methods", "GET, POST");
    let _ = h.set(
        "access-control-allow-headers",
        "content-type, x-d1-bookmark",
    );
    let _ = h.set("access-control-max-age", "600");
    Ok((origin, h))
}

/// On every answer the worker writes (pages get the same from `assets/_headers`).
pub const SECURITY_HEADERS: [(&str, &str); 4] = [
    (
        "content-security-policy",
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
];
