//! Held orders (`core::hold`): `reserved -> queued` when the panel refuses for the shop's own
//! reasons, `queued -> reserved` when a drain claims one (one conditional UPDATE, so each held
//! code is asked of the panel by one drain at a time), and `queued -> unused` after too long.

use super::codes::{BACK_TO_UNUSED, CODE_COLUMNS};
use super::row::{from_row, Rows as _};
use super::Db;
use super::{num, opt_text, text};
use crate::core::answer;
use crate::core::clock::UtcTime;
use crate::core::code::Code;
use crate::core::hold::Returned;
use crate::core::json::obj;
use crate::core::panel::{HoldReason, ServiceChoice};
use crate::core::redemption::CodeRow;
use serde_json::Value;
use worker::Result;

/// `reserved -> queued`: the hold keeps its first `queued_at` across attempts, counts the
/// attempt, and stores what the buyer asked for (`request`, JSON) so a drain can place it.
pub struct HoldWrite<'a> {
    pub code: &'a Code,
    pub token: &'a str,
    pub reason: HoldReason,
    pub request: &'a str,
    pub next_at: UtcTime,
    pub now: UtcTime,
}

pub async fn hold(db: &Db, h: &HoldWrite<'_>) -> Result<bool> {
    let won: Option<String> = db
        .prepare(
            "UPDATE codes SET status = 'queued', queued_reason = ?3, \
             queued_at = coalesce(queued_at, ?5), queue_attempts = queue_attempts + 1, \
             queue_next_at = ?4, pending_request = ?6, reserved_at = NULL, reservation_id = NULL, \
             pending_panel = NULL, pending_service_id = NULL, updated_at = ?5 \
             WHERE code = ?1 AND status = 'reserved' AND reservation_id = ?2 RETURNING code",
        )
        .bind(&[
            text(h.code.as_str()),
            text(h.token),
            text(h.reason.key()),
            text(&h.next_at.iso()),
            text(&h.now.iso()),
            text(h.request),
        ])?
        .first(Some("code"))
        .await?;
    Ok(won.is_some())
}

/// A held code as a drain reads it: the code, and what its buyer asked for.
pub struct HeldCode {
    pub row: CodeRow,
    pub pending_link: Option<String>,
    pub pending_request: Option<String>,
}

/// The two columns a held code has besides its `CodeRow` (read from the same rows).
struct Asked {
    pending_link: Option<String>,
    pending_request: Option<String>,
}

from_row!(Asked {
    pending_link,
    pending_request
});

/// Held codes due for an attempt (all of them with `force`), oldest hold first; `only` limits
/// it to one code.
pub async fn due_holds(
    db: &Db,
    now: UtcTime,
    force: bool,
    only: Option<&Code>,
    limit: u32,
) -> Result<Vec<HeldCode>> {
    let found = db
        .prepare(format!(
            "SELECT {CODE_COLUMNS}, pending_link, pending_request FROM codes \
         WHERE status = 'queued' AND (?2 = 1 OR queue_next_at IS NULL OR queue_next_at <= ?1) \
         AND (?3 IS NULL OR code = ?3) ORDER BY queued_at, code LIMIT ?4"
        ))
        .bind(&[
            text(&now.iso()),
            num(u8::from(force)),
            opt_text(only.map(Code::as_str)),
            num(limit),
        ])?
        .all()
        .await?;
    let rows: Vec<CodeRow> = found.rows()?;
    let asked: Vec<Asked> = found.rows()?;
    Ok(rows
        .into_iter()
        .zip(asked)
        .map(|(row, a)| HeldCode {
            row,
            pending_link: a.pending_link,
            pending_request: a.pending_request,
        })
        .collect())
}

/// `queued -> reserved` for one drain: true if this call won the code.
pub async fn claim_hold(
    db: &Db,
    code: &Code,
    token: &str,
    first: &ServiceChoice,
    now: UtcTime,
) -> Result<bool> {
    let won: Option<String> = db
        .prepare(
            "UPDATE codes SET status = 'reserved', reserved_at = ?1, reservation_id = ?2, \
             pending_panel = ?4, pending_service_id = ?5, updated_at = ?1 \
             WHERE code = ?3 AND status = 'queued' RETURNING code",
        )
        .bind(&[
            text(&now.iso()),
            text(token),
            text(code.as_str()),
            text(first.panel.as_str()),
            num(first.service_id.get()),
        ])?
        .first(Some("code"))
        .await?;
    Ok(won.is_some())
}

/// `queued -> unused` for holds that began before `cutoff`: the code keeps the validity it had
/// left when it was held (`core::redemption::expiry_on_return`, in SQL), and its page says why.
pub async fn expire_holds(db: &Db, cutoff: UtcTime, now: UtcTime) -> Result<Vec<String>> {
    let rows: Vec<serde_json::Value> = db
        .prepare(format!(
            "UPDATE codes SET expires_at = CASE WHEN expires_at IS NULL THEN NULL ELSE max(expires_at, \
             strftime('%Y-%m-%dT%H:%M:%fZ', julianday(?2) + \
             max(0, julianday(expires_at) - julianday(coalesce(queued_at, ?2))))) END, \
             {BACK_TO_UNUSED}, returned_reason = ?3, returned_message = NULL, updated_at = ?2 \
             WHERE status = 'queued' AND queued_at < ?1 RETURNING code"
        ))
        .bind(&[
            text(&cutoff.iso()),
            text(&now.iso()),
            text(Returned::HoldExpired.key()),
        ])?
        .all()
        .await?
        .rows()?;
    Ok(super::codes_of(&rows))
}

/// One held code on the owner's list.
#[derive(Debug)]
pub struct HeldRow {
    pub code: String,
    pub reason: Option<String>,
    /// The panel its first choice is on (`main` for a plain `service_id`).
    pub panel: String,
    pub service_id: i64,
    pub since: Option<String>,
    pub attempts: i64,
    pub next_attempt: Option<String>,
    pub link: Option<String>,
}

impl HeldRow {
    pub fn to_json(&self) -> Value {
        obj!(answer::HELD_ORDER => { "code": self.code, "reason": self.reason, "panel": self.panel, "service_id": self.service_id, "since": self.since, "attempts": self.attempts, "next_attempt": self.next_attempt, "link": self.link })
    }
}

from_row!(HeldRow {
    code,
    reason,
    panel,
    service_id,
    since,
    attempts,
    next_attempt,
    link
});

/// Every held code, oldest hold first (at most `limit`), and how many there are.
pub async fn list_holds(db: &Db, limit: u32) -> Result<(Vec<HeldRow>, i64)> {
    let results = db
        .batch(vec![
            db.prepare(
                "SELECT code, queued_reason AS reason, \
                 coalesce(json_extract(services, '$[0].panel'), 'main') AS panel, \
                 coalesce(json_extract(services, '$[0].service_id'), service_id) AS service_id, \
                 queued_at AS since, queue_attempts AS attempts, queue_next_at AS next_attempt, \
                 pending_link AS link FROM codes WHERE status = 'queued' \
                 ORDER BY queued_at, code LIMIT ?1",
            )
            .bind(&[num(limit)])?,
            db.prepare("SELECT count(*) AS n FROM codes WHERE status = 'queued'"),
        ])
        .await?;
    let rows = results[0].rows()?;
    let n = results[1]
        .results::<serde_json::Value>()?
        .first()
        .and_then(|r| r["n"].as_i64())
        .unwrap_or(0);
    Ok((rows, n))
}
