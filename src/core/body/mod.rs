//! The JSON request bodies read field by field, each declared once as data: the worker reads a
//! body by its declaration (`envelope::parse_body`: unknown fields of a closed body, missing
//! and mistyped fields are refused before anything happens), and the API document's schema
//! for it is written from the same declaration (`src/bin/openapi.rs`), so the two cannot differ.

mod admin;
mod public;

pub use admin::*;
pub use public::*;

use crate::core::order_input::InputKind;
use crate::core::shape::*;

pub const ALL: [&Body; 35] = [
    &CODE_ONLY,
    &LINK_CHECK,
    &REDEEM,
    &HISTORY,
    &REFILL,
    &NOTIFY,
    &QUEUE_RETRY,
    &crate::core::manual_order::MANUAL_ORDER,
    &crate::core::review::RESOLVE,
    &crate::core::legacy::LEGACY_CODE,
    &crate::core::legacy::LEGACY_REDEMPTION,
    &IMPORT,
    &crate::core::catalogue::SEARCH,
    &crate::core::panel::SERVICE_CHOICE,
    &RETARGET,
    &crate::core::template::TEMPLATE_FIELDS,
    &crate::core::template::DRIP_FEED,
    &crate::core::template::SUBSCRIPTION,
    &crate::core::template::MINT,
    &crate::core::template::PRODUCT,
    &crate::core::sellauth::SELLAUTH_WEBHOOK,
    &crate::core::sellauth::SELLAUTH_ITEM,
    &crate::core::sellauth::SELLAUTH_NAMED,
    &crate::core::sellauth::SELLAUTH_CUSTOMER,
    &crate::core::sellauth::SELLAUTH_EVENT,
    &crate::core::telegram::TELEGRAM_UPDATE,
    &crate::core::telegram::TELEGRAM_MESSAGE,
    &crate::core::telegram::TELEGRAM_CHAT,
    &crate::core::telegram::TELEGRAM_USER,
    &crate::core::telegram::TELEGRAM_BUTTON,
    &crate::core::discord::payload::DISCORD_INTERACTION,
    &crate::core::discord::payload::DISCORD_MEMBER,
    &crate::core::discord::payload::DISCORD_USER,
    &crate::core::discord::payload::DISCORD_DATA,
    &crate::core::discord::payload::DISCORD_OPTION,
];

/// The buyer's inputs as fields of a redemption (`REDEEM`'s `inputs`).
fn input_fields() -> Vec<Field> {
    InputKind::ALL.into_iter().map(input_field).collect()
}

/// The buyer's inputs as fields of a body: their kind and words, for the reader and the
/// API document.
pub fn input_field(kind: InputKind) -> Field {
    let words = match kind {
        InputKind::Comments => "When `order.inputs` has it: one comment per line (or a list), as many as the code's quantity (any number for a Custom Comments Package), 300 characters each at most.",
        InputKind::Usernames => "When `order.inputs` has it: one per line (or a list), each a handle of the code's platform (a leading @ is fine).",
        InputKind::Hashtags => "When `order.inputs` has it: one per line (or a list); letters, digits and _ after an optional #.",
        InputKind::Hashtag => "When `order.inputs` has it: one hashtag.",
        InputKind::Username => "When `order.inputs` has it (the panel's `username`: whose followers to mention, whose comment to like): a handle of the code's platform.",
        InputKind::Media => "When `order.inputs` has it: the link to the post whose likers are mentioned, on the code's platform.",
        InputKind::AnswerNumber => "When `order.inputs` has it: the poll answer to vote for, 1 to 100.",
        InputKind::Groups => "When `order.inputs` has it: one group per line (or a list), 200 characters each at most.",
        InputKind::Keywords => "When `order.inputs` has it: one search keyword per line (or a list), 200 characters each at most.",
    };
    let kind_of = if kind == InputKind::AnswerNumber {
        Kind::OneOf(&["integer", "string"])
    } else if kind.is_list() {
        Kind::TextOrList
    } else {
        Kind::Text
    };
    Field {
        name: kind.field(),
        kind: kind_of,
        required: false,
        words,
    }
}
