//! Telegram's update: the fields the bot reads (`telegram::parse`, through `json::declared`).

use super::*;

/// `POST /telegram/webhook`.
pub const TELEGRAM_UPDATE: Body = open(
    "TelegramUpdate",
    "An update as Telegram posts it (only the fields read are listed; others are ignored). \
     Anything but a text message or a button press is acknowledged and left alone.",
    &[
        must(
            "update_id",
            Kind::Integer,
            "Telegram's id: an update seen again is not acted on twice.",
        ),
        maybe("message", Kind::Object(&TELEGRAM_MESSAGE), ""),
        maybe(
            "callback_query",
            Kind::Object(&TELEGRAM_BUTTON),
            "A button pressed under one of the bot's messages.",
        ),
    ],
);

pub const TELEGRAM_MESSAGE: Body = open(
    "TelegramMessage",
    "",
    &[
        must("chat", Kind::Object(&TELEGRAM_CHAT), ""),
        maybe("message_id", Kind::Integer, ""),
        maybe("from", Kind::Object(&TELEGRAM_USER), ""),
        maybe(
            "text",
            Kind::Text,
            "What the buyer typed: a command, or the link the bot asked for.",
        ),
    ],
);

pub const TELEGRAM_CHAT: Body = open(
    "TelegramChat",
    "",
    &[
        must("id", Kind::Integer, ""),
        maybe(
            "type",
            Kind::Text,
            "`private` for a one-to-one chat with the bot.",
        ),
    ],
);

pub const TELEGRAM_USER: Body = open(
    "TelegramUser",
    "",
    &[
        must("id", Kind::Integer, "Whose codes and orders (`tg:<id>`)."),
        maybe("username", Kind::Text, ""),
        maybe("first_name", Kind::Text, ""),
        maybe(
            "language_code",
            Kind::Text,
            "The language the bot answers in.",
        ),
    ],
);

pub const TELEGRAM_BUTTON: Body = open(
    "TelegramCallbackQuery",
    "",
    &[
        must("id", Kind::Text, ""),
        must("from", Kind::Object(&TELEGRAM_USER), ""),
        maybe(
            "message",
            Kind::Object(&TELEGRAM_MESSAGE),
            "The bot's message the button is under.",
        ),
        maybe("data", Kind::Text, "The button's callback data."),
    ],
);
