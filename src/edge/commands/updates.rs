//! Order updates to the buyer (`core::outbox`): record an event on the channels the shop's
//! settings allow, then deliver what is due, each update claimed by one sender: e-mail through
//! Cloudflare Email Service (the `EMAIL` binding), a Telegram chat through the Bot API.

use super::code::load;
use crate::core::code::Code;
use crate::core::envelope::ApiError;
use crate::core::fold;
use crate::core::json::obj;
use crate::core::outbox::{chat_hears, text_and_html, words, Event, Facts};
use crate::edge::ctx::Ctx;
use crate::edge::db::{self, Channels, Due};
use crate::edge::{random, telegram, words as catalogue, Boxed};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;
use wasm_bindgen::{JsCast, JsValue};

/// At most this many updates go out per delivery (a request's `waitUntil`, a scheduled run).
const PER_DELIVERY: u32 = 10;
/// A claim whose sender died is taken over after this long.
const CLAIM_SECONDS: i64 = 120;
/// Tries before an update is `failed` (listed for the owner): 5 minutes, then 10, 20, 40.
const TRIES: i64 = 5;

/// The channels an event goes out on, by the shop's settings.
pub fn channels(ctx: &Ctx, event: Event) -> Channels {
    Channels {
        email: email_ready(ctx) && ctx.config.email_updates.email(event),
        telegram: ctx.config.telegram_bot_token.is_some() && chat_hears(event),
    }
}

/// E-mail needs a sender, the page's address for links and an unsubscribe key.
fn email_ready(ctx: &Ctx) -> bool {
    ctx.config.email_from.is_some()
        && ctx.config.public_url.is_some()
        && ctx.config.admin_api_key.is_some()
}

/// Records `event` for `code`, and delivers it after the answer. Never fails the caller: an
/// update is a courtesy, the order page is the record.
pub async fn tell(ctx: &Ctx, code: &Code, event: Event) {
    let ch = channels(ctx, event);
    let recorded = match ctx.db() {
        Ok(db) => db::record_update(&db, code, event, ch, ctx.started).await,
        Err(_) => return,
    };
    match recorded {
        Ok(true) => {
            let c = ctx.clone();
            ctx.in_background(async move {
                let _ = deliver(&c).await;
            });
        }
        Ok(false) => {}
        Err(e) => worker::console_warn!("update {} not recorded: {e}", event.key()),
    }
}

/// What one delivery did.
#[derive(Debug, Default, Serialize)]
pub struct Delivered {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

/// Sends the updates that are due, each claimed first, so two deliveries never send one twice.
pub fn deliver(ctx: &Ctx) -> Boxed<'_, Result<Delivered, ApiError>> {
    Box::pin(send_due(ctx))
}

async fn send_due(ctx: &Ctx) -> Result<Delivered, ApiError> {
    let db = ctx.db()?;
    let stale = ctx.started.plus_seconds(-CLAIM_SECONDS);
    let mut report = Delivered::default();
    for due in db::due_updates(&db, ctx.now(), stale, PER_DELIVERY).await? {
        let token = random::token();
        if !db::claim_update_send(&db, &due, &token, ctx.now(), stale).await? {
            continue;
        }
        let outcome = match send(ctx, &due).await {
            Ok(()) => {
                report.sent += 1;
                Ok(())
            }
            Err(why) if due.attempts + 1 < TRIES => {
                report.retried += 1;
                let wait = 300i64 << due.attempts.clamp(0, 4);
                Err((why, Some(ctx.now().plus_seconds(wait))))
            }
            Err(why) => {
                report.failed += 1;
                Err((why, None))
            }
        };
        db::settle_update_send(&db, &due, &token, outcome, ctx.now()).await?;
    }
    Ok(report)
}

/// The facts of an update, read now: the code, its order, its replacement.
async fn facts(
    ctx: &Ctx,
    code: &Code,
    lang: crate::core::words::Lang<'_>,
) -> Result<Facts, String> {
    let stored = load(ctx, code).await.map_err(|e| e.message)?;
    let db = ctx.db().map_err(|e| e.message)?;
    let order = db::order_of_code(&db, code)
        .await
        .map_err(|e| e.to_string())?;
    let kind = format!("kind.{}", stored.kind.key());
    let kind = if lang.has(&kind) {
        lang.t(&kind, &[])
    } else {
        stored.kind.name().to_string()
    };
    let base = ctx.config.public_url.clone().unwrap_or_default();
    Ok(Facts {
        code: stored.code.as_str().to_string(),
        order: order.as_ref().map(|o| o.order_id.to_string()),
        quantity: stored.quantity.to_string(),
        what: format!("{} {}", stored.platform.name(), fold::lower(&kind)),
        link: order.as_ref().map(|o| o.link.clone()),
        replacement: order.as_ref().and_then(|o| {
            Some((
                o.replacement_code.clone()?,
                o.replacement_quantity?.to_string(),
            ))
        }),
        page: format!(
            "{}/#code={}",
            base.trim_end_matches('/'),
            stored.code.as_str()
        ),
        shop: ctx.config.shop_name.clone(),
    })
}

async fn send(ctx: &Ctx, due: &Due) -> Result<(), String> {
    let event = Event::parse(&due.kind).ok_or("unknown event")?;
    let code = Code::parse(&due.code).map_err(|e| e.message())?;
    let words_ = catalogue::catalogue(ctx).await;
    let lang = words_.lang(due.lang.as_deref());
    let f = facts(ctx, &code, lang).await?;
    let (subject, lines) = words(lang, event, &f);
    match due.channel.as_str() {
        "telegram" => {
            let chat: i64 = due.address.parse().map_err(|_| "not a chat id")?;
            let text = format!("{subject}\n\n{}", lines.join("\n"));
            telegram::call(
                ctx,
                "sendMessage",
                &crate::core::telegram::send_message(chat, &text, &[]),
            )
            .await;
            Ok(())
        }
        _ => send_email(ctx, &due.address, lang, &subject, &lines).await,
    }
}

/// The one-click unsubscribe link of an address (RFC 8058): the address and its HMAC, keyed by
/// the admin key, so nobody unsubscribes another buyer.
pub fn unsubscribe_token(ctx: &Ctx, address: &str) -> Option<String> {
    let key = ctx.config.admin_api_key.as_deref()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(format!("unsubscribe:{key}").as_bytes()).ok()?;
    mac.update(address.as_bytes());
    Some(hex::encode(mac.finalize().into_bytes()))
}

/// The two unsubscribe links of an address: the one-click POST target for mail clients
/// (`List-Unsubscribe`, RFC 8058), and the page a person opens from the e-mail's footer, where
/// only a click unsubscribes (mail scanners fetch every link in a message). The page's link
/// carries the e-mail's language, so the page speaks it too.
fn unsubscribe_urls(ctx: &Ctx, address: &str, lang: &str) -> Option<(String, String)> {
    let base = ctx.config.public_url.as_deref()?.trim_end_matches('/');
    let token = unsubscribe_token(ctx, address)?;
    let encoded: String = address
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let query = format!("address={encoded}&token={token}");
    Some((
        format!("{base}/api/unsubscribe?{query}"),
        format!("{base}/unsubscribe#{query}&lang={lang}"),
    ))
}

/// One e-mail through the `EMAIL` binding (`send({from, to, subject, text, html, headers})`).
async fn send_email(
    ctx: &Ctx,
    to: &str,
    lang: crate::core::words::Lang<'_>,
    subject: &str,
    lines: &[String],
) -> Result<(), String> {
    let from = ctx
        .config
        .email_from
        .as_deref()
        .ok_or("EMAIL_FROM is not set")?;
    let (unsubscribe, page) =
        unsubscribe_urls(ctx, to, lang.code).ok_or("no unsubscribe link (PUBLIC_URL)")?;
    let footer = lang.t(
        "mail.footer",
        &[("shop", &ctx.config.shop_name), ("url", &page)],
    );
    let (text, html) = text_and_html(lines, &footer);
    let message = obj!({
        "from": { "email": from, "name": ctx.config.shop_name },
        "to": to,
        "subject": subject,
        "text": text,
        "html": html,
        "headers": {
            "List-Unsubscribe": format!("<{unsubscribe}>"),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    });
    let env: &JsValue = ctx.env.as_ref();
    let binding = js_sys::Reflect::get(env, &JsValue::from_str("EMAIL"))
        .ok()
        .filter(|b| !b.is_undefined())
        .ok_or("the EMAIL binding is missing (wrangler.toml [[send_email]])")?;
    let send = js_sys::Reflect::get(&binding, &JsValue::from_str("send"))
        .map_err(|_| "EMAIL has no send")?
        .dyn_into::<js_sys::Function>()
        .map_err(|_| "EMAIL.send is not a function")?;
    let arg = js_sys::JSON::parse(&message.to_string()).map_err(|_| "message")?;
    // An RPC binding answers a thenable, not a Promise: Promise.resolve adopts it.
    // Reflect.apply, not send.call(...): on an RPC stub, `call` would be a remote method.
    let answer = js_sys::Reflect::apply(&send, &binding, &js_sys::Array::of1(&arg))
        .map_err(|e| format!("EMAIL.send: {}", js_error(&e)))?;
    let promise = js_sys::Promise::resolve(&answer);
    worker::wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|e| format!("EMAIL.send: {}", js_error(&e)))
}

fn js_error(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}
