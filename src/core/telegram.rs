//! Telegram's Bot API as data: an update (a message or a button press) parsed once, the
//! commands a message carries, the buttons' callback data (64 bytes at most), the bodies of the
//! calls the bot makes, and the secret check. No network, no clock: the edge does those.

use super::code::Code;
use super::shape::*;
use crate::core::json::{declared, obj};
use serde_json::Value;
use sha2::{Digest, Sha256};

// The update as the bot reads it: each member through `json::declared`.

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

/// Telegram's limit on a button's callback data.
pub const CALLBACK_LIMIT: usize = 64;
/// Telegram's limit on a message's text.
pub const TEXT_LIMIT: usize = 4096;

/// Who wrote: Telegram's numeric id, the names to show, the language the app is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub language: Option<String>,
}

impl User {
    /// How the history records a Telegram buyer (`tg:<id>`), also their rate-limit key.
    pub fn buyer_id(&self) -> String {
        format!("tg:{}", self.id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Message {
        chat: i64,
        private: bool,
        user: User,
        text: String,
    },
    /// An inline button pressed under one of the bot's messages.
    Button {
        id: String,
        user: User,
        chat: Option<i64>,
        message: Option<i64>,
        data: String,
    },
    /// Anything else Telegram sends (edits, joins, ...): acknowledged, nothing done.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    pub update_id: i64,
    pub event: Event,
}

/// A member of an object of the update, as `body` declares it.
fn member<'a>(body: &Body, v: Option<&'a Value>, name: &str) -> Option<&'a Value> {
    v.and_then(|v| declared(body, v, name))
        .filter(|m| !m.is_null())
}

/// A member of a message's chat.
fn of_chat<'a>(message: Option<&'a Value>, name: &str) -> Option<&'a Value> {
    member(
        &TELEGRAM_CHAT,
        member(&TELEGRAM_MESSAGE, message, "chat"),
        name,
    )
}

/// A user object (`from`): its id, and the names and language it may carry.
fn user(u: Option<&Value>) -> Result<User, String> {
    let field = |name: &str| member(&TELEGRAM_USER, u, name);
    let id = field("id")
        .and_then(Value::as_i64)
        .ok_or("a sender without its id")?;
    let text = |name: &str| field(name).and_then(Value::as_str).map(str::to_owned);
    let name = text("username")
        .map(|n| format!("@{n}"))
        .or_else(|| text("first_name"))
        .unwrap_or_else(|| format!("tg:{id}"));
    Ok(User {
        id,
        name: name.chars().filter(|c| !c.is_control()).take(64).collect(),
        language: text("language_code"),
    })
}

/// An update as Telegram posts it; `Err` names what is missing. Read from the JSON as it is
/// (five derived `Deserialize`s cost ~10 KB of `.wasm` for these few fields).
pub fn parse(body: &[u8]) -> Result<Update, String> {
    let raw: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let at = |name: &str| member(&TELEGRAM_UPDATE, Some(&raw), name);
    let update_id = at("update_id")
        .and_then(Value::as_i64)
        .ok_or("missing field `update_id`")?;
    let event = if let Some(m) = at("message") {
        let of_message = |name: &str| member(&TELEGRAM_MESSAGE, Some(m), name);
        let chat = of_chat(Some(m), "id")
            .and_then(Value::as_i64)
            .ok_or("a message without its chat")?;
        match (
            of_message("from"),
            of_message("text").and_then(Value::as_str),
        ) {
            (Some(from), Some(text)) => Event::Message {
                chat,
                private: of_chat(Some(m), "type").and_then(Value::as_str) == Some("private"),
                user: user(Some(from))?,
                text: text.to_owned(),
            },
            _ => Event::Other,
        }
    } else if let Some(c) = at("callback_query") {
        let of_button = |name: &str| member(&TELEGRAM_BUTTON, Some(c), name);
        let message = of_button("message");
        Event::Button {
            id: of_button("id")
                .and_then(Value::as_str)
                .ok_or("a button press without its id")?
                .to_owned(),
            user: user(of_button("from"))?,
            chat: of_chat(message, "id").and_then(Value::as_i64),
            message: member(&TELEGRAM_MESSAGE, message, "message_id").and_then(Value::as_i64),
            data: of_button("data")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        }
    } else {
        Event::Other
    };
    Ok(Update { update_id, event })
}

/// What a message asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Start,
    /// `/redeem CODE LINK`, or `/redeem CODE` and the link follows.
    Redeem {
        code: Option<String>,
        link: Option<String>,
    },
    Order {
        code: Option<String>,
    },
    MyOrders,
    Services {
        query: Option<String>,
    },
    // The shop's admins only (`TELEGRAM_ADMIN_IDS`).
    Balance,
    Queue,
    Attention,
    /// `/codes COUNT PLATFORM KIND QUANTITY SERVICE_ID`.
    Codes(Vec<String>),
    /// A command the bot does not know.
    Unknown,
    /// Not a command: the answer to the bot's last question (a link, comments, ...).
    Text(String),
}

impl Command {
    /// Whether only the shop's admins may run it.
    pub fn admin_only(&self) -> bool {
        matches!(
            self,
            Command::Balance | Command::Queue | Command::Attention | Command::Codes(_)
        )
    }
}

/// The command in a message's text (`/order@ShopBot CODE` too).
pub fn command(text: &str) -> Command {
    let text = text.trim();
    let Some(rest) = text.strip_prefix('/') else {
        return Command::Text(text.to_string());
    };
    let mut words = rest.split_whitespace();
    let name = words.next().unwrap_or("");
    let name = name.split('@').next().unwrap_or("").to_ascii_lowercase();
    let args: Vec<String> = words.map(str::to_string).collect();
    let joined = (!args.is_empty()).then(|| args.join(" "));
    match name.as_str() {
        "start" | "help" => Command::Start,
        "redeem" => {
            // A code may have been typed with spaces (`SMM 7QK4 …`): the link is the word
            // that looks like one, the rest is the code.
            let link_at = args
                .iter()
                .position(|a| a.contains('.') || a.contains('/') || a.starts_with('@'));
            let (code, link) = match link_at {
                Some(i) => (args[..i].join(" "), Some(args[i..].join(" "))),
                None => (args.join(" "), None),
            };
            Command::Redeem {
                code: (!code.is_empty()).then_some(code),
                link,
            }
        }
        "order" | "status" => Command::Order { code: joined },
        "myorders" => Command::MyOrders,
        "services" => Command::Services { query: joined },
        "balance" => Command::Balance,
        "queue" => Command::Queue,
        "attention" => Command::Attention,
        "codes" => Command::Codes(args),
        _ => Command::Unknown,
    }
}

/// What a button under a message does; its callback data names the code by its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Refill(String),
    Order(String),
}

impl Action {
    /// The callback data, or `None` when the code is too long for Telegram's 64 bytes (the
    /// button is then left out; the buyer can still type `/order`).
    pub fn data(&self) -> Option<String> {
        let data = match self {
            Action::Refill(code) => format!("f:{code}"),
            Action::Order(code) => format!("o:{code}"),
        };
        (data.len() <= CALLBACK_LIMIT).then_some(data)
    }

    pub fn parse(data: &str) -> Option<Action> {
        let (kind, code) = data.split_once(':')?;
        let code = Code::parse(code).ok()?.as_str().to_string();
        match kind {
            "f" => Some(Action::Refill(code)),
            "o" => Some(Action::Order(code)),
            _ => None,
        }
    }
}

/// A button: its label and what it does.
pub type Button = (String, Action);

fn keyboard(buttons: &[Button]) -> Value {
    let row: Vec<Value> = buttons
        .iter()
        .filter_map(|(label, action)| {
            Some(obj!({ "text": label, "callback_data": action.data()? }))
        })
        .collect();
    obj!({ "inline_keyboard": if row.is_empty() { vec![] } else { vec![row] } })
}

/// Text cut to Telegram's limit, on a character boundary.
fn fit(text: &str) -> String {
    if text.chars().count() <= TEXT_LIMIT {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(TEXT_LIMIT - 1).collect();
    cut.push('…');
    cut
}

/// `sendMessage`: plain text (no markup to escape), links not previewed.
pub fn send_message(chat: i64, text: &str, buttons: &[Button]) -> Value {
    obj!({
        "chat_id": chat, "text": fit(text), "reply_markup": keyboard(buttons),
        "link_preview_options": { "is_disabled": true },
    })
}

/// `editMessageText`: a button's answer replaces the message it was under.
pub fn edit_message(chat: i64, message: i64, text: &str, buttons: &[Button]) -> Value {
    obj!({
        "chat_id": chat, "message_id": message, "text": fit(text),
        "reply_markup": keyboard(buttons), "link_preview_options": { "is_disabled": true },
    })
}

/// `answerCallbackQuery`: stops the button's spinner, with a short notice if any.
pub fn answer_button(id: &str, notice: Option<&str>) -> Value {
    match notice {
        Some(text) => {
            obj!({ "callback_query_id": id, "text": text.chars().take(200).collect::<String>() })
        }
        None => obj!({ "callback_query_id": id }),
    }
}

/// The webhook's secret header against the configured one, in constant time (digests compared
/// whole, so the time says nothing of where they differ).
pub fn secret_matches(configured: &str, presented: Option<&str>) -> bool {
    let Some(presented) = presented else {
        return false;
    };
    let (a, b) = (
        Sha256::digest(configured.as_bytes()),
        Sha256::digest(presented.as_bytes()),
    );
    !configured.is_empty()
        && a.iter()
            .zip(b.iter())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// `TELEGRAM_ADMIN_IDS`: numeric user ids, comma-separated; anything else is ignored.
pub fn admin_ids(raw: Option<&str>) -> Vec<i64> {
    raw.unwrap_or("")
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_message_and_a_button_parse_into_events() {
        let m = parse(br#"{"update_id": 7, "message": {"message_id": 3, "from": {"id": 42, "username": "ann", "language_code": "es"}, "chat": {"id": 42, "type": "private"}, "text": "/start"}}"#).unwrap();
        assert_eq!(m.update_id, 7);
        let Event::Message {
            chat,
            private,
            user,
            text,
        } = m.event
        else {
            panic!()
        };
        assert_eq!((chat, private, text.as_str()), (42, true, "/start"));
        assert_eq!(
            (
                user.name.as_str(),
                user.language.as_deref(),
                user.buyer_id()
            ),
            ("@ann", Some("es"), "tg:42".to_string())
        );
        let b = parse(br#"{"update_id": 8, "callback_query": {"id": "cb1", "from": {"id": 42, "first_name": "Ann"}, "message": {"message_id": 9, "chat": {"id": 42, "type": "private"}}, "data": "o:SMM-AB12"}}"#).unwrap();
        assert_eq!(
            b.event,
            Event::Button {
                id: "cb1".into(),
                user: User {
                    id: 42,
                    name: "Ann".into(),
                    language: None
                },
                chat: Some(42),
                message: Some(9),
                data: "o:SMM-AB12".into()
            }
        );
        assert_eq!(
            parse(br#"{"update_id": 9, "edited_message": {}}"#)
                .unwrap()
                .event,
            Event::Other
        );
        assert!(parse(b"{}").is_err());
    }

    #[test]
    fn commands_read_their_arguments() {
        assert_eq!(command("/start"), Command::Start);
        assert_eq!(
            command("/redeem@ShopBot SMM-7QK4-M9XD https://youtube.com/@x"),
            Command::Redeem {
                code: Some("SMM-7QK4-M9XD".into()),
                link: Some("https://youtube.com/@x".into())
            }
        );
        assert_eq!(
            command("/redeem SMM 7QK4 M9XD"),
            Command::Redeem {
                code: Some("SMM 7QK4 M9XD".into()),
                link: None
            }
        );
        assert_eq!(
            command("/redeem"),
            Command::Redeem {
                code: None,
                link: None
            }
        );
        assert_eq!(
            command("/order SMM-1"),
            Command::Order {
                code: Some("SMM-1".into())
            }
        );
        assert_eq!(
            command("/codes 5 youtube subscribers 1000 101"),
            Command::Codes(vec![
                "5".into(),
                "youtube".into(),
                "subscribers".into(),
                "1000".into(),
                "101".into()
            ])
        );
        assert!(command("/balance").admin_only());
        assert!(!command("/myorders").admin_only());
        assert_eq!(command("/frobnicate"), Command::Unknown);
        assert_eq!(
            command(" https://t.me/x "),
            Command::Text("https://t.me/x".into())
        );
    }

    #[test]
    fn callback_data_fits_64_bytes_or_the_button_is_left_out() {
        let refill = Action::Refill("SMM-7QK4-M9XD-2HTC-AB3F".into());
        assert_eq!(refill.data().as_deref(), Some("f:SMM-7QK4-M9XD-2HTC-AB3F"));
        assert_eq!(Action::parse("f:smm-7qk4-m9xd-2htc-ab3f"), Some(refill));
        assert_eq!(Action::Order("A".repeat(64)).data(), None);
        assert_eq!(Action::parse("x:SMM-1"), None);
        let body = send_message(1, "hi", &[("Refill".into(), Action::Order("A".repeat(64)))]);
        assert_eq!(body["reply_markup"]["inline_keyboard"], json!([]));
    }

    #[test]
    fn the_secret_must_match_exactly() {
        assert!(secret_matches("s3cret", Some("s3cret")));
        assert!(!secret_matches("s3cret", Some("s3cre")));
        assert!(!secret_matches("s3cret", None));
        assert!(!secret_matches("", Some("")));
        assert_eq!(admin_ids(Some("42, x, 7")), vec![42, 7]);
    }

    #[test]
    fn long_texts_are_cut_to_telegram_s_limit() {
        let body = send_message(1, &"x".repeat(5000), &[]);
        assert_eq!(body["text"].as_str().unwrap().chars().count(), TEXT_LIMIT);
    }
}
