//! What both chat bots say about an order, from the one catalogue (`core::words`, the page's
//! words): a placed order, a held one, its status, a refill. Telegram and Discord dress the
//! same sentences in their own buttons, so a sentence is never written twice.

use crate::core::fold;
use crate::core::panel::Progress;
use crate::core::service::{Platform, ServiceKind};
use crate::core::words::Lang;
use crate::edge::commands::{OrderPage, RedeemedOrder};

/// "{platform} {kind}" in the buyer's words ("Instagram followers").
pub fn what(lang: Lang<'_>, platform: &Platform, kind: &ServiceKind) -> String {
    let key = format!("kind.{}", kind.key());
    let kind = if lang.has(&key) {
        lang.t(&key, &[])
    } else {
        kind.name().to_string()
    };
    format!("{} {}", platform.name(), fold::lower(&kind))
}

/// "Order #N placed: Q what for LINK".
pub fn placed(lang: Lang<'_>, o: &RedeemedOrder) -> String {
    let what = what(
        lang,
        &Platform::parse(&o.platform),
        &ServiceKind::parse(&o.service_type),
    );
    lang.t(
        "bot.placed",
        &[
            ("order", &o.order_id.to_string()),
            ("quantity", &o.quantity.to_string()),
            ("what", &what),
            ("link", &o.link),
        ],
    )
}

/// A held order, as the page says it (`queued.notice` and the reason's words).
pub fn queued(lang: Lang<'_>, reason: &str) -> String {
    format!(
        "{} {}",
        lang.t("queued.notice", &[]),
        lang.t(&format!("queued.{reason}"), &[])
    )
}

/// A status in the buyer's words (`status.in_progress`), or the panel's own.
pub fn status(lang: Lang<'_>, status: Option<&str>) -> String {
    let Some(status) = status else {
        return "—".into();
    };
    let key = format!(
        "status.{}",
        fold::lower(Progress::parse(status).as_str()).replace(' ', "_")
    );
    if lang.has(&key) {
        lang.t(&key, &[])
    } else {
        status.to_string()
    }
}

/// The order page, as the web shows it: number and status, what was delivered, a
/// replacement code for what was not.
pub fn order(lang: Lang<'_>, page: &OrderPage) -> String {
    let o = &page.order;
    let mut lines = vec![lang.t(
        "bot.order",
        &[
            ("order", &o.order_id.to_string()),
            ("status", &status(lang, o.status.as_deref())),
        ],
    )];
    if let Some(remains) = o.remains {
        let delivered = (o.quantity.max(0) as u64).saturating_sub(remains);
        lines.push(lang.t(
            "bot.delivered",
            &[
                ("delivered", &delivered.to_string()),
                ("quantity", &o.quantity.to_string()),
            ],
        ));
    }
    if let Some(r) = &page.replacement {
        lines.push(lang.t("replacement.text", &[("quantity", &r.quantity.to_string())]));
        lines.push(lang.t("bot.replacement", &[("code", &r.code)]));
    } else if page.make_good.as_deref() == Some("below_minimum") {
        lines.push(lang.t("make_good.below_minimum", &[]));
    }
    lines.join("\n")
}

/// One redemption in a list of the buyer's own: "{code}: order #{order}, {status}".
pub fn my_order_line(
    lang: Lang<'_>,
    code: &str,
    order: Option<i64>,
    state: Option<&str>,
) -> String {
    lang.t(
        "bot.myorders_line",
        &[
            ("code", code),
            (
                "order",
                &order.map_or_else(|| "—".into(), |o| o.to_string()),
            ),
            ("status", &status(lang, state)),
        ],
    )
}

/// "Refill requested for order #N".
pub fn refill_started(lang: Lang<'_>, order: &str) -> String {
    lang.t("bot.refill_started", &[("order", order)])
}

/// The two buttons' labels.
pub fn refresh_button(lang: Lang<'_>) -> String {
    lang.t("bot.refresh_button", &[])
}

pub fn refill_button(lang: Lang<'_>) -> String {
    lang.t("bot.refill_button", &[])
}
