//! Admin routes (`/api/admin/*`): every handler starts with `authorize`.

use super::db::{self, NewCodes};
use super::http::{read_body, Outcome, Reply};
use super::random;
use super::routes::Ctx;
use crate::core::admin_key::{self, Fingerprint};
use crate::core::code::{Code, Prefix};
use crate::core::envelope::{parse_json, ApiError};
use crate::core::redemption::expiry;
use crate::core::template::MintInput;
use serde_json::json;
use worker::Request;

fn authorize(ctx: &Ctx, req: &Request) -> Result<Fingerprint, ApiError> {
    let presented = req.headers().get("x-api-key").ok().flatten();
    admin_key::check(ctx.config.admin_api_key.as_deref(), presented.as_deref())
}

/// `POST /api/admin/codes`: mint `count` codes of one template, in one statement.
pub async fn create_codes(ctx: &Ctx, req: &mut Request) -> Outcome {
    let who = authorize(ctx, req)?;
    let input: MintInput = parse_json(&read_body(req, 64 * 1024).await?)?;
    let (count, prefix, t) = input.validate()?;
    let prefix = match prefix.as_deref() {
        None => ctx.config.code_prefix.clone(),
        Some(p) => Prefix::parse(p).ok_or_else(|| {
            ApiError::new(
                422,
                "invalid_template",
                "prefix must be 1 to 12 letters or digits.",
            )
        })?,
    };
    let codes: Vec<Code> = (0..count).map(|_| random::code(&prefix)).collect();
    let expires_at = expiry(ctx.now, t.expiry_days.map(i64::from));
    db::insert_codes(
        &ctx.db()?,
        &NewCodes {
            codes: &codes,
            service_id: t.service_id.get(),
            quantity: t.quantity,
            platform: t.platform.key(),
            service_type: t.kind.key(),
            requirements: t.requirements.as_deref(),
            has_refill: t.has_refill,
            expiry_days: t.expiry_days,
            expires_at,
            source: "admin",
            now: ctx.now,
        },
    )
    .await?;
    db::audit(
        &ctx.db()?,
        ctx.now,
        &who.actor(),
        "codes.create",
        None,
        &json!({ "count": count, "service_id": t.service_id, "quantity": t.quantity,
                 "platform": t.platform.key(), "service_type": t.kind.key() }),
    )
    .await?;
    let list: Vec<&str> = codes.iter().map(Code::as_str).collect();
    Ok(Reply::ok(
        &format!("Created {count} codes"),
        json!({
            "codes": list,
            "count": count,
            "service_id": t.service_id,
            "quantity": t.quantity,
            "platform": t.platform.key(),
            "service_type": t.kind.key(),
            "expires_at": expires_at.map(|e| e.iso()),
        }),
    )
    .with_status(201))
}
