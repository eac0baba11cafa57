//! `obj!`: a JSON object, as `serde_json::json!({...})` writes it, built by one function.
//! `json!` inlines a key copy, a map insert, an `unwrap` and a drop for every field at every
//! call site (~130 bytes of `.wasm` a field, ~400 fields); `obj!` lays the fields out in an
//! array and `object` does the rest once.
//!
//! Values: an expression (anything `Serialize`), a nested `{...}` object, `null` or `[]`. An
//! array of objects is written `json!([...])` or `vec![obj!{...}]`.

use serde_json::{Map, Value};

/// One field as `obj!` lays it out: its key and its value (or why it has none).
pub type Field = (&'static str, serde_json::Result<Value>);

/// The object of these fields, in order. A value that could not become JSON (a map with
/// non-text keys; nothing here has one) is `null`.
pub fn object(fields: &mut [Field]) -> Value {
    let mut map = Map::new();
    for (key, value) in fields.iter_mut() {
        let value = std::mem::replace(value, Ok(Value::Null)).unwrap_or(Value::Null);
        map.insert((*key).to_owned(), value);
    }
    Value::Object(map)
}

/// The fields of a JSON object taken by name: request bodies and the Flask app's loose rows.
/// A problem (a missing or mistyped field, one not allowed) is remembered, not returned early
/// (each early exit drops what was read so far: code per field, per type, as serde's derived
/// `Deserialize` does), and `done` reports the first, worded as serde words it.
pub struct Fields<'a> {
    object: &'a Map<String, Value>,
    problem: std::cell::RefCell<Option<String>>,
}

impl<'a> Fields<'a> {
    /// `what` names the expected object in the error ("a codes row").
    pub fn of(value: &'a Value, what: &str) -> Result<Fields<'a>, String> {
        match value {
            Value::Object(object) => Ok(Fields {
                object,
                problem: std::cell::RefCell::new(None),
            }),
            _ => Err(format!("invalid type: expected {what} as an object")),
        }
    }

    fn problem(&self, words: impl FnOnce() -> String) {
        let mut problem = self.problem.borrow_mut();
        if problem.is_none() {
            *problem = Some(words());
        }
    }

    /// A field that must be there (any JSON).
    pub fn required(&self, name: &'static str) -> Value {
        self.object.get(name).cloned().unwrap_or_else(|| {
            self.problem(|| format!("missing field `{name}`"));
            Value::Null
        })
    }

    /// A field that may be left out: `null` then.
    pub fn optional(&self, name: &str) -> Value {
        self.object.get(name).cloned().unwrap_or(Value::Null)
    }

    /// A text field that must be there.
    pub fn text(&self, name: &'static str) -> String {
        match self.object.get(name) {
            Some(Value::String(s)) => s.clone(),
            Some(_) => {
                self.problem(|| format!("invalid type: `{name}` must be text"));
                String::new()
            }
            None => {
                self.problem(|| format!("missing field `{name}`"));
                String::new()
            }
        }
    }

    /// A text field that may be left out or `null`.
    pub fn opt_text(&self, name: &'static str) -> Option<String> {
        match self.object.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.problem(|| format!("invalid type: `{name}` must be text"));
                None
            }
        }
    }

    /// A whole number from 0 to 2^32 - 1 that must be there.
    pub fn whole(&self, name: &'static str) -> u32 {
        match self.object.get(name) {
            Some(v) => v
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or_else(|| {
                    self.problem(|| format!("invalid type: `{name}` must be a whole number"));
                    0
                }),
            None => {
                self.problem(|| format!("missing field `{name}`"));
                0
            }
        }
    }

    /// `true` or `false`, or left out / `null`.
    pub fn opt_bool(&self, name: &'static str) -> Option<bool> {
        match self.object.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                self.problem(|| format!("invalid type: `{name}` must be true or false"));
                None
            }
        }
    }

    /// Any JSON that may be left out; `null` counts as left out.
    pub fn opt_value(&self, name: &str) -> Option<Value> {
        self.object.get(name).filter(|v| !v.is_null()).cloned()
    }

    /// No other fields than these (serde's `deny_unknown_fields`).
    pub fn only(&self, names: &[&str]) {
        if let Some(other) = self.object.keys().find(|k| !names.contains(&k.as_str())) {
            self.problem(|| {
                let expected: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                format!(
                    "unknown field `{other}`, expected {}",
                    expected.join(" or ")
                )
            });
        }
    }

    pub fn done<T>(&self, built: T) -> Result<T, String> {
        match self.problem.borrow_mut().take() {
            None => Ok(built),
            Some(problem) => Err(problem),
        }
    }
}

macro_rules! obj {
    (@fields [$($done:tt)*]) => {
        [$($done)*]
    };
    (@fields [$($done:tt)*] $key:literal : [] $(, $($rest:tt)*)?) => {
        $crate::core::json::obj!(@fields [$($done)* ($key, Ok(serde_json::Value::Array(Vec::new()))),] $($($rest)*)?)
    };
    (@fields [$($done:tt)*] $key:literal : null $(, $($rest:tt)*)?) => {
        $crate::core::json::obj!(@fields [$($done)* ($key, Ok(serde_json::Value::Null)),] $($($rest)*)?)
    };
    (@fields [$($done:tt)*] $key:literal : { $($inner:tt)* } $(, $($rest:tt)*)?) => {
        $crate::core::json::obj!(@fields [$($done)* ($key, Ok($crate::core::json::obj!({ $($inner)* }))),] $($($rest)*)?)
    };
    (@fields [$($done:tt)*] $key:literal : $value:expr $(, $($rest:tt)*)?) => {
        $crate::core::json::obj!(@fields [$($done)* ($key, serde_json::to_value(&$value)),] $($($rest)*)?)
    };
    ({ $($body:tt)* }) => {
        $crate::core::json::object(&mut $crate::core::json::obj!(@fields [] $($body)*))
    };
}
pub(crate) use obj;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_report_the_first_problem_as_serde_words_it() {
        let body = json!({"code": "SMM-1", "n": 5, "extra": true});
        let f = Fields::of(&body, "a body").unwrap();
        assert_eq!((f.text("code"), f.opt_text("lang")), ("SMM-1".into(), None));
        assert_eq!(f.done(()), Ok(()));
        f.only(&["code", "n"]);
        assert_eq!(
            f.done(()),
            Err("unknown field `extra`, expected `code` or `n`".into())
        );
        let _ = (f.text("n"), f.text("link"));
        assert_eq!(f.done(()), Err("invalid type: `n` must be text".into()));
        assert!(Fields::of(&json!([1]), "a body").is_err());
    }

    #[test]
    fn obj_writes_what_json_writes() {
        let n = 3;
        let name: Option<&str> = None;
        let built = obj!({
            "n": n,
            "name": name,
            "none": null,
            "nested": { "list": vec![1, 2], "flag": true, "text": format!("x{n}") },
            "empty": {},
            "none_listed": [],
        });
        assert_eq!(
            built,
            json!({ "n": 3, "name": null, "none": null,
                    "nested": { "list": [1, 2], "flag": true, "text": "x3" }, "empty": {},
                    "none_listed": [] })
        );
        assert_eq!(obj!({}), json!({}));
    }
}
