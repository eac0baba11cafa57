//! `cache_entries`: panel answers kept for a while, and the admin lockout (see `edge::cache`).

use super::row::Rows as _;
use super::Db;
use super::{num, text};
use crate::core::clock::UtcTime;
use worker::Result;

/// Characters per row part: well under D1's 2 MB row limit.
const PART_CHARS: usize = 500_000;

/// The value under `key` if it has not expired, its parts joined in order.
pub async fn cached(db: &Db, key: &str, now: UtcTime) -> Result<Option<String>> {
    let rows: Vec<serde_json::Value> = db
        .prepare("SELECT value FROM cache_entries WHERE key = ?1 AND expires_at > ?2 ORDER BY part")
        .bind(&[text(key), text(&now.iso())])?
        .all()
        .await?
        .rows()?;
    if rows.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        rows.iter().filter_map(|r| r["value"].as_str()).collect(),
    ))
}

/// Replaces `key` with `value` until `expires_at`, all parts in one transaction.
pub async fn store_cached(db: &Db, key: &str, value: &str, expires_at: UtcTime) -> Result<()> {
    let until = text(&expires_at.iso());
    let mut statements = vec![db
        .prepare("DELETE FROM cache_entries WHERE key = ?1")
        .bind(&[text(key)])?];
    for (part, chunk) in chunks(value, PART_CHARS).into_iter().enumerate() {
        statements.push(
            db.prepare(
                "INSERT INTO cache_entries (key, part, value, expires_at) VALUES (?1, ?2, ?3, ?4)",
            )
            .bind(&[text(key), num(part as u32), text(chunk), until.clone()])?,
        );
    }
    db.batch(statements).await?;
    Ok(())
}

/// Removes what has expired (the scheduled job); how many rows went.
pub async fn drop_expired(db: &Db, now: UtcTime) -> Result<usize> {
    let gone: Vec<serde_json::Value> = db
        .prepare("DELETE FROM cache_entries WHERE expires_at <= ?1 RETURNING key")
        .bind(&[text(&now.iso())])?
        .all()
        .await?
        .rows()?;
    Ok(gone.len())
}

/// `s` in pieces of at most `max` bytes, cut on character boundaries; at least one piece.
fn chunks(s: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while rest.len() > max {
        let mut cut = max;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (head, tail) = rest.split_at(cut);
        out.push(head);
        rest = tail;
    }
    out.push(rest);
    out
}
