//! The JSON Discord expects back, for the interaction's own HTTP answer and for the follow-up
//! calls. Every body with content is cut to Discord's limit here, once, and carries
//! `allowed_mentions: {parse: []}`: a code, link or name someone typed never pings anyone.

use super::component::Component;
use super::format::{cut_units, units};
use crate::core::json::obj;
use crate::core::shape::*;
use serde_json::{json, Value};

/// Discord refuses a message whose content is longer than this.
pub const CONTENT_LIMIT: usize = 2000;
// The interaction responses the bot gives (Discord's `type`).
const PONG: u64 = 1;
const MESSAGE: u64 = 4;
const DEFERRED_MESSAGE: u64 = 5;
const DEFERRED_UPDATE: u64 = 6;
const UPDATE_MESSAGE: u64 = 7;

/// The answer to an interaction, as Discord reads it.
pub const DISCORD_ANSWER: Body = answer(
    "DiscordAnswer",
    "Discord's interaction response.",
    &[
        always(
            "type",
            Kind::Among(&[
                PONG,
                MESSAGE,
                DEFERRED_MESSAGE,
                DEFERRED_UPDATE,
                UPDATE_MESSAGE,
            ]),
            "1 the endpoint answers (PONG), 4 a message now, 5 a message later (deferred), 6 the \
             button's message updated later, 7 the button's message updated now.",
        ),
        sometimes(
            "data",
            Kind::Any,
            "The message: `content`, `components`, `flags`.",
        ),
    ],
);

/// `flags` bit: only the member who asked sees the message.
const EPHEMERAL: u64 = 1 << 6;
/// Discord allows five buttons in an action row.
const BUTTONS_PER_ROW: usize = 5;
/// Discord's limit on a button's label.
const LABEL_LIMIT: usize = 80;

/// A message the bot shows: text and buttons. Built by `reply` and `lists`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    pub content: String,
    pub buttons: Vec<Button>,
}

/// A button whose press comes back as `Interaction::Component(action)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    pub action: Component,
    pub style: ButtonStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonStyle {
    /// Blurple: the thing to do next.
    Primary,
    /// Grey: paging, refreshing.
    Secondary,
}

impl Message {
    pub fn text(content: impl Into<String>) -> Message {
        Message {
            content: content.into(),
            buttons: Vec::new(),
        }
    }

    pub fn button(mut self, label: &str, action: Component, style: ButtonStyle) -> Message {
        self.buttons.push(Button {
            label: label.to_string(),
            action,
            style,
        });
        self
    }

    /// The content within `CONTENT_LIMIT`.
    pub fn fitted_content(&self) -> String {
        fit(&self.content, CONTENT_LIMIT)
    }

    /// Action rows of buttons (an empty list clears a message's old buttons on an edit).
    pub fn components(&self) -> Value {
        let rows: Vec<Value> = self
            .buttons
            .chunks(BUTTONS_PER_ROW)
            .map(|row| {
                let buttons: Vec<Value> = row
                    .iter()
                    .map(|b| {
                        obj!({
                            "type": 2,
                            "style": match b.style { ButtonStyle::Primary => 1, ButtonStyle::Secondary => 2 },
                            "label": fit(&b.label, LABEL_LIMIT),
                            "custom_id": b.action.custom_id(),
                        })
                    })
                    .collect();
                obj!({ "type": 1, "components": buttons })
            })
            .collect();
        Value::Array(rows)
    }

    /// The message fields every body shares.
    fn fields(&self) -> serde_json::Map<String, Value> {
        let mut m = serde_json::Map::new();
        m.insert("content".into(), Value::String(self.fitted_content()));
        m.insert("components".into(), self.components());
        m.insert("allowed_mentions".into(), obj!({ "parse": [] }));
        m
    }
}

/// `text` within `limit` (in UTF-16 units, never fewer than characters), cut on a character
/// boundary and ended with "…" when anything was cut.
pub fn fit(text: &str, limit: usize) -> String {
    if units(text) <= limit {
        return text.to_string();
    }
    let mut cut = cut_units(text, limit.saturating_sub(1)).to_string();
    cut.push('…');
    cut
}

/// The answer to `Interaction::Ping`.
pub fn pong() -> Value {
    obj!(DISCORD_ANSWER => { "type": PONG })
}

/// "Thinking…", seen only by the member: answer within 3 s, then `edit_original` within 15 min.
/// For commands, and for a button whose answer is a new message (a refill).
pub fn deferred_ephemeral() -> Value {
    obj!(DISCORD_ANSWER => { "type": DEFERRED_MESSAGE, "data": { "flags": EPHEMERAL } })
}

/// For a button that changes the message it is on (a services page, a refresh): nothing
/// visible now, then `edit_original` edits that message.
pub fn deferred_update() -> Value {
    obj!(DISCORD_ANSWER => { "type": DEFERRED_UPDATE })
}

/// An immediate answer seen only by the member (a refusal, a usage error).
pub fn ephemeral(message: &Message) -> Value {
    let mut data = message.fields();
    data.insert("flags".into(), json!(EPHEMERAL));
    obj!(DISCORD_ANSWER => { "type": MESSAGE, "data": data })
}

/// An immediate edit of the message a button is on.
pub fn update(message: &Message) -> Value {
    obj!(DISCORD_ANSWER => { "type": UPDATE_MESSAGE, "data": message.fields() })
}

/// The body of `PATCH original_message_url(...)`: the deferred answer's real content.
pub fn edit_original(message: &Message) -> Value {
    Value::Object(message.fields())
}

/// The body of `POST followup_url(...)`: one more message, seen only by the member.
pub fn followup(message: &Message) -> Value {
    let mut body = message.fields();
    body.insert("flags".into(), json!(EPHEMERAL));
    Value::Object(body)
}

/// `PATCH` here with `edit_original`. `api_base` is `https://discord.com/api/v10` (or a test
/// stand-in); a trailing slash is forgiven.
pub fn original_message_url(api_base: &str, application_id: &str, token: &str) -> String {
    format!(
        "{}/messages/@original",
        followup_url(api_base, application_id, token)
    )
}

/// `POST` here with `followup`.
pub fn followup_url(api_base: &str, application_id: &str, token: &str) -> String {
    format!(
        "{}/webhooks/{application_id}/{token}",
        api_base.trim_end_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Message {
        Message::text("Order **#1**")
            .button(
                "Refill",
                Component::Refill { code: "C-1".into() },
                ButtonStyle::Primary,
            )
            .button(
                "Refresh",
                Component::Order { code: "C-1".into() },
                ButtonStyle::Secondary,
            )
    }

    #[test]
    fn interaction_answers_have_discords_shapes() {
        assert_eq!(pong(), json!({"type":1}));
        assert_eq!(deferred_ephemeral(), json!({"type":5,"data":{"flags":64}}));
        assert_eq!(deferred_update(), json!({"type":6}));
        let buttons = json!([{"type":1,"components":[
            {"type":2,"style":1,"label":"Refill","custom_id":"refill:C-1"},
            {"type":2,"style":2,"label":"Refresh","custom_id":"order:C-1"}]}]);
        assert_eq!(
            ephemeral(&sample()),
            json!({"type":4,"data":{"content":"Order **#1**","flags":64,"components":buttons,
                "allowed_mentions":{"parse":[]}}})
        );
        assert_eq!(
            update(&sample()),
            json!({"type":7,"data":{"content":"Order **#1**","components":buttons,
                "allowed_mentions":{"parse":[]}}})
        );
        assert_eq!(
            edit_original(&Message::text("done")),
            json!({"content":"done","components":[],"allowed_mentions":{"parse":[]}})
        );
        assert_eq!(followup(&Message::text("more"))["flags"], json!(64));
    }

    #[test]
    fn follow_up_urls() {
        assert_eq!(
            original_message_url("https://discord.com/api/v10/", "12", "tok"),
            "https://discord.com/api/v10/webhooks/12/tok/messages/@original"
        );
        assert_eq!(
            followup_url("http://127.0.0.1:9/api/v10", "12", "tok"),
            "http://127.0.0.1:9/api/v10/webhooks/12/tok"
        );
    }

    #[test]
    fn content_is_cut_on_a_char_boundary_with_an_ellipsis() {
        let long = "é".repeat(1999) + "😀😀";
        let cut = fit(&long, CONTENT_LIMIT);
        assert!(units(&cut) <= CONTENT_LIMIT);
        assert!(cut.ends_with("é…"), "{}", &cut[cut.len() - 8..]);
        assert_eq!(fit("short", CONTENT_LIMIT), "short");
        let exact = "a".repeat(CONTENT_LIMIT);
        assert_eq!(fit(&exact, CONTENT_LIMIT), exact);
        let body = ephemeral(&Message::text("x".repeat(5000)));
        assert_eq!(
            body["data"]["content"].as_str().unwrap().chars().count(),
            CONTENT_LIMIT
        );
    }

    #[test]
    fn buttons_wrap_into_rows_of_five() {
        let mut m = Message::text("p");
        for page in 1..=7 {
            m = m.button(
                &page.to_string(),
                Component::ServicesPage { query: None, page },
                ButtonStyle::Secondary,
            );
        }
        let rows = m.components();
        assert_eq!(rows.as_array().unwrap().len(), 2);
        assert_eq!(rows[1]["components"].as_array().unwrap().len(), 2);
    }
}
