//! Bulk writes for moving in from the Flask app: one statement per table per batch, each
//! reading its rows from one bound JSON array.

use super::row::{from_row, Rows as _};
use super::text;
use super::Db;
use crate::core::code::Code;
use crate::core::legacy::{ImportedCode, ImportedRedemption};
use worker::Result;

fn json<T: serde::Serialize>(rows: &T) -> Result<String> {
    serde_json::to_string(rows).map_err(|e| worker::Error::RustError(e.to_string()))
}

#[derive(Debug)]
pub struct ExistingCode {
    pub code: String,
    pub key: String,
    pub status: String,
}

from_row!(ExistingCode { code, key, status });

/// The codes here that match these (ignoring separators, as lookups do), with their statuses.
pub async fn existing_codes(db: &Db, codes: &[Code]) -> Result<Vec<ExistingCode>> {
    let keys: Vec<String> = codes.iter().map(Code::key).collect();
    db.prepare(
        "SELECT code, code_key AS key, status FROM codes \
         WHERE code_key IN (SELECT value FROM json_each(?1))",
    )
    .bind(&[text(&json(&keys)?)])?
    .all()
    .await?
    .rows()
}

/// Inserts the codes that are not here yet; an existing code is never touched.
pub async fn insert_imported_codes(db: &Db, rows: &[ImportedCode], now: &str) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    db.prepare(
        "INSERT OR IGNORE INTO codes (code, service_id, quantity, platform, service_type, requirements, \
         status, created_date, used_date, used_by_user_id, order_id, expiry_days, expires_at, \
         has_refill, source, updated_at) \
         SELECT j.value ->> '$.code', j.value ->> '$.service_id', j.value ->> '$.quantity', \
         j.value ->> '$.platform', j.value ->> '$.service_type', j.value ->> '$.requirements', \
         j.value ->> '$.status', j.value ->> '$.created_date', j.value ->> '$.used_date', \
         j.value ->> '$.used_by_user_id', j.value ->> '$.order_id', j.value ->> '$.expiry_days', \
         j.value ->> '$.expires_at', j.value ->> '$.has_refill', 'import', ?2 FROM json_each(?1) j",
    )
    .bind(&[text(&json(&rows)?), text(now)])?
    .run()
    .await?;
    Ok(())
}

/// Inserts history rows whose code exists here and whose Flask id is new; also records their
/// orders, so imported orders can be tracked. Returns how many history rows were new.
pub async fn insert_imported_history(db: &Db, rows: &[ImportedRedemption]) -> Result<usize> {
    if rows.is_empty() {
        return Ok(0);
    }
    let data = text(&json(&rows)?);
    let results = db
        .batch(vec![
            db.prepare(
                "INSERT OR IGNORE INTO redemption_history (code, user_id, username, service_id, \
                 quantity, link, order_id, redeemed_date, platform, service_type, legacy_id) \
                 SELECT c.code, j.value ->> '$.user_id', j.value ->> '$.username', \
                 j.value ->> '$.service_id', j.value ->> '$.quantity', j.value ->> '$.link', \
                 j.value ->> '$.order_id', j.value ->> '$.redeemed_date', c.platform, c.service_type, \
                 j.value ->> '$.legacy_id' \
                 FROM json_each(?1) j JOIN codes c ON c.code = j.value ->> '$.code' RETURNING id",
            )
            .bind(std::slice::from_ref(&data))?,
            db.prepare(
                "INSERT INTO orders (panel, order_id, code, source, service_id, quantity, link, placed_at) \
                 SELECT 'main', j.value ->> '$.order_id', c.code, 'import', j.value ->> '$.service_id', \
                 j.value ->> '$.quantity', j.value ->> '$.link', j.value ->> '$.redeemed_date' \
                 FROM json_each(?1) j JOIN codes c ON c.code = j.value ->> '$.code' \
                 WHERE j.value ->> '$.order_id' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM orders o \
                   WHERE o.code = c.code AND o.order_id = j.value ->> '$.order_id')",
            )
            .bind(&[data])?,
        ])
        .await?;
    Ok(results[0].results::<serde_json::Value>()?.len())
}
