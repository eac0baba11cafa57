//! The `codes`, `redemption_history` and `orders` tables: reserving, settling, minting.

use super::row::{from_row, FirstRow as _, Rows as _};
use super::Db;
use super::{num, opt_text, text};
use crate::core::answer;
use crate::core::clock::UtcTime;
use crate::core::code::Code;
use crate::core::hold::Returned;
use crate::core::json::obj;
use crate::core::paging::{CodeFilter, Cursor};
use crate::core::panel::{OrderId, ServiceChoice, ServiceId, MAIN};
use crate::core::redemption::{CodeRow, StoredCode};
use crate::core::template::CodeTemplate;
use serde_json::Value;
use wasm_bindgen::JsValue;
use worker::{D1PreparedStatement, D1PreparedStatement as Stmt, Result};

pub(super) const CODE_COLUMNS: &str = "code, service_id, quantity, platform, service_type, \
     requirements, status, created_date, expires_at, has_refill, order_id, invoice_id, services, \
     order_input, drip_runs, drip_interval, queued_reason, queued_at, queue_attempts, \
     returned_reason, returned_message, replaces, \
     (SELECT json_group_array(json_object('panel', panel, 'service_id', service_id)) \
      FROM findings WHERE kind = 'gone') AS gone_choices";

/// Codes are matched ignoring separators (`Code::key`); an exact match wins should two
/// imported codes differ only in their dashes.
const BY_KEY: &str = "WHERE code_key = ?1 ORDER BY code = ?2 DESC LIMIT 1";

/// The stored code a buyer or admin typed, in whatever spelling.
pub async fn find_code(db: &Db, code: &Code) -> Result<Option<CodeRow>> {
    db.prepare(format!("SELECT {CODE_COLUMNS} FROM codes {BY_KEY}"))
        .bind(&[text(&code.key()), text(code.as_str())])?
        .first_row()
        .await
}

/// The only way a code leaves `unused`: one conditional UPDATE, in one round trip with the
/// read of the code as it was. Returns that row (`None`: no such code) and whether this call
/// won the code. The reservation names the panel and service it asks first (the row's first
/// choice) and the link as `Link::guess` made it; the caller checks both once it has the row,
/// and gives the code back untouched (`unreserve`) if the redemption is refused.
pub async fn reserve(
    db: &Db,
    code: &Code,
    token: &str,
    link: &str,
    lang: Option<&str>,
    now: UtcTime,
) -> Result<(Option<CodeRow>, bool)> {
    let read = db
        .prepare(format!("SELECT {CODE_COLUMNS} FROM codes {BY_KEY}"))
        .bind(&[text(&code.key()), text(code.as_str())])?;
    let claim = db
        .prepare(
            "UPDATE codes SET status = 'reserved', reserved_at = ?1, reservation_id = ?2, \
             pending_link = ?3, updated_at = ?1, \
             pending_panel = coalesce(json_extract(services, '$[0].panel'), 'main'), \
             pending_service_id = coalesce(json_extract(services, '$[0].service_id'), service_id), \
             returned_reason = NULL, returned_message = NULL, buyer_lang = coalesce(?6, buyer_lang) \
             WHERE code = (SELECT code FROM codes WHERE code_key = ?4 ORDER BY code = ?5 DESC LIMIT 1) \
             AND status = 'unused' AND (expires_at IS NULL OR expires_at > ?1) \
             RETURNING code",
        )
        .bind(&[
            text(&now.iso()),
            text(token),
            text(link),
            text(&code.key()),
            text(code.as_str()),
            opt_text(lang),
        ])?;
    let mut results = db.batch(vec![read, claim]).await?.into_iter();
    let row = match results.next() {
        Some(r) => r.rows::<CodeRow>()?.into_iter().next(),
        None => None,
    };
    let won = match results.next() {
        Some(r) => !r.results::<serde_json::Value>()?.is_empty(),
        None => false,
    };
    Ok((row, won))
}

/// A reservation refused before any panel was asked (a wrong link, a missing input, no panel):
/// the code goes back exactly as it was read, with the words it had.
pub async fn unreserve(
    db: &Db,
    code: &Code,
    token: &str,
    returned: (Option<&str>, Option<&str>),
) -> Result<()> {
    db.prepare(format!(
        "UPDATE codes SET {BACK_TO_UNUSED}, returned_reason = ?3, returned_message = ?4 \
         WHERE code = ?1 AND status = 'reserved' AND reservation_id = ?2"
    ))
    .bind(&[
        text(code.as_str()),
        text(token),
        opt_text(returned.0),
        opt_text(returned.1),
    ])?
    .run()
    .await?;
    Ok(())
}

/// The reservation's link, when the code's own rule made another text of it than the guess
/// (a code of no known platform given a link of one): written before the panel is asked.
pub async fn reservation_link(db: &Db, code: &Code, token: &str, link: &str) -> Result<()> {
    db.prepare(
        "UPDATE codes SET pending_link = ?3 \
         WHERE code = ?1 AND status = 'reserved' AND reservation_id = ?2",
    )
    .bind(&[text(code.as_str()), text(token), text(link)])?
    .run()
    .await?;
    Ok(())
}

/// A fail-over: the reservation now asks `next` (written before the call, so a review knows
/// which panel may hold the order).
pub async fn reservation_asks(
    db: &Db,
    code: &Code,
    token: &str,
    next: &ServiceChoice,
) -> Result<()> {
    db.prepare(
        "UPDATE codes SET pending_panel = ?3, pending_service_id = ?4 \
         WHERE code = ?1 AND status = 'reserved' AND reservation_id = ?2",
    )
    .bind(&[
        text(code.as_str()),
        text(token),
        text(next.panel.as_str()),
        num(next.service_id.get()),
    ])?
    .run()
    .await?;
    Ok(())
}

/// What a successful redemption writes, all at once.
pub struct Redeemed<'a> {
    pub code: &'a StoredCode,
    /// The panel that took the order, and the service it bought there.
    pub panel: &'a str,
    pub service_id: ServiceId,
    pub token: &'a str,
    pub order: OrderId,
    pub link: &'a str,
    pub user_id: &'a str,
    pub username: &'a str,
    pub now: UtcTime,
}

/// `reserved -> used` + the history row + the order row, as one D1 transaction. A code the
/// scheduled job swept to `needs_review` meanwhile (it keeps the token) is settled too: the
/// real outcome beats the guess. False when the code had been settled otherwise (an admin
/// resolved it during the call): then nothing is written and the caller must raise it.
pub async fn mark_used(db: &Db, r: &Redeemed<'_>) -> Result<bool> {
    let now = text(&r.now.iso());
    let mut statements = vec![
        db.prepare(format!(
            "UPDATE codes SET status = 'used', used_date = ?1, used_by_user_id = ?2, order_id = ?3, \
             reserved_at = NULL, reservation_id = NULL, review_reason = NULL, updated_at = ?1, \
             {HOLD_CLEARED} \
             WHERE code = ?4 AND status IN ('reserved', 'needs_review') AND reservation_id = ?5 \
             RETURNING code"
        ))
        .bind(&[
            now,
            text(r.user_id),
            num(r.order.get() as f64),
            text(r.code.code.as_str()),
            text(r.token),
        ])?,
    ];
    statements.extend(recorded(
        db,
        &Recorded {
            code: r.code.code.as_str(),
            order: r.order,
            service_id: r.service_id,
            user_id: r.user_id,
            username: r.username,
            link: r.link,
            panel: r.panel,
            now: &r.now.iso(),
        },
    )?);
    let results = db.batch(statements).await?;
    Ok(!results[0].results::<serde_json::Value>()?.is_empty())
}

/// A code that just became `used` with an order: its history row and its order row.
struct Recorded<'a> {
    code: &'a str,
    order: OrderId,
    service_id: ServiceId,
    user_id: &'a str,
    username: &'a str,
    link: &'a str,
    panel: &'a str,
    /// The `updated_at` the settling UPDATE wrote, in the same batch.
    now: &'a str,
}

/// The two INSERTs every settlement to `used` makes (a redemption, a review that found the
/// order). Both read the code's own row and only follow an UPDATE that took effect in the same
/// batch (same order, same timestamp), so a settlement that did not happen writes nothing.
fn recorded(db: &Db, r: &Recorded<'_>) -> Result<[D1PreparedStatement; 2]> {
    let (code, order, now) = (text(r.code), num(r.order.get() as f64), text(r.now));
    let service = num(r.service_id.get());
    Ok([
        db.prepare(
            "INSERT INTO redemption_history (code, user_id, username, service_id, quantity, link, \
             order_id, redeemed_date, platform, service_type, panel) \
             SELECT code, ?2, ?3, ?7, quantity, ?4, order_id, ?5, platform, service_type, ?8 \
             FROM codes WHERE code = ?1 AND status = 'used' AND order_id = ?6 AND updated_at = ?5 \
             AND NOT EXISTS (SELECT 1 FROM redemption_history WHERE code = ?1 AND order_id = ?6)",
        )
        .bind(&[
            code.clone(),
            text(r.user_id),
            text(r.username),
            text(r.link),
            now.clone(),
            order.clone(),
            service.clone(),
            text(r.panel),
        ])?,
        // The estimate is the code's unit cost when the order went to the service it was priced
        // on (its first choice); a fail-over order waits for the other panel's charge.
        db.prepare(
            "INSERT INTO orders (panel, order_id, code, source, service_id, quantity, link, placed_at, \
             cost_estimate_micros) \
             SELECT ?3, order_id, code, 'redeem', ?6, quantity, ?2, ?4, \
             CASE WHEN service_id = ?6 \
               AND coalesce(json_extract(services, '$[0].panel'), 'main') = ?3 \
             THEN unit_cost_micros END FROM codes \
             WHERE code = ?1 AND status = 'used' AND order_id = ?5 AND updated_at = ?4",
        )
        .bind(&[code, text(r.link), text(r.panel), now, order, service])?,
    ])
}

/// `reserved -> unused`: the panel refused, nothing was bought. `expires_at` is what
/// `core::redemption::expiry_on_return` gives back; `note` is what the buyer's page says of it.
pub async fn release(
    db: &Db,
    code: &Code,
    token: &str,
    expires_at: Option<UtcTime>,
    note: (Returned, &str),
    now: UtcTime,
) -> Result<()> {
    db.prepare(format!(
        "UPDATE codes SET {BACK_TO_UNUSED}, expires_at = ?4, updated_at = ?1, \
         returned_reason = ?5, returned_message = ?6 \
         WHERE code = ?2 AND status = 'reserved' AND reservation_id = ?3"
    ))
    .bind(&[
        text(&now.iso()),
        text(code.as_str()),
        text(token),
        opt_text(expires_at.map(|t| t.iso()).as_deref()),
        text(note.0.key()),
        text(note.1),
    ])?
    .run()
    .await?;
    Ok(())
}

/// The way back to `unused` from a reservation that bought nothing; a refunded invoice's code
/// (`voided_at`) goes to `void` instead.
pub(super) const BACK_TO_UNUSED: &str =
    "status = CASE WHEN voided_at IS NULL THEN 'unused' ELSE 'void' END, \
     reserved_at = NULL, reservation_id = NULL, pending_link = NULL, review_reason = NULL, \
     pending_panel = NULL, pending_service_id = NULL, queued_reason = NULL, queued_at = NULL, \
     queue_attempts = 0, queue_next_at = NULL, pending_request = NULL";

/// A code that leaves its hold for good (placed, or settled by review) forgets it.
pub(super) const HOLD_CLEARED: &str =
    "queued_reason = NULL, queued_at = NULL, queue_attempts = 0, \
     queue_next_at = NULL, pending_request = NULL, returned_reason = NULL, returned_message = NULL";

/// `reserved -> needs_review`: the order may exist; a person decides.
pub async fn hold_for_review(
    db: &Db,
    code: &Code,
    token: &str,
    reason: &str,
    now: UtcTime,
) -> Result<()> {
    db.prepare(
        "UPDATE codes SET status = 'needs_review', review_reason = ?1, updated_at = ?2 \
         WHERE code = ?3 AND status = 'reserved' AND reservation_id = ?4",
    )
    .bind(&[
        text(reason),
        text(&now.iso()),
        text(code.as_str()),
        text(token),
    ])?
    .run()
    .await?;
    Ok(())
}

/// Codes to create, sharing one service template.
pub struct NewCodes<'a> {
    pub codes: &'a [Code],
    pub template: &'a CodeTemplate,
    pub expires_at: Option<UtcTime>,
    pub source: &'a str,
    pub now: UtcTime,
}

/// Where Sellauth codes came from; their insert only happens if this delivery row holds them.
pub struct Origin<'a> {
    pub invoice_id: &'a str,
    pub item_id: &'a str,
    pub email: Option<&'a str>,
}

/// All codes in one statement (one JSON array bound once), so 1000 codes are one query,
/// all-or-nothing. With an `Origin`, rows are written only when the delivery row holds exactly
/// these codes: a duplicate delivery that lost the race inserts nothing.
pub(super) fn insert_codes_statement(
    db: &Db,
    n: &NewCodes<'_>,
    origin: Option<&Origin<'_>>,
) -> Result<D1PreparedStatement> {
    let list: Vec<&str> = n.codes.iter().map(Code::as_str).collect();
    let json = serde_json::to_string(&list).map_err(|e| worker::Error::RustError(e.to_string()))?;
    let t = n.template;
    let guard = if origin.is_some() {
        "WHERE (SELECT codes FROM webhook_deliveries WHERE invoice_id = ?12 AND item_id = ?13) = ?15"
    } else {
        // ?15 is bound (NULL) either way; D1 wants every bound parameter used.
        "WHERE ?15 IS NULL"
    };
    db.prepare(format!(
        "INSERT INTO codes (code, service_id, quantity, platform, service_type, requirements, \
         status, created_date, expiry_days, expires_at, has_refill, source, updated_at, \
         invoice_id, invoice_item_id, buyer_email, services, unit_cost_micros, order_input, \
         drip_runs, drip_interval) \
         SELECT value, ?2, ?3, ?4, ?5, ?6, 'unused', ?7, ?8, ?9, ?10, ?11, ?7, ?12, ?13, ?14, ?16, ?17, \
         ?18, ?19, ?20 \
         FROM json_each(?1) {guard}"
    ))
    .bind(&[
        text(&json),
        num(t.service_id.get()),
        num(t.quantity),
        text(t.platform.key()),
        text(t.kind.key()),
        opt_text(t.requirements.as_deref()),
        text(&n.now.iso()),
        t.expiry_days.map_or(JsValue::NULL, num),
        opt_text(n.expires_at.map(|t| t.iso()).as_deref()),
        num(u8::from(t.has_refill)),
        text(n.source),
        opt_text(origin.map(|o| o.invoice_id)),
        opt_text(origin.map(|o| o.item_id)),
        opt_text(origin.and_then(|o| o.email)),
        opt_text(origin.map(|_| list.join("\n")).as_deref()),
        opt_text(choices_json(t)?.as_deref()),
        super::micros(t.unit_cost),
        opt_text(t.order.stored().as_deref()),
        t.drip_feed.map_or(JsValue::NULL, |d| num(d.runs)),
        t.drip_feed.map_or(JsValue::NULL, |d| num(d.interval)),
    ])
}

/// A template's panel choices as stored: `None` for the one service on `main`.
pub(super) fn choices_json(t: &CodeTemplate) -> Result<Option<String>> {
    let only_main = t.services.len() == 1 && t.services[0].panel.as_str() == MAIN;
    if only_main {
        return Ok(None);
    }
    serde_json::to_string(&t.services)
        .map(Some)
        .map_err(|e| worker::Error::RustError(e.to_string()))
}

pub async fn insert_codes(db: &Db, n: &NewCodes<'_>) -> Result<()> {
    insert_codes_statement(db, n, None)?.run().await?;
    Ok(())
}

/// Remembers the invoice as voided (a later delivery hands out nothing redeemable) and voids
/// its unredeemed codes; (voided, codes the invoice has in all).
pub async fn void_invoice(
    db: &Db,
    invoice_id: &str,
    actor: &str,
    now: UtcTime,
) -> Result<(usize, usize)> {
    let results = db
        .batch(vec![
            db.prepare(
                "UPDATE codes SET status = 'void', voided_at = ?2, updated_at = ?2 \
                 WHERE invoice_id = ?1 AND status IN ('unused', 'queued') RETURNING code",
            )
            .bind(&[text(invoice_id), text(&now.iso())])?,
            // Codes mid-redemption or in review: their way back to 'unused' now leads to 'void'.
            db.prepare(
                "UPDATE codes SET voided_at = ?2 \
                 WHERE invoice_id = ?1 AND status IN ('reserved', 'needs_review')",
            )
            .bind(&[text(invoice_id), text(&now.iso())])?,
            db.prepare("SELECT count(*) AS n FROM codes WHERE invoice_id = ?1")
                .bind(&[text(invoice_id)])?,
            db.prepare(
                "INSERT OR IGNORE INTO voided_invoices (invoice_id, voided_at, actor) \
                 VALUES (?1, ?2, ?3)",
            )
            .bind(&[text(invoice_id), text(&now.iso()), text(actor)])?,
        ])
        .await?;
    let voided = results[0].results::<serde_json::Value>()?.len();
    let total = results[2]
        .results::<serde_json::Value>()?
        .first()
        .and_then(|r| r["n"].as_f64())
        .unwrap_or(0.0) as usize;
    Ok((voided, total))
}

/// A code as the admin dashboard shows it: every column that helps an operator.
#[derive(Debug)]
pub struct AdminCodeRow {
    pub code: String,
    pub service_id: i64,
    pub quantity: i64,
    pub platform: String,
    pub service_type: String,
    pub requirements: Option<String>,
    pub status: String,
    pub created_date: String,
    pub used_date: Option<String>,
    pub used_by_user_id: Option<String>,
    pub order_id: Option<i64>,
    pub expiry_days: Option<i64>,
    pub expires_at: Option<String>,
    pub has_refill: i64,
    pub reserved_at: Option<String>,
    pub pending_link: Option<String>,
    pub review_reason: Option<String>,
    /// The panel (and service) a reservation was asking: where support looks for the order.
    pub pending_panel: Option<String>,
    pub pending_service_id: Option<i64>,
    pub source: String,
    pub invoice_id: Option<String>,
    pub invoice_item_id: Option<String>,
    pub buyer_email: Option<String>,
    /// The hold (`core::hold`), while `queued`.
    pub queued_reason: Option<String>,
    pub queued_at: Option<String>,
    pub queue_attempts: Option<i64>,
    pub queue_next_at: Option<String>,
    /// The code whose canceled or short order this one replaces.
    pub replaces: Option<String>,
}

impl AdminCodeRow {
    pub fn to_json(&self) -> Value {
        obj!(answer::ADMIN_CODE => { "code": self.code, "service_id": self.service_id, "quantity": self.quantity, "platform": self.platform, "service_type": self.service_type, "requirements": self.requirements, "status": self.status, "created_date": self.created_date, "used_date": self.used_date, "used_by_user_id": self.used_by_user_id, "order_id": self.order_id, "expiry_days": self.expiry_days, "expires_at": self.expires_at, "has_refill": self.has_refill, "reserved_at": self.reserved_at, "pending_link": self.pending_link, "review_reason": self.review_reason, "pending_panel": self.pending_panel, "pending_service_id": self.pending_service_id, "source": self.source, "invoice_id": self.invoice_id, "invoice_item_id": self.invoice_item_id, "buyer_email": self.buyer_email, "queued_reason": self.queued_reason, "queued_at": self.queued_at, "queue_attempts": self.queue_attempts, "queue_next_at": self.queue_next_at, "replaces": self.replaces })
    }
}

from_row!(AdminCodeRow {
    code,
    service_id,
    quantity,
    platform,
    service_type,
    requirements,
    status,
    created_date,
    used_date,
    used_by_user_id,
    order_id,
    expiry_days,
    expires_at,
    has_refill,
    reserved_at,
    pending_link,
    review_reason,
    pending_panel,
    pending_service_id,
    source,
    invoice_id,
    invoice_item_id,
    buyer_email,
    queued_reason,
    queued_at,
    queue_attempts,
    queue_next_at,
    replaces
});

const ADMIN_CODE_COLUMNS: &str = "code, service_id, quantity, platform, service_type, requirements, \
     status, created_date, used_date, used_by_user_id, order_id, expiry_days, expires_at, has_refill, \
     reserved_at, pending_link, review_reason, pending_panel, pending_service_id, source, \
     invoice_id, invoice_item_id, buyer_email, queued_reason, queued_at, queue_attempts, \
     queue_next_at, replaces";

/// One page of codes, newest first, as `columns`; `limit + 1` rows are read so the caller
/// knows if more follow.
fn codes_page(
    db: &Db,
    columns: &str,
    filter: &CodeFilter,
    after: Option<&Cursor>,
    limit: u32,
) -> Result<Stmt> {
    // The cursor as a row value SQLite can seek on (`codes_by_created_code`); an `?4 IS NULL OR`
    // around it would make every page scan from the newest code again.
    let from = if after.is_some() {
        "(created_date, code) < (?4, ?5)"
    } else {
        "?4 IS NULL AND ?5 IS NULL"
    };
    db.prepare(format!(
        "SELECT {columns} FROM codes \
         WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR platform = ?2) \
         AND (?3 IS NULL OR instr(code, ?3) > 0 OR invoice_id = ?3 OR CAST(order_id AS TEXT) = ?3) \
         AND {from} ORDER BY created_date DESC, code DESC LIMIT ?6"
    ))
    .bind(&[
        opt_text(filter.status.map(|s| s.as_str())),
        opt_text(filter.platform.as_deref()),
        opt_text(filter.q.as_deref()),
        opt_text(after.map(|c| c.after_time.as_str())),
        opt_text(after.map(|c| c.after_key.as_str())),
        num(limit + 1),
    ])
}

pub async fn list_codes(
    db: &Db,
    filter: &CodeFilter,
    after: Option<&Cursor>,
    limit: u32,
) -> Result<Vec<AdminCodeRow>> {
    codes_page(db, ADMIN_CODE_COLUMNS, filter, after, limit)?
        .all()
        .await?
        .rows()
}

/// The codes export's columns: its header, and what D1 reads for each. `code` (0) and
/// `created_date` (7) are the page's cursor.
pub const CODE_EXPORT: [(&str, &str); 14] = [
    ("code", "code"),
    ("status", "status"),
    ("platform", "platform"),
    ("service_type", "service_type"),
    ("service_id", "service_id"),
    ("quantity", "quantity"),
    (
        "has_refill",
        "CASE WHEN has_refill THEN 'yes' ELSE 'no' END",
    ),
    ("created_date", "created_date"),
    ("expires_at", "expires_at"),
    ("used_date", "used_date"),
    ("order_id", "order_id"),
    ("invoice_id", "invoice_id"),
    ("buyer_email", "buyer_email"),
    ("source", "source"),
];

/// One page of the codes export: each row its cells as text, read as arrays (D1's `raw`) with
/// only the exported columns. A 20,000-row part spent half its CPU turning 28-column row
/// objects into structs, field by field across the WebAssembly boundary.
pub async fn export_codes(
    db: &Db,
    filter: &CodeFilter,
    after: Option<&Cursor>,
    limit: u32,
) -> Result<Vec<Vec<String>>> {
    let columns: Vec<&str> = CODE_EXPORT.iter().map(|c| c.1).collect();
    let rows = codes_page(db, &columns.join(", "), filter, after, limit)?
        .raw_js_value()
        .await?;
    Ok(rows.iter().map(super::cells).collect())
}

pub async fn admin_code(db: &Db, code: &Code) -> Result<Option<AdminCodeRow>> {
    db.prepare(format!("SELECT {ADMIN_CODE_COLUMNS} FROM codes {BY_KEY}"))
        .bind(&[text(&code.key()), text(code.as_str())])?
        .first_row()
        .await
}

/// `unused -> void`. False when the code was not unused (used, reserved, in review, void).
pub async fn void_code(db: &Db, code: &Code, now: UtcTime) -> Result<bool> {
    let hit: Option<String> = db
        .prepare(
            "UPDATE codes SET status = 'void', voided_at = ?2, updated_at = ?2 \
             WHERE code = ?1 AND status = 'unused' RETURNING code",
        )
        .bind(&[text(code.as_str()), text(&now.iso())])?
        .first(Some("code"))
        .await?;
    Ok(hit.is_some())
}

/// `needs_review -> unused`, when the panel shows no order, with the expiry
/// `core::redemption::expiry_on_return` gives back. Returns the new status (`void` for a
/// refunded invoice's code), or `None` if the code was not in review.
pub async fn review_back_to_unused(
    db: &Db,
    code: &Code,
    expires_at: Option<UtcTime>,
    now: UtcTime,
) -> Result<Option<String>> {
    let status: Option<String> = db
        .prepare(format!(
            "UPDATE codes SET {BACK_TO_UNUSED}, expires_at = ?3, updated_at = ?2 \
             WHERE code = ?1 AND status = 'needs_review' RETURNING status"
        ))
        .bind(&[
            text(code.as_str()),
            text(&now.iso()),
            opt_text(expires_at.map(|t| t.iso()).as_deref()),
        ])?
        .first(Some("status"))
        .await?;
    Ok(status)
}

/// `needs_review -> used` with the order the admin found on the panel: the same three writes
/// as a redemption, in one batch. The first statement's guard makes the others no-ops when the
/// code was not in review (checked by the caller afterwards).
pub async fn review_placed(
    db: &Db,
    panel: &str,
    code: &AdminCodeRow,
    order: OrderId,
    actor: &str,
    now: UtcTime,
) -> Result<bool> {
    let now = now.iso();
    let mut statements = vec![db
        .prepare(format!(
            "UPDATE codes SET status = 'used', used_date = ?1, order_id = ?2, \
             used_by_user_id = coalesce(used_by_user_id, 'web'), reserved_at = NULL, \
             reservation_id = NULL, review_reason = NULL, updated_at = ?1, {HOLD_CLEARED} \
             WHERE code = ?3 AND status = 'needs_review' RETURNING code"
        ))
        .bind(&[text(&now), num(order.get() as f64), text(&code.code)])?];
    statements.extend(recorded(
        db,
        &Recorded {
            code: &code.code,
            order,
            service_id: ServiceId::new(
                u32::try_from(code.pending_service_id.unwrap_or(code.service_id)).unwrap_or(0),
            )
            .ok_or_else(|| worker::Error::RustError("a code without a service".into()))?,
            user_id: "web",
            username: &format!("resolved by {actor}"),
            link: code.pending_link.as_deref().unwrap_or(""),
            panel,
            now: &now,
        },
    )?);
    let results = db.batch(statements).await?;
    Ok(!results[0].results::<serde_json::Value>()?.is_empty())
}

/// `reserved -> needs_review` for reservations older than `cutoff`; the codes it moved.
pub async fn sweep_stale_reservations(
    db: &Db,
    cutoff: UtcTime,
    now: UtcTime,
) -> Result<Vec<String>> {
    let rows: Vec<serde_json::Value> = db
        .prepare(
            "UPDATE codes SET status = 'needs_review', updated_at = ?2, \
             review_reason = 'no outcome was recorded for this reservation (swept by the scheduled job)' \
             WHERE status = 'reserved' AND reserved_at < ?1 RETURNING code",
        )
        .bind(&[text(&cutoff.iso()), text(&now.iso())])?
        .all()
        .await?
        .rows()?;
    Ok(super::codes_of(&rows))
}

pub async fn count_needs_review(db: &Db) -> Result<i64> {
    let n: Option<i64> = db
        .prepare("SELECT count(*) AS n FROM codes WHERE status = 'needs_review'")
        .first(Some("n"))
        .await?;
    Ok(n.unwrap_or(0))
}

from_row!(CodeRow {
    code,
    service_id,
    quantity,
    platform,
    service_type,
    requirements,
    status,
    created_date,
    expires_at,
    has_refill,
    order_id,
    invoice_id,
    services,
    order_input,
    drip_runs,
    drip_interval,
    queued_reason,
    queued_at,
    queue_attempts,
    returned_reason,
    returned_message,
    replaces,
    gone_choices
});
