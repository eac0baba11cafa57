//! Settings from the Worker environment: `[vars]` in wrangler.toml, secrets from
//! `wrangler secret put` (or `.dev.vars` locally). Read once per request, in one place.

use crate::core::code::Prefix;
use crate::core::hold::MakeGood;
use crate::core::outbox::Updates;
use crate::core::panel::PanelName;
use crate::core::sellauth::DEFAULT_LINE_TEMPLATE;
use worker::Env;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Clone)]
pub struct Config {
    pub shop_name: String,
    /// Every panel the shop has: `main` (PANEL_URL, PANEL_API_KEY) first, then each
    /// `PANEL_<NAME>_URL` with its `PANEL_<NAME>_API_KEY`, by name.
    pub panels: Vec<PanelConfig>,
    pub admin_api_key: Option<String>,
    pub webhook_secret: Option<String>,
    /// Optional: where trouble is reported (a Discord channel's webhook URL).
    pub discord_webhook_url: Option<String>,
    /// Telegram: the bot's token (secret), the webhook's secret header, where the Bot API is,
    /// and the numeric ids of the shop's admins.
    pub telegram_bot_token: Option<String>,
    pub telegram_webhook_secret: Option<String>,
    pub telegram_api_url: String,
    pub telegram_admin_ids: Vec<i64>,
    /// The Discord application's public key (hex): interactions are served once it is set.
    pub discord_public_key: Option<String>,
    /// Where interaction follow-ups go (`https://discord.com/api/v10`; tests point it at a fake).
    pub discord_api_url: String,
    /// The shop's own Discord servers (`DISCORD_GUILD_ID`, comma-separated): admin commands
    /// work only there.
    pub discord_guild_ids: Vec<String>,
    /// Base of redemption links in delivered lines; the request's own origin when unset.
    pub public_url: Option<String>,
    /// One delivered line per code: `{code}`, `{url}`, `{n}`, `{total}`.
    pub delivery_line_template: String,
    /// Below this panel balance the dashboard warns.
    pub low_balance_threshold: f64,
    /// Public prices: the panel's rate times this; unset, the public catalogue shows none.
    pub public_price_multiplier: Option<f64>,
    /// Where buyers get help (a URL, an e-mail or a Discord invite): on the page and in 502/504s.
    pub support_contact: Option<String>,
    /// A line of the shop's own under the redemption page (`FOOTER_TEXT`).
    pub footer_text: Option<String>,
    /// Origins (`https://shop.example`) whose pages may call the public API; `*` for any.
    /// Empty: same-origin only.
    pub cors_allowed_origins: Vec<String>,
    /// Days after an order during which its buyer may ask for refills.
    pub refill_window_days: u32,
    /// The most codes one Sellauth item may mint.
    pub max_codes_per_item: u32,
    /// How long one panel call may take before its outcome counts as unknown.
    pub panel_timeout_ms: u32,
    pub code_prefix: Prefix,
    /// How long the public service list is cached.
    pub services_cache_seconds: u32,
    /// How long an order may be held (`core::hold`) before its code goes back to the buyer.
    pub queue_max_hours: u32,
    /// Whether a canceled or part-delivered order gets a replacement code.
    pub make_good: MakeGood,
    /// Order updates by e-mail: which events (`EMAIL_UPDATES`), and the sender (`EMAIL_FROM`,
    /// an address of the domain onboarded to Cloudflare Email Service).
    pub email_updates: Updates,
    pub email_from: Option<String>,
    /// The catalogue watch flags a product whose margin after a rate change is under this.
    pub min_margin_percent: f64,
}

impl Config {
    pub fn from_env(env: &Env) -> Config {
        Config {
            shop_name: text(env, "SHOP_NAME").unwrap_or_else(|| "redeem-edge".into()),
            panels: panels(env),
            admin_api_key: text(env, "ADMIN_API_KEY"),
            webhook_secret: text(env, "SELLAUTH_WEBHOOK_SECRET"),
            discord_webhook_url: text(env, "DISCORD_WEBHOOK_URL"),
            telegram_bot_token: text(env, "TELEGRAM_BOT_TOKEN"),
            telegram_webhook_secret: text(env, "TELEGRAM_WEBHOOK_SECRET"),
            telegram_api_url: text(env, "TELEGRAM_API_URL")
                .unwrap_or_else(|| "https://api.telegram.org".into()),
            telegram_admin_ids: crate::core::telegram::admin_ids(
                text(env, "TELEGRAM_ADMIN_IDS").as_deref(),
            ),
            discord_public_key: text(env, "DISCORD_PUBLIC_KEY"),
            discord_guild_ids: text(env, "DISCORD_GUILD_ID")
                .map(|v| {
                    v.split(',')
                        .map(|g| g.trim().to_string())
                        .filter(|g| !g.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            discord_api_url: text(env, "DISCORD_API_URL")
                .map(|u| u.trim_end_matches('/').to_string())
                .unwrap_or_else(|| "https://discord.com/api/v10".into()),
            public_url: text(env, "PUBLIC_URL"),
            delivery_line_template: text(env, "DELIVERY_LINE_TEMPLATE")
                .unwrap_or_else(|| DEFAULT_LINE_TEMPLATE.into()),
            max_codes_per_item: number(env, "MAX_CODES_PER_ITEM").unwrap_or(1000),
            cors_allowed_origins: text(env, "CORS_ALLOWED_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(|o| o.trim().trim_end_matches('/').to_string())
                        .filter(|o| !o.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            refill_window_days: number(env, "REFILL_WINDOW_DAYS").unwrap_or(30),
            queue_max_hours: number(env, "QUEUE_MAX_HOURS")
                .filter(|h| *h > 0)
                .unwrap_or(72),
            min_margin_percent: text(env, "MIN_MARGIN_PERCENT")
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|p| p.is_finite())
                .unwrap_or(0.0),
            email_updates: Updates::parse(text(env, "EMAIL_UPDATES").as_deref()).unwrap_or_else(
                |e| {
                    worker::console_error!("{e}; sending the final updates");
                    Updates::Final
                },
            ),
            email_from: text(env, "EMAIL_FROM"),
            make_good: MakeGood::parse(text(env, "MAKE_GOOD").as_deref()).unwrap_or_else(|e| {
                worker::console_error!("{e}; making good with replacement codes");
                MakeGood::Replace
            }),
            public_price_multiplier: text(env, "PUBLIC_PRICE_MULTIPLIER")
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|m| m.is_finite() && *m > 0.0),
            support_contact: text(env, "SUPPORT_CONTACT"),
            footer_text: text(env, "FOOTER_TEXT"),
            low_balance_threshold: text(env, "LOW_BALANCE_THRESHOLD")
                .and_then(|v| v.parse().ok())
                .unwrap_or(10.0),
            panel_timeout_ms: number(env, "PANEL_TIMEOUT_MS").unwrap_or(15_000),
            code_prefix: text(env, "CODE_PREFIX")
                .and_then(|p| Prefix::parse(&p))
                .unwrap_or_default(),
            services_cache_seconds: number(env, "SERVICES_CACHE_SECONDS").unwrap_or(300),
        }
    }
}

/// One panel: where it is, and its key (a secret) once set.
#[derive(Clone)]
pub struct PanelConfig {
    pub name: PanelName,
    pub url: String,
    pub key: Option<String>,
}

/// `main` from PANEL_URL, then every `PANEL_<NAME>_URL` the environment holds.
fn panels(env: &Env) -> Vec<PanelConfig> {
    use wasm_bindgen::JsCast;
    let panel = |name: PanelName, url: String| PanelConfig {
        key: text(env, &name.key_var()),
        name,
        url,
    };
    let mut out: Vec<PanelConfig> = text(env, "PANEL_URL")
        .map(|url| panel(PanelName::main(), url))
        .into_iter()
        .collect();
    let vars: &js_sys::Object = env.unchecked_ref();
    let mut others: Vec<(PanelName, String)> = js_sys::Object::keys(vars)
        .iter()
        .filter_map(|k| k.as_string())
        .filter_map(|var| Some((PanelName::from_url_var(&var)?, text(env, &var)?)))
        .collect();
    others.sort_by(|a, b| a.0.cmp(&b.0));
    out.extend(others.into_iter().map(|(name, url)| panel(name, url)));
    out
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

fn number(env: &Env, name: &str) -> Option<u32> {
    let v = text(env, name)?;
    v.parse()
        .map_err(|_| worker::console_warn!("{name}={v:?} is not a number; using the default"))
        .ok()
}
