//! `obj!`: a JSON object, as `serde_json::json!({...})` writes it, built by one function.
//! `json!` inlines a key copy, a map insert, an `unwrap` and a drop for every field at every
//! call site (~130 bytes of `.wasm` a field, ~400 fields); `obj!` lays the fields out in an
//! array and `object` does the rest once.
//!
//! Values: an expression (anything `Serialize`), a nested `{...}` object, `null` or `[]`. An
//! array of objects is written `json!([...])` or `vec![obj!{...}]`.
//!
//! `obj!(answer::CODE_VIEW => {...})` builds an answer of a declared shape: it does not
//! compile unless its keys are the shape's (`body::built_by`), so the API document, written
//! from the shape, says what the worker sends.

use super::shape::{Body, Kind};
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

/// A member of an object read by hand (a third party's payload, `body::SELLAUTH_WEBHOOK`):
/// asking for one its declaration lacks fails the tests (debug builds), so what is read is
/// what the document says is read.
pub fn declared<'a>(body: &Body, object: &'a Value, name: &str) -> Option<&'a Value> {
    debug_assert!(
        body.field(name).is_some(),
        "`{name}` is read but not declared by {}",
        body.name
    );
    object.get(name)
}

/// Each item as JSON (`rows.to_json()` for a list of rows).
pub fn list<T>(items: &[T], to_json: fn(&T) -> Value) -> Vec<Value> {
    items.iter().map(to_json).collect()
}

/// The base object with the other's fields added (`obj!(SHAPE => extends(base) {...})`).
pub fn extended(base: Value, more: Value) -> Value {
    match (base, more) {
        (Value::Object(mut base), Value::Object(more)) => {
            base.extend(more);
            Value::Object(base)
        }
        (base, _) => base,
    }
}

/// The fields of a JSON object body, read by its declaration (`core::body`). Problems are
/// found up front (a field a closed body does not declare, a required one missing, one of the
/// wrong type) and `done` reports the first, worded as serde words it. The getters then only
/// take values out: no early exits (each would drop what was read so far: code per field, per
/// type, as serde's derived `Deserialize` does).
pub struct Fields<'a> {
    object: &'a Map<String, Value>,
    body: &'static Body,
    problem: std::cell::RefCell<Option<String>>,
}

impl<'a> Fields<'a> {
    pub fn of(value: &'a Value, body: &'static Body) -> Result<Fields<'a>, String> {
        let Value::Object(object) = value else {
            return Err(format!("invalid type: expected {} as an object", body.name));
        };
        let fields = Fields {
            object,
            body,
            problem: std::cell::RefCell::new(None),
        };
        if body.closed {
            let declared = |k: &str| {
                body.field(k).is_some()
                    || body
                        .inputs
                        .is_some_and(|more| more().iter().any(|f| f.name == k))
            };
            if let Some(other) = object.keys().find(|k| !declared(k)) {
                fields.problem(|| {
                    let names: Vec<String> =
                        body.all_fields().map(|f| format!("`{}`", f.name)).collect();
                    format!("unknown field `{other}`, expected {}", names.join(" or "))
                });
            }
        }
        for field in body.all_fields() {
            match object.get(field.name).filter(|v| !v.is_null()) {
                None if field.required => {
                    fields.problem(|| format!("missing field `{}`", field.name))
                }
                None => {}
                Some(v) if !fits(v, field.kind) => fields.problem(|| {
                    format!(
                        "invalid type: `{}` must be {}",
                        field.name,
                        expected(field.kind)
                    )
                }),
                Some(_) => {}
            }
        }
        Ok(fields)
    }

    fn problem(&self, words: impl FnOnce() -> String) {
        let mut problem = self.problem.borrow_mut();
        if problem.is_none() {
            *problem = Some(words());
        }
    }

    /// The value of a declared field, `None` when left out or `null`. Asking for a field the
    /// body does not declare is a problem too (the declaration is what the document shows).
    fn value(&self, name: &str) -> Option<&'a Value> {
        if self.body.field(name).is_none() {
            self.problem(|| format!("`{name}` is not a field of {}", self.body.name));
        }
        self.object.get(name).filter(|v| !v.is_null())
    }

    /// A field as sent (`null` when left out).
    pub fn json(&self, name: &str) -> Value {
        self.value(name).cloned().unwrap_or(Value::Null)
    }

    /// Any JSON that may be left out; `null` counts as left out.
    pub fn opt_value(&self, name: &str) -> Option<Value> {
        self.value(name).cloned()
    }

    /// A text field (empty when it was not text: `done` then reports it).
    pub fn text(&self, name: &str) -> String {
        self.opt_text(name).unwrap_or_default()
    }

    pub fn opt_text(&self, name: &str) -> Option<String> {
        self.value(name).and_then(Value::as_str).map(str::to_owned)
    }

    /// A whole number field (0 when it was not one: `done` then reports it).
    pub fn whole(&self, name: &str) -> u32 {
        self.value(name)
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(0)
    }

    pub fn opt_whole(&self, name: &str) -> Option<u32> {
        self.value(name)
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
    }

    pub fn opt_number(&self, name: &str) -> Option<f64> {
        self.value(name).and_then(Value::as_f64)
    }

    pub fn opt_bool(&self, name: &str) -> Option<bool> {
        self.value(name).and_then(Value::as_bool)
    }

    /// An object field read by the body its kind declares (`Kind::Object`); its problem is
    /// this body's, named by the field.
    pub fn nested<T>(&self, name: &str, read: impl FnOnce(&Fields) -> T) -> Option<T> {
        let value = self.value(name)?;
        let Some(Kind::Object(body)) = self.body.field(name).map(|f| f.kind) else {
            self.problem(|| format!("`{name}` is not an object field"));
            return None;
        };
        self.inside(name, Fields::of(value, body).and_then(|f| f.done(read(&f))))
    }

    /// A list field's objects, each read by the body its kind declares (`Kind::Rows`).
    pub fn nested_rows<T>(&self, name: &str, read: impl Fn(&Fields) -> T) -> Option<Vec<T>> {
        let items = self.value(name)?.as_array()?;
        let Some(Kind::Rows { row, .. }) = self.body.field(name).map(|f| f.kind) else {
            self.problem(|| format!("`{name}` is not a list field"));
            return None;
        };
        let rows = items.iter().enumerate().map(|(i, item)| {
            Fields::of(item, row)
                .and_then(|f| f.done(read(&f)))
                .map_err(|e| format!("[{i}]: {e}"))
        });
        self.inside(name, rows.collect())
    }

    fn inside<T>(&self, name: &str, read: Result<T, String>) -> Option<T> {
        read.map_err(|e| self.problem(|| format!("{name}: {e}")))
            .ok()
    }

    pub fn done<T>(&self, built: T) -> Result<T, String> {
        match self.problem.borrow_mut().take() {
            None => Ok(built),
            Some(problem) => Err(problem),
        }
    }
}

/// A list field's objects (left out: none), each read by `row`; a problem names its place.
pub fn rows<T>(
    list: Option<Value>,
    name: &str,
    row: fn(&Value) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let items = match list {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| row(item).map_err(|e| format!("{name}[{i}]: {e}")))
        .collect()
}

/// Whether a (non-null) value is of a field's kind.
fn fits(v: &Value, kind: Kind) -> bool {
    match kind {
        Kind::Text => v.is_string(),
        Kind::Whole { min } => v
            .as_u64()
            .is_some_and(|n| n >= u64::from(min) && n <= u64::from(u32::MAX)),
        Kind::Flag => v.is_boolean(),
        Kind::Number => v.is_number(),
        Kind::Any => true,
        Kind::OneOf(types) => types.iter().any(|t| match *t {
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "boolean" => v.is_boolean(),
            _ => false,
        }),
        Kind::TextOrList => v.is_string() || v.is_array(),
        Kind::Rows { .. } => v.is_array(),
        Kind::Object(_) => v.is_object(),
        Kind::Within(_) => v.as_u64().is_some_and(|n| u32::try_from(n).is_ok()),
        Kind::Chars(_) => v.is_string(),
        Kind::Integer => v.is_i64() || v.is_u64(),
        Kind::Bit => v.as_u64().is_some_and(|n| n <= 1),
        // Like `Words`: declared; the domain refuses the others.
        Kind::Among(_) => v.is_u64(),
        // The domain refuses other words in its own terms, as with `Within`.
        Kind::Words(_) => v.is_string(),
        Kind::Exactly(json) => serde_json::from_str::<Value>(json).is_ok_and(|lit| lit == *v),
        Kind::OrNull(kind) => v.is_null() || fits(v, *kind),
        Kind::List(kind) => v
            .as_array()
            .is_some_and(|a| a.iter().all(|v| fits(v, *kind))),
    }
}

fn expected(kind: Kind) -> String {
    match kind {
        Kind::Text => "text".into(),
        Kind::Whole { min } => format!("a whole number of at least {min}"),
        Kind::Flag => "true or false".into(),
        Kind::Number => "a number".into(),
        Kind::Any => "any value".into(),
        Kind::OneOf(types) => types.join(" or "),
        Kind::TextOrList => "text or a list of texts".into(),
        Kind::Rows { row, .. } => format!("a list of {} objects", row.name),
        Kind::Object(body) => format!("a {} object", body.name),
        Kind::Within(_) => "a whole number".into(),
        Kind::Chars(_) => "text".into(),
        Kind::Integer => "a whole number".into(),
        Kind::Bit => "0 or 1".into(),
        Kind::Among(_) => "a whole number".into(),
        Kind::Words(_) => "text".into(),
        Kind::Exactly(json) => json.into(),
        Kind::OrNull(kind) => format!("{} or null", expected(*kind)),
        Kind::List(kind) => format!("a list of {}", expected(*kind)),
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
    // The keys alone, for the compile-time check of a shaped object.
    (@keys [$($keys:tt)*]) => {
        [$($keys)*]
    };
    (@keys [$($keys:tt)*] $key:literal : { $($inner:tt)* } $(, $($rest:tt)*)?) => {
        $crate::core::json::obj!(@keys [$($keys)* $key,] $($($rest)*)?)
    };
    (@keys [$($keys:tt)*] $key:literal : $value:expr $(, $($rest:tt)*)?) => {
        $crate::core::json::obj!(@keys [$($keys)* $key,] $($($rest)*)?)
    };
    // An answer that is its base (built) and these fields of its own.
    ($shape:path => extends($base:expr) { $($body:tt)* }) => {{
        const _: () = assert!(
            $crate::core::shape::built_on(&$shape, &$crate::core::json::obj!(@keys [] $($body)*)),
            concat!("these fields are not those `", stringify!($shape), "` adds to its base"),
        );
        $crate::core::json::extended($base, $crate::core::json::obj!({ $($body)* }))
    }};
    // Fields a shape may leave out, added to a built answer of it.
    ($shape:path => adds($built:expr) { $($body:tt)* }) => {{
        const _: () = assert!(
            $crate::core::shape::sometimes_there(&$shape, &$crate::core::json::obj!(@keys [] $($body)*)),
            concat!("these fields are not ones `", stringify!($shape), "` may leave out"),
        );
        $crate::core::json::extended($built, $crate::core::json::obj!({ $($body)* }))
    }};
    // An answer of a declared shape (`core::answer`): built only if its keys are the shape's.
    ($shape:path => { $($body:tt)* }) => {{
        const _: () = assert!(
            $crate::core::shape::built_by(&$shape, &$crate::core::json::obj!(@keys [] $($body)*)),
            concat!("these fields are not those `", stringify!($shape), "` declares"),
        );
        $crate::core::json::obj!({ $($body)* })
    }};
}
pub(crate) use obj;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_body_is_read_by_its_declaration() {
        use crate::core::body::{LINK_CHECK, REDEEM};
        use crate::core::manual_order::MANUAL_ORDER;
        let problem = |v: Value, body| Fields::of(&v, body).unwrap().done(()).unwrap_err();
        let ok = json!({"code": "SMM-1", "link": "youtube.com/@x"});
        let f = Fields::of(&ok, &LINK_CHECK).unwrap();
        assert_eq!(f.done((f.text("code"), f.text("link"))).unwrap().0, "SMM-1");
        assert_eq!(
            problem(json!({"code": "a", "link": "b", "extra": 1}), &LINK_CHECK),
            "unknown field `extra`, expected `code` or `link`"
        );
        assert_eq!(
            problem(json!({"code": "a"}), &LINK_CHECK),
            "missing field `link`"
        );
        assert_eq!(
            problem(json!({"code": 5, "link": "b"}), &LINK_CHECK),
            "invalid type: `code` must be text"
        );
        assert_eq!(
            problem(
                json!({"service_id": 0, "link": "x", "quantity": 5}),
                &MANUAL_ORDER
            ),
            "invalid type: `service_id` must be a whole number of at least 1"
        );
        // The buyer's inputs ride along on a redemption; null is "not sent".
        let sent = json!({"code": "a", "link": "b", "comments": "x", "username": null});
        assert!(Fields::of(&sent, &REDEEM).unwrap().done(()).is_ok());
        // Asking for an undeclared field is caught (the document shows the declaration).
        let f = Fields::of(&ok, &LINK_CHECK).unwrap();
        let _ = f.text("lang");
        assert!(f.done(()).unwrap_err().contains("not a field of LinkCheck"));
        assert!(Fields::of(&json!([1]), &LINK_CHECK).is_err());
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

    #[test]
    #[should_panic(expected = "`colour` is read but not declared by SellauthItem")]
    fn a_payload_read_by_hand_reads_only_declared_members() {
        use crate::core::sellauth::SELLAUTH_ITEM;
        let item = json!({ "quantity": 2, "colour": "red" });
        assert_eq!(declared(&SELLAUTH_ITEM, &item, "quantity"), Some(&json!(2)));
        declared(&SELLAUTH_ITEM, &item, "colour");
    }
}
