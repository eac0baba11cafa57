use super::url::MAX_LEN;
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
        // The redemption reserves with the guess before it reads the code: they must agree.
        assert_eq!(Link::guess(raw).as_deref(), Some(*want), "guess of {raw}");
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
        Err("This service needs an X (Twitter) link; that link is not from X (Twitter).".into())
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

#[test]
fn the_hint_as_data_names_the_pages_by_key() {
    use super::{link_pages, PAGE_KEYS};
    let (pages, example) = link_pages(&Platform::YouTube, &ServiceKind::Subscribers);
    assert_eq!(
        (pages, example),
        (vec!["channel"], "https://www.youtube.com/@channel")
    );
    let (pages, _) = link_pages(&Platform::Spotify, &ServiceKind::Followers);
    assert_eq!(pages, ["artist", "playlist", "user_profile"]);
    for p in Platform::KNOWN {
        for k in ServiceKind::KNOWN {
            for key in link_pages(&p, &k).0 {
                assert!(PAGE_KEYS.contains(&key), "{key} is in PAGE_KEYS");
            }
        }
    }
}
