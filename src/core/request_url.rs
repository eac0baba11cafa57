//! The parts of a request's URL the worker reads, taken from the runtime's text. The runtime
//! hands over an absolute, normalized URL, so slicing it is enough; parsing it again with the
//! `url` crate would put that crate, IDNA and its Unicode tables (~50 KB gzip) in the `.wasm`.

/// `a=1&b=2` of `https://shop.example/api/x?a=1&b=2#top`; empty when there is none.
pub fn query(url: &str) -> &str {
    let before_fragment = url.split('#').next().unwrap_or("");
    before_fragment
        .split_once('?')
        .map_or("", |(_, query)| query)
}

/// `https://shop.example:8443` of `https://shop.example:8443/path?x`: scheme, host and port.
pub fn origin(url: &str) -> &str {
    let Some(scheme_end) = url.find("://") else {
        return "";
    };
    let rest = &url[scheme_end + 3..];
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    &url[..scheme_end + 3 + host_end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_is_between_the_question_mark_and_the_fragment() {
        assert_eq!(
            query("https://s.example/api/x?a=1&b=x%20y#top"),
            "a=1&b=x%20y"
        );
        assert_eq!(query("https://s.example/api/x?a=1"), "a=1");
        assert_eq!(query("https://s.example/api/x"), "");
        assert_eq!(query("https://s.example/api/x#f?not=query"), "");
        assert_eq!(query("https://s.example/?q=a?b"), "q=a?b");
    }

    #[test]
    fn the_origin_is_scheme_host_and_port() {
        assert_eq!(
            origin("https://shop.example/api/x?y"),
            "https://shop.example"
        );
        assert_eq!(
            origin("http://127.0.0.1:8787/webhook/sellauth"),
            "http://127.0.0.1:8787"
        );
        assert_eq!(origin("https://shop.example?x=1"), "https://shop.example");
        assert_eq!(origin("https://shop.example"), "https://shop.example");
        assert_eq!(origin("not a url"), "");
    }
}
