//! What a member reads after a redemption, an order lookup, a refill or a refusal. The views
//! are plain fields the edge fills from `RedeemedOrder`, `OrderPage` and `RefillStarted`, so
//! these texts do not depend on how the edge stores anything.

use super::component::Component;
use super::format::{code, escape, link, number, when};
use super::response::{ButtonStyle, Message};

/// The refusal for a member without Administrator or Manage Server.
pub const NOT_ADMIN_TEXT: &str =
    "This command is for the shop's admins (Administrator or Manage Server).";

/// A placed order (from `edge::commands::RedeemedOrder`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redeemed {
    pub code: String,
    pub order_id: String,
    pub quantity: u32,
    /// `Platform::name()` and `ServiceKind::name()`: "YouTube", "Subscribers".
    pub platform: String,
    pub kind: String,
    /// The canonical link the order was placed for.
    pub link: String,
    /// The panel that took it (`main`, `backup`).
    pub panel: String,
}

/// "Order placed", with a button to follow it.
pub fn redeemed(r: &Redeemed) -> Message {
    let content = format!(
        "✅ **Order placed** for code {}\nOrder **#{}** (panel {}): {} {} {}\nLink: {}\nFollow it with `/order` or the button below.",
        code(&r.code),
        escape(&r.order_id),
        escape(&r.panel),
        number(r.quantity.into()),
        escape(&r.platform),
        escape(&r.kind),
        link(&r.link),
    );
    Message::text(content).button(
        "Order status",
        Component::Order {
            code: r.code.clone(),
        },
        ButtonStyle::Secondary,
    )
}

/// "Order queued": held for the shop's own reasons (`core::hold`), placed automatically.
pub fn queued(code_text: &str, words: &str) -> Message {
    let content = format!(
        "⏳ **Order queued** for code {}\n{}",
        code(code_text),
        escape(words)
    );
    Message::text(content).button(
        "Order status",
        Component::Order {
            code: code_text.to_string(),
        },
        ButtonStyle::Secondary,
    )
}

/// A refusal, in the web API's own words (`ApiError::message`, or a `UsageError`'s).
/// Not escaped: the words are the shop's, and they may hold a link hint.
pub fn error(message: &str) -> Message {
    Message::text(format!("❌ {message}"))
}

pub fn not_admin() -> Message {
    Message::text(format!("⛔ {NOT_ADMIN_TEXT}"))
}

/// An admin command in a server that is not the shop's (`DISCORD_GUILD_ID`), or before the
/// shop named its servers.
pub const NOT_SHOP_SERVER_TEXT: &str =
    "Admin commands work only in the shop's own Discord server (DISCORD_GUILD_ID).";

pub fn not_shop_server() -> Message {
    Message::text(format!("⛔ {NOT_SHOP_SERVER_TEXT}"))
}

/// An order as a member may see it (from `edge::commands::OrderPage`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderStatus {
    pub code: String,
    pub order_id: String,
    /// The panel's words ("In progress", "Completed"); `None` when nothing is known yet.
    pub status: Option<String>,
    pub start_count: Option<u64>,
    pub remains: Option<u64>,
    pub quantity: u64,
    pub link: Option<String>,
    /// When the order was placed, as stored (ISO-8601).
    pub placed_at: Option<String>,
    /// Whether the panel answered just now; otherwise this is the last status seen.
    pub live: bool,
    /// The last refill's status, if one was asked for.
    pub refill_status: Option<String>,
    /// Show the Refill button (`RefillView::available`).
    pub refill_allowed: bool,
    /// Why a refill is not possible now (`RefillView::why_not`), for a refill service.
    pub refill_why_not: Option<String>,
    /// The replacement code minted for what was not delivered, and its quantity.
    pub replacement: Option<(String, u64)>,
    /// What was not delivered is below the service's minimum: the shop settles it.
    pub below_minimum: bool,
}

impl OrderStatus {
    /// Quantity minus remains, once the panel has said what remains.
    pub fn delivered(&self) -> Option<u64> {
        self.remains.map(|r| self.quantity.saturating_sub(r))
    }
}

/// The order's progress, a Refresh button, and a Refill button only when allowed.
pub fn order_status(o: &OrderStatus) -> Message {
    let status = o
        .status
        .as_deref()
        .map(|s| format!("**{}**", escape(s)))
        .unwrap_or_else(|| "not known yet".into());
    let mut lines = vec![
        format!(
            "📦 **Order #{}** for code {}",
            escape(&o.order_id),
            code(&o.code)
        ),
        format!("Status: {status}"),
    ];
    let mut figures = vec![format!("Ordered: {}", number(o.quantity))];
    let known = |label: &str, v: Option<u64>| v.map(|v| format!("{label}: {}", number(v)));
    figures.extend(known("Start count", o.start_count));
    figures.extend(known("Delivered", o.delivered()));
    figures.extend(known("Remains", o.remains));
    lines.push(figures.join(" · "));
    if let Some(l) = &o.link {
        lines.push(format!("Link: {}", link(l)));
    }
    if let Some(at) = &o.placed_at {
        lines.push(format!("Placed {}", when(at, 'f')));
    }
    if let Some(r) = &o.refill_status {
        lines.push(format!("Last refill: {}", escape(r)));
    }
    if let (false, Some(why)) = (o.refill_allowed, &o.refill_why_not) {
        lines.push(format!("Refill: {}", escape(why)));
    }
    if let Some((replacement, quantity)) = &o.replacement {
        lines.push(format!(
            "🎁 Not all of it was delivered: here is a code for the remaining {}: {}. Redeem it with `/redeem`.",
            number(*quantity),
            code(replacement)
        ));
    } else if o.below_minimum {
        lines.push(
            "Not all of it was delivered, and what is left is below the service's minimum: the shop has been told and will settle it with you.".into(),
        );
    }
    if !o.live {
        lines.push("_The panel did not answer just now; this is the last status we saw._".into());
    }
    let mut message = Message::text(lines.join("\n")).button(
        "Refresh",
        Component::Order {
            code: o.code.clone(),
        },
        ButtonStyle::Secondary,
    );
    if o.refill_allowed {
        message = message.button(
            "Refill",
            Component::Refill {
                code: o.code.clone(),
            },
            ButtonStyle::Primary,
        );
    }
    message
}

/// A refill the panel accepted (from `edge::commands::RefillStarted`).
pub fn refill_started(order_id: &str, refill_id: &str) -> Message {
    Message::text(format!(
        "🔁 **Refill requested** for order #{} (refill #{}). The panel tops the order back up over the next hours.",
        escape(order_id),
        escape(refill_id)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::discord::response::ephemeral;

    #[test]
    fn a_placed_order_names_everything_a_buyer_needs() {
        let m = redeemed(&Redeemed {
            code: "SMM-AB12".into(),
            order_id: "23501".into(),
            quantity: 1000,
            platform: "YouTube".into(),
            kind: "Subscribers".into(),
            link: "https://www.youtube.com/@some_channel".into(),
            panel: "main".into(),
        });
        assert_eq!(
            m.content,
            "✅ **Order placed** for code `SMM-AB12`\nOrder **#23501** (panel main): 1,000 YouTube Subscribers\nLink: <https://www.youtube.com/@some_channel>\nFollow it with `/order` or the button below."
        );
        assert_eq!(m.buttons[0].action.custom_id(), "order:SMM-AB12");
        assert_eq!(
            ephemeral(&m)["data"]["allowed_mentions"]["parse"],
            serde_json::json!([])
        );
    }

    fn order() -> OrderStatus {
        OrderStatus {
            code: "SMM-AB12".into(),
            order_id: "23501".into(),
            status: Some("In progress".into()),
            start_count: Some(120),
            remains: Some(400),
            quantity: 1000,
            link: Some("https://www.youtube.com/@x".into()),
            placed_at: Some("2023-11-14T22:13:20.000Z".into()),
            live: true,
            ..OrderStatus::default()
        }
    }

    #[test]
    fn a_short_order_shows_its_replacement_and_a_hold_says_it_is_queued() {
        let made_good = order_status(&OrderStatus {
            status: Some("Canceled".into()),
            replacement: Some(("SMM-NEW1".into(), 400)),
            ..order()
        });
        assert!(
            made_good.content.contains("remaining 400"),
            "{}",
            made_good.content
        );
        assert!(
            made_good.content.contains("`SMM-NEW1`"),
            "{}",
            made_good.content
        );
        let below = order_status(&OrderStatus {
            below_minimum: true,
            ..order()
        });
        assert!(below.content.contains("below the service's minimum"));
        let q = queued("SMM-AB12", "Your order is queued.");
        assert!(
            q.content.starts_with("⏳ **Order queued**"),
            "{}",
            q.content
        );
    }

    #[test]
    fn an_order_shows_its_progress_and_offers_a_refill_only_when_allowed() {
        let m = order_status(&order());
        assert_eq!(
            m.content,
            "📦 **Order #23501** for code `SMM-AB12`\nStatus: **In progress**\nOrdered: 1,000 · Start count: 120 · Delivered: 600 · Remains: 400\nLink: <https://www.youtube.com/@x>\nPlaced <t:1700000000:f>"
        );
        let ids: Vec<String> = m.buttons.iter().map(|b| b.action.custom_id()).collect();
        assert_eq!(ids, ["order:SMM-AB12"]);

        let refillable = OrderStatus {
            status: Some("Completed".into()),
            remains: Some(0),
            refill_allowed: true,
            ..order()
        };
        let m = order_status(&refillable);
        let ids: Vec<String> = m.buttons.iter().map(|b| b.action.custom_id()).collect();
        assert_eq!(ids, ["order:SMM-AB12", "refill:SMM-AB12"]);
        assert!(m.content.contains("Delivered: 1,000"));

        let unknown = OrderStatus {
            status: None,
            start_count: None,
            remains: None,
            live: false,
            refill_why_not: Some("Refills open 24 hours after completion.".into()),
            ..order()
        };
        let m = order_status(&unknown);
        assert!(m.content.contains("Status: not known yet"));
        assert!(m.content.contains("Ordered: 1,000\n"));
        assert!(!m.content.contains("Delivered"));
        assert!(m
            .content
            .contains("Refill: Refills open 24 hours after completion."));
        assert!(m.content.contains("did not answer just now"));
    }

    #[test]
    fn refusals() {
        assert_eq!(
            error("This code has already been used.").content,
            "❌ This code has already been used."
        );
        assert!(not_admin().content.ends_with(NOT_ADMIN_TEXT));
        assert!(refill_started("23501", "9001")
            .content
            .contains("#23501 (refill #9001)"));
    }
}
