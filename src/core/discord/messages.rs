//! What a member reads about an order, and the refusals. The sentences about an order are the
//! shop's catalogue's (`edge::chat`, the same as Telegram's, in the member's language); this
//! module only dresses them for Discord: the text, and the Refresh and Refill buttons.

use super::component::Component;
use super::response::{ButtonStyle, Message};

/// The refusal for a member without Administrator or Manage Server.
pub const NOT_ADMIN_TEXT: &str =
    "This command is for the shop's admins (Administrator or Manage Server).";

/// A sentence about an order (placed, queued, its status, a refill), with a Refresh button
/// and, when `refill` names its label, a Refill button. Not escaped: the words are the shop's
/// catalogue's, the values a number, a code and a canonical link (escaping would break the
/// link), and no mention pings (`allowed_mentions`).
pub fn about_order(text: &str, code: &str, refresh: &str, refill: Option<&str>) -> Message {
    let mut message = Message::text(text).button(
        refresh,
        Component::Order {
            code: code.to_string(),
        },
        ButtonStyle::Secondary,
    );
    if let Some(label) = refill {
        message = message.button(
            label,
            Component::Refill {
                code: code.to_string(),
            },
            ButtonStyle::Primary,
        );
    }
    message
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_sentence_gets_refresh_and_refill_only_when_asked() {
        let m = about_order("Order #7: In progress.", "SMM-AB12", "Refresh", None);
        assert_eq!(m.content, "Order #7: In progress.");
        assert_eq!(m.buttons.len(), 1);
        assert_eq!(m.buttons[0].label, "Refresh");
        let m = about_order(
            "Pedido #7: Completado.",
            "SMM-AB12",
            "Actualizar",
            Some("Reponer"),
        );
        assert_eq!(
            m.buttons
                .iter()
                .map(|b| b.label.as_str())
                .collect::<Vec<_>>(),
            ["Actualizar", "Reponer"]
        );
        assert_eq!(
            m.buttons[1].action,
            Component::Refill {
                code: "SMM-AB12".into()
            }
        );
    }

    #[test]
    fn refusals() {
        assert_eq!(
            error("This code has already been used.").content,
            "❌ This code has already been used."
        );
        assert!(not_admin().content.ends_with(NOT_ADMIN_TEXT));
    }
}
