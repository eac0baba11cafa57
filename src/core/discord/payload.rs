//! Discord's interaction: the fields the bot reads (`interaction::parse` and the command and
//! form readers, through `json::declared`).

use crate::core::shape::*;

/// `POST /discord/interactions`.
pub const DISCORD_INTERACTION: Body = open(
    "DiscordInteraction",
    "An interaction as Discord posts it (only the fields read are listed; others are ignored).",
    &[
        must(
            "type",
            Kind::Integer,
            "1 Discord checking the endpoint, 2 a slash command, 3 a button, 5 a form submitted.",
        ),
        maybe("id", Kind::Text, ""),
        maybe("application_id", Kind::Text, ""),
        maybe(
            "token",
            Kind::Text,
            "For the follow-up (the answer is deferred, then sent).",
        ),
        maybe("guild_id", Kind::Text, ""),
        maybe("locale", Kind::Text, "The language the bot answers in."),
        maybe(
            "member",
            Kind::Object(&DISCORD_MEMBER),
            "Who asked, in a server.",
        ),
        maybe(
            "user",
            Kind::Object(&DISCORD_USER),
            "Who asked, in a direct message.",
        ),
        maybe("data", Kind::Object(&DISCORD_DATA), ""),
    ],
);

pub const DISCORD_MEMBER: Body = open(
    "DiscordMember",
    "",
    &[
        maybe("user", Kind::Object(&DISCORD_USER), ""),
        maybe(
            "permissions",
            Kind::Text,
            "A decimal bit set; the admin commands need Manage Server.",
        ),
    ],
);

pub const DISCORD_USER: Body = open(
    "DiscordUser",
    "",
    &[
        must("id", Kind::Text, ""),
        must("username", Kind::Text, ""),
        maybe("global_name", Kind::Text, ""),
    ],
);

pub const DISCORD_DATA: Body = open(
    "DiscordInteractionData",
    "",
    &[
        maybe("name", Kind::Text, "A slash command's name."),
        maybe(
            "options",
            Kind::List(&Kind::Object(&DISCORD_OPTION)),
            "A slash command's options.",
        ),
        maybe("custom_id", Kind::Text, "The button or form the bot made."),
        maybe(
            "components",
            Kind::Any,
            "A form's fields: every `{custom_id, value}`, however Discord nests them.",
        ),
    ],
);

pub const DISCORD_OPTION: Body = open(
    "DiscordOption",
    "",
    &[
        must("name", Kind::Text, ""),
        must(
            "type",
            Kind::Integer,
            "1 a subcommand (its `options` inside), 3 text, 4 a whole number.",
        ),
        maybe("value", Kind::Any, ""),
        maybe(
            "options",
            Kind::Any,
            "A subcommand's options: a list of these.",
        ),
    ],
);
