//! Rows as D1 gives them, turned into the shop's row types by one reader. Each row is read once
//! as a JSON object (one `serde_wasm_bindgen` path for every query), and each type says which
//! columns it takes (`from_row!`): a per-type `Deserialize` through `serde_wasm_bindgen` cost
//! ~3 KB of `.wasm` a type, for what is a list of column names.

use crate::core::money::Micros;
use serde_json::Value;
use std::cell::Cell;
use worker::{D1PreparedStatement, D1Result, Error, Result};

/// A row type: built from one row's columns.
pub trait FromRow: Sized {
    fn from_row(row: Row) -> Result<Self>;
}

/// The row as it came, for the few reads that only look at one column or count rows.
impl FromRow for Value {
    fn from_row(row: Row) -> Result<Self> {
        Ok(row.0)
    }
}

/// One row: column name -> value, and the first column that did not fit its type.
pub struct Row(Value, Cell<Option<&'static str>>);

impl Row {
    fn new(value: Value) -> Row {
        Row(value, Cell::new(None))
    }

    /// The column's value as `T` (a missing column is NULL). A value of another type is
    /// remembered and gives `T`'s default, so building a row has no early exits (each would
    /// drop the fields built so far: code per field, per type); `done` reports it.
    #[inline(never)]
    pub fn get<T: Column + Default>(&self, name: &'static str) -> T {
        T::of(self.0.get(name).unwrap_or(&Value::Null)).unwrap_or_else(|| {
            self.1.set(self.1.get().or(Some(name)));
            T::default()
        })
    }

    /// The row built, unless a column did not fit.
    pub fn done<T>(&self, built: T) -> Result<T> {
        match self.1.get() {
            None => Ok(built),
            Some(column) => Err(Error::RustError(format!(
                "D1 column {column}: unexpected value"
            ))),
        }
    }
}

/// A column's Rust type.
pub trait Column: Sized {
    fn of(value: &Value) -> Option<Self>;
}

impl Column for String {
    fn of(value: &Value) -> Option<Self> {
        value.as_str().map(str::to_owned)
    }
}

impl Column for i64 {
    fn of(value: &Value) -> Option<Self> {
        value.as_i64().or_else(|| value.as_f64().map(|n| n as i64))
    }
}

impl Column for u64 {
    fn of(value: &Value) -> Option<Self> {
        i64::of(value).and_then(|n| u64::try_from(n).ok())
    }
}

impl Column for f64 {
    fn of(value: &Value) -> Option<Self> {
        value.as_f64()
    }
}

/// INTEGER millionths; a sum may come back as a float or as text.
impl Column for Micros {
    fn of(value: &Value) -> Option<Self> {
        match value {
            Value::String(s) => s.trim().parse::<i64>().ok().map(Micros),
            v => v
                .as_i64()
                .or_else(|| v.as_f64().map(|f| f.round() as i64))
                .map(Micros),
        }
    }
}

/// NULL (or a missing column) is `None`; anything else must be a `T`.
impl<T: Column> Column for Option<T> {
    fn of(value: &Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            v => T::of(v).map(Some),
        }
    }
}

/// `impl FromRow for Type` from its column names (the fields of the same names).
macro_rules! from_row {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl $crate::edge::db::row::FromRow for $ty {
            fn from_row(row: $crate::edge::db::row::Row) -> worker::Result<Self> {
                let built = $ty { $($field: row.get(stringify!($field)),)* };
                row.done(built)
            }
        }
    };
}
pub(crate) use from_row;

/// `result.rows::<T>()`: every row of a statement's result.
pub trait Rows {
    fn rows<T: FromRow>(&self) -> Result<Vec<T>>;
}

impl Rows for D1Result {
    fn rows<T: FromRow>(&self) -> Result<Vec<T>> {
        self.results::<Value>()?
            .into_iter()
            .map(|v| T::from_row(Row::new(v)))
            .collect()
    }
}

/// `statement.first_row::<T>()`: the first row of a statement, if any.
pub trait FirstRow {
    async fn first_row<T: FromRow>(&self) -> Result<Option<T>>;
}

impl FirstRow for D1PreparedStatement {
    async fn first_row<T: FromRow>(&self) -> Result<Option<T>> {
        match self.first::<Value>(None).await? {
            Some(v) => T::from_row(Row::new(v)).map(Some),
            None => Ok(None),
        }
    }
}
