//! Buttons the bot puts under its messages. A button's `custom_id` is all Discord sends back
//! when it is pressed, so it carries what the press needs (the code, the page and query) in a
//! small text form that this module alone writes and reads.

use super::errors::UsageError;

/// Discord's limit on a component's `custom_id`.
pub const CUSTOM_ID_LIMIT: usize = 100;

/// A button press, named by the `custom_id` this module gave the button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Component {
    /// `refill:<code>`: ask for a refill of the code's order.
    Refill { code: String },
    /// `order:<code>`: show the code's order again (a refresh).
    Order { code: String },
    /// `services:<page>:<query>`: another page of `/services`.
    ServicesPage { query: Option<String>, page: u32 },
}

impl Component {
    /// The button's `custom_id`, at most `CUSTOM_ID_LIMIT` characters: a long query is cut
    /// (the command's `query` is capped at 60 characters, so only a hand-made one is).
    pub fn custom_id(&self) -> String {
        match self {
            Component::Refill { code } => format!("refill:{code}"),
            Component::Order { code } => format!("order:{code}"),
            Component::ServicesPage { query, page } => {
                let head = format!("services:{page}:");
                let room = CUSTOM_ID_LIMIT - head.len();
                let query = super::format::cut_units(query.as_deref().unwrap_or(""), room);
                format!("{head}{query}")
            }
        }
    }

    /// A component interaction's `data.custom_id`.
    pub(crate) fn parse(custom_id: &str) -> Result<Component, UsageError> {
        let unknown = || UsageError::UnknownButton(custom_id.to_string());
        let (kind, rest) = custom_id.split_once(':').ok_or_else(unknown)?;
        let code = || Some(rest.trim().to_string()).filter(|c| !c.is_empty());
        match kind {
            "refill" => code().map(|code| Component::Refill { code }),
            "order" => code().map(|code| Component::Order { code }),
            "services" => {
                let (page, query) = rest.split_once(':').unwrap_or((rest, ""));
                let page = page.parse::<u32>().ok().filter(|p| *p >= 1);
                let query = Some(query.trim().to_string()).filter(|q| !q.is_empty());
                page.map(|page| Component::ServicesPage { query, page })
            }
            _ => None,
        }
        .ok_or_else(unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buttons_round_trip_through_custom_id() {
        for c in [
            Component::Refill {
                code: "SMM-AB12".into(),
            },
            Component::Order {
                code: "SMM-AB12".into(),
            },
            Component::ServicesPage {
                query: Some("tik:tok views".into()),
                page: 2,
            },
            Component::ServicesPage {
                query: None,
                page: 7,
            },
        ] {
            assert_eq!(Component::parse(&c.custom_id()).unwrap(), c);
        }
        for bad in [
            "",
            "refill",
            "refill:",
            "services:0:x",
            "services:x",
            "buy:1",
        ] {
            assert!(Component::parse(bad).is_err(), "{bad}");
        }
        let long = Component::ServicesPage {
            query: Some("é".repeat(200)),
            page: u32::MAX,
        };
        assert!(long.custom_id().chars().count() <= CUSTOM_ID_LIMIT);
    }
}
