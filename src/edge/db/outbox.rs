//! The outbox (`core::outbox`): events recorded once per code, kind and channel, claimed and
//! delivered once, retried with back-off; and the addresses that unsubscribed.

use super::row::{from_row, Rows as _};
use super::Db;
use super::{num, opt_text, text};
use crate::core::answer;
use crate::core::clock::UtcTime;
use crate::core::code::Code;
use crate::core::json::obj;
use crate::core::outbox::Event;
use serde_json::Value;
use worker::{D1PreparedStatement, Result};

/// Where a code's updates go, decided by the caller from the shop's settings.
#[derive(Debug, Clone, Copy)]
pub struct Channels {
    pub email: bool,
    pub telegram: bool,
}

/// The statement that records `event` for the codes `codes_sql` selects (its `?1`): to the
/// code's address (typed on the page, else the invoice's) unless it unsubscribed, and to the
/// Telegram chat it was redeemed from. A second record of the same event is ignored.
fn record_statement(
    db: &Db,
    codes_where: &str,
    first: worker::wasm_bindgen::JsValue,
    event: Event,
    ch: Channels,
    now: UtcTime,
) -> Result<D1PreparedStatement> {
    db.prepare(format!(
        "INSERT OR IGNORE INTO outbox (code, kind, channel, address, lang, next_at, created_at) \
         SELECT code, ?2, 'email', lower(trim(coalesce(notify_email, buyer_email))), buyer_lang, ?3, ?3 \
         FROM codes WHERE {codes_where} AND ?4 = 1 \
         AND coalesce(notify_email, buyer_email) IS NOT NULL \
         AND lower(trim(coalesce(notify_email, buyer_email))) NOT IN (SELECT address FROM unsubscribed) \
         UNION ALL \
         SELECT code, ?2, 'telegram', substr(used_by_user_id, 4), buyer_lang, ?3, ?3 \
         FROM codes WHERE {codes_where} AND ?5 = 1 AND used_by_user_id LIKE 'tg:%'"
    ))
    .bind(&[
        first,
        text(event.key()),
        text(&now.iso()),
        num(u8::from(ch.email)),
        num(u8::from(ch.telegram)),
    ])
}

/// Records `event` for one code; true if anything new is to be sent.
pub async fn record_update(
    db: &Db,
    code: &Code,
    event: Event,
    ch: Channels,
    now: UtcTime,
) -> Result<bool> {
    if !ch.email && !ch.telegram {
        return Ok(false);
    }
    let r = record_statement(db, "code = ?1", text(code.as_str()), event, ch, now)?
        .run()
        .await?;
    Ok(r.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// The statement recording `Completed` for the orders (row ids, JSON) now completed: added to
/// a status refresh's own batch, so however often a status is refreshed, once.
pub fn record_completed(
    db: &Db,
    rows_json: &str,
    ch: Channels,
    now: UtcTime,
) -> Result<D1PreparedStatement> {
    record_statement(
        db,
        "code IN (SELECT o.code FROM orders o, json_each(?1) j \
         WHERE o.id = j.value AND o.status = 'Completed' AND o.source = 'redeem')",
        text(rows_json),
        Event::Completed,
        ch,
        now,
    )
}

/// One update to deliver.
#[derive(Debug)]
pub struct Due {
    pub code: String,
    pub kind: String,
    pub channel: String,
    pub address: String,
    pub lang: Option<String>,
    pub attempts: i64,
}

from_row!(Due {
    code,
    kind,
    channel,
    address,
    lang,
    attempts
});

/// Updates due now, oldest first; a claim older than `stale_before` (its sender died) counts
/// as due again.
pub async fn due_updates(
    db: &Db,
    now: UtcTime,
    stale_before: UtcTime,
    limit: u32,
) -> Result<Vec<Due>> {
    db.prepare(
        "SELECT code, kind, channel, address, lang, attempts FROM outbox \
         WHERE (status = 'pending' AND next_at <= ?1) OR (status = 'sending' AND claimed_at < ?2) \
         ORDER BY next_at LIMIT ?3",
    )
    .bind(&[text(&now.iso()), text(&stale_before.iso()), num(limit)])?
    .all()
    .await?
    .rows()
}

/// Takes one update for this sender: true if it won it.
pub async fn claim_update_send(
    db: &Db,
    d: &Due,
    token: &str,
    now: UtcTime,
    stale_before: UtcTime,
) -> Result<bool> {
    let won: Option<String> = db
        .prepare(
            "UPDATE outbox SET status = 'sending', claim = ?4, claimed_at = ?5 \
             WHERE code = ?1 AND kind = ?2 AND channel = ?3 \
             AND (status = 'pending' OR (status = 'sending' AND claimed_at < ?6)) RETURNING code",
        )
        .bind(&[
            text(&d.code),
            text(&d.kind),
            text(&d.channel),
            text(token),
            text(&now.iso()),
            text(&stale_before.iso()),
        ])?
        .first(Some("code"))
        .await?;
    Ok(won.is_some())
}

/// The claimed update went out, or failed: `retry_at` `None` gives up (`failed`).
pub async fn settle_update_send(
    db: &Db,
    d: &Due,
    token: &str,
    outcome: std::result::Result<(), (String, Option<UtcTime>)>,
    now: UtcTime,
) -> Result<()> {
    let (status, error, next) = match &outcome {
        Ok(()) => ("sent", None, None),
        Err((why, Some(at))) => ("pending", Some(why.as_str()), Some(at.iso())),
        Err((why, None)) => ("failed", Some(why.as_str()), None),
    };
    db.prepare(
        "UPDATE outbox SET status = ?5, attempts = attempts + 1, last_error = ?6, \
         next_at = coalesce(?7, next_at), sent_at = CASE WHEN ?5 = 'sent' THEN ?8 END, claim = NULL \
         WHERE code = ?1 AND kind = ?2 AND channel = ?3 AND claim = ?4",
    )
    .bind(&[
        text(&d.code),
        text(&d.kind),
        text(&d.channel),
        text(token),
        text(status),
        opt_text(error),
        opt_text(next.as_deref()),
        text(&now.iso()),
    ])?
    .run()
    .await?;
    Ok(())
}

/// What was sent where for one code (the admin code view).
#[derive(Debug)]
pub struct UpdateRow {
    pub kind: String,
    pub channel: String,
    pub address: String,
    pub status: String,
    pub attempts: i64,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub last_error: Option<String>,
}

impl UpdateRow {
    pub fn to_json(&self) -> Value {
        obj!(answer::CODE_DETAIL_UPDATES => { "kind": self.kind, "channel": self.channel, "address": self.address, "status": self.status, "attempts": self.attempts, "created_at": self.created_at, "sent_at": self.sent_at, "last_error": self.last_error })
    }
}

from_row!(UpdateRow {
    kind,
    channel,
    address,
    status,
    attempts,
    created_at,
    sent_at,
    last_error
});

pub async fn updates_of_code(db: &Db, code: &str) -> Result<Vec<UpdateRow>> {
    db.prepare(
        "SELECT kind, channel, address, status, attempts, created_at, sent_at, last_error \
         FROM outbox WHERE code = ?1 ORDER BY created_at, kind",
    )
    .bind(&[text(code)])?
    .all()
    .await?
    .rows()
}

/// The address the buyer typed on the order page for this code (and unsubscribes no more).
pub async fn set_notify_email(
    db: &Db,
    code: &Code,
    email: &str,
    lang: Option<&str>,
    now: UtcTime,
) -> Result<()> {
    db.batch(vec![
        db.prepare("UPDATE codes SET notify_email = ?2, buyer_lang = coalesce(?3, buyer_lang), updated_at = ?4 WHERE code = ?1")
            .bind(&[text(code.as_str()), text(email), opt_text(lang), text(&now.iso())])?,
        db.prepare("DELETE FROM unsubscribed WHERE address = ?1").bind(&[text(email)])?,
    ])
    .await?;
    Ok(())
}

pub async fn unsubscribe(db: &Db, address: &str, now: UtcTime) -> Result<()> {
    db.batch(vec![
        db.prepare("INSERT OR IGNORE INTO unsubscribed (address, at) VALUES (?1, ?2)")
            .bind(&[text(address), text(&now.iso())])?,
        // What was waiting for it is not sent either.
        db.prepare(
            "DELETE FROM outbox WHERE channel = 'email' AND address = ?1 AND status = 'pending'",
        )
        .bind(&[text(address)])?,
    ])
    .await?;
    Ok(())
}
