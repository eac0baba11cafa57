//! What each Discord command does: the same `edge::commands` (and admin reads) the web page
//! and the dashboard use, rendered by `core::discord`. A refusal is the web API's own words.

use crate::core::catalogue::{search, PublicService, SearchQuery};
use crate::core::discord::{
    about_order, balance, codes_created, error, my_redemptions, review_queue, services_page,
    BalanceLine, CodesCreated, Command, Component, Invocation, ListWords, Message, ReviewItem,
    ServiceLine,
};
use crate::core::discord::{form, Field, Submitted};
use crate::core::envelope::{read_body_value, ApiError};
use crate::core::json::obj;
use crate::core::order_input::{InputKind, RawInput};
use crate::core::paging::CodeFilter;
use crate::core::panel::PanelName;
use crate::core::route::Limiter;
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

/// At most this many of a member's redemptions, or of the review queue, in one message.
const LIST_ROWS: u32 = 25;

/// The web page's per-client limits, per Discord member (all of them reach us from Discord).
async fn limited(ctx: &Ctx, limiter: Limiter, what: &str, user_id: &str) -> Result<(), ApiError> {
    guard::limit_for(ctx, limiter, what, &format!("discord:{user_id}")).await
}

/// A refusal in the member's language (the page's words for its code), else the API's own.
fn refused(lang: Lang<'_>, e: &ApiError) -> Message {
    error(&lang.error(e))
}

pub async fn command(ctx: &Ctx, inv: &Invocation<Command>) -> Message {
    let catalogue = words::catalogue(ctx).await;
    let lang = catalogue.lang(inv.locale.as_deref());
    let user = &inv.user;
    let budget = match &inv.action {
        Command::Redeem { .. } => limited(ctx, Limiter::Redeem, "redeem", &user.id).await,
        Command::Order { .. } | Command::MyRedemptions | Command::Services { .. } => {
            limited(ctx, Limiter::Lookup, "discord", &user.id).await
        }
        _ => Ok(()),
    };
    if let Err(e) = budget {
        return refused(lang, &e);
    }
    let done = match &inv.action {
        Command::Redeem { code, link } => {
            let input = RawInput::default();
            redeem(ctx, lang, code, link, input, &user.id, &user.username).await
        }
        Command::Order { code } => order(ctx, lang, code).await,
        Command::MyRedemptions => mine(ctx, lang, &user.id).await,
        Command::Services { query, page } => services(ctx, lang, query.as_deref(), *page).await,
        Command::Balance => Ok(balances(ctx).await),
        Command::CodesCreate {
            count,
            service_id,
            quantity,
            platform,
            service_type,
        } => {
            // Read as the API reads a mint, so a bot's codes are the API's codes.
            let sent = obj!({ "count": count, "service_id": service_id, "quantity": quantity,
                              "platform": platform, "service_type": service_type });
            match read_body_value(&sent, &template::MINT, MintInput::read) {
                Ok(input) => mint(ctx, input, &user.id).await,
                Err(e) => Err(e),
            }
        }
        Command::Review => review(ctx).await,
    };
    done.unwrap_or_else(|e| refused(lang, &e))
}

pub async fn component(ctx: &Ctx, inv: &Invocation<Component>) -> Message {
    let catalogue = words::catalogue(ctx).await;
    let lang = catalogue.lang(inv.locale.as_deref());
    let binding = match inv.action {
        Component::Refill { .. } => Limiter::Redeem,
        _ => Limiter::Lookup,
    };
    if let Err(e) = limited(ctx, binding, "discord", &inv.user.id).await {
        return refused(lang, &e);
    }
    let done = match &inv.action {
        Component::Refill { code } => commands::refill(ctx, code).await.map(|r| {
            let text = chat::refill_started(lang, &r.order_id.to_string());
            about_order(&text, code, &chat::refresh_button(lang), None)
        }),
        Component::Order { code } => order(ctx, lang, code).await,
        Component::ServicesPage { query, page } => {
            services(ctx, lang, query.as_deref(), *page).await
        }
    };
    done.unwrap_or_else(|e| refused(lang, &e))
}

/// A held order in the member's language, as the page says it.
fn held(lang: Lang<'_>, code: &str, reason: &str) -> Message {
    about_order(
        &chat::queued(lang, reason),
        code,
        &chat::refresh_button(lang),
        None,
    )
}

/// Exactly the web page's redemption, with the Discord account as the buyer.
async fn redeem(
    ctx: &Ctx,
    lang: Lang<'_>,
    code: &str,
    link: &str,
    input: RawInput,
    user_id: &str,
    username: &str,
) -> Result<Message, ApiError> {
    let o = commands::redeem(
        ctx,
        RedeemCommand {
            code: code.to_string(),
            link: link.to_string(),
            username: Some(username.to_string()),
            user_id: user_id.to_string(),
            input,
            lang: None,
        },
    )
    .await?;
    let o = match o {
        Redemption::Placed(o) => o,
        Redemption::Queued(q) => return Ok(held(lang, &q.code, q.queued_reason)),
    };
    let text = chat::placed(lang, &o);
    Ok(about_order(
        &text,
        &o.code,
        &chat::refresh_button(lang),
        None,
    ))
}

/// The page's label for one input, in the member's language.
fn label(lang: Lang<'_>, kind: InputKind) -> String {
    let key = match kind {
        InputKind::Comments => "comments.label",
        InputKind::Usernames => "usernames.label",
        InputKind::Hashtags => "hashtags.label",
        InputKind::Hashtag => "hashtag.label",
        InputKind::Username => "username.label",
        InputKind::Media => "media.label",
        InputKind::AnswerNumber => "answer.label",
        InputKind::Groups => "groups.label",
        InputKind::Keywords => "keywords.label",
    };
    lang.t(key, &[])
}

/// `/redeem` of a code whose service needs more than the link: the form asking for exactly
/// that (`None`: the link is all it needs, or the code cannot be read now; the redemption
/// then says why).
pub async fn form_for(ctx: &Ctx, inv: &Invocation<Command>) -> Option<Value> {
    let Command::Redeem { code, link } = &inv.action else {
        return None;
    };
    limited(ctx, Limiter::Lookup, "discord", &inv.user.id)
        .await
        .ok()?;
    let stored = commands::validate(ctx, code).await.ok()?;
    let inputs = stored.order.inputs();
    if inputs.is_empty() {
        return None;
    }
    let catalogue = words::catalogue(ctx).await;
    let lang = catalogue.lang(inv.locale.as_deref());
    let mut fields = vec![Field {
        id: "link",
        label: lang.t("link.label", &[]),
        value: Some(link.clone()),
        long: false,
    }];
    fields.extend(inputs.iter().map(|&k| Field {
        id: k.field(),
        label: label(lang, k),
        value: None,
        long: k.is_list(),
    }));
    let title = format!("{} {}", lang.t("redeem.submit", &[]), stored.code.as_str());
    Some(form(stored.code.as_str(), &title, &fields))
}

/// The form, filled in: the redemption, as the slash command's would have been.
pub async fn submitted(ctx: &Ctx, inv: &Invocation<Submitted>) -> Message {
    let catalogue = words::catalogue(ctx).await;
    let lang = catalogue.lang(inv.locale.as_deref());
    if let Err(e) = limited(ctx, Limiter::Redeem, "redeem", &inv.user.id).await {
        return refused(lang, &e);
    }
    let s = &inv.action;
    let mut input = RawInput::default();
    for kind in InputKind::ALL {
        if let Some(v) = s.value(kind.field()) {
            input.set(kind, Value::from(v));
        }
    }
    let link = s.value("link").unwrap_or_default();
    redeem(
        ctx,
        lang,
        &s.code,
        link,
        input,
        &inv.user.id,
        &inv.user.username,
    )
    .await
    .unwrap_or_else(|e| refused(lang, &e))
}

/// The order page of a code, as on the web.
async fn order(ctx: &Ctx, lang: Lang<'_>, code: &str) -> Result<Message, ApiError> {
    let page = match commands::track(ctx, code).await? {
        CodePage::Order(page) => page,
        CodePage::Queued(q) => return Ok(held(lang, &q.code, q.queued_reason)),
    };
    let refill = page.refill.available.then(|| chat::refill_button(lang));
    Ok(about_order(
        &chat::order(lang, &page),
        &page.code,
        &chat::refresh_button(lang),
        refill.as_deref(),
    ))
}

/// This member's redemptions: the signed interaction proves who asks. The same lines as the
/// Telegram bot's `/myorders`, in the member's language.
async fn mine(ctx: &Ctx, lang: Lang<'_>, user_id: &str) -> Result<Message, ApiError> {
    let db = ctx.db()?;
    let (rows, total) = db::redemptions_with_status(&db, user_id, LIST_ROWS).await?;
    let lines: Vec<String> = rows
        .iter()
        .map(|r| chat::my_order_line(lang, &r.code, r.order_id, r.status.as_deref()))
        .collect();
    let (title, none) = (
        lang.t("bot.myorders_title", &[]),
        lang.t("bot.myorders_none", &[]),
    );
    Ok(my_redemptions(
        ListWords {
            title: &title,
            none: &none,
        },
        &lines,
        total,
    ))
}

/// The public catalogue (public prices only, as `/api/services` shows it).
async fn services(
    ctx: &Ctx,
    lang: Lang<'_>,
    query: Option<&str>,
    page: u32,
) -> Result<Message, ApiError> {
    let list = catalogue(ctx, &PanelName::main()).await?;
    let m = ctx.config.public_price_multiplier;
    let q = SearchQuery {
        query: query.map(str::to_string),
        ..SearchQuery::default()
    };
    let lines: Vec<ServiceLine> = search(&list, &q, m)?
        .into_iter()
        .map(|s| {
            let public = PublicService::of(s, m);
            ServiceLine {
                id: public.service,
                name: public.name.to_string(),
                rate: public.rate,
                min: public.min,
                max: public.max,
            }
        })
        .collect();
    let (title, none) = (
        lang.t("bot.services_title", &[]),
        lang.t("bot.services_none", &[]),
    );
    Ok(services_page(
        ListWords {
            title: &title,
            none: &none,
        },
        &lines,
        query,
        page,
    ))
}

async fn balances(ctx: &Ctx) -> Message {
    let mut lines = Vec::new();
    for p in &ctx.config.panels {
        lines.push(BalanceLine {
            panel: p.name.to_string(),
            balance: balance_of(ctx, &p.name)
                .await
                .map(|b| (b.amount, b.currency))
                .map_err(|e| e.message),
        });
    }
    balance(&lines)
}

async fn mint(ctx: &Ctx, input: MintInput, user_id: &str) -> Result<Message, ApiError> {
    let m = commands::mint(ctx, input, &format!("discord:{user_id}")).await?;
    let t = &m.template;
    Ok(codes_created(&CodesCreated {
        codes: m.codes.iter().map(|c| c.as_str().to_string()).collect(),
        service_id: t.service_id.get(),
        quantity: t.quantity,
        platform: t.platform.name().to_string(),
        kind: t.kind.name().to_string(),
    }))
}

/// The codes waiting for review, oldest first.
async fn review(ctx: &Ctx) -> Result<Message, ApiError> {
    let db = ctx.db()?;
    let filter = CodeFilter::parse(Some("needs_review"), None, None)?;
    let rows = db::list_codes(&db, &filter, None, LIST_ROWS).await?;
    let total = db::count_needs_review(&db).await?;
    let mut items: Vec<ReviewItem> = rows
        .into_iter()
        .map(|r| ReviewItem {
            code: r.code,
            link: r.pending_link,
            reason: r.review_reason,
            since: r.reserved_at,
        })
        .collect();
    items.reverse();
    Ok(review_queue(&items, usize::try_from(total).unwrap_or(0)))
}
