//! What each Telegram message and button does: the web page's commands (`edge::commands`) and
//! the admin's reads, in the buyer's words (`core::words`). Nothing is decided here.

use super::call;
use crate::core::catalogue::{search, PublicService, SearchQuery};
use crate::core::envelope::{read_body_value, ApiError};
use crate::core::error_code::ErrorCode;
use crate::core::json::obj;
use crate::core::link::link_pages;
use crate::core::order_input::{InputKind, RawInput};
use crate::core::panel::PanelName;
use crate::core::redemption::StoredCode;
use crate::core::route::Limiter;
use crate::core::telegram::{
    answer_button, command, edit_message, send_message, Action, Button, Command, Event, User,
};
use crate::core::template;
use crate::core::template::MintInput;
use crate::core::words::Lang;
use crate::edge::admin::orders::balance_of;
use crate::edge::catalogue::catalogue;
use crate::edge::chat;
use crate::edge::commands::{self, CodePage, RedeemCommand, Redemption};
use crate::edge::ctx::Ctx;
use crate::edge::db;
use crate::edge::guard;
use crate::edge::words;
use serde_json::Value;

/// A conversation (a code waiting for its link or input) lasts this long.
const CONVERSATION_SECONDS: i64 = 30 * 60;
/// At most this many lines of a list in one message.
const LIST_LINES: usize = 20;

/// A reply: its text and the buttons under it.
struct Out {
    text: String,
    buttons: Vec<Button>,
}

impl From<String> for Out {
    fn from(text: String) -> Out {
        Out {
            text,
            buttons: Vec::new(),
        }
    }
}

pub async fn act(ctx: &Ctx, event: Event) {
    let catalogue = words::catalogue(ctx).await;
    match event {
        Event::Message {
            chat,
            private,
            user,
            text,
        } => {
            let lang = catalogue.lang(user.language.as_deref());
            let asked = command(&text);
            let out = if !private {
                // In a group the bot answers commands only, and only to say where to ask.
                if matches!(asked, Command::Text(_)) {
                    return;
                }
                Out::from(lang.t("bot.private_only", &[]))
            } else {
                message(ctx, lang, chat, &user, asked).await
            };
            call(
                ctx,
                "sendMessage",
                &send_message(chat, &out.text, &out.buttons),
            )
            .await;
        }
        Event::Button {
            id,
            user,
            chat,
            message,
            data,
        } => {
            let lang = catalogue.lang(user.language.as_deref());
            let (notice, out) = button(ctx, lang, &user, &data).await;
            call(
                ctx,
                "answerCallbackQuery",
                &answer_button(&id, notice.as_deref()),
            )
            .await;
            if let (Some(out), Some(chat)) = (out, chat) {
                let body = match message {
                    Some(m) => (
                        "editMessageText",
                        edit_message(chat, m, &out.text, &out.buttons),
                    ),
                    None => ("sendMessage", send_message(chat, &out.text, &out.buttons)),
                };
                call(ctx, body.0, &body.1).await;
            }
        }
        Event::Other => {}
    }
}

/// The web's per-client limits, per Telegram account.
async fn limited(ctx: &Ctx, limiter: Limiter, user: &User) -> Result<(), ApiError> {
    guard::limit_for(ctx, limiter, "telegram", &user.buyer_id()).await
}

async fn message(ctx: &Ctx, lang: Lang<'_>, chat: i64, user: &User, asked: Command) -> Out {
    if asked.admin_only() && !ctx.config.telegram_admin_ids.contains(&user.id) {
        return lang.t("bot.admin_only", &[]).into();
    }
    // Only `/redeem` names a code, so only it counts as a guess; a plain message answers the
    // bot's question about the code already checked (its link, then each input).
    let limiter = match asked {
        Command::Redeem { .. } => Limiter::Redeem,
        _ => Limiter::Lookup,
    };
    if let Err(e) = limited(ctx, limiter, user).await {
        return lang.error(&e).into();
    }
    let shop = ctx.config.shop_name.clone();
    let result = match asked {
        Command::Start => Ok(lang.t("bot.start", &[("shop", &shop)]).into()),
        Command::Redeem { code: None, .. } => Ok(lang.t("bot.usage_redeem", &[]).into()),
        Command::Redeem {
            code: Some(code),
            link: None,
        } => ask_link(ctx, lang, chat, &code).await,
        Command::Redeem {
            code: Some(code),
            link: Some(link),
        } => redeem(ctx, lang, chat, user, &code, &link, Given::default()).await,
        Command::Order { code: None } => Ok(lang.t("bot.usage_order", &[]).into()),
        Command::Order { code: Some(code) } => order(ctx, lang, &code).await,
        Command::MyOrders => my_orders(ctx, lang, user).await,
        Command::Services { query } => services(ctx, lang, query).await,
        Command::Balance => balance(ctx, lang).await,
        Command::Queue => queue(ctx, lang).await,
        Command::Attention => attention(ctx, lang).await,
        Command::Codes(args) => codes(ctx, lang, user, &args).await,
        Command::Unknown => Ok(lang.t("bot.unknown", &[]).into()),
        Command::Text(text) => reply(ctx, lang, chat, user, &text).await,
    };
    result.unwrap_or_else(|e| match e {
        Some(e) => lang.error(&e).into(),
        None => lang.t("bot.try_later", &[]).into(),
    })
}

/// A reply, or the refusal to put in the buyer's words (`None`: our own failure).
type Answer = Result<Out, Option<ApiError>>;

/// A message that is no command: the answer to the bot's last question, if it asked one.
async fn reply(ctx: &Ctx, lang: Lang<'_>, chat: i64, user: &User, text: &str) -> Answer {
    let fresh = ctx.started.plus_seconds(-CONVERSATION_SECONDS);
    let state = db::chat_state(&ctx.db()?, chat, fresh)
        .await
        .map_err(|e| Some(e.into()))?;
    match state {
        Some(s) => match s.link {
            None => redeem(ctx, lang, chat, user, &s.code, text, Given::default()).await,
            Some(link) => {
                let given = Given {
                    so_far: s
                        .inputs
                        .as_deref()
                        .and_then(|j| serde_json::from_str(j).ok())
                        .map(|v| RawInput::from_json(&v))
                        .unwrap_or_default(),
                    text: Some(text),
                };
                redeem(ctx, lang, chat, user, &s.code, &link, given).await
            }
        },
        None => Ok(lang.t("bot.unknown", &[]).into()),
    }
}

/// The inputs a chat has given for its code: those kept from earlier messages, and this one.
#[derive(Default)]
struct Given<'a> {
    so_far: RawInput,
    text: Option<&'a str>,
}

/// The question for one input, in the buyer's language.
fn ask_for(lang: Lang<'_>, kind: InputKind, quantity: u32) -> String {
    let key = match kind {
        InputKind::Comments => "bot.ask_comments",
        InputKind::Usernames => "bot.ask_usernames",
        InputKind::Hashtags => "bot.ask_hashtags",
        InputKind::Hashtag => "bot.ask_hashtag",
        InputKind::Username => "bot.ask_username",
        InputKind::Media => "bot.ask_media",
        InputKind::AnswerNumber => "bot.ask_answer",
        InputKind::Groups => "bot.ask_groups",
        InputKind::Keywords => "bot.ask_keywords",
    };
    lang.t(key, &[("count", &quantity.to_string())])
}

/// "{quantity} {what}" in the buyer's words: the platform's name and the kind's.
fn what(lang: Lang<'_>, stored: &StoredCode) -> String {
    chat::what(lang, &stored.platform, &stored.kind)
}

/// The link hint, as the page says it (`assets/app.js`'s `hintText`).
fn hint(lang: Lang<'_>, stored: &StoredCode) -> String {
    let (pages, example) = link_pages(&stored.platform, &stored.link_kind());
    let pages: Vec<String> = pages
        .iter()
        .map(|k| lang.t(&format!("page.{k}"), &[]))
        .collect();
    let joined = match pages.split_last() {
        None => return lang.t("hint.any", &[]),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {} {last}", rest.join(", "), lang.t("hint.or", &[])),
    };
    lang.t(
        "hint.pages",
        &[
            ("platform", stored.platform.name()),
            ("pages", &joined),
            ("example", example),
        ],
    )
}

/// `/redeem CODE`: the code checked, then the bot waits for its link.
async fn ask_link(ctx: &Ctx, lang: Lang<'_>, chat: i64, code: &str) -> Answer {
    let stored = commands::validate(ctx, code).await?;
    db::set_chat_state(
        &ctx.db()?,
        chat,
        stored.code.as_str(),
        None,
        None,
        ctx.started,
    )
    .await
    .map_err(|e| Some(e.into()))?;
    Ok(lang
        .t(
            "bot.ask_link",
            &[
                ("code", stored.code.as_str()),
                ("quantity", &stored.quantity.to_string()),
                ("what", &what(lang, &stored)),
                ("hint", &hint(lang, &stored)),
            ],
        )
        .into())
}

/// The redemption, the web page's own, once the bot has the code, the link and any input.
async fn redeem(
    ctx: &Ctx,
    lang: Lang<'_>,
    chat: i64,
    user: &User,
    code: &str,
    link: &str,
    given: Given<'_>,
) -> Answer {
    let stored = commands::validate(ctx, code).await?;
    let db = ctx.db()?;
    // This message answers the first input still missing; the next one missing is asked for.
    let mut raw = given.so_far;
    let missing = |raw: &RawInput| {
        stored
            .order
            .inputs()
            .iter()
            .copied()
            .find(|k| raw.get(*k).is_none())
    };
    if let (Some(kind), Some(text)) = (missing(&raw), given.text) {
        raw.set(kind, Value::from(text.to_string()));
    }
    if let Some(kind) = missing(&raw) {
        // Its service needs more than the link: the link is checked now, the input asked for.
        let link = commands::check_link(ctx, code, link).await?;
        let so_far = serde_json::to_string(&raw).ok();
        db::set_chat_state(
            &db,
            chat,
            stored.code.as_str(),
            Some(link.as_str()),
            so_far.as_deref(),
            ctx.started,
        )
        .await
        .map_err(|e| Some(e.into()))?;
        return Ok(ask_for(lang, kind, stored.quantity).into());
    }
    let done = commands::redeem(
        ctx,
        RedeemCommand {
            code: stored.code.as_str().to_string(),
            link: link.to_string(),
            username: Some(user.name.clone()),
            user_id: user.buyer_id(),
            input: raw,
            lang: Some(lang.code.to_string()),
        },
    )
    .await;
    match &done {
        // A link or input to fix: the conversation stays, so the next message tries again.
        Err(e) if e.code == ErrorCode::InvalidLink => {
            let _ =
                db::set_chat_state(&db, chat, stored.code.as_str(), None, None, ctx.started).await;
        }
        // The inputs are asked for again from the first, the link kept.
        Err(e)
            if e.code == ErrorCode::InvalidOrderInput
                || e.code == ErrorCode::OrderInputRequired =>
        {
            let kept = Some(link).filter(|_| !stored.order.inputs().is_empty());
            let _ =
                db::set_chat_state(&db, chat, stored.code.as_str(), kept, None, ctx.started).await;
        }
        _ => {
            let _ = db::clear_chat_state(&db, chat).await;
        }
    }
    let order_button =
        |code: &str| vec![(chat::refresh_button(lang), Action::Order(code.to_string()))];
    match done? {
        Redemption::Placed(o) => Ok(Out {
            text: chat::placed(lang, &o),
            buttons: order_button(&o.code),
        }),
        Redemption::Queued(q) => Ok(Out {
            text: chat::queued(lang, q.queued_reason),
            buttons: order_button(&q.code),
        }),
    }
}

/// `/order CODE` and its Refresh button: the order page, as the web shows it.
async fn order(ctx: &Ctx, lang: Lang<'_>, code: &str) -> Answer {
    let page = match commands::track(ctx, code).await? {
        CodePage::Queued(q) => {
            return Ok(Out {
                text: chat::queued(lang, q.queued_reason),
                buttons: vec![(chat::refresh_button(lang), Action::Order(q.code))],
            })
        }
        CodePage::Order(page) => page,
    };
    let mut buttons = vec![(chat::refresh_button(lang), Action::Order(page.code.clone()))];
    if page.refill.available {
        buttons.push((chat::refill_button(lang), Action::Refill(page.code.clone())));
    }
    Ok(Out {
        text: chat::order(lang, &page),
        buttons,
    })
}

/// A button: (the notice on the button, the message's new text).
async fn button(
    ctx: &Ctx,
    lang: Lang<'_>,
    user: &User,
    data: &str,
) -> (Option<String>, Option<Out>) {
    let Some(action) = Action::parse(data) else {
        return (None, None);
    };
    let limiter = match action {
        Action::Refill(_) => Limiter::Redeem,
        Action::Order(_) => Limiter::Lookup,
    };
    if let Err(e) = limited(ctx, limiter, user).await {
        return (Some(lang.error(&e)), None);
    }
    let code = match &action {
        Action::Refill(code) | Action::Order(code) => code.clone(),
    };
    let notice = match action {
        Action::Refill(_) => match commands::refill(ctx, &code).await {
            Ok(started) => Some(chat::refill_started(lang, &started.order_id.to_string())),
            Err(e) => return (Some(lang.error(&e)), None),
        },
        Action::Order(_) => None,
    };
    let out = order(ctx, lang, &code).await.unwrap_or_else(|e| match e {
        Some(e) => lang.error(&e).into(),
        None => lang.t("bot.try_later", &[]).into(),
    });
    (notice, Some(out))
}

async fn my_orders(ctx: &Ctx, lang: Lang<'_>, user: &User) -> Answer {
    let (rows, _) = db::redemptions_with_status(&ctx.db()?, &user.buyer_id(), LIST_LINES as u32)
        .await
        .map_err(|e| Some(e.into()))?;
    if rows.is_empty() {
        return Ok(lang.t("bot.myorders_none", &[]).into());
    }
    let mut lines = vec![lang.t("bot.myorders_title", &[])];
    lines.extend(
        rows.iter()
            .map(|r| chat::my_order_line(lang, &r.code, r.order_id, r.status.as_deref())),
    );
    Ok(lines.join("\n").into())
}

/// What the shop sells, with public prices only (as `/api/services` shows them).
async fn services(ctx: &Ctx, lang: Lang<'_>, query: Option<String>) -> Answer {
    let list = catalogue(ctx, &PanelName::main()).await?;
    let m = ctx.config.public_price_multiplier;
    let q = SearchQuery {
        query,
        ..SearchQuery::default()
    };
    let found = search(&list, &q, m)?;
    if found.is_empty() {
        return Ok(lang.t("bot.services_none", &[]).into());
    }
    let mut lines = vec![lang.t("bot.services_title", &[])];
    lines.extend(found.into_iter().take(LIST_LINES).map(|s| {
        let p = PublicService::of(s, m);
        let price = p.rate.map(|r| format!(" · {r}/1000")).unwrap_or_default();
        format!("#{} {} ({}-{}){price}", p.service, p.name, p.min, p.max)
    }));
    Ok(lines.join("\n").into())
}

async fn balance(ctx: &Ctx, lang: Lang<'_>) -> Answer {
    let mut lines = Vec::new();
    for panel in &ctx.config.panels {
        let name = panel.name.to_string();
        lines.push(match balance_of(ctx, &panel.name).await {
            Ok(b) => lang.t(
                "bot.balance_line",
                &[
                    ("panel", &name),
                    ("amount", &b.amount),
                    ("currency", &b.currency),
                ],
            ),
            Err(_) => lang.t("bot.balance_unavailable", &[("panel", &name)]),
        });
    }
    Ok(lines.join("\n").into())
}

async fn queue(ctx: &Ctx, lang: Lang<'_>) -> Answer {
    let (held, count) = db::list_holds(&ctx.db()?, LIST_LINES as u32)
        .await
        .map_err(|e| Some(e.into()))?;
    if count == 0 {
        return Ok(lang.t("bot.queue_none", &[]).into());
    }
    let mut lines = vec![lang.t("bot.queue_title", &[("count", &count.to_string())])];
    lines.extend(held.iter().map(|h| {
        lang.t(
            "bot.queue_line",
            &[
                ("code", &h.code),
                ("reason", h.reason.as_deref().unwrap_or("")),
                ("since", h.since.as_deref().unwrap_or("")),
            ],
        )
    }));
    Ok(lines.join("\n").into())
}

async fn attention(ctx: &Ctx, lang: Lang<'_>) -> Answer {
    let findings = db::list_findings(&ctx.db()?)
        .await
        .map_err(|e| Some(e.into()))?;
    if findings.is_empty() {
        return Ok(lang.t("bot.attention_none", &[]).into());
    }
    let mut lines = vec![lang.t(
        "bot.attention_title",
        &[("count", &findings.len().to_string())],
    )];
    lines.extend(findings.iter().take(LIST_LINES).map(|f| {
        lang.t(
            "bot.attention_line",
            &[
                ("panel", &f.panel),
                ("service", &f.service_id.to_string()),
                ("kind", &f.kind),
                ("old", &f.old),
                ("new", &f.new),
                ("codes", &f.unused_codes.to_string()),
            ],
        )
    }));
    Ok(lines.join("\n").into())
}

/// `/codes COUNT PLATFORM KIND QUANTITY SERVICE_ID`: the dashboard's minting, same checks.
async fn codes(ctx: &Ctx, lang: Lang<'_>, user: &User, args: &[String]) -> Answer {
    let [count, platform, kind, quantity, service] = args else {
        return Ok(lang.t("bot.usage_codes", &[]).into());
    };
    let (Ok(count), Ok(quantity), Ok(service)) = (
        count.parse::<u32>(),
        quantity.parse::<u32>(),
        service.parse::<u32>(),
    ) else {
        return Ok(lang.t("bot.usage_codes", &[]).into());
    };
    // Read as the API reads a mint, so a bot's codes are the API's codes.
    let sent = obj!({
        "count": count, "platform": platform, "service_type": kind,
        "quantity": quantity, "service_id": service,
    });
    let input = read_body_value(&sent, &template::MINT, MintInput::read)?;
    let minted = commands::mint(ctx, input, &format!("telegram:{}", user.id)).await?;
    let mut lines = vec![lang.t(
        "bot.codes_created",
        &[("count", &minted.codes.len().to_string())],
    )];
    lines.extend(minted.codes.iter().map(|c| c.as_str().to_string()));
    Ok(lines.join("\n").into())
}
