//! Who a client is, for per-client limits: its IP address, with an IPv6 client's whole /64
//! counted as one (one household or server gets a /64 and can rotate through it freely).

use std::net::IpAddr;

pub fn rate_key(ip: &str) -> String {
    match ip.trim().parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Ok(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Err(_) => "unknown".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_is_itself_and_ipv6_is_its_64() {
        assert_eq!(rate_key("198.51.100.7"), "198.51.100.7");
        assert_eq!(rate_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(
            rate_key("2001:db8:1:2:ffff:ffff:ffff:ffff"),
            "2001:db8:1:2::/64"
        );
        assert_eq!(rate_key("not an ip"), "unknown");
        assert_eq!(rate_key(""), "unknown");
    }
}
