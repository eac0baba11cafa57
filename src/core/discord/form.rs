//! A redemption whose service needs more than the link (comments, usernames, hashtags...):
//! the slash command answers with a form (a modal) asking for exactly those, the link
//! already filled in, and its submission is the redemption. The form's `custom_id` carries
//! the code, so the submission needs nothing remembered between the two.

use super::errors::ParseError;
use super::payload::DISCORD_DATA;
use crate::core::json::{declared, obj};
use serde_json::{json, Value};

const PREFIX: &str = "redeem:";
/// Discord's limits: a modal holds five rows; a label 45 characters; a value 4,000.
const ROWS: usize = 5;
const LABEL: usize = 45;
const VALUE: usize = 4000;

/// One text box of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The redemption's own field name (`link`, `comments`, `hashtag`...).
    pub id: &'static str,
    pub label: String,
    pub value: Option<String>,
    /// Many lines (a list), or one.
    pub long: bool,
}

fn clip(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// The modal answer (type 9) asking for `fields` to redeem `code`.
pub fn form(code: &str, title: &str, fields: &[Field]) -> Value {
    let rows: Vec<Value> = fields
        .iter()
        .take(ROWS)
        .map(|f| {
            let mut input = obj!({
                "type": 4,
                "custom_id": f.id,
                "label": clip(&f.label, LABEL),
                "style": if f.long { 2 } else { 1 },
                "required": true,
                "max_length": VALUE,
            });
            if let Some(v) = &f.value {
                input["value"] = json!(clip(v, VALUE));
            }
            obj!({ "type": 1, "components": [input] })
        })
        .collect();
    obj!({
        "type": 9,
        "data": {
            "custom_id": format!("{PREFIX}{code}"),
            "title": clip(title, LABEL),
            "components": rows,
        }
    })
}

/// A submitted form: the code, and each box's value by its field name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub code: String,
    pub values: Vec<(String, String)>,
}

impl Submitted {
    pub fn value(&self, id: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| k == id)
            .map(|(_, v)| v.as_str())
    }
}

/// Every `{custom_id, value}` in the submission, however Discord nests them (action rows,
/// or the newer label components).
fn collect(v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(o) => {
            if let (Some(Value::String(id)), Some(Value::String(value))) =
                (o.get("custom_id"), o.get("value"))
            {
                out.push((id.clone(), value.clone()));
            }
            o.values().for_each(|x| collect(x, out));
        }
        Value::Array(items) => items.iter().for_each(|x| collect(x, out)),
        _ => {}
    }
}

/// Reads a modal submission's `data`.
pub fn parse_submitted(data: &Value) -> Result<Submitted, ParseError> {
    let code = declared(&DISCORD_DATA, data, "custom_id")
        .and_then(Value::as_str)
        .and_then(|id| id.strip_prefix(PREFIX))
        .filter(|c| !c.is_empty())
        .ok_or_else(|| ParseError::malformed("data.custom_id is not a redemption form"))?;
    let mut values = Vec::new();
    if let Some(components) = declared(&DISCORD_DATA, data, "components") {
        collect(components, &mut values);
    }
    Ok(Submitted {
        code: code.to_string(),
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_asks_for_the_fields_and_its_submission_reads_back() {
        let fields = [
            Field {
                id: "link",
                label: "Link".into(),
                value: Some("https://www.instagram.com/p/C8x2kLmNq4R".into()),
                long: false,
            },
            Field {
                id: "usernames",
                label: "Usernames, one per line, and a label longer than forty-five characters"
                    .into(),
                value: None,
                long: true,
            },
        ];
        let modal = form("ABCD-EFGH", "Redeem", &fields);
        assert_eq!(modal["type"], 9);
        assert_eq!(modal["data"]["custom_id"], "redeem:ABCD-EFGH");
        let rows = modal["data"]["components"].as_array().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["components"][0]["style"], 1);
        assert_eq!(rows[1]["components"][0]["style"], 2);
        assert_eq!(
            rows[1]["components"][0]["label"]
                .as_str()
                .unwrap()
                .chars()
                .count(),
            45
        );
        assert!(rows[1]["components"][0].get("value").is_none());

        let submitted = json!({
            "custom_id": "redeem:ABCD-EFGH",
            "components": [
                { "type": 1, "components": [{ "type": 4, "custom_id": "link", "value": "https://x" }] },
                { "type": 18, "component": { "type": 4, "custom_id": "usernames", "value": "a\nb" } },
            ],
        });
        let s = parse_submitted(&submitted).unwrap();
        assert_eq!(s.code, "ABCD-EFGH");
        assert_eq!(
            (s.value("link"), s.value("usernames")),
            (Some("https://x"), Some("a\nb"))
        );
        assert!(parse_submitted(&json!({ "custom_id": "order:X" })).is_err());
    }
}
