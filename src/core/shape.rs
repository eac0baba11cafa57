//! What a JSON object holds, declared as data: the kinds of its fields, which it always has,
//! and the words the API document says of them. Requests are read by their declarations
//! (`json::Fields`), answers are built through theirs (`obj!(SHAPE => {...})`, checked at
//! compile time), and `src/bin/openapi.rs` writes every schema from them. Each declaration
//! lives with the code that reads or builds it; `body::ALL` and `answer::ALL` gather them.

use std::ops::RangeInclusive;

/// What a field holds. An optional field may also be `null` (the same as leaving it out).
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Text,
    /// A whole number from `min` to 2^32 - 1.
    Whole {
        min: u32,
    },
    /// Any JSON number.
    Number,
    Flag,
    /// Any JSON (the Flask app's loose rows).
    Any,
    /// One of these JSON types (`"string"`, `"integer"`).
    OneOf(&'static [&'static str]),
    /// Text with one item per line, or a list of texts.
    TextOrList,
    /// A list of objects, each read as that body.
    Rows {
        row: &'static Body,
        /// How many, as its domain allows them (refused there in its words, as `Within` is).
        count: &'static RangeInclusive<u32>,
    },
    /// An object read as that body (written as a reference to its schema when it has a name,
    /// in place when it has none).
    Object(&'static Body),
    /// A whole number the domain takes in this range. The reader takes any; the domain refuses
    /// the rest in its own words (a template's `invalid_template`), as with `Rows` counts.
    Within(&'static RangeInclusive<u32>),
    /// Text of this many characters, checked by the domain as `Within` is.
    Chars(&'static RangeInclusive<u32>),
    /// Text that is one of these words: a domain's keys, listed by the domain itself. Read as
    /// any text: the domain refuses others in its own words, as with `Within`.
    Words(fn() -> Vec<&'static str>),
    // Kinds only answers have (`core::answer`).
    /// Any whole number.
    Integer,
    /// 0 or 1 (SQLite's true and false).
    Bit,
    /// A whole number that is one of these (a protocol's codes); read as `Words` is.
    Among(&'static [u64]),
    /// Exactly this JSON value, written as JSON (`true`, `"queued"`).
    Exactly(&'static str),
    /// That kind, or `null`.
    OrNull(&'static Kind),
    /// A list of that kind.
    List(&'static Kind),
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// For the API document; empty when the name says it.
    pub words: &'static str,
}

#[derive(Debug)]
pub struct Body {
    /// Its schema's name in the API document.
    pub name: &'static str,
    pub words: &'static str,
    pub fields: &'static [Field],
    /// No other fields than these (and its `inputs`).
    pub closed: bool,
    /// Fields that may come along besides, listed by their domain (the buyer's order inputs).
    pub inputs: Option<fn() -> Vec<Field>>,
    /// Exactly one of these fields must be sent.
    pub one_of: &'static [&'static str],
    /// An answer that is another answer and these fields (`OrderByCode` is an `OrderView`).
    pub base: Option<&'static Body>,
}

impl Body {
    /// A field of this body or of its base.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.all_fields().find(|f| f.name == name)
    }

    /// Its own fields, then its base's.
    pub fn all_fields(&self) -> impl Iterator<Item = &'static Field> {
        let base = self.base.map_or(&[][..], |b| b.fields);
        self.fields.iter().chain(base)
    }
}

/// Whether an object built with exactly these keys is this body: each key declared (by it or
/// its base), each field it always has among them. `obj!(BODY => {...})` asks it at compile
/// time, so an answer and its schema cannot drift apart.
pub const fn built_by(body: &Body, keys: &[&str]) -> bool {
    all_declared(body, keys, true) && has_all(body, keys, true)
}

/// The same for the fields a body adds to its base, when they are added to a built base
/// (`obj!(BODY => extends(base) {...})`).
pub const fn built_on(body: &Body, keys: &[&str]) -> bool {
    all_declared(body, keys, false) && has_all(body, keys, false)
}

/// Whether these keys are fields the body (or its base) may leave out: what is added to a
/// built answer when there is something to say (`obj!(BODY => adds(built) {...})`).
pub const fn sometimes_there(body: &Body, keys: &[&str]) -> bool {
    all_declared(body, keys, true) && !any_required(body, keys)
}

const fn any_required(body: &Body, keys: &[&str]) -> bool {
    let mut f = 0;
    while f < body.fields.len() {
        let field = &body.fields[f];
        if field.required && listed(keys, field.name) {
            return true;
        }
        f += 1;
    }
    match body.base {
        Some(base) => any_required(base, keys),
        None => false,
    }
}

const fn all_declared(body: &Body, keys: &[&str], with_base: bool) -> bool {
    let mut k = 0;
    while k < keys.len() {
        if !declares(body, keys[k], with_base) {
            return false;
        }
        k += 1;
    }
    true
}

const fn has_all(body: &Body, keys: &[&str], with_base: bool) -> bool {
    let mut f = 0;
    while f < body.fields.len() {
        let field = &body.fields[f];
        if field.required && !listed(keys, field.name) {
            return false;
        }
        f += 1;
    }
    match body.base {
        Some(base) if with_base => has_all(base, keys, true),
        _ => true,
    }
}

const fn declares(body: &Body, key: &str, with_base: bool) -> bool {
    let mut f = 0;
    while f < body.fields.len() {
        if same(body.fields[f].name, key) {
            return true;
        }
        f += 1;
    }
    match body.base {
        Some(base) if with_base => declares(base, key, true),
        _ => false,
    }
}

const fn listed(keys: &[&str], key: &str) -> bool {
    let mut k = 0;
    while k < keys.len() {
        if same(keys[k], key) {
            return true;
        }
        k += 1;
    }
    false
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A body that refuses fields it does not declare.
pub const fn closed(name: &'static str, words: &'static str, fields: &'static [Field]) -> Body {
    Body {
        name,
        words,
        fields,
        closed: true,
        inputs: None,
        one_of: &[],
        base: None,
    }
}

/// A body that ignores fields it does not declare (older clients', a third party's).
pub const fn open(name: &'static str, words: &'static str, fields: &'static [Field]) -> Body {
    Body {
        closed: false,
        ..closed(name, words, fields)
    }
}

pub const fn text(name: &'static str, words: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Text,
        required: true,
        words,
    }
}

pub const fn maybe(name: &'static str, kind: Kind, words: &'static str) -> Field {
    Field {
        name,
        kind,
        required: false,
        words,
    }
}

pub const fn must(name: &'static str, kind: Kind, words: &'static str) -> Field {
    Field {
        name,
        kind,
        required: true,
        words,
    }
}

/// An answer's shape (its fields and, when it is another answer plus its own, its base).
pub const fn answer(name: &'static str, words: &'static str, fields: &'static [Field]) -> Body {
    Body {
        closed: false,
        ..closed(name, words, fields)
    }
}

/// An answer that is its base and these fields of its own (`OrderByCode` is an `OrderView`).
pub const fn answer_on(
    base: &'static Body,
    name: &'static str,
    words: &'static str,
    fields: &'static [Field],
) -> Body {
    Body {
        base: Some(base),
        ..answer(name, words, fields)
    }
}

/// A field every answer of the shape has (its value may still be `null` when its kind says so).
pub const fn always(name: &'static str, kind: Kind, words: &'static str) -> Field {
    Field {
        name,
        kind,
        required: true,
        words,
    }
}

/// A field some answers of the shape leave out.
pub const fn sometimes(name: &'static str, kind: Kind, words: &'static str) -> Field {
    Field {
        name,
        kind,
        required: false,
        words,
    }
}
