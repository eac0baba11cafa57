//! The link a buyer pastes, parsed once into a canonical `https://` URL.
//!
//! A `Link` is only ever built here, so whoever holds one knows: the host is exactly one of
//! the platform's own hosts (no look-alikes, no userinfo or port tricks), the path is the kind
//! of page the service needs, and tracking noise is gone, so the same target always yields
//! the same string. Parsing is hand-written because a URL crate would bloat the WebAssembly.

mod platforms;
#[cfg(test)]
mod tests;
mod url;

use self::platforms::{hosts, recognise};
use self::url::{listed, public_host, Url};
use super::service::{Platform, ServiceKind};
use std::fmt;

const NOT_A_LINK: &str =
    "That does not look like a web link. Paste the full link, starting with https://";

/// A canonical `https://` URL that fits the service it was parsed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link(String);

impl Link {
    pub fn parse(platform: &Platform, kind: &ServiceKind, raw: &str) -> Result<Link, LinkError> {
        let url = Url::split(raw).ok_or_else(|| LinkError::new(NOT_A_LINK))?;
        if let Platform::Other(_) = platform {
            if !public_host(&url.host) {
                return Err(LinkError::new(NOT_A_LINK));
            }
            return Ok(Link(url.other_canonical()));
        }
        if !url.host.contains('.') {
            return Err(LinkError::new(NOT_A_LINK));
        }
        if !listed(hosts(platform), &url.host) {
            let name = platform.name();
            let msg = format!(
                "This service needs {} {name} link; that link is not from {name}.",
                a(name)
            );
            return Err(LinkError(msg));
        }
        let wants = wanted(platform, kind);
        let needs = || {
            let (what, example) = describe(platform, wants);
            format!(
                "This service needs {} {what} link, like {example}",
                a(&what)
            )
        };
        let Some((form, canonical)) = recognise(platform, &url) else {
            return Err(LinkError(format!(
                "{} — that link does not point to one.",
                needs()
            )));
        };
        if !wants.is_empty() && !wants.contains(&form) {
            let found = noun(platform, form).1;
            return Err(LinkError(format!(
                "{} — that is {} {found} link.",
                needs(),
                a(found)
            )));
        }
        Ok(Link(canonical))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What `parse` will make of a link, guessed before the code is read: the canonical form
    /// for the platform its host belongs to. A redemption reserves the code with this in the
    /// same round trip that reads it; `parse` then decides, and yields exactly this text
    /// whenever it accepts the link for a code of that platform (`guess_is_what_parse_makes`).
    pub fn guess(raw: &str) -> Option<String> {
        let url = Url::split(raw)?;
        for platform in Platform::KNOWN {
            if url.host.contains('.') && listed(hosts(&platform), &url.host) {
                return recognise(&platform, &url).map(|(_, canonical)| canonical);
            }
        }
        public_host(&url.host).then(|| url.other_canonical())
    }
}

/// Why a pasted link was refused, in words meant for the buyer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError(String);

impl LinkError {
    fn new(message: &str) -> LinkError {
        LinkError(message.to_string())
    }

    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the redemption page shows under the link field before the buyer types.
pub fn link_hint(platform: &Platform, kind: &ServiceKind) -> String {
    if let Platform::Other(_) = platform {
        return "Paste the full link, starting with https://".to_string();
    }
    let (what, example) = describe(platform, wanted(platform, kind));
    format!("Paste {} {what} link, like {example}", a(&what))
}

/// The kinds of page a link can point to; the service kind decides which it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Profile,
    Post,
    Short,
    Track,
    Playlist,
    Album,
    Artist,
}

/// Forms the service accepts; empty means any page of the platform we recognise.
fn wanted(platform: &Platform, kind: &ServiceKind) -> &'static [Form] {
    use Form::*;
    use Platform as P;
    use ServiceKind as K;
    match (kind, platform) {
        (K::Other(_), _) | (_, P::Other(_)) => &[],
        (K::Subscribers | K::Followers | K::Members, P::Spotify) => &[Artist, Playlist, Profile],
        (K::Subscribers | K::Followers | K::Members, _) => &[Profile],
        (K::Plays, P::Spotify) => &[Track, Playlist, Album],
        (K::Likes | K::Saves, P::Spotify) => &[Track, Playlist],
        (_, P::Spotify) => &[],
        (K::Views, P::Twitch | P::Kick) => &[Profile],
        (K::Shorts, P::YouTube) => &[Short],
        (K::Live, P::YouTube) => &[Post, Profile],
        (K::Live, P::Twitch | P::Kick | P::TikTok) => &[Profile],
        (K::Live, _) => &[Profile, Post],
        (_, P::YouTube) => &[Post, Short],
        _ => &[Post],
    }
}

/// The noun for a form on a platform, as a buyer would say it.
/// What a page is called for a platform: a stable key (pages translate it) and the English.
fn noun(platform: &Platform, form: Form) -> (&'static str, &'static str) {
    use Platform as P;
    match (form, platform) {
        (Form::Profile, P::YouTube | P::Twitch | P::Kick) => ("channel", "channel"),
        (Form::Profile, P::Telegram) => ("channel_or_group", "channel or group"),
        (Form::Profile, P::Facebook) => ("page_or_profile", "page or profile"),
        (Form::Profile, P::Reddit) => ("profile_or_community", "profile or community"),
        (Form::Profile, P::LinkedIn) => ("profile_or_company", "profile or company"),
        (Form::Profile, P::Spotify) => ("user_profile", "user profile"),
        (Form::Profile, _) => ("profile", "profile"),
        (Form::Post, P::YouTube | P::TikTok | P::Twitch | P::Kick) => ("video", "video"),
        (Form::Post, _) => ("post", "post"),
        (Form::Short, _) => ("shorts", "Shorts"),
        (Form::Track, _) => ("track", "track"),
        (Form::Playlist, _) => ("playlist", "playlist"),
        (Form::Album, _) => ("album", "album"),
        (Form::Artist, _) => ("artist", "artist"),
    }
}

/// Every page key `link_pages` may answer, for pages that translate them.
pub const PAGE_KEYS: [&str; 14] = [
    "channel",
    "channel_or_group",
    "page_or_profile",
    "profile_or_community",
    "profile_or_company",
    "user_profile",
    "profile",
    "video",
    "post",
    "shorts",
    "track",
    "playlist",
    "album",
    "artist",
];

/// The hint as data: the keys of the pages a link may point to (empty: any page of the
/// platform) and an example link, so a page can say `link_hint` in the buyer's language.
pub fn link_pages(platform: &Platform, kind: &ServiceKind) -> (Vec<&'static str>, &'static str) {
    if let Platform::Other(_) = platform {
        return (Vec::new(), "https://");
    }
    let wants = wanted(platform, kind);
    let first = wants.first().copied().unwrap_or(Form::Profile);
    (
        wants.iter().map(|&f| noun(platform, f).0).collect(),
        example(platform, first),
    )
}

fn example(platform: &Platform, form: Form) -> &'static str {
    use Platform as P;
    match (platform, form) {
        (P::YouTube, Form::Profile) => "https://www.youtube.com/@channel",
        (P::YouTube, Form::Short) => "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        (P::YouTube, _) => "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        (P::Instagram, Form::Profile) => "https://www.instagram.com/username",
        (P::Instagram, _) => "https://www.instagram.com/p/C8x2kLmNq4R",
        (P::TikTok, Form::Profile) => "https://www.tiktok.com/@username",
        (P::TikTok, _) => "https://www.tiktok.com/@username/video/7301234567890123456",
        (P::X, Form::Profile) => "https://x.com/username",
        (P::X, _) => "https://x.com/username/status/1790000000000000000",
        (P::Twitch, Form::Profile) => "https://www.twitch.tv/channelname",
        (P::Twitch, _) => "https://www.twitch.tv/videos/2100000000",
        (P::Spotify, Form::Artist) => "https://open.spotify.com/artist/0OdUWJ0sBjDrqHygGUXeCF",
        (P::Spotify, Form::Playlist) => "https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M",
        (P::Spotify, Form::Album) => "https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy",
        (P::Spotify, Form::Profile) => "https://open.spotify.com/user/username",
        (P::Spotify, _) => "https://open.spotify.com/track/4cOdK2wGLETKBW3PvgPWqT",
        (P::Telegram, Form::Profile) => "https://t.me/channelname",
        (P::Telegram, _) => "https://t.me/channelname/123",
        (P::Facebook, Form::Profile) => "https://www.facebook.com/pagename",
        (P::Facebook, _) => "https://www.facebook.com/pagename/posts/1234567890",
        (P::Threads, Form::Profile) => "https://www.threads.com/@username",
        (P::Threads, _) => "https://www.threads.com/@username/post/C8x2kLmNq4R",
        (P::Kick, Form::Profile) => "https://kick.com/channelname",
        (P::Kick, _) => "https://kick.com/video/0b3a5c1e-2f4d-4e6a-9b8c-7d1e2f3a4b5c",
        (P::Snapchat, Form::Profile) => "https://www.snapchat.com/add/username",
        (P::Snapchat, _) => "https://www.snapchat.com/spotlight/W7_EDlXWTBiXAEEniNoMPwAA",
        (P::Reddit, Form::Profile) => "https://www.reddit.com/user/username",
        (P::Reddit, _) => "https://www.reddit.com/r/subreddit/comments/1abcde2",
        (P::LinkedIn, Form::Profile) => "https://www.linkedin.com/in/username",
        (P::LinkedIn, _) => {
            "https://www.linkedin.com/feed/update/urn:li:activity:7200000000000000000"
        }
        (P::Other(_), _) => "https://example.com/page",
    }
}

/// "YouTube video or Shorts" and one example, for hints and errors alike.
fn describe(platform: &Platform, wants: &[Form]) -> (String, &'static str) {
    let Some((&first, _)) = wants.split_first() else {
        return (
            platform.name().to_string(),
            example(platform, Form::Profile),
        );
    };
    let nouns: Vec<&str> = wants.iter().map(|&f| noun(platform, f).1).collect();
    let joined = match nouns.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => nouns[0].to_string(),
    };
    (
        format!("{} {joined}", platform.name()),
        example(platform, first),
    )
}

/// "an Instagram", "an X (Twitter)", "a YouTube".
fn a(word: &str) -> &'static str {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some('X'), next) if !next.is_some_and(|c| c.is_ascii_lowercase()) => "an",
        (Some(c), _) if "aeiouAEIOU".contains(c) => "an",
        _ => "a",
    }
}
