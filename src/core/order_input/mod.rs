//! What a buyer gives besides the link, for services that need it (the service's API v2
//! type says which: `api_type`): custom comments (one per line, as many as the code's
//! quantity: panels bill per comment), usernames (one per line, each a handle of the
//! platform), hashtags, a username, a media link, a poll answer, groups or SEO keywords.
//! Checked whole before anything is reserved, then sent in the panel's `add`.

pub mod api_type;

use super::envelope::ApiError;
use super::link::Link;
use super::panel::AddExtras;
use super::service::{Platform, ServiceKind};
use crate::core::error_code::ErrorCode;
use api_type::{ApiType, OrderSpec};
use serde::Serialize;
use serde_json::Value;
use std::ops::RangeInclusive;

/// One thing the buyer types besides the link; its key is the `add` field it fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Comments,
    Usernames,
    Hashtags,
    Hashtag,
    Username,
    Media,
    AnswerNumber,
    Groups,
    Keywords,
}

impl InputKind {
    pub const ALL: [InputKind; 9] = [
        InputKind::Comments,
        InputKind::Usernames,
        InputKind::Hashtags,
        InputKind::Hashtag,
        InputKind::Username,
        InputKind::Media,
        InputKind::AnswerNumber,
        InputKind::Groups,
        InputKind::Keywords,
    ];

    pub fn key(self) -> &'static str {
        match self {
            InputKind::Comments => "comments",
            InputKind::Usernames => "usernames",
            InputKind::Hashtags => "hashtags",
            InputKind::Hashtag => "hashtag",
            InputKind::Username => "username",
            InputKind::Media => "media",
            InputKind::AnswerNumber => "answer_number",
            InputKind::Groups => "groups",
            InputKind::Keywords => "keywords",
        }
    }

    pub fn parse(raw: &str) -> Option<InputKind> {
        InputKind::ALL.into_iter().find(|k| k.key() == raw.trim())
    }

    /// Its name in a redemption (`/api/redeem`, the page, the bots): the `add` field's, but
    /// `target_username` for `username`, which a redemption already uses for the buyer's name.
    /// Every input's field, as the buyer sends them.
    pub fn fields() -> Vec<&'static str> {
        InputKind::ALL.iter().map(|k| k.field()).collect()
    }

    pub fn field(self) -> &'static str {
        match self {
            InputKind::Username => "target_username",
            k => k.key(),
        }
    }

    /// A list, one per line (the others are one value).
    pub fn is_list(self) -> bool {
        matches!(
            self,
            InputKind::Comments
                | InputKind::Usernames
                | InputKind::Hashtags
                | InputKind::Groups
                | InputKind::Keywords
        )
    }

    /// As a sentence names it.
    fn noun(self) -> &'static str {
        match self {
            InputKind::AnswerNumber => "the number of the poll answer",
            InputKind::Media => "the media link",
            InputKind::Username => "a username",
            InputKind::Hashtag => "a hashtag",
            k => k.key(),
        }
    }
}

/// Drip-feed fixed by the shop: `runs` deliveries of the quantity, `interval` minutes apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DripFeed {
    pub runs: u32,
    pub interval: u32,
}

/// How many runs a drip-feed may have (one run is no drip-feed).
pub const RUNS: RangeInclusive<u32> = 2..=1000;
/// Minutes between runs: at most a week.
pub const INTERVAL_MINUTES: RangeInclusive<u32> = 1..=10_080;

impl DripFeed {
    pub fn new(runs: u32, interval: u32) -> Result<DripFeed, String> {
        if !RUNS.contains(&runs) {
            let (least, most) = (RUNS.start(), RUNS.end());
            return Err(format!(
                "drip_feed.runs must be between {least} and {most}."
            ));
        }
        if !INTERVAL_MINUTES.contains(&interval) {
            let (least, most) = (INTERVAL_MINUTES.start(), INTERVAL_MINUTES.end());
            return Err(format!(
                "drip_feed.interval must be between {least} and {most} minutes."
            ));
        }
        Ok(DripFeed { runs, interval })
    }
}

/// What the buyer sent with the redemption, as sent: a list as text with one per line or an
/// array of strings; `answer_number` a number or digits. The same fields as `add`'s.
/// Read from a request's JSON object by `from_json` (not `Deserialize`: it sits inside other
/// requests' objects, and serde's `flatten` costs ~10 KB of `.wasm`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct RawInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usernames: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hashtags: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hashtag: Option<Value>,
    /// `target_username` (see `InputKind::field`).
    #[serde(
        default,
        rename = "target_username",
        skip_serializing_if = "Option::is_none"
    )]
    pub username: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_number: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keywords: Option<Value>,
}

impl RawInput {
    /// The inputs among an object's fields (`null` counts as not sent); the rest is ignored.
    pub fn from_json(object: &Value) -> RawInput {
        let mut raw = RawInput::default();
        for kind in InputKind::ALL {
            *raw.slot(kind) = object.get(kind.field()).filter(|v| !v.is_null()).cloned();
        }
        raw
    }

    fn slot(&mut self, kind: InputKind) -> &mut Option<Value> {
        match kind {
            InputKind::Comments => &mut self.comments,
            InputKind::Usernames => &mut self.usernames,
            InputKind::Hashtags => &mut self.hashtags,
            InputKind::Hashtag => &mut self.hashtag,
            InputKind::Username => &mut self.username,
            InputKind::Media => &mut self.media,
            InputKind::AnswerNumber => &mut self.answer_number,
            InputKind::Groups => &mut self.groups,
            InputKind::Keywords => &mut self.keywords,
        }
    }

    /// What was sent for one input; `null` counts as not sent.
    pub fn get(&self, kind: InputKind) -> Option<&Value> {
        match kind {
            InputKind::Comments => self.comments.as_ref(),
            InputKind::Usernames => self.usernames.as_ref(),
            InputKind::Hashtags => self.hashtags.as_ref(),
            InputKind::Hashtag => self.hashtag.as_ref(),
            InputKind::Username => self.username.as_ref(),
            InputKind::Media => self.media.as_ref(),
            InputKind::AnswerNumber => self.answer_number.as_ref(),
            InputKind::Groups => self.groups.as_ref(),
            InputKind::Keywords => self.keywords.as_ref(),
        }
        .filter(|v| !v.is_null())
    }

    pub fn set(&mut self, kind: InputKind, value: Value) {
        *self.slot(kind) = Some(value);
    }

    /// Checked input, back as sent: what a held order keeps to be placed later.
    pub fn of(input: &BuyerInput) -> RawInput {
        let mut raw = RawInput::default();
        for (kind, value) in &input.0 {
            raw.set(*kind, Value::from(value.as_str()));
        }
        raw
    }
}

/// The buyer's input, checked: each field as `add` carries it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BuyerInput(pub Vec<(InputKind, String)>);

impl BuyerInput {
    /// The `add` fields for this input, the code's type and the template's drip-feed.
    pub fn extras<'a>(
        fields: &'a [(&'static str, String)],
        drip: Option<DripFeed>,
    ) -> AddExtras<'a> {
        AddExtras {
            runs: drip.map(|d| d.runs),
            interval: drip.map(|d| d.interval),
            fields,
        }
    }
}

const MAX_COMMENT_CHARS: usize = 300;
const MAX_LINES: usize = 10_000;
const MAX_ANSWER: u32 = 100;
const MAX_LINE_CHARS: usize = 200;

fn required(message: String) -> ApiError {
    ApiError::new(ErrorCode::OrderInputRequired, message)
}

fn invalid(message: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidOrderInput, message)
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

/// The lines of one list input, within 1 and `MAX_LINES`.
fn list_of(kind: InputKind, v: &Value) -> Result<Vec<String>, ApiError> {
    let list = lines(v).ok_or_else(|| {
        invalid(format!(
            "{} must be text, one per line, or a list of texts.",
            kind.key()
        ))
    })?;
    if list.is_empty() || list.len() > MAX_LINES {
        return Err(invalid(format!(
            "Enter between 1 and {MAX_LINES} {}, one per line.",
            kind.key()
        )));
    }
    Ok(list)
}

/// One value (a hashtag, a username): text, trimmed, not empty.
fn one_of(kind: InputKind, v: &Value) -> Result<String, ApiError> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        _ => Err(invalid(format!("Enter {}.", kind.noun()))),
    }
}

/// A hashtag: letters, digits and `_` after an optional `#`.
fn hashtag_ok(raw: &str) -> bool {
    let tag = raw.strip_prefix('#').unwrap_or(raw);
    (1..=100).contains(&tag.chars().count()) && tag.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Free text lines (comments, keywords, groups): short, without control characters.
fn texts_ok(kind: InputKind, list: &[String], max_chars: usize) -> Result<(), ApiError> {
    for (i, line) in list.iter().enumerate() {
        let what = if kind == InputKind::Comments {
            "Comment"
        } else {
            "Line"
        };
        if line.chars().count() > max_chars {
            return Err(invalid(format!(
                "{what} {} is longer than {max_chars} characters.",
                i + 1
            )));
        }
        if line.chars().any(char::is_control) {
            return Err(invalid(format!(
                "{what} {} holds a control character.",
                i + 1
            )));
        }
    }
    Ok(())
}

fn not_a_handle(platform: &Platform, bad: &str) -> ApiError {
    let shown: String = bad.chars().take(40).collect();
    invalid(format!("{shown:?} is not a {} username.", platform.name()))
}

/// One input, checked against the code's type, quantity and platform.
fn check_one(
    kind: InputKind,
    spec: OrderSpec,
    quantity: u32,
    platform: &Platform,
    v: &Value,
) -> Result<String, ApiError> {
    Ok(match kind {
        InputKind::Comments => {
            let list = list_of(kind, v)?;
            // A package carries the comments it was sold with; the others one per unit.
            if spec.api_type != ApiType::CustomCommentsPackage && list.len() != quantity as usize {
                return Err(invalid(format!(
                    "This code buys {quantity} comments, one per line; you entered {}.",
                    list.len()
                )));
            }
            texts_ok(kind, &list, MAX_COMMENT_CHARS)?;
            list.join("\n")
        }
        InputKind::Usernames => {
            let list = list_of(kind, v)?;
            if let Some(bad) = list.iter().find(|u| !handle_ok(platform, u)) {
                return Err(not_a_handle(platform, bad));
            }
            let clean: Vec<&str> = list
                .iter()
                .map(|u| u.strip_prefix('@').unwrap_or(u))
                .collect();
            clean.join("\n")
        }
        InputKind::Hashtags => {
            let list = list_of(kind, v)?;
            if let Some(bad) = list.iter().find(|h| !hashtag_ok(h)) {
                let shown: String = bad.chars().take(40).collect();
                return Err(invalid(format!("{shown:?} is not a hashtag.")));
            }
            list.join("\n")
        }
        InputKind::Hashtag => {
            let tag = one_of(kind, v)?;
            if !hashtag_ok(&tag) {
                return Err(invalid("Enter one hashtag: letters, digits and _.".into()));
            }
            tag
        }
        InputKind::Username => {
            let name = one_of(kind, v)?;
            if !handle_ok(platform, &name) {
                return Err(not_a_handle(platform, &name));
            }
            name.trim_start_matches('@').to_string()
        }
        InputKind::Media => {
            let raw = one_of(kind, v)?;
            // The post whose likers are mentioned: a post link of the same platform.
            Link::parse(platform, &ServiceKind::Likes, &raw)
                .map_err(|e| invalid(format!("The media link: {}", e.message())))?
                .as_str()
                .to_string()
        }
        InputKind::AnswerNumber => {
            let n = match v {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => s.trim().parse::<u64>().ok(),
                _ => None,
            };
            match n.and_then(|n| u32::try_from(n).ok()) {
                Some(n) if (1..=MAX_ANSWER).contains(&n) => n.to_string(),
                _ => {
                    return Err(invalid(format!(
                        "answer_number must be a whole number from 1 to {MAX_ANSWER}."
                    )))
                }
            }
        }
        InputKind::Groups | InputKind::Keywords => {
            let list = list_of(kind, v)?;
            texts_ok(kind, &list, MAX_LINE_CHARS)?;
            list.join("\n")
        }
    })
}

/// Checks what the buyer sent against what the code's type asks for.
pub fn check(
    spec: OrderSpec,
    quantity: u32,
    platform: &Platform,
    raw: &RawInput,
) -> Result<BuyerInput, ApiError> {
    let wanted = spec.inputs();
    let sent = InputKind::ALL.into_iter().filter(|k| raw.get(*k).is_some());
    if let Some(other) = sent.clone().find(|k| !wanted.contains(k)) {
        let asked: Vec<&str> = wanted.iter().map(|k| k.noun()).collect();
        return Err(invalid(format!(
            "This code does not take {}: send only the link{}.",
            other.noun(),
            if asked.is_empty() {
                String::new()
            } else {
                format!(" and {}", asked.join(" and "))
            }
        )));
    }
    let mut checked = Vec::new();
    for &kind in wanted {
        let v = raw.get(kind).ok_or_else(|| {
            required(match kind {
                InputKind::Comments if spec.api_type != ApiType::CustomCommentsPackage => {
                    format!("This service needs your comments: {quantity}, one per line.")
                }
                k if k.is_list() => format!("This service needs {}, one per line.", k.noun()),
                k => format!("This service needs {}.", k.noun()),
            })
        })?;
        checked.push((kind, check_one(kind, spec, quantity, platform, v)?));
    }
    Ok(BuyerInput(checked))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn raw(pairs: &[(InputKind, Value)]) -> RawInput {
        let mut r = RawInput::default();
        for (k, v) in pairs {
            r.set(*k, v.clone());
        }
        r
    }

    fn spec(t: ApiType) -> OrderSpec {
        OrderSpec::of(t)
    }

    fn text_of(input: BuyerInput) -> Vec<(InputKind, String)> {
        input.0
    }

    #[test]
    fn comments_must_match_the_quantity_line_for_line() {
        let c = spec(ApiType::CustomComments);
        let ok = check(
            c,
            3,
            &Platform::Instagram,
            &raw(&[(InputKind::Comments, json!("Nice!\r\n\n  Love it \nwow"))]),
        );
        assert_eq!(
            text_of(ok.unwrap()),
            [(InputKind::Comments, "Nice!\nLove it\nwow".to_string())]
        );
        assert!(check(
            c,
            2,
            &Platform::Instagram,
            &raw(&[(InputKind::Comments, json!(["a", "b"]))])
        )
        .is_ok());
        let e = check(
            c,
            3,
            &Platform::Instagram,
            &raw(&[(InputKind::Comments, json!("a\nb"))]),
        )
        .unwrap_err();
        assert_eq!((e.status, e.code.key()), (422, "invalid_order_input"));
        assert!(e.message.contains("buys 3 comments") && e.message.contains("entered 2"));
        let e = check(c, 3, &Platform::Instagram, &RawInput::default()).unwrap_err();
        assert_eq!(e.code, "order_input_required");
        let e = check(
            c,
            1,
            &Platform::Instagram,
            &raw(&[(InputKind::Comments, json!("bad\u{7}bell"))]),
        )
        .unwrap_err();
        assert!(e.message.contains("control"));
        // A package carries the comments it was sold with, however many.
        let p = spec(ApiType::CustomCommentsPackage);
        assert!(check(
            p,
            10,
            &Platform::Instagram,
            &raw(&[(InputKind::Comments, json!("a\nb"))])
        )
        .is_ok());
    }

    #[test]
    fn usernames_are_handles_of_the_platform() {
        let m = spec(ApiType::Mentions);
        let ok = check(
            m,
            100,
            &Platform::Instagram,
            &raw(&[(InputKind::Usernames, json!("@shop.owner\nfriend_2"))]),
        );
        assert_eq!(
            text_of(ok.unwrap()),
            [(InputKind::Usernames, "shop.owner\nfriend_2".to_string())]
        );
        let e = check(
            m,
            100,
            &Platform::X,
            &raw(&[(InputKind::Usernames, json!("has space\nok"))]),
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
        let poll = spec(ApiType::Poll);
        let ok = check(
            poll,
            100,
            &Platform::X,
            &raw(&[(InputKind::AnswerNumber, json!("2"))]),
        );
        assert_eq!(
            text_of(ok.unwrap()),
            [(InputKind::AnswerNumber, "2".to_string())]
        );
        for bad in [json!(0), json!(101), json!("two"), json!(1.5)] {
            assert!(check(
                poll,
                1,
                &Platform::X,
                &raw(&[(InputKind::AnswerNumber, bad)])
            )
            .is_err());
        }
        let plain = OrderSpec::default();
        let e = check(
            plain,
            1,
            &Platform::X,
            &raw(&[(InputKind::Comments, json!("hi"))]),
        )
        .unwrap_err();
        assert_eq!(e.code, "invalid_order_input");
        assert!(check(
            plain,
            1,
            &Platform::X,
            &raw(&[(InputKind::Comments, Value::Null)])
        )
        .is_ok());
        assert!(DripFeed::new(1, 30).is_err() && DripFeed::new(5, 0).is_err());
    }

    #[test]
    fn every_type_asks_for_its_own_inputs_and_each_is_checked() {
        let both = spec(ApiType::MentionsWithHashtags);
        let e = check(
            both,
            10,
            &Platform::Instagram,
            &raw(&[(InputKind::Usernames, json!("a"))]),
        )
        .unwrap_err();
        assert_eq!(e.code, "order_input_required");
        assert!(e.message.contains("hashtags"), "{}", e.message);
        let ok = check(
            both,
            10,
            &Platform::Instagram,
            &raw(&[
                (InputKind::Usernames, json!("a")),
                (InputKind::Hashtags, json!("#sale\nnew_in")),
            ]),
        )
        .unwrap();
        assert_eq!(ok.0.len(), 2);
        let e = check(
            both,
            10,
            &Platform::Instagram,
            &raw(&[
                (InputKind::Usernames, json!("a")),
                (InputKind::Hashtags, json!("two words")),
            ]),
        )
        .unwrap_err();
        assert!(e.message.contains("not a hashtag"));
        let tag = spec(ApiType::MentionsHashtag);
        assert!(check(
            tag,
            10,
            &Platform::Instagram,
            &raw(&[(InputKind::Hashtag, json!("#a b"))])
        )
        .is_err());
        assert!(check(
            tag,
            10,
            &Platform::Instagram,
            &raw(&[(InputKind::Hashtag, json!("#ok"))])
        )
        .is_ok());
        let user = spec(ApiType::MentionsUserFollowers);
        let ok = check(
            user,
            10,
            &Platform::Instagram,
            &raw(&[(InputKind::Username, json!("@someone"))]),
        )
        .unwrap();
        assert_eq!(text_of(ok), [(InputKind::Username, "someone".to_string())]);
        // A redemption names it `target_username`: its `username` is the buyer's own name.
        let sent =
            RawInput::from_json(&json!({"target_username": "@someone", "username": "buyer"}));
        assert!(check(user, 10, &Platform::Instagram, &sent).is_ok());
        let media = spec(ApiType::MentionsMediaLikers);
        let e = check(
            media,
            10,
            &Platform::Instagram,
            &raw(&[(InputKind::Media, json!("https://x.com/a/status/1"))]),
        )
        .unwrap_err();
        assert!(e.message.starts_with("The media link"), "{}", e.message);
        let seo = spec(ApiType::Seo);
        assert!(check(
            seo,
            10,
            &Platform::YouTube,
            &raw(&[(InputKind::Keywords, json!("best shoes\ncheap shoes"))])
        )
        .is_ok());
        let groups = spec(ApiType::InvitesFromGroups);
        assert!(check(
            groups,
            10,
            &Platform::Telegram,
            &raw(&[(InputKind::Groups, json!([]))])
        )
        .is_err());
        // A held order keeps the checked input as sent, and it checks again the same.
        let kept = RawInput::of(
            &check(
                seo,
                10,
                &Platform::YouTube,
                &raw(&[(InputKind::Keywords, json!("a\nb"))]),
            )
            .unwrap(),
        );
        let json = serde_json::to_string(&kept).unwrap();
        assert_eq!(json, r#"{"keywords":"a\nb"}"#);
        assert!(check(
            seo,
            10,
            &Platform::YouTube,
            &RawInput::from_json(&serde_json::from_str(&json).unwrap())
        )
        .is_ok());
    }
}
