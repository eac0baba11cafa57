//! A code as the buyer typed it, found and typed once.

use crate::core::code::Code;
use crate::core::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use crate::core::redemption::{check_redeemable, Refusal, StoredCode};
use crate::edge::ctx::Ctx;
use crate::edge::db;
use crate::edge::Boxed;

pub fn parse_code(raw: &str) -> Result<Code, ApiError> {
    Code::parse(raw).map_err(|e| ApiError::new(ErrorCode::InvalidCodeFormat, e.message()))
}

pub(super) fn code_not_found() -> ApiError {
    ApiError::new(
        ErrorCode::CodeNotFound,
        "We could not find that code. Check it for typos and try again.",
    )
}

/// The stored code, typed; 404 when there is none, 500 (logged) when its row is unreadable.
/// Its `code` is the stored spelling, whatever separators the buyer typed.
pub fn load<'a>(ctx: &'a Ctx, code: &'a Code) -> Boxed<'a, Result<StoredCode, ApiError>> {
    Box::pin(load_code(ctx, code))
}

async fn load_code(ctx: &Ctx, code: &Code) -> Result<StoredCode, ApiError> {
    let row = db::find_code(&ctx.db()?, code)
        .await?
        .ok_or_else(code_not_found)?;
    StoredCode::from_row(row).map_err(|why| {
        worker::console_error!("unreadable code row: {why}");
        ApiError::internal()
    })
}

/// What a code buys, if it can be redeemed now.
pub async fn validate(ctx: &Ctx, raw_code: &str) -> Result<StoredCode, ApiError> {
    let stored = load(ctx, &parse_code(raw_code)?).await?;
    check_redeemable(&stored, ctx.started).map_err(Refusal::api_error)?;
    Ok(stored)
}
