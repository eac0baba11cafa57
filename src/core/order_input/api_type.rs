//! The panel's API v2 service `type` (the catalogue's `type`): what its `add` needs. One
//! table, read by the template (which inputs a code asks for), the redemption (which fields
//! `add` carries) and the catalogue watch (a type that changed under codes already sold).

use super::InputKind;
use crate::core::clock::UtcTime;
use crate::core::json::obj;
use crate::core::shape::*;
use std::ops::RangeInclusive;

/// A service type as panels document it (`shared/PROTOCOLS.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiType {
    Default,
    Package,
    CustomComments,
    CustomCommentsPackage,
    Mentions,
    MentionsCustomList,
    MentionsWithHashtags,
    MentionsHashtag,
    MentionsUserFollowers,
    MentionsMediaLikers,
    CommentLikes,
    Seo,
    Poll,
    InvitesFromGroups,
    /// Auto-likes (or views) on the new posts of a profile: no link, no quantity.
    Subscriptions,
}

/// What one type's `add` carries besides `service`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// `quantity` is sent (Package and the comment lists are priced by what they carry).
    pub quantity: bool,
    /// What the buyer types besides the link, in the order they are asked for.
    pub inputs: &'static [InputKind],
    /// `runs` / `interval` are accepted.
    pub drip_feed: bool,
}

use ApiType as T;
use InputKind as I;

pub const ORDER_SPEC: Body = answer(
    "OrderSpec",
    "The service's API v2 type (from the panel's catalogue when the codes were made): what the buyer sends besides the link, and what the panel's `add` carries.",
    &[
        always("api_type", Kind::Words(ApiType::keys), ""),
        always("api_type_name", Kind::Text, "As the catalogue spells it (\"Mentions with Hashtags\")."),
        always("inputs", Kind::List(&Kind::Words(InputKind::fields)), "The fields `/api/redeem` needs besides the link, in the order to ask for them."),
        always("subscription", Kind::OrNull(&Kind::Object(&ORDER_SPEC_SUBSCRIPTION)), "A Subscriptions service: the link is the profile, whose new posts get the quantity each."),
    ],
);

pub const ORDER_SPEC_SUBSCRIPTION: Body = answer(
    "",
    "",
    &[
        always("posts", Kind::OrNull(&Kind::Integer), ""),
        always("delay", Kind::Integer, "Minutes."),
        always("expiry_days", Kind::OrNull(&Kind::Integer), ""),
    ],
);

/// The one table: type, its name in the catalogue, its stored key, what `add` needs.
const TABLE: [(ApiType, &str, &str, Needs); 15] = [
    (T::Default, "Default", "default", needs(true, &[], true)),
    (T::Package, "Package", "package", needs(false, &[], false)),
    (
        T::CustomComments,
        "Custom Comments",
        "custom_comments",
        needs(false, &[I::Comments], false),
    ),
    (
        T::CustomCommentsPackage,
        "Custom Comments Package",
        "custom_comments_package",
        needs(false, &[I::Comments], false),
    ),
    (
        T::Mentions,
        "Mentions",
        "mentions",
        needs(true, &[I::Usernames], false),
    ),
    (
        T::MentionsCustomList,
        "Mentions Custom List",
        "mentions_custom_list",
        needs(false, &[I::Usernames], false),
    ),
    (
        T::MentionsWithHashtags,
        "Mentions with Hashtags",
        "mentions_with_hashtags",
        needs(true, &[I::Usernames, I::Hashtags], false),
    ),
    (
        T::MentionsHashtag,
        "Mentions Hashtag",
        "mentions_hashtag",
        needs(true, &[I::Hashtag], false),
    ),
    (
        T::MentionsUserFollowers,
        "Mentions User Followers",
        "mentions_user_followers",
        needs(true, &[I::Username], false),
    ),
    (
        T::MentionsMediaLikers,
        "Mentions Media Likers",
        "mentions_media_likers",
        needs(true, &[I::Media], false),
    ),
    (
        T::CommentLikes,
        "Comment Likes",
        "comment_likes",
        needs(true, &[I::Username], false),
    ),
    (T::Seo, "SEO", "seo", needs(true, &[I::Keywords], false)),
    (
        T::Poll,
        "Poll",
        "poll",
        needs(true, &[I::AnswerNumber], false),
    ),
    (
        T::InvitesFromGroups,
        "Invites from Groups",
        "invites_from_groups",
        needs(true, &[I::Groups], false),
    ),
    (
        T::Subscriptions,
        "Subscriptions",
        "subscriptions",
        needs(false, &[], false),
    ),
];

const fn needs(quantity: bool, inputs: &'static [InputKind], drip_feed: bool) -> Needs {
    Needs {
        quantity,
        inputs,
        drip_feed,
    }
}

/// Letters and digits only, lower case: "Mentions with Hashtags", "mentions_with_hashtags"
/// and "MENTIONS WITH HASHTAGS" are one type.
fn folded(raw: &str) -> String {
    raw.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl ApiType {
    pub const ALL: [ApiType; TABLE.len()] = {
        let mut all = [ApiType::Default; TABLE.len()];
        let mut i = 0;
        while i < TABLE.len() {
            all[i] = TABLE[i].0;
            i += 1;
        }
        all
    };

    fn row(self) -> &'static (ApiType, &'static str, &'static str, Needs) {
        TABLE
            .iter()
            .find(|r| r.0 == self)
            .expect("every type is in the table")
    }

    /// The catalogue's `type`, or a stored key; `None` for a type no panel documents.
    pub fn parse(raw: &str) -> Option<ApiType> {
        let f = folded(raw);
        TABLE
            .iter()
            .find(|r| folded(r.1) == f || folded(r.2) == f)
            .map(|r| r.0)
    }

    /// As the catalogue spells it.
    pub fn name(self) -> &'static str {
        self.row().1
    }

    /// Every type's key.
    pub fn keys() -> Vec<&'static str> {
        TABLE.iter().map(|r| r.2).collect()
    }

    /// As stored (the `order_input` column) and as the API reports it.
    pub fn key(self) -> &'static str {
        self.row().2
    }

    pub fn needs(self) -> Needs {
        self.row().3
    }
}

/// What the owner fixes for a subscription: how many new posts, the delay before each
/// delivery (minutes; the values a panel allows differ) and how long it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Subscription {
    pub posts: Option<u32>,
    pub delay: u32,
    pub expiry_days: Option<u32>,
}

pub const POSTS: RangeInclusive<u32> = 1..=10_000;
pub const DELAY_MINUTES: RangeInclusive<u32> = 0..=10_080;
pub const SUBSCRIPTION_DAYS: RangeInclusive<u32> = 1..=3_650;

impl Subscription {
    pub fn new(posts: Option<u32>, delay: u32, expiry_days: Option<u32>) -> Result<Self, String> {
        if posts.is_some_and(|p| !POSTS.contains(&p)) {
            let (least, most) = (POSTS.start(), POSTS.end());
            return Err(format!(
                "subscription.posts must be between {least} and {most}."
            ));
        }
        if !DELAY_MINUTES.contains(&delay) {
            let (least, most) = (DELAY_MINUTES.start(), DELAY_MINUTES.end());
            return Err(format!(
                "subscription.delay must be between {least} and {most} minutes."
            ));
        }
        if expiry_days.is_some_and(|d| !SUBSCRIPTION_DAYS.contains(&d)) {
            let (least, most) = (SUBSCRIPTION_DAYS.start(), SUBSCRIPTION_DAYS.end());
            return Err(format!(
                "subscription.expiry_days must be between {least} and {most}."
            ));
        }
        Ok(Subscription {
            posts,
            delay,
            expiry_days,
        })
    }
}

/// What a code's order is: the service's type and, for a subscription, what the owner fixed.
/// Stored as one text (`order_input`): the type's key, then `;name=value` settings, e.g.
/// `subscriptions;posts=10;delay=30;expiry_days=30`. The keys stored before types were read
/// from the catalogue (`comments`, `usernames`, `answer_number`) still mean what they meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderSpec {
    pub api_type: ApiType,
    pub subscription: Option<Subscription>,
}

impl Default for OrderSpec {
    fn default() -> Self {
        OrderSpec::of(ApiType::Default)
    }
}

impl OrderSpec {
    pub fn of(api_type: ApiType) -> OrderSpec {
        OrderSpec {
            api_type,
            subscription: (api_type == ApiType::Subscriptions).then(Subscription::default),
        }
    }

    /// The stored text; `None` (a NULL column) for a Default service.
    pub fn stored(&self) -> Option<String> {
        if self.api_type == ApiType::Default {
            return None;
        }
        let mut s = self.api_type.key().to_string();
        if let Some(sub) = self.subscription {
            if let Some(p) = sub.posts {
                s.push_str(&format!(";posts={p}"));
            }
            s.push_str(&format!(";delay={}", sub.delay));
            if let Some(d) = sub.expiry_days {
                s.push_str(&format!(";expiry_days={d}"));
            }
        }
        Some(s)
    }

    /// Reads the stored text; `None` for text no version of this worker wrote.
    pub fn parse_stored(raw: Option<&str>) -> Option<OrderSpec> {
        let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
            return Some(OrderSpec::default());
        };
        let mut parts = raw.split(';');
        let head = parts.next()?;
        let api_type = match head {
            // What a template asked for before the type was read from the catalogue.
            "comments" => ApiType::CustomComments,
            "usernames" => ApiType::Mentions,
            "answer_number" => ApiType::Poll,
            other => ApiType::parse(other)?,
        };
        let mut spec = OrderSpec::of(api_type);
        if let Some(sub) = spec.subscription.as_mut() {
            for part in parts {
                let (name, value) = part.split_once('=')?;
                let n: u32 = value.parse().ok()?;
                match name {
                    "posts" => sub.posts = Some(n),
                    "delay" => sub.delay = n,
                    "expiry_days" => sub.expiry_days = Some(n),
                    _ => return None,
                }
            }
        }
        Some(spec)
    }

    pub fn inputs(&self) -> &'static [InputKind] {
        self.api_type.needs().inputs
    }

    /// The first input's key (what `order_input` said before a code could ask for two).
    pub fn first_input(&self) -> Option<&'static str> {
        self.inputs().first().map(|k| k.field())
    }

    /// As pages, bots and the admin read it: `{"api_type", "inputs", "subscription"}`.
    pub fn summary(&self) -> serde_json::Value {
        let keys: Vec<&str> = self.inputs().iter().map(|k| k.field()).collect();
        obj!(ORDER_SPEC => {
            "api_type": self.api_type.key(),
            "api_type_name": self.api_type.name(),
            "inputs": keys,
            "subscription": self.subscription.map(|s| obj!(ORDER_SPEC_SUBSCRIPTION => {
                "posts": s.posts, "delay": s.delay, "expiry_days": s.expiry_days,
            })),
        })
    }

    /// The `add` fields besides `service`, `runs` and `interval`, in the panel's order.
    /// A subscription sends the profile's username (from its link) and no link or quantity.
    pub fn add_fields(
        &self,
        link: &str,
        quantity: u32,
        inputs: &[(InputKind, String)],
        now: UtcTime,
    ) -> Vec<(&'static str, String)> {
        let mut fields = Vec::new();
        if let Some(sub) = self.subscription {
            fields.push(("username", profile_handle(link)));
            fields.push(("min", quantity.to_string()));
            fields.push(("max", quantity.to_string()));
            if let Some(p) = sub.posts {
                fields.push(("posts", p.to_string()));
            }
            fields.push(("delay", sub.delay.to_string()));
            if let Some(d) = sub.expiry_days {
                fields.push(("expiry", day_month_year(now.plus_days(i64::from(d)))));
            }
            return fields;
        }
        fields.push(("link", link.to_string()));
        if self.api_type.needs().quantity {
            fields.push(("quantity", quantity.to_string()));
        }
        for (kind, value) in inputs {
            fields.push((kind.key(), value.clone()));
        }
        fields
    }
}

/// The account a canonical profile link names: its last path segment, without `@`
/// (`https://www.instagram.com/shop`, `https://www.tiktok.com/@shop`, `.../user/shop`).
pub fn profile_handle(link: &str) -> String {
    let path = link.split(['?', '#']).next().unwrap_or(link);
    let last = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    last.trim_start_matches('@').to_string()
}

/// `expiry` as panels take it: d/m/Y.
fn day_month_year(t: UtcTime) -> String {
    let day = t.day(); // YYYY-MM-DD
    let (y, rest) = day.split_at(4);
    format!("{}/{}/{y}", &rest[4..6], &rest[1..3])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_type_reads_in_any_spelling_and_round_trips() {
        for (t, name, key, _) in TABLE {
            assert_eq!(ApiType::parse(name), Some(t));
            assert_eq!(ApiType::parse(key), Some(t));
            assert_eq!(ApiType::parse(&name.to_uppercase()), Some(t));
            let spec = OrderSpec::of(t);
            assert_eq!(
                OrderSpec::parse_stored(spec.stored().as_deref()),
                Some(spec)
            );
        }
        assert_eq!(
            ApiType::parse("mentions-with-hashtags"),
            Some(ApiType::MentionsWithHashtags)
        );
        assert_eq!(ApiType::parse("Story Views"), None);
        assert_eq!(OrderSpec::parse_stored(Some("bogus")), None);
        assert_eq!(OrderSpec::parse_stored(Some("subscriptions;nope=1")), None);
    }

    #[test]
    fn keys_stored_before_types_keep_their_meaning() {
        let read = |s| OrderSpec::parse_stored(Some(s)).unwrap().api_type;
        assert_eq!(read("comments"), ApiType::CustomComments);
        assert_eq!(read("usernames"), ApiType::Mentions);
        assert_eq!(read("answer_number"), ApiType::Poll);
        assert_eq!(OrderSpec::parse_stored(None), Some(OrderSpec::default()));
        assert_eq!(OrderSpec::default().stored(), None);
    }

    #[test]
    fn add_carries_exactly_what_the_type_needs() {
        let now = UtcTime::parse("2026-12-05T10:00:00Z").unwrap();
        let names = |spec: OrderSpec, inputs: &[(InputKind, String)]| -> Vec<&'static str> {
            spec.add_fields("https://x.com/shop/status/1", 100, inputs, now)
                .into_iter()
                .map(|f| f.0)
                .collect()
        };
        assert_eq!(names(OrderSpec::default(), &[]), ["link", "quantity"]);
        assert_eq!(names(OrderSpec::of(ApiType::Package), &[]), ["link"]);
        let both = [
            (InputKind::Usernames, "a\nb".to_string()),
            (InputKind::Hashtags, "#x".to_string()),
        ];
        assert_eq!(
            names(OrderSpec::of(ApiType::MentionsWithHashtags), &both),
            ["link", "quantity", "usernames", "hashtags"]
        );
        let c = [(InputKind::Comments, "hi".to_string())];
        assert_eq!(
            names(OrderSpec::of(ApiType::CustomComments), &c),
            ["link", "comments"]
        );
    }

    #[test]
    fn a_subscription_names_the_profile_and_never_sends_a_link_or_quantity() {
        let now = UtcTime::parse("2026-12-05T10:00:00Z").unwrap();
        let spec = OrderSpec {
            api_type: ApiType::Subscriptions,
            subscription: Some(Subscription::new(Some(10), 30, Some(30)).unwrap()),
        };
        let stored = spec.stored().unwrap();
        assert_eq!(stored, "subscriptions;posts=10;delay=30;expiry_days=30");
        assert_eq!(OrderSpec::parse_stored(Some(&stored)), Some(spec));
        let fields = spec.add_fields("https://www.tiktok.com/@shop.owner", 250, &[], now);
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("username", "shop.owner"),
                ("min", "250"),
                ("max", "250"),
                ("posts", "10"),
                ("delay", "30"),
                ("expiry", "04/01/2027"),
            ]
        );
        assert_eq!(profile_handle("https://www.reddit.com/user/abc/"), "abc");
        assert!(Subscription::new(Some(0), 0, None).is_err());
        assert!(Subscription::new(None, 99_999, None).is_err());
    }
}
