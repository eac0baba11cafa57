//! Where a request's D1 reads go (D1 read replication, the Sessions API). A read that may be a
//! moment stale is served by a replica near the worker; a write, and every read that decides
//! money, starts at the primary. A bookmark the client sends back makes a nearby read see at
//! least the write that answered with it (read-your-writes).

/// What a route's reads may be served from (`core::route::reads`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// `first-unconstrained`, or the client's bookmark: any replica at least that fresh.
    Nearby,
    /// `first-primary`: the first query sees the latest write; the rest follow it.
    Primary,
}

/// A D1 session bookmark as a client sends it back (`x-d1-bookmark`). D1 writes them as four
/// dash-separated hex groups of 8, 8, 8 and 32 digits (`00000000-00000004-00000000-000…`);
/// anything else is ignored rather than passed to the runtime, so a garbled header never
/// reaches D1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark(String);

impl Bookmark {
    pub fn parse(raw: &str) -> Option<Bookmark> {
        let t = raw.trim();
        let groups: Vec<&str> = t.split('-').collect();
        let ok = groups.len() == 4
            && groups
                .iter()
                .zip([8, 8, 8, 32])
                .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()));
        ok.then(|| Bookmark(t.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The session constraint for `D1Database::with_session`. A bookmark only matters for a
/// nearby read: the primary is never behind it.
pub fn constraint(reads: Reads, bookmark: Option<&Bookmark>) -> String {
    match (reads, bookmark) {
        (Reads::Primary, _) => "first-primary".into(),
        (Reads::Nearby, Some(b)) => b.as_str().to_string(),
        (Reads::Nearby, None) => "first-unconstrained".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bookmarks_are_hex_with_dashes_or_ignored() {
        let real = "00000085-0000024c-00004c6d-8e61117bf38d7adb71b934ebbf891683";
        let b = Bookmark::parse(&format!(" {} ", real.to_uppercase())).unwrap();
        assert_eq!(b.as_str(), real);
        for bad in [
            "",
            "---",
            "a",
            "0000001a-00000003-00004f2d-4a6f9ea1b2",
            "first-primary",
            "x'; DROP",
            &"a".repeat(300),
            "00 11",
        ] {
            assert_eq!(Bookmark::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn money_starts_at_the_primary_and_a_bookmark_bounds_a_nearby_read() {
        let raw = "00000000-00000004-00000000-00000000000000000000000000000000";
        let b = Bookmark::parse(raw).unwrap();
        assert_eq!(constraint(Reads::Primary, Some(&b)), "first-primary");
        assert_eq!(constraint(Reads::Nearby, Some(&b)), raw);
        assert_eq!(constraint(Reads::Nearby, None), "first-unconstrained");
    }
}
