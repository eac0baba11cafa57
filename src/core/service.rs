//! What a code buys: the platform and the kind of service, as enums.
//!
//! The product table stores both as free text typed by hand ("youtube ", "Tik-Tok", "subs"),
//! so they are parsed once here and the rest of the core matches on variants, never on strings.

/// A social platform the shop sells for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Platform {
    YouTube,
    Instagram,
    TikTok,
    X,
    Twitch,
    Spotify,
    Telegram,
    Facebook,
    Threads,
    Kick,
    Snapchat,
    Reddit,
    LinkedIn,
    /// A platform we have no link rules for, normalised (lower case, single spaces).
    Other(String),
}

impl Platform {
    /// Every platform the link rules know, in the order pages list them.
    pub const KNOWN: [Platform; 13] = [
        Platform::YouTube,
        Platform::Instagram,
        Platform::TikTok,
        Platform::X,
        Platform::Twitch,
        Platform::Spotify,
        Platform::Telegram,
        Platform::Facebook,
        Platform::Threads,
        Platform::Kick,
        Platform::Snapchat,
        Platform::Reddit,
        Platform::LinkedIn,
    ];

    pub fn parse(raw: &str) -> Platform {
        let norm = normalise(raw);
        match norm.as_str() {
            "youtube" | "yt" | "you tube" | "youtube.com" => Platform::YouTube,
            "instagram" | "ig" | "insta" | "instagram.com" => Platform::Instagram,
            "tiktok" | "tik tok" | "tt" | "tiktok.com" => Platform::TikTok,
            "x" | "twitter" | "x.com" | "twitter.com" | "x (twitter)" | "twitter (x)"
            | "x twitter" | "twitter x" | "x/twitter" | "twitter/x" => Platform::X,
            "twitch" | "twitch.tv" => Platform::Twitch,
            "spotify" => Platform::Spotify,
            "telegram" | "tg" | "t.me" => Platform::Telegram,
            "facebook" | "fb" | "facebook.com" => Platform::Facebook,
            "threads" | "threads.net" | "threads.com" => Platform::Threads,
            "kick" | "kick.com" => Platform::Kick,
            "snapchat" | "snap" => Platform::Snapchat,
            "reddit" | "reddit.com" => Platform::Reddit,
            "linkedin" | "linked in" | "linkedin.com" => Platform::LinkedIn,
            _ => Platform::Other(norm),
        }
    }

    /// How the platform is written for a buyer.
    pub fn name(&self) -> &str {
        match self {
            Platform::YouTube => "YouTube",
            Platform::Instagram => "Instagram",
            Platform::TikTok => "TikTok",
            Platform::X => "X (Twitter)",
            Platform::Twitch => "Twitch",
            Platform::Spotify => "Spotify",
            Platform::Telegram => "Telegram",
            Platform::Facebook => "Facebook",
            Platform::Threads => "Threads",
            Platform::Kick => "Kick",
            Platform::Snapchat => "Snapchat",
            Platform::Reddit => "Reddit",
            Platform::LinkedIn => "LinkedIn",
            Platform::Other(name) => name,
        }
    }

    /// The canonical lower-case form written back to storage; `parse(key())` round-trips.
    pub fn key(&self) -> &str {
        match self {
            Platform::YouTube => "youtube",
            Platform::Instagram => "instagram",
            Platform::TikTok => "tiktok",
            Platform::X => "x",
            Platform::Twitch => "twitch",
            Platform::Spotify => "spotify",
            Platform::Telegram => "telegram",
            Platform::Facebook => "facebook",
            Platform::Threads => "threads",
            Platform::Kick => "kick",
            Platform::Snapchat => "snapchat",
            Platform::Reddit => "reddit",
            Platform::LinkedIn => "linkedin",
            Platform::Other(name) => name,
        }
    }
}

/// What the buyer receives on that platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceKind {
    Subscribers,
    Followers,
    Likes,
    Views,
    Comments,
    Shorts,
    Live,
    Members,
    Plays,
    Saves,
    Shares,
    /// A kind we have no link rules for, normalised (lower case, single spaces).
    Other(String),
}

impl ServiceKind {
    /// Every kind the link rules know, in the order pages list them.
    pub const KNOWN: [ServiceKind; 11] = [
        ServiceKind::Subscribers,
        ServiceKind::Followers,
        ServiceKind::Likes,
        ServiceKind::Views,
        ServiceKind::Comments,
        ServiceKind::Shorts,
        ServiceKind::Live,
        ServiceKind::Members,
        ServiceKind::Plays,
        ServiceKind::Saves,
        ServiceKind::Shares,
    ];

    pub fn parse(raw: &str) -> ServiceKind {
        let norm = normalise(raw);
        match norm.as_str() {
            "sub" | "subs" | "subscriber" | "subscribers" => ServiceKind::Subscribers,
            "follower" | "followers" | "follow" | "follows" => ServiceKind::Followers,
            "like" | "likes" | "heart" | "hearts" => ServiceKind::Likes,
            "view" | "views" | "video views" => ServiceKind::Views,
            "comment" | "comments" => ServiceKind::Comments,
            "short" | "shorts" | "shorts views" | "short views" => ServiceKind::Shorts,
            "live" | "livestream" | "livestreams" | "live stream" | "live streams"
            | "live views" | "livestream views" | "live stream views" | "live viewers" => {
                ServiceKind::Live
            }
            "member" | "members" | "group members" | "channel members" => ServiceKind::Members,
            "play" | "plays" | "stream" | "streams" => ServiceKind::Plays,
            "save" | "saves" | "bookmark" | "bookmarks" => ServiceKind::Saves,
            "share" | "shares" | "retweet" | "retweets" | "repost" | "reposts" => {
                ServiceKind::Shares
            }
            _ => ServiceKind::Other(norm),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            ServiceKind::Subscribers => "Subscribers",
            ServiceKind::Followers => "Followers",
            ServiceKind::Likes => "Likes",
            ServiceKind::Views => "Views",
            ServiceKind::Comments => "Comments",
            ServiceKind::Shorts => "Shorts views",
            ServiceKind::Live => "Live stream views",
            ServiceKind::Members => "Members",
            ServiceKind::Plays => "Plays",
            ServiceKind::Saves => "Saves",
            ServiceKind::Shares => "Shares",
            ServiceKind::Other(name) => name,
        }
    }

    /// The canonical lower-case form written back to storage; `parse(key())` round-trips.
    pub fn key(&self) -> &str {
        match self {
            ServiceKind::Subscribers => "subscribers",
            ServiceKind::Followers => "followers",
            ServiceKind::Likes => "likes",
            ServiceKind::Views => "views",
            ServiceKind::Comments => "comments",
            ServiceKind::Shorts => "shorts",
            ServiceKind::Live => "live",
            ServiceKind::Members => "members",
            ServiceKind::Plays => "plays",
            ServiceKind::Saves => "saves",
            ServiceKind::Shares => "shares",
            ServiceKind::Other(name) => name,
        }
    }
}

/// Lower case, with every run of whitespace, `_` or `-` turned into one space, so the
/// hand-typed spellings of one name compare equal.
fn normalise(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut gap = false;
    for c in raw.trim().chars() {
        if c.is_whitespace() || c == '_' || c == '-' {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        out.push(crate::core::fold::lower_char(c));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_parse_from_dirty_stored_text() {
        let cases = [
            ("youtube ", Platform::YouTube),
            ("YouTube", Platform::YouTube),
            ("  YT", Platform::YouTube),
            ("You_Tube", Platform::YouTube),
            ("instagram", Platform::Instagram),
            ("IG", Platform::Instagram),
            ("Insta", Platform::Instagram),
            ("TikTok", Platform::TikTok),
            ("tik tok", Platform::TikTok),
            ("Tik-Tok", Platform::TikTok),
            ("tik__tok", Platform::TikTok),
            ("Twitter", Platform::X),
            ("x", Platform::X),
            ("X.com", Platform::X),
            ("X (Twitter)", Platform::X),
            ("twitch", Platform::Twitch),
            ("Spotify", Platform::Spotify),
            ("TG", Platform::Telegram),
            ("telegram", Platform::Telegram),
            ("FB", Platform::Facebook),
            ("Facebook ", Platform::Facebook),
            ("Threads", Platform::Threads),
            ("kick", Platform::Kick),
            ("Snapchat", Platform::Snapchat),
            ("reddit", Platform::Reddit),
            ("LinkedIn", Platform::LinkedIn),
            ("Linked-In", Platform::LinkedIn),
            ("  Sound   Cloud ", Platform::Other("sound cloud".into())),
            ("Discord", Platform::Other("discord".into())),
        ];
        for (raw, want) in cases {
            assert_eq!(Platform::parse(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn kinds_parse_singular_plural_and_aliases() {
        let cases = [
            ("subs", ServiceKind::Subscribers),
            ("Sub", ServiceKind::Subscribers),
            ("Subscriber", ServiceKind::Subscribers),
            ("subscribers ", ServiceKind::Subscribers),
            ("follower", ServiceKind::Followers),
            ("Followers", ServiceKind::Followers),
            ("like", ServiceKind::Likes),
            ("LIKES", ServiceKind::Likes),
            ("view", ServiceKind::Views),
            ("Views", ServiceKind::Views),
            ("comment", ServiceKind::Comments),
            ("short", ServiceKind::Shorts),
            ("Shorts Views", ServiceKind::Shorts),
            ("shorts_views", ServiceKind::Shorts),
            ("live", ServiceKind::Live),
            ("Livestream", ServiceKind::Live),
            ("live-stream", ServiceKind::Live),
            ("Live Views", ServiceKind::Live),
            ("member", ServiceKind::Members),
            ("Members", ServiceKind::Members),
            ("play", ServiceKind::Plays),
            ("streams", ServiceKind::Plays),
            ("save", ServiceKind::Saves),
            ("Shares", ServiceKind::Shares),
            ("retweets", ServiceKind::Shares),
            ("Story  Views", ServiceKind::Other("story views".into())),
        ];
        for (raw, want) in cases {
            assert_eq!(ServiceKind::parse(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn keys_and_names_round_trip() {
        let platforms = Platform::KNOWN
            .into_iter()
            .chain([Platform::Other("sound cloud".into())]);
        for p in platforms {
            assert_eq!(Platform::parse(p.key()), p);
            assert_eq!(Platform::parse(p.name()), p);
        }
        let kinds = ServiceKind::KNOWN
            .into_iter()
            .chain([ServiceKind::Other("story views".into())]);
        for k in kinds {
            assert_eq!(ServiceKind::parse(k.key()), k);
            assert_eq!(ServiceKind::parse(k.name()), k);
        }
    }

    #[test]
    fn display_names() {
        assert_eq!(Platform::X.name(), "X (Twitter)");
        assert_eq!(Platform::X.key(), "x");
        assert_eq!(Platform::LinkedIn.name(), "LinkedIn");
        assert_eq!(ServiceKind::Subscribers.name(), "Subscribers");
    }
}
