//! Order updates to the buyer: which events a buyer hears of on which channel, and what an
//! e-mail says. An event is recorded once per code, kind and channel (the outbox), then
//! delivered once; this module decides, the edge records and sends.

use super::words::Lang;

/// Something a buyer should hear of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The order was placed (at once, or after a hold).
    Placed,
    /// The order is held (`core::hold`) and will be placed automatically.
    Queued,
    Completed,
    /// Canceled or part-delivered, with its replacement code (or none, below the minimum).
    MadeGood,
    RefillStarted,
    RefillDone,
    /// A hold lasted too long: the code is the buyer's again.
    Returned,
}

impl Event {
    pub const ALL: [Event; 7] = [
        Event::Placed,
        Event::Queued,
        Event::Completed,
        Event::MadeGood,
        Event::RefillStarted,
        Event::RefillDone,
        Event::Returned,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Event::Placed => "placed",
            Event::Queued => "queued",
            Event::Completed => "completed",
            Event::MadeGood => "made_good",
            Event::RefillStarted => "refill_started",
            Event::RefillDone => "refill_done",
            Event::Returned => "returned",
        }
    }

    pub fn parse(raw: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.key() == raw)
    }

    /// The end of the story: what `EMAIL_UPDATES=final` sends, and what a chat is told later.
    pub fn is_final(self) -> bool {
        matches!(self, Event::Completed | Event::MadeGood | Event::Returned)
    }
}

/// `EMAIL_UPDATES`: which events go out by e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Updates {
    Off,
    Final,
    All,
}

impl Updates {
    pub fn parse(raw: Option<&str>) -> Result<Updates, String> {
        match raw.map(str::trim).filter(|s| !s.is_empty()) {
            None | Some("final") => Ok(Updates::Final),
            Some("off") => Ok(Updates::Off),
            Some("all") => Ok(Updates::All),
            Some(other) => Err(format!(
                "EMAIL_UPDATES must be off, final or all, not {other:?}"
            )),
        }
    }

    pub fn email(self, e: Event) -> bool {
        match self {
            Updates::Off => false,
            Updates::Final => e.is_final(),
            Updates::All => true,
        }
    }
}

/// A chat the code was redeemed from hears what happens after its own answer: the end of the
/// story and a finished refill (the placing, it was told at once).
pub fn chat_hears(e: Event) -> bool {
    e.is_final() || e == Event::RefillDone
}

/// What one update says, filled from the code and its order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub code: String,
    pub order: Option<String>,
    pub quantity: String,
    /// "YouTube subscribers", in the buyer's words.
    pub what: String,
    pub link: Option<String>,
    pub replacement: Option<(String, String)>,
    /// The buyer's order page.
    pub page: String,
    pub shop: String,
}

/// The words of one update: a subject and the lines of its body.
pub fn words(lang: Lang<'_>, event: Event, f: &Facts) -> (String, Vec<String>) {
    let order = f.order.as_deref().unwrap_or("");
    let vars = [
        ("order", order),
        ("code", f.code.as_str()),
        ("quantity", f.quantity.as_str()),
        ("what", f.what.as_str()),
        ("link", f.link.as_deref().unwrap_or("")),
        ("shop", f.shop.as_str()),
    ];
    let key = event.key();
    let subject = lang.t(&format!("mail.{key}.subject"), &vars);
    let mut body = vec![lang.t(&format!("mail.{key}.body"), &vars)];
    if event == Event::MadeGood {
        match &f.replacement {
            Some((code, quantity)) => {
                body.push(format!(
                    "{} ({quantity}): {code}",
                    lang.t("replacement.title", &[])
                ));
                body.push(
                    lang.t("replacement.redeem", &[]) + ": " + &f.page.replace(&f.code, code),
                );
            }
            None => body.push(lang.t("make_good.below_minimum", &[])),
        }
    }
    body.push(lang.t("mail.follow", &[("url", f.page.as_str())]));
    (subject, body)
}

/// Plain text for the body lines, and simple HTML (escaped) for the same.
pub fn text_and_html(lines: &[String], footer: &str) -> (String, String) {
    let text = format!("{}\n\n--\n{footer}\n", lines.join("\n\n"));
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let paragraphs: String = lines.iter().map(|l| format!("<p>{}</p>", esc(l))).collect();
    let html = format!(
        "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5\">{paragraphs}<hr><p style=\"color:#666;font-size:90%\">{}</p></body></html>",
        esc(footer)
    );
    (text, html)
}

/// Whether an address looks like one (what a buyer types on the page is checked once here).
pub fn email_ok(raw: &str) -> bool {
    let raw = raw.trim();
    let Some((local, domain)) = raw.rsplit_once('@') else {
        return false;
    };
    raw.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@._+-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::words::Catalogue;

    #[test]
    fn final_is_the_default_and_off_sends_nothing() {
        let final_ = Updates::parse(None).unwrap();
        assert!(
            final_.email(Event::Completed)
                && final_.email(Event::MadeGood)
                && final_.email(Event::Returned)
        );
        assert!(!final_.email(Event::Placed) && !final_.email(Event::Queued));
        assert!(Event::ALL
            .iter()
            .all(|e| !Updates::parse(Some("off")).unwrap().email(*e)));
        assert!(Event::ALL
            .iter()
            .all(|e| Updates::parse(Some("all")).unwrap().email(*e)));
        assert!(Updates::parse(Some("sometimes")).is_err());
        assert!(chat_hears(Event::RefillDone) && !chat_hears(Event::Placed));
        for e in Event::ALL {
            assert_eq!(Event::parse(e.key()), Some(e));
        }
    }

    #[test]
    fn an_update_reads_in_the_buyer_s_language_and_escapes_its_html() {
        let c = Catalogue::parse(include_str!("../../assets/i18n.json")).unwrap();
        let facts = Facts {
            code: "SMM-1".into(),
            order: Some("23501".into()),
            quantity: "1000".into(),
            what: "YouTube <subscribers>".into(),
            link: Some("https://www.youtube.com/@x".into()),
            replacement: Some(("SMM-2".into(), "400".into())),
            page: "https://shop.example/#code=SMM-1".into(),
            shop: "Shop".into(),
        };
        let (subject, lines) = words(c.lang(Some("en")), Event::MadeGood, &facts);
        assert!(subject.contains("23501"), "{subject}");
        assert!(
            lines.iter().any(|l| l.ends_with("(400): SMM-2")),
            "{lines:?}"
        );
        assert!(lines
            .last()
            .unwrap()
            .contains("https://shop.example/#code=SMM-1"));
        let (text, html) = text_and_html(&lines, "Unsubscribe: https://u");
        assert!(text.contains("YouTube <subscribers>") && !html.contains("<subscribers>"));
        assert!(html.contains("&lt;subscribers&gt;"));
        let (es, _) = words(c.lang(Some("es")), Event::Completed, &facts);
        assert_ne!(es, words(c.lang(Some("en")), Event::Completed, &facts).0);
    }

    #[test]
    fn addresses_are_checked_once() {
        assert!(email_ok("ann@example.com"));
        assert!(email_ok(" ann+shop@mail.example.co "));
        for bad in [
            "ann",
            "@example.com",
            "ann@example",
            "ann@.com",
            "a b@example.com",
            "ann@example.com\r\nBcc: x@y.z",
        ] {
            assert!(!email_ok(bad), "{bad}");
        }
    }
}
