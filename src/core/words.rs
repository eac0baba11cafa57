//! The shop's words in the buyer's language: the one catalogue (`assets/i18n.json`) the page
//! and the chat bots share, read here. A language is picked from what a client says it speaks
//! (`es-419`, `pt-br`, `ru`), English when the shop has no words in it; a key a language lacks
//! falls back to English, and a key nobody has to itself, so a missing word never fails a reply.

use super::envelope::ApiError;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Default, Deserialize)]
pub struct Catalogue {
    #[serde(default)]
    words: HashMap<String, HashMap<String, String>>,
}

pub const ENGLISH: &str = "en";

impl Catalogue {
    pub fn parse(json: &str) -> Result<Catalogue, String> {
        serde_json::from_str(json).map_err(|e| format!("i18n.json: {e}"))
    }

    /// The shop's language closest to what the client speaks (`language_code`, a locale).
    pub fn lang(&self, asked: Option<&str>) -> Lang<'_> {
        let asked = asked.unwrap_or("").trim().replace('_', "-");
        let primary = asked.split('-').next().unwrap_or("");
        let code = self
            .words
            .keys()
            .find(|k| k.eq_ignore_ascii_case(&asked))
            .or_else(|| {
                // `pt` and `pt-PT` read Brazilian Portuguese rather than English.
                self.words.keys().find(|k| {
                    k.split('-')
                        .next()
                        .unwrap_or("")
                        .eq_ignore_ascii_case(primary)
                })
            })
            .map_or(ENGLISH, String::as_str);
        Lang {
            code,
            words: self.words.get(code),
            english: self.words.get(ENGLISH),
        }
    }
}

/// One language of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Lang<'a> {
    pub code: &'a str,
    words: Option<&'a HashMap<String, String>>,
    english: Option<&'a HashMap<String, String>>,
}

impl Lang<'_> {
    /// The words for `key`, with each `{name}` filled in.
    pub fn t(&self, key: &str, vars: &[(&str, &str)]) -> String {
        let text = self.find(key).unwrap_or(key);
        let mut out = text.to_string();
        for (name, value) in vars {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    fn find(&self, key: &str) -> Option<&str> {
        self.words
            .and_then(|w| w.get(key))
            .or_else(|| self.english.and_then(|w| w.get(key)))
            .map(String::as_str)
    }

    /// Whether the catalogue has words for `key` (in this language or English).
    pub fn has(&self, key: &str) -> bool {
        self.find(key).is_some()
    }

    /// An API refusal in these words: its code's (`error.<code>`), else the API's own English.
    pub fn error(&self, e: &ApiError) -> String {
        let key = e.code.words_key();
        match self.find(&key) {
            Some(_) => self.t(&key, &[]),
            None => e.message.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error_code::ErrorCode;

    fn catalogue() -> Catalogue {
        Catalogue::parse(
            r#"{"words": {
                "en": {"hi": "Hello {name}", "bye": "Bye", "error.code_expired": "Expired."},
                "es": {"hi": "Hola {name}"},
                "pt-BR": {"hi": "Olá {name}"}
            }}"#,
        )
        .unwrap()
    }

    #[test]
    fn the_closest_language_then_english() {
        let c = catalogue();
        assert_eq!(c.lang(Some("es")).t("hi", &[("name", "Ann")]), "Hola Ann");
        assert_eq!(c.lang(Some("es-419")).code, "es");
        assert_eq!(c.lang(Some("pt-br")).code, "pt-BR");
        assert_eq!(c.lang(Some("pt_PT")).code, "pt-BR");
        assert_eq!(c.lang(Some("fr")).code, "en");
        assert_eq!(c.lang(None).code, "en");
        // A key the language lacks reads English; one nobody has reads as itself.
        assert_eq!(c.lang(Some("es")).t("bye", &[]), "Bye");
        assert_eq!(c.lang(Some("es")).t("nope", &[]), "nope");
    }

    #[test]
    fn an_error_reads_its_code_s_words_or_the_api_s() {
        let c = catalogue();
        let es = c.lang(Some("es"));
        let expired = ApiError::new(ErrorCode::CodeExpired, "This code has expired.");
        assert_eq!(es.error(&expired), "Expired.");
        let other = ApiError::new(ErrorCode::CodeInProgress, "As the API says.");
        assert_eq!(es.error(&other), "As the API says.");
    }

    #[test]
    fn the_shop_s_catalogue_parses_and_has_the_bot_s_words() {
        let c = Catalogue::parse(include_str!("../../assets/i18n.json")).unwrap();
        for lang in ["en", "es", "pt-BR", "tr", "ru", "hi", "id", "ar", "de"] {
            let l = c.lang(Some(lang));
            assert_eq!(l.code, lang);
            assert!(l.has("bot.start"), "{lang}");
        }
    }
}
