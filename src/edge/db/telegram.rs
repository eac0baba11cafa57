//! Telegram's two tables: updates acted on (exactly once each) and chats in a conversation.

use super::row::{from_row, FirstRow as _};
use super::Db;
use super::{num, opt_text, text};
use crate::core::clock::UtcTime;
use worker::Result;

/// True for the first call with this update id: the one that acts on it.
pub async fn claim_update(db: &Db, update_id: i64, now: UtcTime) -> Result<bool> {
    let won: Option<f64> = db
        .prepare(
            "INSERT INTO telegram_updates (update_id, received_at) VALUES (?1, ?2) \
             ON CONFLICT (update_id) DO NOTHING RETURNING update_id",
        )
        .bind(&[num(update_id as f64), text(&now.iso())])?
        .first(Some("update_id"))
        .await?;
    Ok(won.is_some())
}

/// Update ids older than `before` (Telegram has stopped re-sending them).
pub async fn forget_updates(db: &Db, before: UtcTime) -> Result<()> {
    db.prepare("DELETE FROM telegram_updates WHERE received_at < ?1")
        .bind(&[text(&before.iso())])?
        .run()
        .await?;
    Ok(())
}

/// What a chat is in the middle of: the code being redeemed, its link once given, and the
/// inputs given so far (JSON, as `/api/redeem` takes them).
#[derive(Debug)]
pub struct ChatState {
    pub code: String,
    pub link: Option<String>,
    pub inputs: Option<String>,
}

from_row!(ChatState { code, link, inputs });

/// The chat's conversation, if it was touched after `fresh_after`.
pub async fn chat_state(db: &Db, chat: i64, fresh_after: UtcTime) -> Result<Option<ChatState>> {
    db.prepare(
        "SELECT code, link, inputs FROM telegram_chats WHERE chat_id = ?1 AND updated_at > ?2",
    )
    .bind(&[num(chat as f64), text(&fresh_after.iso())])?
    .first_row()
    .await
}

pub async fn set_chat_state(
    db: &Db,
    chat: i64,
    code: &str,
    link: Option<&str>,
    inputs: Option<&str>,
    now: UtcTime,
) -> Result<()> {
    db.prepare(
        "INSERT INTO telegram_chats (chat_id, code, link, inputs, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (chat_id) DO UPDATE SET code = excluded.code, link = excluded.link, \
         inputs = excluded.inputs, updated_at = excluded.updated_at",
    )
    .bind(&[
        num(chat as f64),
        text(code),
        opt_text(link),
        opt_text(inputs),
        text(&now.iso()),
    ])?
    .run()
    .await?;
    Ok(())
}

pub async fn clear_chat_state(db: &Db, chat: i64) -> Result<()> {
    db.prepare("DELETE FROM telegram_chats WHERE chat_id = ?1")
        .bind(&[num(chat as f64)])?
        .run()
        .await?;
    Ok(())
}
