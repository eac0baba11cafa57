//! Generic, platform-independent URL handling: splitting a pasted link into scheme,
//! authority, host, path segments and query pairs, refusing the unsafe ones, and writing
//! the canonical form for hosts without rules.

pub(super) const MAX_LEN: usize = 2048;

/// Query keys that only say who shared a link, never what it points to.
const TRACKERS: &str = "fbclid gclid dclid msclkid igsh igshid mc_cid mc_eid";

/// A pasted link taken apart: lower-case host, non-empty path segments, query pairs.
pub(super) struct Url<'a> {
    pub(super) host: String,
    pub(super) path: Vec<&'a str>,
    pub(super) query: Vec<(&'a str, &'a str)>,
}

impl<'a> Url<'a> {
    /// `None` for anything that is not a plain http(s) link to a named host.
    pub(super) fn split(raw: &'a str) -> Option<Url<'a>> {
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

    pub(super) fn param(&self, name: &str) -> Option<&'a str> {
        self.query.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
    }

    /// For hosts we have no rules for: keep path and query, drop only well-known trackers.
    pub(super) fn other_canonical(&self) -> String {
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
pub(super) fn public_host(host: &str) -> bool {
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

/// True when `word` is, ignoring ASCII case, one of the space-separated words of `list`.
pub(super) fn listed(list: &str, word: &str) -> bool {
    list.split(' ').any(|w| w.eq_ignore_ascii_case(word))
}
