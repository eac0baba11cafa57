//! Minting codes of one template: the dashboard's form, the API and Discord's `/codes create`.

use super::fit_service;
use crate::core::clock::UtcTime;
use crate::core::code::{Code, Prefix};
use crate::core::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use crate::core::json::obj;
use crate::core::redemption::expiry;
use crate::core::template::{CodeTemplate, MintInput};
use crate::edge::ctx::Ctx;
use crate::edge::db::{self, NewCodes};
use crate::edge::random;

/// Codes just written, with what each buys.
pub struct Minted {
    pub codes: Vec<Code>,
    pub template: CodeTemplate,
    pub expires_at: Option<UtcTime>,
}

/// Validates, checks the service against the panel's catalogue (and prices it), writes the
/// codes in one statement and the audit row naming `actor`.
pub async fn mint(ctx: &Ctx, input: MintInput, actor: &str) -> Result<Minted, ApiError> {
    let confirmed = input.confirm_mismatch;
    let (count, prefix, mut template) = input.validate()?;
    fit_service(ctx, &mut template, confirmed).await?;
    let prefix = match prefix.as_deref() {
        None => ctx.config.code_prefix.clone(),
        Some(p) => Prefix::parse(p).ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidTemplate,
                "prefix must be 1 to 12 letters or digits.",
            )
        })?,
    };
    let codes: Vec<Code> = (0..count).map(|_| random::code(&prefix)).collect();
    let expires_at = expiry(ctx.started, template.expiry_days.map(i64::from));
    db::insert_codes(
        &ctx.db()?,
        &NewCodes {
            codes: &codes,
            template: &template,
            expires_at,
            source: "admin",
            now: ctx.started,
        },
    )
    .await?;
    let t = &template;
    db::audit(
        &ctx.db()?,
        ctx.started,
        actor,
        "codes.create",
        None,
        &obj!({ "count": count, "service_id": t.service_id, "quantity": t.quantity,
                 "platform": t.platform.key(), "service_type": t.kind.key() }),
    )
    .await?;
    Ok(Minted {
        codes,
        template,
        expires_at,
    })
}
