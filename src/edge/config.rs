//! Settings from the Worker environment: `[vars]` in wrangler.toml, secrets from
//! `wrangler secret put` (or `.dev.vars` locally). Read once per request, in one place.

use worker::Env;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub struct Config {
    pub shop_name: String,
    pub panel_url: Option<String>,
    pub panel_api_key: Option<String>,
    pub admin_api_key: Option<String>,
    pub webhook_secret: Option<String>,
}

impl Config {
    pub fn from_env(env: &Env) -> Config {
        Config {
            shop_name: text(env, "SHOP_NAME").unwrap_or_else(|| "redeem-edge".into()),
            panel_url: text(env, "PANEL_URL"),
            panel_api_key: text(env, "PANEL_API_KEY"),
            admin_api_key: text(env, "ADMIN_API_KEY"),
            webhook_secret: text(env, "SELLAUTH_WEBHOOK_SECRET"),
        }
    }
}

/// A plain var or a secret (both are strings to the Worker); blank counts as unset.
fn text(env: &Env, name: &str) -> Option<String> {
    let raw = env
        .var(name)
        .map(|v| v.to_string())
        .or_else(|_| env.secret(name).map(|s| s.to_string()))
        .ok()?;
    let t = raw.trim();
    (!t.is_empty()).then(|| t.to_string())
}
