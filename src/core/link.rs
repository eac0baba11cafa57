//! The link a buyer pastes, parsed once into a canonical `https://` URL.
//!
//! A `Link` is only ever built here, so whoever holds one knows: the host is exactly one of
//! the platform's own hosts (no look-alikes, no userinfo or port tricks), the path is the kind
//! of page the service needs, and tracking noise is gone, so the same target always yields
//! the same string. Parsing is hand-written because a URL crate would bloat the WebAssembly.

use super::service::{Platform, ServiceKind};
use std::fmt;

const MAX_LEN: usize = 2048;
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
            let found = noun(platform, form);
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
fn noun(platform: &Platform, form: Form) -> &'static str {
    use Platform as P;
    match (form, platform) {
        (Form::Profile, P::YouTube | P::Twitch | P::Kick) => "channel",
        (Form::Profile, P::Telegram) => "channel or group",
        (Form::Profile, P::Facebook) => "page or profile",
        (Form::Profile, P::Reddit) => "profile or community",
        (Form::Profile, P::LinkedIn) => "profile or company",
        (Form::Profile, P::Spotify) => "user profile",
        (Form::Profile, _) => "profile",
        (Form::Post, P::YouTube | P::TikTok | P::Twitch | P::Kick) => "video",
        (Form::Post, _) => "post",
        (Form::Short, _) => "Shorts",
        (Form::Track, _) => "track",
        (Form::Playlist, _) => "playlist",
        (Form::Album, _) => "album",
        (Form::Artist, _) => "artist",
    }
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
    let nouns: Vec<&str> = wants.iter().map(|&f| noun(platform, f)).collect();
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

/// Every host a platform serves pages from, space-separated.
fn hosts(platform: &Platform) -> &'static str {
    match platform {
        Platform::YouTube => "www.youtube.com youtube.com m.youtube.com music.youtube.com youtu.be",
        Platform::Instagram => "www.instagram.com instagram.com m.instagram.com",
        Platform::TikTok => "www.tiktok.com tiktok.com m.tiktok.com vm.tiktok.com vt.tiktok.com",
        Platform::X => {
            "x.com www.x.com mobile.x.com twitter.com www.twitter.com \
            mobile.twitter.com"
        }
        Platform::Twitch => "www.twitch.tv twitch.tv m.twitch.tv",
        Platform::Spotify => "open.spotify.com",
        Platform::Telegram => "t.me telegram.me www.t.me www.telegram.me",
        Platform::Facebook => {
            "www.facebook.com facebook.com m.facebook.com \
            web.facebook.com fb.com www.fb.com fb.watch"
        }
        Platform::Threads => "www.threads.com threads.com www.threads.net threads.net",
        Platform::Kick => "kick.com www.kick.com",
        Platform::Snapchat => "www.snapchat.com snapchat.com",
        Platform::Reddit => "www.reddit.com reddit.com old.reddit.com new.reddit.com m.reddit.com",
        Platform::LinkedIn => "www.linkedin.com linkedin.com",
        Platform::Other(_) => "",
    }
}

/// Query keys that only say who shared a link, never what it points to.
const TRACKERS: &str = "fbclid gclid dclid msclkid igsh igshid mc_cid mc_eid";

/// A pasted link taken apart: lower-case host, non-empty path segments, query pairs.
struct Url<'a> {
    host: String,
    path: Vec<&'a str>,
    query: Vec<(&'a str, &'a str)>,
}

impl<'a> Url<'a> {
    /// `None` for anything that is not a plain http(s) link to a named host.
    fn split(raw: &'a str) -> Option<Url<'a>> {
        let raw = raw.trim();
        let unsafe_char = |c: char| c.is_whitespace() || c.is_control() || c == '\\';
        if raw.is_empty() || raw.chars().count() > MAX_LEN || raw.chars().any(unsafe_char) {
            return None;
        }
        let rest = strip_scheme(raw)?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, rest) = rest.split_at(end);
        // Userinfo ("youtube.com@evil.io") and encoded hosts exist to fool the eye.
        if authority.contains(['@', '%', '[', ']']) {
            return None;
        }
        let host = match authority.split_once(':') {
            Some((host, "443" | "80")) => host,
            Some(_) => return None,
            None => authority,
        };
        let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
        if host.is_empty() {
            return None;
        }
        let rest = rest.split('#').next().unwrap_or("");
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let path: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        if path.iter().any(|s| *s == "." || *s == "..") {
            return None;
        }
        let query = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once('=').unwrap_or((p, "")))
            .collect();
        Some(Url { host, path, query })
    }

    fn param(&self, name: &str) -> Option<&'a str> {
        self.query.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
    }

    /// For hosts we have no rules for: keep path and query, drop only well-known trackers.
    fn other_canonical(&self) -> String {
        let mut out = format!("https://{}", self.host);
        for seg in &self.path {
            out.push('/');
            encode_into(&mut out, seg);
        }
        let mut sep = '?';
        for (k, v) in &self.query {
            let tracker = k.starts_with("utm_") || listed(TRACKERS, k);
            if tracker {
                continue;
            }
            out.push(sep);
            sep = '&';
            encode_into(&mut out, k);
            if !v.is_empty() {
                out.push('=');
                encode_into(&mut out, v);
            }
        }
        out
    }
}

fn strip_scheme(raw: &str) -> Option<&str> {
    for scheme in ["https://", "http://"] {
        if let Some(head) = raw.get(..scheme.len()) {
            if head.eq_ignore_ascii_case(scheme) {
                return Some(&raw[scheme.len()..]);
            }
        }
    }
    // Without a scheme the text must start with a host: "//x" stops here, while
    // "javascript:…", "data:…" and "ftp://…" fail later as a host with a bad port.
    (!raw.starts_with('/')).then_some(raw)
}

/// Percent-encodes what must not appear raw in a URL (non-ASCII, quotes, angle brackets).
fn encode_into(out: &mut String, text: &str) {
    for b in text.bytes() {
        if b.is_ascii_graphic() && !b"\"<>`{}|^".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// A registrable-looking public name: no IP literals, no single-label or local names.
fn public_host(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let tld = labels.last().copied().unwrap_or("");
    host.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(label_ok)
        && !tld.bytes().all(|b| b.is_ascii_digit())
        && !["localhost", "local", "internal", "lan", "home", "arpa"].contains(&tld)
}

/// True when `s` is `min..=max` characters of ASCII letters, digits and `extra`.
fn chars_ok(s: &str, min: usize, max: usize, extra: &str) -> bool {
    (min..=max).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
}

/// True when `word` is, ignoring ASCII case, one of the space-separated words of `list`.
fn listed(list: &str, word: &str) -> bool {
    list.split(' ').any(|w| w.eq_ignore_ascii_case(word))
}

fn digits(s: &str) -> bool {
    (1..=25).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// A trailing tab of a profile page ("/videos", "/about", "/with_replies") still names it.
fn tab(rest: &[&str]) -> bool {
    rest.len() <= 1
        && rest
            .iter()
            .all(|s| s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
}

type Found = Option<(Form, String)>;

fn recognise(platform: &Platform, url: &Url) -> Found {
    match platform {
        Platform::YouTube => youtube(url),
        Platform::Instagram => instagram(url),
        Platform::TikTok => tiktok(url),
        Platform::X => x(url),
        Platform::Twitch => twitch(url),
        Platform::Spotify => spotify(url),
        Platform::Telegram => telegram(url),
        Platform::Facebook => facebook(url),
        Platform::Threads => threads(url),
        Platform::Kick => kick(url),
        Platform::Snapchat => snapchat(url),
        Platform::Reddit => reddit(url),
        Platform::LinkedIn => linkedin(url),
        Platform::Other(_) => None,
    }
}

fn youtube(url: &Url) -> Found {
    let video_id = |id: &str| chars_ok(id, 11, 11, "_-");
    let watch = |id: &str| Some((Form::Post, format!("https://www.youtube.com/watch?v={id}")));
    let channel = |path: String| Some((Form::Profile, format!("https://www.youtube.com/{path}")));
    if url.host == "youtu.be" {
        return match url.path[..] {
            [id] if video_id(id) => watch(id),
            _ => None,
        };
    }
    match url.path[..] {
        ["watch"] => url.param("v").filter(|id| video_id(id)).and_then(watch),
        ["live" | "embed" | "v", id] if video_id(id) => watch(id),
        ["shorts", id] if video_id(id) => {
            Some((Form::Short, format!("https://www.youtube.com/shorts/{id}")))
        }
        ["channel", id, ref rest @ ..]
            if id.starts_with("UC") && chars_ok(id, 24, 24, "_-") && tab(rest) =>
        {
            channel(format!("channel/{id}"))
        }
        [kind @ ("c" | "user"), name, ref rest @ ..]
            if chars_ok(name, 1, 100, "._-") && tab(rest) =>
        {
            channel(format!("{kind}/{name}"))
        }
        [handle, ref rest @ ..] if tab(rest) => {
            let name = handle
                .strip_prefix('@')
                .filter(|n| chars_ok(n, 3, 30, "._-"))?;
            channel(format!("@{name}"))
        }
        _ => None,
    }
}

const INSTAGRAM_RESERVED: &str =
    "p reel reels tv explore stories accounts direct about legal developer web emails \
    challenge session privacy terms press api graphql static";

fn instagram(url: &Url) -> Found {
    let code = |c: &str| chars_ok(c, 5, 64, "_-");
    let post =
        |kind: &str, c: &str| Some((Form::Post, format!("https://www.instagram.com/{kind}/{c}")));
    match url.path[..] {
        ["p", c] | [_, "p", c] if code(c) => post("p", c),
        ["reel" | "reels", c] | [_, "reel" | "reels", c] if code(c) => post("reel", c),
        ["tv", c] | [_, "tv", c] if code(c) => post("tv", c),
        [user, ref rest @ ..] if tab(rest) => {
            let user = user.to_ascii_lowercase();
            let ok = chars_ok(&user, 1, 30, "._")
                && !user.starts_with('.')
                && !listed(INSTAGRAM_RESERVED, &user);
            ok.then(|| (Form::Profile, format!("https://www.instagram.com/{user}")))
        }
        _ => None,
    }
}

fn tiktok(url: &Url) -> Found {
    if url.host == "vm.tiktok.com" || url.host == "vt.tiktok.com" {
        return match url.path[..] {
            [c] if chars_ok(c, 5, 20, "") => {
                Some((Form::Post, format!("https://{}/{c}", url.host)))
            }
            _ => None,
        };
    }
    let user = |u: &str| {
        let u = u.strip_prefix('@')?.to_ascii_lowercase();
        chars_ok(&u, 2, 24, "._").then_some(u)
    };
    match url.path[..] {
        ["t", c] if chars_ok(c, 5, 20, "") => {
            Some((Form::Post, format!("https://www.tiktok.com/t/{c}")))
        }
        [u, kind @ ("video" | "photo"), id] if digits(id) => Some((
            Form::Post,
            format!("https://www.tiktok.com/@{}/{kind}/{id}", user(u)?),
        )),
        [u] | [u, "live"] => Some((
            Form::Profile,
            format!("https://www.tiktok.com/@{}", user(u)?),
        )),
        _ => None,
    }
}

const X_RESERVED: &str =
    "home i search explore settings intent share notifications messages compose login logout \
    signup tos privacy hashtag about download jobs account lists";

fn x(url: &Url) -> Found {
    let handle = |u: &str| chars_ok(u, 1, 15, "_") && !listed(X_RESERVED, u);
    match url.path[..] {
        ["i", "web" | "status", ..] => match url.path[1..] {
            ["web", "status", id, ..] | ["status", id, ..] if digits(id) => {
                Some((Form::Post, format!("https://x.com/i/web/status/{id}")))
            }
            _ => None,
        },
        [u, "status" | "statuses", id, ..] if handle(u) && digits(id) => {
            Some((Form::Post, format!("https://x.com/{u}/status/{id}")))
        }
        [u, ref rest @ ..] if handle(u) && tab(rest) => {
            Some((Form::Profile, format!("https://x.com/{u}")))
        }
        _ => None,
    }
}

const TWITCH_RESERVED: &str =
    "directory videos settings p search downloads jobs turbo subscriptions inventory wallet \
    drops friends messages login signup prime store";

fn twitch(url: &Url) -> Found {
    match url.path[..] {
        ["videos", id] if digits(id) => {
            Some((Form::Post, format!("https://www.twitch.tv/videos/{id}")))
        }
        [name, "clip", slug] if chars_ok(name, 3, 25, "_") && chars_ok(slug, 3, 100, "_-") => {
            let name = name.to_ascii_lowercase();
            Some((
                Form::Post,
                format!("https://www.twitch.tv/{name}/clip/{slug}"),
            ))
        }
        [name, ref rest @ ..] if tab(rest) => {
            let name = name.to_ascii_lowercase();
            let ok = chars_ok(&name, 3, 25, "_") && !listed(TWITCH_RESERVED, &name);
            ok.then(|| (Form::Profile, format!("https://www.twitch.tv/{name}")))
        }
        _ => None,
    }
}

fn spotify(url: &Url) -> Found {
    let path = match url.path[..] {
        [locale, ref rest @ ..] if locale.starts_with("intl-") => rest,
        ref all => all,
    };
    let id22 = |id: &str| chars_ok(id, 22, 22, "");
    let (form, kind, id) = match path {
        ["track", id] if id22(id) => (Form::Track, "track", id),
        ["playlist", id] if id22(id) => (Form::Playlist, "playlist", id),
        ["album", id] if id22(id) => (Form::Album, "album", id),
        ["artist", id] if id22(id) => (Form::Artist, "artist", id),
        ["user", id] if chars_ok(id, 1, 64, "._-") => (Form::Profile, "user", id),
        _ => return None,
    };
    Some((form, format!("https://open.spotify.com/{kind}/{id}")))
}

const TELEGRAM_RESERVED: &str = "s c joinchat addstickers addemoji share proxy socks iv login";

fn telegram(url: &Url) -> Found {
    let name = |n: &str| {
        chars_ok(n, 4, 32, "_")
            && n.starts_with(|c: char| c.is_ascii_alphabetic())
            && !listed(TELEGRAM_RESERVED, n)
    };
    let invite = |c: &str| chars_ok(c, 8, 64, "_-");
    let profile = |p: String| Some((Form::Profile, format!("https://t.me/{p}")));
    let post = |p: String| Some((Form::Post, format!("https://t.me/{p}")));
    match url.path[..] {
        ["joinchat", c] if invite(c) => profile(format!("joinchat/{c}")),
        [c] if c.strip_prefix('+').is_some_and(invite) => profile(c.to_string()),
        ["c", chan, n] if digits(chan) && digits(n) => post(format!("c/{chan}/{n}")),
        ["s", n] | [n] if name(n) => profile(n.to_string()),
        ["s", n, id] | [n, id] if name(n) && digits(id) => post(format!("{n}/{id}")),
        _ => None,
    }
}

const FACEBOOK_RESERVED: &str =
    "watch reel reels share groups events marketplace gaming login help pages photo photo.php \
    permalink.php story.php profile.php hashtag settings privacy policies business ads home.php \
    search friends messages notifications stories";

fn facebook(url: &Url) -> Found {
    let fb = |form, p: String| Some((form, format!("https://www.facebook.com/{p}")));
    let id = |s: &str| chars_ok(s, 1, 80, "");
    let page = |n: &str| chars_ok(n, 2, 80, ".-") && !listed(FACEBOOK_RESERVED, n);
    if url.host == "fb.watch" {
        return match url.path[..] {
            [c] if chars_ok(c, 5, 20, "_-") => Some((Form::Post, format!("https://fb.watch/{c}"))),
            _ => None,
        };
    }
    match url.path[..] {
        ["profile.php"] => {
            let n = url.param("id").filter(|n| digits(n))?;
            fb(Form::Profile, format!("profile.php?id={n}"))
        }
        ["permalink.php" | "story.php"] => {
            let story = url.param("story_fbid").filter(|s| id(s))?;
            let owner = url.param("id").filter(|n| digits(n))?;
            fb(
                Form::Post,
                format!("permalink.php?story_fbid={story}&id={owner}"),
            )
        }
        ["photo.php" | "photo"] => fb(
            Form::Post,
            format!(
                "photo.php?fbid={}",
                url.param("fbid").filter(|n| digits(n))?
            ),
        ),
        ["watch"] => fb(
            Form::Post,
            format!("watch?v={}", url.param("v").filter(|n| digits(n))?),
        ),
        ["reel", n] if digits(n) => fb(Form::Post, format!("reel/{n}")),
        ["share", kind @ ("p" | "v" | "r"), c] if chars_ok(c, 5, 40, "_-") => {
            fb(Form::Post, format!("share/{kind}/{c}"))
        }
        ["groups", g, kind @ ("posts" | "permalink"), p, ..] if page(g) && id(p) => {
            fb(Form::Post, format!("groups/{g}/{kind}/{p}"))
        }
        ["groups", g, ref rest @ ..] if page(g) && tab(rest) => {
            fb(Form::Profile, format!("groups/{g}"))
        }
        [n, kind @ ("posts" | "videos"), p] if page(n) && id(p) => {
            fb(Form::Post, format!("{n}/{kind}/{p}"))
        }
        [n, ref rest @ ..] if page(n) && tab(rest) => fb(Form::Profile, n.to_string()),
        _ => None,
    }
}

fn threads(url: &Url) -> Found {
    let [u, ref rest @ ..] = url.path[..] else {
        return None;
    };
    let u = u.strip_prefix('@')?.to_ascii_lowercase();
    if !chars_ok(&u, 1, 30, "._") {
        return None;
    }
    match rest {
        [] => Some((Form::Profile, format!("https://www.threads.com/@{u}"))),
        ["post", c] if chars_ok(c, 5, 64, "_-") => {
            Some((Form::Post, format!("https://www.threads.com/@{u}/post/{c}")))
        }
        _ => None,
    }
}

const KICK_RESERVED: &str =
    "categories browse following search dashboard video clips terms privacy";

fn kick(url: &Url) -> Found {
    let uuid = |s: &str| s.len() == 36 && s.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    match url.path[..] {
        ["video", v] | [_, "videos", v] if uuid(v) => Some((
            Form::Post,
            format!("https://kick.com/video/{}", v.to_ascii_lowercase()),
        )),
        [name, ref rest @ ..] if tab(rest) => {
            let name = name.to_ascii_lowercase();
            let ok = chars_ok(&name, 3, 25, "_") && !listed(KICK_RESERVED, &name);
            ok.then(|| (Form::Profile, format!("https://kick.com/{name}")))
        }
        _ => None,
    }
}

fn snapchat(url: &Url) -> Found {
    let user = match url.path[..] {
        ["spotlight", id] if chars_ok(id, 10, 80, "_-") => {
            return Some((
                Form::Post,
                format!("https://www.snapchat.com/spotlight/{id}"),
            ));
        }
        ["add", u] => u,
        [u] => u.strip_prefix('@')?,
        _ => return None,
    };
    let user = user.to_ascii_lowercase();
    chars_ok(&user, 3, 15, "._-").then(|| {
        (
            Form::Profile,
            format!("https://www.snapchat.com/add/{user}"),
        )
    })
}

fn reddit(url: &Url) -> Found {
    let sub = |s: &str| chars_ok(s, 2, 21, "_");
    // Post ids are lower-case base 36.
    let post_id = |s: &str| chars_ok(s, 1, 10, "") && !s.bytes().any(|b| b.is_ascii_uppercase());
    let rd = |form, p: String| Some((form, format!("https://www.reddit.com/{p}")));
    match url.path[..] {
        ["r", s, "comments", id, ..] if sub(s) && post_id(id) => {
            rd(Form::Post, format!("r/{s}/comments/{id}"))
        }
        ["r", s, "s", c] if sub(s) && chars_ok(c, 5, 20, "") => {
            rd(Form::Post, format!("r/{s}/s/{c}"))
        }
        ["comments", id, ..] if post_id(id) => rd(Form::Post, format!("comments/{id}")),
        ["r", s, ref rest @ ..] if sub(s) && tab(rest) => rd(Form::Profile, format!("r/{s}")),
        ["user" | "u", n, ref rest @ ..] if chars_ok(n, 3, 20, "_-") && tab(rest) => {
            rd(Form::Profile, format!("user/{n}"))
        }
        _ => None,
    }
}

fn linkedin(url: &Url) -> Found {
    let li = |form, p: String| Some((form, format!("https://www.linkedin.com/{p}")));
    match url.path[..] {
        [kind @ ("in" | "company"), n, ref rest @ ..] if chars_ok(n, 2, 100, "_-") && tab(rest) => {
            li(Form::Profile, format!("{kind}/{n}"))
        }
        [kind @ ("posts" | "pulse"), slug] if chars_ok(slug, 5, 200, "_-.") => {
            li(Form::Post, format!("{kind}/{slug}"))
        }
        ["feed", "update", urn] => {
            let (kind, n) = urn.strip_prefix("urn:li:")?.split_once(':')?;
            let ok = ["activity", "share", "ugcPost"].contains(&kind) && digits(n);
            ok.then(|| {
                (
                    Form::Post,
                    format!("https://www.linkedin.com/feed/update/urn:li:{kind}:{n}"),
                )
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Platform as P;
    use ServiceKind as K;

    fn parse(p: &Platform, k: &ServiceKind, raw: &str) -> Result<String, String> {
        Link::parse(p, k, raw)
            .map(|l| l.as_str().to_string())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn good_links_come_out_canonical() {
        let cases: &[(Platform, ServiceKind, &str, &str)] = &[
            // YouTube
            (P::YouTube, K::Views, "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            (P::YouTube, K::Likes, "https://youtu.be/dQw4w9WgXcQ?si=AbCdEf123&t=42", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            (P::YouTube, K::Comments, "http://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=1s#c", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            (P::YouTube, K::Views, "youtube.com/watch?v=dQw4w9WgXcQ&list=PL123&index=2", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            (P::YouTube, K::Views, "HTTPS://WWW.YOUTUBE.COM./watch?v=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            (P::YouTube, K::Views, "https://music.youtube.com/watch?v=dQw4w9WgXcQ&si=x", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            (P::YouTube, K::Views, "https://www.youtube.com:443/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            (P::YouTube, K::Views, "https://www.youtube.com/shorts/aBcDeFgHiJk?feature=share", "https://www.youtube.com/shorts/aBcDeFgHiJk"),
            (P::YouTube, K::Shorts, "https://youtube.com/shorts/aBcDeFgHiJk?si=abc", "https://www.youtube.com/shorts/aBcDeFgHiJk"),
            (P::YouTube, K::Live, "https://www.youtube.com/live/aBcDeFgHiJk?si=abc", "https://www.youtube.com/watch?v=aBcDeFgHiJk"),
            (P::YouTube, K::Live, "https://www.youtube.com/@MrBeast/streams", "https://www.youtube.com/@MrBeast"),
            (P::YouTube, K::Subscribers, "https://www.youtube.com/@MrBeast/", "https://www.youtube.com/@MrBeast"),
            (P::YouTube, K::Subscribers, "https://m.youtube.com/@some.channel-1?si=x", "https://www.youtube.com/@some.channel-1"),
            (P::YouTube, K::Subscribers, "https://www.youtube.com/channel/UCX6OQ3DkcsbYNE6H8uQQuVA/videos", "https://www.youtube.com/channel/UCX6OQ3DkcsbYNE6H8uQQuVA"),
            (P::YouTube, K::Subscribers, "https://www.youtube.com/c/LinusTechTips", "https://www.youtube.com/c/LinusTechTips"),
            (P::YouTube, K::Members, "https://www.youtube.com/user/PewDiePie", "https://www.youtube.com/user/PewDiePie"),
            (P::YouTube, K::Other("watch hours".into()), "https://youtu.be/dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            // Instagram
            (P::Instagram, K::Followers, "https://www.instagram.com/natgeo/?igsh=MWQ1ZGUxMzBkMA==", "https://www.instagram.com/natgeo"),
            (P::Instagram, K::Followers, "instagram.com/Nat.Geo_1", "https://www.instagram.com/nat.geo_1"),
            (P::Instagram, K::Followers, "https://m.instagram.com/natgeo/reels/", "https://www.instagram.com/natgeo"),
            (P::Instagram, K::Likes, "https://www.instagram.com/p/C8x2kLmNq4R/?utm_source=ig_web_copy_link", "https://www.instagram.com/p/C8x2kLmNq4R"),
            (P::Instagram, K::Views, "https://www.instagram.com/reel/C8x2kLmNq4R/?igsh=abc", "https://www.instagram.com/reel/C8x2kLmNq4R"),
            (P::Instagram, K::Views, "https://www.instagram.com/reels/C8x2kLmNq4R/", "https://www.instagram.com/reel/C8x2kLmNq4R"),
            (P::Instagram, K::Comments, "https://www.instagram.com/natgeo/p/C8x2kLmNq4R/", "https://www.instagram.com/p/C8x2kLmNq4R"),
            (P::Instagram, K::Saves, "https://instagram.com/tv/B_x2kLmNq4R", "https://www.instagram.com/tv/B_x2kLmNq4R"),
            // TikTok
            (P::TikTok, K::Followers, "https://www.tiktok.com/@charlidamelio?lang=en", "https://www.tiktok.com/@charlidamelio"),
            (P::TikTok, K::Live, "https://www.tiktok.com/@Some.User_1/live", "https://www.tiktok.com/@some.user_1"),
            (P::TikTok, K::Views, "https://www.tiktok.com/@scout2015/video/6718335390845095173?is_from_webapp=1&sender_device=pc", "https://www.tiktok.com/@scout2015/video/6718335390845095173"),
            (P::TikTok, K::Likes, "https://m.tiktok.com/@scout2015/photo/7301234567890123456", "https://www.tiktok.com/@scout2015/photo/7301234567890123456"),
            (P::TikTok, K::Shares, "https://vm.tiktok.com/ZMeAbC123/", "https://vm.tiktok.com/ZMeAbC123"),
            (P::TikTok, K::Views, "https://vt.tiktok.com/ZSjAbC123/?k=1", "https://vt.tiktok.com/ZSjAbC123"),
            (P::TikTok, K::Views, "https://www.tiktok.com/t/ZTRabc123/", "https://www.tiktok.com/t/ZTRabc123"),
            // X
            (P::X, K::Followers, "https://twitter.com/elonmusk", "https://x.com/elonmusk"),
            (P::X, K::Followers, "https://mobile.twitter.com/Some_User/with_replies", "https://x.com/Some_User"),
            (P::X, K::Likes, "https://x.com/elonmusk/status/1790000000000000000?s=20&t=AbCdEf", "https://x.com/elonmusk/status/1790000000000000000"),
            (P::X, K::Shares, "https://www.twitter.com/NASA/status/1790000000000000000/photo/1", "https://x.com/NASA/status/1790000000000000000"),
            (P::X, K::Views, "https://x.com/i/web/status/1790000000000000000", "https://x.com/i/web/status/1790000000000000000"),
            // Twitch
            (P::Twitch, K::Followers, "https://www.twitch.tv/Shroud", "https://www.twitch.tv/shroud"),
            (P::Twitch, K::Views, "https://m.twitch.tv/shroud/videos?filter=archives", "https://www.twitch.tv/shroud"),
            (P::Twitch, K::Live, "twitch.tv/xqc", "https://www.twitch.tv/xqc"),
            (P::Twitch, K::Likes, "https://www.twitch.tv/videos/2100000000?t=1h2m", "https://www.twitch.tv/videos/2100000000"),
            (P::Twitch, K::Comments, "https://www.twitch.tv/shroud/clip/FunnyClip-AbC_123", "https://www.twitch.tv/shroud/clip/FunnyClip-AbC_123"),
            // Spotify
            (P::Spotify, K::Plays, "https://open.spotify.com/track/4cOdK2wGLETKBW3PvgPWqT?si=1a2b3c4d", "https://open.spotify.com/track/4cOdK2wGLETKBW3PvgPWqT"),
            (P::Spotify, K::Plays, "https://open.spotify.com/intl-de/album/4aawyAB9vmqN3uQ7FjRGTy", "https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy"),
            (P::Spotify, K::Saves, "https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M?si=abc&pi=u-x", "https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M"),
            (P::Spotify, K::Followers, "https://open.spotify.com/artist/0OdUWJ0sBjDrqHygGUXeCF", "https://open.spotify.com/artist/0OdUWJ0sBjDrqHygGUXeCF"),
            (P::Spotify, K::Followers, "https://open.spotify.com/user/spotify", "https://open.spotify.com/user/spotify"),
            (P::Spotify, K::Followers, "https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M", "https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M"),
            // Telegram
            (P::Telegram, K::Members, "https://t.me/durov", "https://t.me/durov"),
            (P::Telegram, K::Members, "telegram.me/+AbCdEfGhIjKlMnOp", "https://t.me/+AbCdEfGhIjKlMnOp"),
            (P::Telegram, K::Members, "https://t.me/joinchat/AbCdEfGhIjKl_mn", "https://t.me/joinchat/AbCdEfGhIjKl_mn"),
            (P::Telegram, K::Subscribers, "https://t.me/s/durov", "https://t.me/durov"),
            (P::Telegram, K::Views, "https://t.me/durov/123?single", "https://t.me/durov/123"),
            (P::Telegram, K::Views, "https://t.me/s/durov/123", "https://t.me/durov/123"),
            (P::Telegram, K::Views, "https://t.me/c/1234567890/55", "https://t.me/c/1234567890/55"),
            // Facebook
            (P::Facebook, K::Followers, "https://www.facebook.com/zuck", "https://www.facebook.com/zuck"),
            (P::Facebook, K::Followers, "https://m.facebook.com/profile.php?id=100012345678901&mibextid=abc", "https://www.facebook.com/profile.php?id=100012345678901"),
            (P::Facebook, K::Members, "https://www.facebook.com/groups/rustlang/", "https://www.facebook.com/groups/rustlang"),
            (P::Facebook, K::Likes, "https://www.facebook.com/zuck/posts/10115123456789012?__cft__=x", "https://www.facebook.com/zuck/posts/10115123456789012"),
            (P::Facebook, K::Likes, "https://facebook.com/zuck/posts/pfbid02AbCdEf123", "https://www.facebook.com/zuck/posts/pfbid02AbCdEf123"),
            (P::Facebook, K::Likes, "https://www.facebook.com/permalink.php?story_fbid=pfbid0AbC123&id=100012345678901&fbclid=x", "https://www.facebook.com/permalink.php?story_fbid=pfbid0AbC123&id=100012345678901"),
            (P::Facebook, K::Views, "https://www.facebook.com/watch/?v=1234567890123456&ref=sharing", "https://www.facebook.com/watch?v=1234567890123456"),
            (P::Facebook, K::Views, "https://www.facebook.com/reel/1234567890123456", "https://www.facebook.com/reel/1234567890123456"),
            (P::Facebook, K::Views, "https://fb.watch/AbC-12_xy/", "https://fb.watch/AbC-12_xy"),
            (P::Facebook, K::Shares, "https://www.facebook.com/share/p/1AbCdEfGh/", "https://www.facebook.com/share/p/1AbCdEfGh"),
            // Threads
            (P::Threads, K::Followers, "https://www.threads.net/@zuck", "https://www.threads.com/@zuck"),
            (P::Threads, K::Likes, "https://threads.com/@Zuck/post/C8x2kLmNq4R?xmt=abc", "https://www.threads.com/@zuck/post/C8x2kLmNq4R"),
            // Kick
            (P::Kick, K::Followers, "https://kick.com/xQc", "https://kick.com/xqc"),
            (P::Kick, K::Views, "https://www.kick.com/trainwreckstv", "https://kick.com/trainwreckstv"),
            (P::Kick, K::Likes, "https://kick.com/xqc/videos/0B3A5C1E-2F4D-4E6A-9B8C-7D1E2F3A4B5C", "https://kick.com/video/0b3a5c1e-2f4d-4e6a-9b8c-7d1e2f3a4b5c"),
            // Snapchat
            (P::Snapchat, K::Followers, "https://www.snapchat.com/add/DJKhaled305?share_id=x&locale=en", "https://www.snapchat.com/add/djkhaled305"),
            (P::Snapchat, K::Followers, "https://snapchat.com/@some.user", "https://www.snapchat.com/add/some.user"),
            (P::Snapchat, K::Views, "https://www.snapchat.com/spotlight/W7_EDlXWTBiXAEEniNoMPwAA", "https://www.snapchat.com/spotlight/W7_EDlXWTBiXAEEniNoMPwAA"),
            // Reddit
            (P::Reddit, K::Followers, "https://www.reddit.com/user/spez/", "https://www.reddit.com/user/spez"),
            (P::Reddit, K::Followers, "https://old.reddit.com/u/Some-User_1", "https://www.reddit.com/user/Some-User_1"),
            (P::Reddit, K::Members, "https://reddit.com/r/rust/", "https://www.reddit.com/r/rust"),
            (P::Reddit, K::Likes, "https://www.reddit.com/r/rust/comments/1abcde2/some_title_here/?utm_source=share", "https://www.reddit.com/r/rust/comments/1abcde2"),
            (P::Reddit, K::Comments, "https://www.reddit.com/r/rust/s/AbCdEf1234", "https://www.reddit.com/r/rust/s/AbCdEf1234"),
            // LinkedIn
            (P::LinkedIn, K::Followers, "https://www.linkedin.com/in/williamhgates/", "https://www.linkedin.com/in/williamhgates"),
            (P::LinkedIn, K::Followers, "https://linkedin.com/company/microsoft/posts", "https://www.linkedin.com/company/microsoft"),
            (P::LinkedIn, K::Likes, "https://www.linkedin.com/feed/update/urn:li:activity:7200000000000000000/", "https://www.linkedin.com/feed/update/urn:li:activity:7200000000000000000"),
            (P::LinkedIn, K::Likes, "https://www.linkedin.com/posts/williamhgates_some-title-activity-7200000000000000000-AbCd?utm_source=share", "https://www.linkedin.com/posts/williamhgates_some-title-activity-7200000000000000000-AbCd"),
            // Platforms without rules
            (P::Other("soundcloud".into()), K::Plays, "soundcloud.com/artist/track-name?utm_source=clipboard&in=x", "https://soundcloud.com/artist/track-name?in=x"),
            (P::Other("discord".into()), K::Members, "http://discord.gg/AbCdEf/", "https://discord.gg/AbCdEf"),
            (P::Other("vk".into()), K::Likes, "https://vk.com/wall-1_2#reply", "https://vk.com/wall-1_2"),
            (P::Other("wiki".into()), K::Views, "https://ru.wikipedia.org/wiki/Москва", "https://ru.wikipedia.org/wiki/%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0"),
        ];
        for (p, k, raw, want) in cases {
            assert_eq!(parse(p, k, raw).as_deref(), Ok(*want), "{p:?} {k:?} {raw}");
        }
    }

    #[test]
    fn unsafe_or_unparsable_links_are_refused() {
        let long = format!(
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&x={}",
            "a".repeat(2048)
        );
        let cases: &[(Platform, &str)] = &[
            (P::YouTube, ""),
            (P::YouTube, "   "),
            (P::YouTube, "javascript:alert(1)"),
            (P::YouTube, "JavaScript://www.youtube.com/%0aalert(1)"),
            (P::YouTube, "data:text/html,<script>alert(1)</script>"),
            (P::YouTube, "ftp://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            (P::YouTube, "//www.youtube.com/watch?v=dQw4w9WgXcQ"),
            (
                P::YouTube,
                "https://www.youtube.com@evil.io/watch?v=dQw4w9WgXcQ",
            ),
            (
                P::YouTube,
                "https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ",
            ),
            (
                P::YouTube,
                "https://www.youtube.com:8080/watch?v=dQw4w9WgXcQ",
            ),
            (P::YouTube, "https://www.you%74ube.com/watch?v=dQw4w9WgXcQ"),
            (
                P::YouTube,
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ extra",
            ),
            (P::YouTube, "https://www.youtube.com/watch?v=dQw4w\tWgXcQ"),
            (P::YouTube, "https:\\\\www.youtube.com\\watch?v=dQw4w9WgXcQ"),
            (P::YouTube, "https:/www.youtube.com/watch?v=dQw4w9WgXcQ"),
            (P::YouTube, "https://[::1]/watch?v=dQw4w9WgXcQ"),
            (P::YouTube, "https://www.youtube.com/../watch?v=dQw4w9WgXcQ"),
            (P::YouTube, "dQw4w9WgXcQ"),
            (P::Instagram, "@natgeo"),
            (P::YouTube, &long),
            (P::Other("site".into()), "https://localhost/x"),
            (P::Other("site".into()), "http://127.0.0.1/x"),
            (P::Other("site".into()), "https://intranet/x"),
            (P::Other("site".into()), "https://-bad-.com/x"),
            (P::Other("site".into()), "file:///etc/passwd"),
        ];
        for (p, raw) in cases {
            assert_eq!(
                parse(p, &K::Views, raw),
                Err(NOT_A_LINK.to_string()),
                "{raw}"
            );
        }
        assert!(long.chars().count() > MAX_LEN);
    }

    #[test]
    fn look_alike_and_foreign_hosts_are_another_platform() {
        let not_youtube = "This service needs a YouTube link; that link is not from YouTube.";
        let cases = [
            "https://youtube.com.evil.io/watch?v=dQw4w9WgXcQ",
            "https://evilyoutube.com/watch?v=dQw4w9WgXcQ",
            "https://youtube.com-x.io/watch?v=dQw4w9WgXcQ",
            "https://evil.io/?u=https://youtube.com/watch?v=dQw4w9WgXcQ",
            "https://evil.io/https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://yоutube.com/watch?v=dQw4w9WgXcQ", // Cyrillic "о"
            "https://www.youtube.co/watch?v=dQw4w9WgXcQ",
            "https://www.tiktok.com/@scout2015/video/6718335390845095173",
        ];
        for raw in cases {
            assert_eq!(
                parse(&P::YouTube, &K::Views, raw),
                Err(not_youtube.to_string()),
                "{raw}"
            );
        }
        assert_eq!(
            parse(&P::TikTok, &K::Views, "https://youtu.be/dQw4w9WgXcQ"),
            Err("This service needs a TikTok link; that link is not from TikTok.".into())
        );
        assert_eq!(
            parse(&P::Instagram, &K::Likes, "https://x.com/nasa"),
            Err("This service needs an Instagram link; that link is not from Instagram.".into())
        );
        assert_eq!(
            parse(&P::X, &K::Likes, "https://instagram.com/nasa"),
            Err(
                "This service needs an X (Twitter) link; that link is not from X (Twitter).".into()
            )
        );
    }

    #[test]
    fn wrong_kind_of_page_names_what_is_needed() {
        let cases: &[(Platform, ServiceKind, &str, &str)] = &[
            (P::Instagram, K::Followers, "https://www.instagram.com/p/C8x2kLmNq4R/",
             "This service needs an Instagram profile link, like https://www.instagram.com/username — that is a post link."),
            (P::Instagram, K::Likes, "https://www.instagram.com/natgeo",
             "This service needs an Instagram post link, like https://www.instagram.com/p/C8x2kLmNq4R — that is a profile link."),
            (P::YouTube, K::Views, "https://www.youtube.com/@MrBeast",
             "This service needs a YouTube video or Shorts link, like https://www.youtube.com/watch?v=dQw4w9WgXcQ — that is a channel link."),
            (P::YouTube, K::Subscribers, "https://youtu.be/dQw4w9WgXcQ",
             "This service needs a YouTube channel link, like https://www.youtube.com/@channel — that is a video link."),
            (P::YouTube, K::Shorts, "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
             "This service needs a YouTube Shorts link, like https://www.youtube.com/shorts/dQw4w9WgXcQ — that is a video link."),
            (P::YouTube, K::Live, "https://www.youtube.com/shorts/aBcDeFgHiJk",
             "This service needs a YouTube video or channel link, like https://www.youtube.com/watch?v=dQw4w9WgXcQ — that is a Shorts link."),
            (P::TikTok, K::Followers, "https://vm.tiktok.com/ZMeAbC123/",
             "This service needs a TikTok profile link, like https://www.tiktok.com/@username — that is a video link."),
            (P::TikTok, K::Live, "https://www.tiktok.com/@scout2015/video/6718335390845095173",
             "This service needs a TikTok profile link, like https://www.tiktok.com/@username — that is a video link."),
            (P::X, K::Followers, "https://x.com/nasa/status/1790000000000000000",
             "This service needs an X (Twitter) profile link, like https://x.com/username — that is a post link."),
            (P::Twitch, K::Views, "https://www.twitch.tv/videos/2100000000",
             "This service needs a Twitch channel link, like https://www.twitch.tv/channelname — that is a video link."),
            (P::Spotify, K::Plays, "https://open.spotify.com/artist/0OdUWJ0sBjDrqHygGUXeCF",
             "This service needs a Spotify track, playlist or album link, like https://open.spotify.com/track/4cOdK2wGLETKBW3PvgPWqT — that is an artist link."),
            (P::Spotify, K::Followers, "https://open.spotify.com/track/4cOdK2wGLETKBW3PvgPWqT",
             "This service needs a Spotify artist, playlist or user profile link, like https://open.spotify.com/artist/0OdUWJ0sBjDrqHygGUXeCF — that is a track link."),
            (P::Telegram, K::Members, "https://t.me/durov/123",
             "This service needs a Telegram channel or group link, like https://t.me/channelname — that is a post link."),
            (P::Telegram, K::Views, "https://t.me/durov",
             "This service needs a Telegram post link, like https://t.me/channelname/123 — that is a channel or group link."),
            (P::Facebook, K::Followers, "https://www.facebook.com/watch?v=1234567890",
             "This service needs a Facebook page or profile link, like https://www.facebook.com/pagename — that is a post link."),
            (P::Threads, K::Likes, "https://www.threads.net/@zuck",
             "This service needs a Threads post link, like https://www.threads.com/@username/post/C8x2kLmNq4R — that is a profile link."),
            (P::Kick, K::Views, "https://kick.com/video/0b3a5c1e-2f4d-4e6a-9b8c-7d1e2f3a4b5c",
             "This service needs a Kick channel link, like https://kick.com/channelname — that is a video link."),
            (P::Reddit, K::Likes, "https://www.reddit.com/r/rust",
             "This service needs a Reddit post link, like https://www.reddit.com/r/subreddit/comments/1abcde2 — that is a profile or community link."),
            (P::LinkedIn, K::Followers, "https://www.linkedin.com/feed/update/urn:li:activity:7200000000000000000",
             "This service needs a LinkedIn profile or company link, like https://www.linkedin.com/in/username — that is a post link."),
            (P::Snapchat, K::Followers, "https://www.snapchat.com/spotlight/W7_EDlXWTBiXAEEniNoMPwAA",
             "This service needs a Snapchat profile link, like https://www.snapchat.com/add/username — that is a post link."),
        ];
        for (p, k, raw, want) in cases {
            assert_eq!(parse(p, k, raw), Err(want.to_string()), "{raw}");
        }
    }

    #[test]
    fn pages_we_do_not_recognise_are_refused() {
        let cases: &[(Platform, ServiceKind, &str)] = &[
            (
                P::YouTube,
                K::Views,
                "https://www.youtube.com/watch?v=short",
            ),
            (
                P::YouTube,
                K::Views,
                "https://www.youtube.com/watch?v=dQw4w9WgXcQX",
            ),
            (
                P::YouTube,
                K::Views,
                "https://www.youtube.com/watch?list=PL123",
            ),
            (
                P::YouTube,
                K::Subscribers,
                "https://www.youtube.com/feed/trending",
            ),
            (
                P::YouTube,
                K::Subscribers,
                "https://www.youtube.com/channel/UCshort",
            ),
            (P::YouTube, K::Subscribers, "https://www.youtube.com/@a"),
            (P::YouTube, K::Subscribers, "https://www.youtube.com/"),
            (
                P::YouTube,
                K::Other("x".into()),
                "https://www.youtube.com/results?search_query=cats",
            ),
            (
                P::Instagram,
                K::Followers,
                "https://www.instagram.com/explore/",
            ),
            (
                P::Instagram,
                K::Followers,
                "https://www.instagram.com/accounts/login/",
            ),
            (
                P::Instagram,
                K::Followers,
                "https://www.instagram.com/stories/natgeo/1234567890/",
            ),
            (
                P::Instagram,
                K::Followers,
                "https://www.instagram.com/bad%20name",
            ),
            (
                P::Instagram,
                K::Followers,
                "https://www.instagram.com/way_too_long_username_for_instagram",
            ),
            (P::Instagram, K::Likes, "https://www.instagram.com/p/"),
            (P::TikTok, K::Followers, "https://www.tiktok.com/foryou"),
            (
                P::TikTok,
                K::Views,
                "https://www.tiktok.com/@user/video/notdigits",
            ),
            (P::X, K::Followers, "https://x.com/home"),
            (P::X, K::Followers, "https://twitter.com/search?q=rust"),
            (
                P::X,
                K::Followers,
                "https://x.com/intent/follow?screen_name=nasa",
            ),
            (P::X, K::Followers, "https://x.com/this_handle_is_too_long"),
            (P::X, K::Likes, "https://x.com/nasa/status/abc"),
            (
                P::Twitch,
                K::Followers,
                "https://www.twitch.tv/directory/category/just-chatting",
            ),
            (P::Spotify, K::Plays, "https://open.spotify.com/track/short"),
            (
                P::Spotify,
                K::Plays,
                "https://open.spotify.com/episode/4cOdK2wGLETKBW3PvgPWqT",
            ),
            (P::Telegram, K::Members, "https://t.me/joinchat"),
            (P::Telegram, K::Members, "https://t.me/share/url?url=x"),
            (P::Telegram, K::Members, "https://t.me/ab"),
            (
                P::Facebook,
                K::Followers,
                "https://www.facebook.com/profile.php?id=abc",
            ),
            (
                P::Facebook,
                K::Followers,
                "https://www.facebook.com/marketplace",
            ),
            (P::Threads, K::Followers, "https://www.threads.net/zuck"),
            (P::Kick, K::Followers, "https://kick.com/categories"),
            (
                P::Snapchat,
                K::Followers,
                "https://www.snapchat.com/discover",
            ),
            (
                P::Reddit,
                K::Likes,
                "https://www.reddit.com/r/rust/comments/ABC/",
            ),
            (P::Reddit, K::Followers, "https://www.reddit.com/settings"),
            (
                P::LinkedIn,
                K::Likes,
                "https://www.linkedin.com/feed/update/urn:li:evil:1",
            ),
            (P::LinkedIn, K::Followers, "https://www.linkedin.com/jobs/"),
        ];
        for (p, k, raw) in cases {
            let err = parse(p, k, raw).expect_err(raw);
            assert!(
                err.ends_with("— that link does not point to one."),
                "{raw}: {err}"
            );
            assert!(
                err.starts_with(&format!("This service needs {} {}", a(p.name()), p.name())),
                "{raw}: {err}"
            );
        }
    }

    #[test]
    fn any_recognised_page_fits_a_kind_without_rules() {
        let k = K::Other("story views".into());
        assert_eq!(
            parse(&P::Instagram, &k, "https://instagram.com/natgeo").as_deref(),
            Ok("https://www.instagram.com/natgeo")
        );
        assert_eq!(
            parse(&P::Instagram, &k, "https://instagram.com/p/C8x2kLmNq4R").as_deref(),
            Ok("https://www.instagram.com/p/C8x2kLmNq4R")
        );
        assert_eq!(
            parse(
                &P::Spotify,
                &K::Comments,
                "https://open.spotify.com/artist/0OdUWJ0sBjDrqHygGUXeCF"
            )
            .as_deref(),
            Ok("https://open.spotify.com/artist/0OdUWJ0sBjDrqHygGUXeCF")
        );
    }

    #[test]
    fn hints_name_the_page_and_show_an_example() {
        let cases: &[(Platform, ServiceKind, &str)] = &[
            (P::YouTube, K::Subscribers, "Paste a YouTube channel link, like https://www.youtube.com/@channel"),
            (P::YouTube, K::Views, "Paste a YouTube video or Shorts link, like https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            (P::Instagram, K::Likes, "Paste an Instagram post link, like https://www.instagram.com/p/C8x2kLmNq4R"),
            (P::X, K::Followers, "Paste an X (Twitter) profile link, like https://x.com/username"),
            (P::Spotify, K::Saves, "Paste a Spotify track or playlist link, like https://open.spotify.com/track/4cOdK2wGLETKBW3PvgPWqT"),
            (P::Telegram, K::Members, "Paste a Telegram channel or group link, like https://t.me/channelname"),
            (P::TikTok, K::Other("x".into()), "Paste a TikTok link, like https://www.tiktok.com/@username"),
            (P::Other("discord".into()), K::Members, "Paste the full link, starting with https://"),
        ];
        for (p, k, want) in cases {
            assert_eq!(link_hint(p, k), *want);
        }
    }

    #[test]
    fn errors_display_their_message() {
        let err = Link::parse(&P::YouTube, &K::Views, "javascript:alert(1)").unwrap_err();
        assert_eq!(err.message(), NOT_A_LINK);
        assert_eq!(err.to_string(), NOT_A_LINK);
    }
}
