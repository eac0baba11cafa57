//! Several panels: a panel has a name, and a code buys from an ordered list of
//! (panel, service) choices, tried in turn when one refuses.

use super::{ServiceId, SERVICE_ID};
use crate::core::shape::*;
use serde::{Deserialize, Serialize};

/// One way to buy a service: this service on this panel (`core::panel::ServiceChoice`).
pub const SERVICE_CHOICE: Body = closed(
    "ServiceChoice",
    "",
    &[
        text(
            "panel",
            "`main`, or NAME of PANEL_<NAME>_URL in lower case.",
        ),
        Field {
            name: "service_id",
            kind: Kind::Within(&SERVICE_ID),
            required: true,
            words: "",
        },
    ],
);

/// A panel's name: `main` (PANEL_URL / PANEL_API_KEY), or `backup` for PANEL_BACKUP_URL /
/// PANEL_BACKUP_API_KEY. Lower case letters, digits and `_`, 1 to 32 of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct PanelName(String);

pub const MAIN: &str = "main";

impl PanelName {
    pub fn main() -> PanelName {
        PanelName(MAIN.into())
    }

    /// A name as the API writes it (`backup`, any case, trimmed).
    pub fn parse(raw: &str) -> Option<PanelName> {
        let name = raw.trim().to_ascii_lowercase();
        let ok = (1..=32).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        ok.then_some(PanelName(name))
    }

    /// The panel a `PANEL_<NAME>_URL` variable names; `None` for any other variable.
    pub fn from_url_var(var: &str) -> Option<PanelName> {
        let name = var.strip_prefix("PANEL_")?.strip_suffix("_URL")?;
        let ok = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        if !ok {
            return None;
        }
        PanelName::parse(name).filter(|n| n.0 != MAIN)
    }

    /// The secret that holds this panel's key.
    pub fn key_var(&self) -> String {
        if self.0 == MAIN {
            "PANEL_API_KEY".into()
        } else {
            format!("PANEL_{}_API_KEY", self.0.to_ascii_uppercase())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PanelName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PanelName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        PanelName::parse(&raw).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{raw:?} is not a panel name (letters, digits and _)"
            ))
        })
    }
}

/// One way to buy what a code sells: this service on this panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceChoice {
    pub panel: PanelName,
    pub service_id: ServiceId,
}

impl ServiceChoice {
    /// A choice as a request sends it (`body::SERVICE_CHOICE`).
    pub fn from_json(value: &serde_json::Value) -> Result<ServiceChoice, String> {
        let f = crate::core::json::Fields::of(value, &SERVICE_CHOICE)?;
        let (panel, service_id) = f.done((f.text("panel"), f.whole("service_id")))?;
        Ok(ServiceChoice {
            panel: PanelName::parse(&panel)
                .ok_or_else(|| format!("{panel:?} is not a panel name (letters, digits and _)"))?,
            service_id: ServiceId::new(service_id).ok_or("service_id must be at least 1")?,
        })
    }
}

/// The stored choices of a code or product (`services` JSON), or the one `service_id` on
/// `main` for rows written before there were several panels.
pub fn stored_choices(services: Option<&str>, service_id: ServiceId) -> Vec<ServiceChoice> {
    services
        .and_then(|s| serde_json::from_str::<Vec<ServiceChoice>>(s).ok())
        .filter(|list| !list.is_empty())
        .unwrap_or_else(|| {
            vec![ServiceChoice {
                panel: PanelName::main(),
                service_id,
            }]
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_are_named_by_their_variables() {
        assert_eq!(
            PanelName::from_url_var("PANEL_BACKUP_URL"),
            PanelName::parse("backup")
        );
        assert_eq!(
            PanelName::from_url_var("PANEL_CHEAP_2_URL")
                .unwrap()
                .as_str(),
            "cheap_2"
        );
        assert_eq!(PanelName::from_url_var("PANEL_URL"), None);
        assert_eq!(PanelName::from_url_var("PANEL_MAIN_URL"), None);
        assert_eq!(PanelName::from_url_var("PANEL_TIMEOUT_MS"), None);
        assert_eq!(PanelName::from_url_var("PANEL_backup_URL"), None);
        assert_eq!(
            PanelName::parse("Backup").unwrap().key_var(),
            "PANEL_BACKUP_API_KEY"
        );
        assert_eq!(PanelName::main().key_var(), "PANEL_API_KEY");
        assert_eq!(PanelName::parse("no-dash"), None);
    }

    #[test]
    fn rows_without_choices_buy_from_main() {
        let id = ServiceId::new(101).unwrap();
        assert_eq!(
            stored_choices(None, id),
            vec![ServiceChoice {
                panel: PanelName::main(),
                service_id: id
            }]
        );
        let two = r#"[{"panel":"main","service_id":101},{"panel":"backup","service_id":777}]"#;
        let list = stored_choices(Some(two), id);
        assert_eq!(list.len(), 2);
        assert_eq!(
            (list[1].panel.as_str(), list[1].service_id.get()),
            ("backup", 777)
        );
    }
}
