//! D1 statements. Each function is one statement or one atomic batch; none of them decides.
//! Numbers bind as JS numbers (f64): every id and quantity here is far below 2^53.

mod cache;
mod codes;
mod deliveries;
mod history;
mod import;
mod money;
mod orders;
mod outbox;
mod products;
mod queue;
pub(crate) mod row;
mod stats;
mod telegram;
mod watch;

pub use cache::*;
pub use codes::*;
pub use deliveries::*;
pub use history::*;
pub use import::*;
pub use money::*;
pub use orders::*;
pub use outbox::*;
pub use products::*;
pub use queue::*;
pub use stats::*;
pub use telegram::*;
pub use watch::*;

use crate::core::clock::UtcTime;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1DatabaseSession, D1PreparedStatement, D1Result, Result};

/// Where a request's statements go: its D1 session (`core::session`), or the plain binding
/// where the runtime has no sessions.
#[derive(Clone)]
pub enum Conn {
    Session(Rc<D1DatabaseSession>),
    Plain(Rc<D1Database>),
}

/// How much D1 work a request did, for its log line: statements prepared, and the round trips
/// they took (each statement alone is one, a batch of any size is one).
#[derive(Clone, Default)]
pub struct D1Count {
    pub statements: Rc<Cell<u32>>,
    batches: Rc<Cell<u32>>,
    batched: Rc<Cell<u32>>,
}

impl D1Count {
    pub fn statements(&self) -> u32 {
        self.statements.get()
    }

    pub fn round_trips(&self) -> u32 {
        (self.statements.get() + self.batches.get()).saturating_sub(self.batched.get())
    }
}

/// The D1 connection of one request, counting its work. Same `prepare` / `batch` as
/// `D1Database`, so the queries below read as usual.
pub struct Db {
    conn: Conn,
    count: D1Count,
}

impl Db {
    pub fn new(conn: Conn, count: D1Count) -> Db {
        Db { conn, count }
    }

    pub fn prepare(&self, sql: impl Into<String>) -> D1PreparedStatement {
        self.count.statements.set(self.count.statements.get() + 1);
        match &self.conn {
            Conn::Session(s) => s.prepare(sql),
            Conn::Plain(d) => d.prepare(sql),
        }
    }

    pub async fn batch(&self, statements: Vec<D1PreparedStatement>) -> Result<Vec<D1Result>> {
        let c = &self.count;
        c.batches.set(c.batches.get() + 1);
        c.batched.set(c.batched.get() + statements.len() as u32);
        match &self.conn {
            Conn::Session(s) => s.batch(statements).await,
            Conn::Plain(d) => d.batch(statements).await,
        }
    }
}

fn text(s: &str) -> JsValue {
    JsValue::from_str(s)
}

fn num(n: impl Into<f64>) -> JsValue {
    JsValue::from_f64(n.into())
}

/// An amount as D1 stores it (INTEGER millionths), or NULL when unknown.
fn micros(m: Option<crate::core::money::Micros>) -> JsValue {
    m.map_or(JsValue::NULL, |m| JsValue::from_f64(m.0 as f64))
}

fn opt_text(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::NULL, text)
}

/// A row D1 gave as an array (`raw`), each cell as text: a number as written (whole numbers
/// without a fraction), NULL empty. One crossing per cell, no deserializer.
fn cells(row: &JsValue) -> Vec<String> {
    js_sys::Array::from(row)
        .iter()
        .map(|cell| match cell.as_string() {
            Some(text) => text,
            None => match cell.as_f64() {
                Some(n) if n.fract() == 0.0 && n.abs() < 9e15 => (n as i64).to_string(),
                Some(n) => n.to_string(),
                None => String::new(),
            },
        })
        .collect()
}

/// The `code` of each row an UPDATE ... RETURNING code gave back.
fn codes_of(rows: &[serde_json::Value]) -> Vec<String> {
    rows.iter()
        .filter_map(|r| r["code"].as_str().map(str::to_string))
        .collect()
}

/// The cheapest real round trip to D1, for health checks.
pub async fn ping(db: &Db) -> Result<bool> {
    let one: Option<i64> = db.prepare("SELECT 1 AS ok").first(Some("ok")).await?;
    Ok(one == Some(1))
}

/// One `audit_log` row: who (key fingerprint, 'sellauth', 'system') did what to what.
pub fn audit<'a>(
    db: &'a Db,
    now: UtcTime,
    actor: &'a str,
    action: &'a str,
    target: Option<&'a str>,
    detail: &'a serde_json::Value,
) -> super::Boxed<'a, Result<()>> {
    Box::pin(write_audit(db, now, actor, action, target, detail))
}

async fn write_audit(
    db: &Db,
    now: UtcTime,
    actor: &str,
    action: &str,
    target: Option<&str>,
    detail: &serde_json::Value,
) -> Result<()> {
    db.prepare(
        "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .bind(&[
        text(&now.iso()),
        text(actor),
        text(action),
        opt_text(target),
        text(&detail.to_string()),
    ])?
    .run()
    .await?;
    Ok(())
}
