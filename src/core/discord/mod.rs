//! Discord HTTP interactions (API v10), the pure half. The shop's server redeems and tracks
//! the same codes as the web page, through the same `edge::commands`; this module only
//! translates: an interaction body into a typed `Interaction` (`interaction`, `command`),
//! a typed answer into the JSON Discord expects (`response`), and what happened into words
//! (`reply`, `lists`). `signature` prepares the Ed25519 check, which the edge does with Web
//! Crypto. No `worker`, no clock, no randomness: the edge passes "now" in.
//!
//! `discord/commands.json` (the definitions `scripts/discord-register.mjs` uploads) is kept
//! in step with the parser by `registry_tests`.

pub mod command;
pub mod component;
pub mod errors;
pub mod form;
mod format;
pub mod interaction;
pub mod lists;
pub mod messages;
pub mod payload;
pub mod response;
pub mod signature;

#[cfg(test)]
mod registry_tests;

pub use command::Command;
pub use component::{Component, CUSTOM_ID_LIMIT};
pub use errors::{ParseError, UsageError};
pub use form::{form, Field, Submitted};
pub use interaction::{parse, Interaction, Invocation, User};
pub use lists::{
    balance, codes_created, my_redemptions, review_queue, services_page, BalanceLine, CodesCreated,
    ListWords, ReviewItem, ServiceLine,
};
pub use messages::{
    about_order, error, not_admin, not_shop_server, NOT_ADMIN_TEXT, NOT_SHOP_SERVER_TEXT,
};
pub use response::{
    deferred_ephemeral, deferred_update, edit_original, ephemeral, fit, followup, followup_url,
    original_message_url, pong, update, Button, ButtonStyle, Message, CONTENT_LIMIT,
};
pub use signature::{parse_public_key, parse_signature, signed_message, timestamp_fresh};

/// Discord's ADMINISTRATOR permission bit.
pub const ADMINISTRATOR: u64 = 1 << 3;
/// Discord's MANAGE_GUILD ("Manage Server") permission bit.
pub const MANAGE_GUILD: u64 = 1 << 5;
/// What the admin commands carry as `default_member_permissions` in `discord/commands.json`:
/// MANAGE_GUILD, as Discord's decimal string. A member needs every bit of that set, and an
/// Administrator holds every permission, so "32" shows the commands to both. It only hides
/// them in Discord's menus; `is_admin` is the gate that counts.
pub const ADMIN_DEFAULT_MEMBER_PERMISSIONS: &str = "32";

/// Whether a member's permissions (the interaction's `member.permissions`, which already
/// folds in roles and the channel's overwrites) make them one of the shop's admins.
pub fn is_admin(permissions: u64) -> bool {
    permissions & (ADMINISTRATOR | MANAGE_GUILD) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administrator_or_manage_server_is_an_admin() {
        assert!(is_admin(ADMINISTRATOR));
        assert!(is_admin(MANAGE_GUILD));
        assert!(is_admin(u64::MAX));
        // Manage Channels (1 << 4), Kick (1 << 1), a high bit: not enough.
        assert!(!is_admin((1 << 4) | (1 << 1) | (1 << 50)));
        assert!(!is_admin(0));
        assert_eq!(ADMIN_DEFAULT_MEMBER_PERMISSIONS, MANAGE_GUILD.to_string());
    }
}
