//! Per-platform rules: which hosts a platform serves pages from, and which of its paths
//! name a page we accept, in canonical form.

use super::url::{listed, Url};
use super::Form;
use crate::core::service::Platform;

/// Every host a platform serves pages from, space-separated.
pub(super) fn hosts(platform: &Platform) -> &'static str {
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

/// True when `s` is `min..=max` characters of ASCII letters, digits and `extra`.
fn chars_ok(s: &str, min: usize, max: usize, extra: &str) -> bool {
    (min..=max).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
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

pub(super) type Found = Option<(Form, String)>;

pub(super) fn recognise(platform: &Platform, url: &Url) -> Found {
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
