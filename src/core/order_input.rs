//! What a buyer gives besides the link, for services that need it: custom comments (one per
//! line, as many as the code's quantity: panels bill per comment), usernames (mentions, one
//! per line, each a handle of the platform) or a poll answer. Checked whole before anything
//! is reserved, then sent in the panel's `add`.

use super::envelope::ApiError;
use super::panel::AddExtras;
use super::service::Platform;
use serde_json::Value;

/// The input a template asks for (`order_input`); none means the link alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Comments,
    Usernames,
    AnswerNumber,
}

impl InputKind {
    pub const ALL: [InputKind; 3] = [
        InputKind::Comments,
        InputKind::Usernames,
        InputKind::AnswerNumber,
    ];

    pub fn key(self) -> &'static str {
        match self {
            InputKind::Comments => "comments",
            InputKind::Usernames => "usernames",
            InputKind::AnswerNumber => "answer_number",
        }
    }

    pub fn parse(raw: &str) -> Option<InputKind> {
        InputKind::ALL.into_iter().find(|k| k.key() == raw.trim())
    }
}

/// Drip-feed fixed by the shop: `runs` deliveries of the quantity, `interval` minutes apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DripFeed {
    pub runs: u32,
    pub interval: u32,
}

pub const MAX_RUNS: u32 = 1000;
pub const MAX_INTERVAL_MINUTES: u32 = 10_080;

impl DripFeed {
    pub fn new(runs: u32, interval: u32) -> Result<DripFeed, String> {
        if !(2..=MAX_RUNS).contains(&runs) {
            return Err(format!("drip_feed.runs must be between 2 and {MAX_RUNS}."));
        }
        if !(1..=MAX_INTERVAL_MINUTES).contains(&interval) {
            return Err(format!(
                "drip_feed.interval must be between 1 and {MAX_INTERVAL_MINUTES} minutes."
            ));
        }
        Ok(DripFeed { runs, interval })
    }
}

/// What the buyer sent with the redemption, as sent (`comments` / `usernames`: text with one
/// per line, or an array of strings; `answer_number`: a number or digits).
#[derive(Debug, Clone, Default)]
pub struct RawInput {
    pub comments: Option<Value>,
    pub usernames: Option<Value>,
    pub answer_number: Option<Value>,
}

/// The buyer's input, checked: what the panel's `add` carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuyerInput {
    Comments(String),
    Usernames(String),
    AnswerNumber(u32),
}

impl BuyerInput {
    /// The `add` fields for this input and the template's drip-feed.
    pub fn extras<'a>(input: Option<&'a BuyerInput>, drip: Option<DripFeed>) -> AddExtras<'a> {
        AddExtras {
            runs: drip.map(|d| d.runs),
            interval: drip.map(|d| d.interval),
            comments: match input {
                Some(BuyerInput::Comments(c)) => Some(c),
                _ => None,
            },
            usernames: match input {
                Some(BuyerInput::Usernames(u)) => Some(u),
                _ => None,
            },
            answer_number: match input {
                Some(BuyerInput::AnswerNumber(n)) => Some(*n),
                _ => None,
            },
        }
    }
}

const MAX_COMMENT_CHARS: usize = 300;
const MAX_LINES: usize = 10_000;
const MAX_ANSWER: u32 = 100;

fn required(message: String) -> ApiError {
    ApiError::new(422, "order_input_required", message)
}

fn invalid(message: String) -> ApiError {
    ApiError::new(422, "invalid_order_input", message)
}

/// The lines of a text or an array: trimmed, blank ones dropped. `None` for another type.
fn lines(v: &Value) -> Option<Vec<String>> {
    let raw: Vec<String> = match v {
        Value::String(s) => s.split('\n').map(str::to_string).collect(),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()?,
        _ => return None,
    };
    Some(
        raw.into_iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
    )
}

/// A handle as the platform allows it (a leading `@` is forgiven): its characters and length.
pub fn handle_ok(platform: &Platform, raw: &str) -> bool {
    let h = raw.strip_prefix('@').unwrap_or(raw);
    let (extra, min, max): (&str, usize, usize) = match platform {
        Platform::Instagram | Platform::Threads => ("._", 1, 30),
        Platform::TikTok => ("._", 2, 24),
        Platform::X => ("_", 1, 15),
        Platform::YouTube => ("._-", 3, 30),
        Platform::Twitch => ("_", 4, 25),
        Platform::Telegram => ("_", 5, 32),
        _ => ("._-", 1, 64),
    };
    (min..=max).contains(&h.chars().count())
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
}

/// Checks what the buyer sent against what the code's template asks for.
pub fn check(
    wanted: Option<InputKind>,
    quantity: u32,
    platform: &Platform,
    raw: &RawInput,
) -> Result<Option<BuyerInput>, ApiError> {
    let given: Vec<&str> = [
        ("comments", raw.comments.as_ref()),
        ("usernames", raw.usernames.as_ref()),
        ("answer_number", raw.answer_number.as_ref()),
    ]
    .into_iter()
    .filter(|(_, v)| v.is_some_and(|v| !v.is_null()))
    .map(|(k, _)| k)
    .collect();
    if let Some(other) = given.iter().find(|k| wanted.is_none_or(|w| w.key() != **k)) {
        return Err(invalid(format!(
            "This code does not take {}: send only the link{}.",
            other.replace('_', " "),
            wanted.map_or(String::new(), |w| format!(
                " and the {}",
                w.key().replace('_', " ")
            ))
        )));
    }
    let Some(kind) = wanted else {
        return Ok(None);
    };
    match kind {
        InputKind::Comments => {
            let text = raw
                .comments
                .as_ref()
                .filter(|v| !v.is_null())
                .ok_or_else(|| {
                    required(format!(
                        "This service needs your comments: {quantity}, one per line."
                    ))
                })?;
            let list = lines(text).ok_or_else(|| {
                invalid("comments must be text, one per line, or a list of texts.".into())
            })?;
            if list.len() != quantity as usize {
                return Err(invalid(format!(
                    "This code buys {quantity} comments, one per line; you entered {}.",
                    list.len()
                )));
            }
            for (i, c) in list.iter().enumerate() {
                if c.chars().count() > MAX_COMMENT_CHARS {
                    return Err(invalid(format!(
                        "Comment {} is longer than {MAX_COMMENT_CHARS} characters.",
                        i + 1
                    )));
                }
                if c.chars().any(char::is_control) {
                    return Err(invalid(format!(
                        "Comment {} holds a control character.",
                        i + 1
                    )));
                }
            }
            Ok(Some(BuyerInput::Comments(list.join("\n"))))
        }
        InputKind::Usernames => {
            let text = raw
                .usernames
                .as_ref()
                .filter(|v| !v.is_null())
                .ok_or_else(|| required("This service needs usernames, one per line.".into()))?;
            let list = lines(text).ok_or_else(|| {
                invalid("usernames must be text, one per line, or a list of texts.".into())
            })?;
            if list.is_empty() || list.len() > MAX_LINES {
                return Err(invalid(format!(
                    "Enter between 1 and {MAX_LINES} usernames, one per line."
                )));
            }
            if let Some(bad) = list.iter().find(|u| !handle_ok(platform, u)) {
                let shown: String = bad.chars().take(40).collect();
                return Err(invalid(format!(
                    "{shown:?} is not a {} username.",
                    platform.name()
                )));
            }
            let clean: Vec<&str> = list
                .iter()
                .map(|u| u.strip_prefix('@').unwrap_or(u))
                .collect();
            Ok(Some(BuyerInput::Usernames(clean.join("\n"))))
        }
        InputKind::AnswerNumber => {
            let v = raw
                .answer_number
                .as_ref()
                .filter(|v| !v.is_null())
                .ok_or_else(|| {
                    required("This service needs the number of the poll answer to vote for.".into())
                })?;
            let n = match v {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => s.trim().parse::<u64>().ok(),
                _ => None,
            };
            match n.and_then(|n| u32::try_from(n).ok()) {
                Some(n) if (1..=MAX_ANSWER).contains(&n) => Ok(Some(BuyerInput::AnswerNumber(n))),
                _ => Err(invalid(format!(
                    "answer_number must be a whole number from 1 to {MAX_ANSWER}."
                ))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn raw(comments: Option<Value>, usernames: Option<Value>, answer: Option<Value>) -> RawInput {
        RawInput {
            comments,
            usernames,
            answer_number: answer,
        }
    }

    #[test]
    fn comments_must_match_the_quantity_line_for_line() {
        let ok = check(
            Some(InputKind::Comments),
            3,
            &Platform::Instagram,
            &raw(Some(json!("Nice!\r\n\n  Love it \nwow")), None, None),
        )
        .unwrap();
        assert_eq!(ok, Some(BuyerInput::Comments("Nice!\nLove it\nwow".into())));
        let as_list = check(
            Some(InputKind::Comments),
            2,
            &Platform::Instagram,
            &raw(Some(json!(["a", "b"])), None, None),
        );
        assert!(as_list.is_ok());
        let e = check(
            Some(InputKind::Comments),
            3,
            &Platform::Instagram,
            &raw(Some(json!("a\nb")), None, None),
        )
        .unwrap_err();
        assert_eq!((e.status, e.code), (422, "invalid_order_input"));
        assert!(e.message.contains("buys 3 comments") && e.message.contains("entered 2"));
        let e = check(
            Some(InputKind::Comments),
            3,
            &Platform::Instagram,
            &RawInput::default(),
        )
        .unwrap_err();
        assert_eq!(e.code, "order_input_required");
        let e = check(
            Some(InputKind::Comments),
            1,
            &Platform::Instagram,
            &raw(Some(json!("bad\u{7}bell")), None, None),
        )
        .unwrap_err();
        assert!(e.message.contains("control"));
    }

    #[test]
    fn usernames_are_handles_of_the_platform() {
        let ok = check(
            Some(InputKind::Usernames),
            100,
            &Platform::Instagram,
            &raw(None, Some(json!("@shop.owner\nfriend_2")), None),
        )
        .unwrap();
        assert_eq!(
            ok,
            Some(BuyerInput::Usernames("shop.owner\nfriend_2".into()))
        );
        let e = check(
            Some(InputKind::Usernames),
            100,
            &Platform::X,
            &raw(None, Some(json!("has space\nok")), None),
        )
        .unwrap_err();
        assert!(
            e.message
                .contains("\"has space\" is not a X (Twitter) username"),
            "{}",
            e.message
        );
        assert!(!handle_ok(&Platform::X, "sixteen_chars_xx"));
        assert!(handle_ok(&Platform::TikTok, "@user.name"));
    }

    #[test]
    fn a_poll_answer_is_a_small_number_and_nothing_unasked_is_taken() {
        let ok = check(
            Some(InputKind::AnswerNumber),
            100,
            &Platform::X,
            &raw(None, None, Some(json!("2"))),
        );
        assert_eq!(ok.unwrap(), Some(BuyerInput::AnswerNumber(2)));
        for bad in [json!(0), json!(101), json!("two"), json!(1.5)] {
            assert!(check(
                Some(InputKind::AnswerNumber),
                1,
                &Platform::X,
                &raw(None, None, Some(bad))
            )
            .is_err());
        }
        let e = check(None, 1, &Platform::X, &raw(Some(json!("hi")), None, None)).unwrap_err();
        assert_eq!(e.code, "invalid_order_input");
        assert!(check(None, 1, &Platform::X, &raw(Some(Value::Null), None, None)).is_ok());
        let extras = BuyerInput::extras(
            Some(&BuyerInput::AnswerNumber(2)),
            Some(DripFeed::new(5, 30).unwrap()),
        );
        assert_eq!(
            (extras.runs, extras.interval, extras.answer_number),
            (Some(5), Some(30), Some(2))
        );
        assert!(DripFeed::new(1, 30).is_err() && DripFeed::new(5, 0).is_err());
    }
}
