//! Codes: mint, list, look up, void, settle the review queue, export.

use super::{csv_export, csv_reply};
use crate::core::admin_key::Fingerprint;
use crate::core::answer;
use crate::core::body;
use crate::core::clock::UtcTime;
use crate::core::code::Code;
use crate::core::envelope::{parse_body, ApiError};
use crate::core::error_code::ErrorCode;
use crate::core::json;
use crate::core::json::obj;
use crate::core::paging::{self, CodeFilter, Cursor};
use crate::core::panel::{OrderId, ServiceChoice, MAIN};
use crate::core::redemption::{expiry_on_return, CodeStatus};
use crate::core::review::{Resolution, ResolveInput};
use crate::core::template;
use crate::core::template::MintInput;
use crate::edge::commands::{self, parse_code};
use crate::edge::ctx::Ctx;
use crate::edge::db::{self, AdminCodeRow, FindingView, HeldRow, OrderRow, UpdateRow};
use crate::edge::http::Query;
use crate::edge::http::{read_body, Outcome, Reply};
use serde_json::Value;
use worker::Request;

pub async fn create_codes(ctx: &Ctx, req: &mut Request, who: &Fingerprint) -> Outcome {
    let input = parse_body(
        &read_body(ctx, req).await?,
        &template::MINT,
        MintInput::read,
    )?;
    let m = commands::mint(ctx, input, &who.actor()).await?;
    let t = &m.template;
    let list: Vec<&str> = m.codes.iter().map(Code::as_str).collect();
    Ok(Reply::ok(
        &format!("Created {} codes", m.codes.len()),
        obj!(answer::MINT_RESULT => {
            "codes": list,
            "count": m.codes.len(),
            "service_id": t.service_id,
            "quantity": t.quantity,
            "platform": t.platform.key(),
            "service_type": t.kind.key(),
            "expires_at": m.expires_at.map(|e| e.iso()),
            "unit_cost": t.unit_cost,
            "order_input": t.order.first_input(),
            "order": t.order.summary(),
            "drip_feed": t.drip_feed.map(|d| obj!(answer::DRIP_FEED => { "runs": d.runs, "interval": d.interval })),
        }),
    )
    .with_status(201))
}

fn code_not_found() -> ApiError {
    ApiError::new(ErrorCode::CodeNotFound, "There is no such code.")
}

/// Reads one page of codes for the filters in the query string.
async fn page(
    ctx: &Ctx,
    query: &Query,
    limit: u32,
) -> Result<(Vec<db::AdminCodeRow>, Option<String>), ApiError> {
    let filter = CodeFilter::parse(query.get("status"), query.get("platform"), query.get("q"))?;
    let cursor = Cursor::parse(query.get("cursor"))?;
    let rows = db::list_codes(&ctx.db()?, &filter, cursor.as_ref(), limit).await?;
    let (rows, next) =
        paging::split_page(rows, limit, |r| (r.created_date.clone(), r.code.clone()));
    Ok((rows, next))
}

/// `GET /api/admin/codes?status=&platform=&q=&limit=&cursor=`
pub async fn list(ctx: &Ctx, req: &mut Request, _who: &Fingerprint) -> Outcome {
    let query = Query::of(req);
    let (rows, next) = page(ctx, &query, paging::limit(query.get("limit"))?).await?;
    Ok(Reply::ok(
        "Codes",
        obj!(answer::CODE_PAGE => {
            "codes": json::list(&rows, AdminCodeRow::to_json), "count": rows.len(), "next_cursor": next,
        }),
    ))
}

/// `GET /api/admin/codes.csv`: the current filter, every page, as one spreadsheet.
pub async fn csv(ctx: &Ctx, req: &mut Request, _who: &Fingerprint) -> Outcome {
    let header: Vec<&str> = db::CODE_EXPORT.iter().map(|c| c.0).collect();
    let export = csv_export(
        Query::of(req),
        &header,
        async |q: &Query| {
            let filter = CodeFilter::parse(q.get("status"), q.get("platform"), q.get("q"))?;
            let cursor = Cursor::parse(q.get("cursor"))?;
            let rows =
                db::export_codes(&ctx.db()?, &filter, cursor.as_ref(), paging::MAX_LIMIT).await?;
            // The code and its creation time (`db::CODE_EXPORT`): the page's cursor.
            Ok(paging::split_page(rows, paging::MAX_LIMIT, |r| {
                (r[7].clone(), r[0].clone())
            }))
        },
        |r: Vec<String>| r,
    )
    .await?;
    csv_reply(req, "codes", &ctx.started.day(), export)
}

/// The code an admin named (in any spelling) as stored, with its row; 404 when there is none.
async fn stored_code(db: &db::Db, raw: &str) -> Result<(Code, AdminCodeRow), ApiError> {
    let row = db::admin_code(db, &parse_code(raw)?)
        .await?
        .ok_or_else(code_not_found)?;
    let code = Code::parse(&row.code).map_err(|_| ApiError::internal())?;
    Ok((code, row))
}

/// `GET /api/admin/codes/{code}`: the code with its redemptions and its order.
pub async fn show(ctx: &Ctx, _who: &Fingerprint, raw: &str) -> Outcome {
    let db = ctx.db()?;
    let (code, row) = stored_code(&db, raw).await?;
    let redemptions = db::redemptions_of_code(&db, &code).await?;
    let order = match row
        .order_id
        .and_then(|o| OrderId::new(u64::try_from(o).ok()?))
    {
        Some(_) => db::order_of_code(&db, &code).await?,
        None => None,
    };
    let own: Vec<Value> = redemptions
        .iter()
        .filter(|r| r.code == row.code)
        .map(|r| r.to_json())
        .collect();
    // Original and replacement, both ways (`core::hold`).
    let replaced_by = order.as_ref().and_then(|o| {
        Some(obj!(answer::CODE_DETAIL_REPLACED_BY => { "code": o.replacement_code.as_ref()?, "quantity": o.replacement_quantity }))
    });
    let make_good = order.as_ref().and_then(|o| o.make_good.clone());
    // What the buyer was told, where and when (order updates, `core::outbox`).
    let updates = db::updates_of_code(&db, &row.code).await?;
    Ok(Reply::ok(
        "Code",
        obj!(answer::CODE_DETAIL => {
            "replaces": row.replaces, "replaced_by": replaced_by, "make_good": make_good,
            "updates": json::list(&updates, UpdateRow::to_json),
            "code": row.to_json(), "redemptions": own, "order": order.as_ref().map(OrderRow::to_json),
        }),
    ))
}

/// `POST /api/admin/codes/{code}/void`: only an unused code can be voided.
pub async fn void(ctx: &Ctx, who: &Fingerprint, raw: &str) -> Outcome {
    let db = ctx.db()?;
    let (code, row) = stored_code(&db, raw).await?;
    if !db::void_code(&db, &code, ctx.started).await? {
        return Err(ApiError::new(
            ErrorCode::CodeNotVoidable,
            format!(
                "Only an unused code can be voided; this one is {}.",
                row.status
            ),
        ));
    }
    db::audit(
        &db,
        ctx.started,
        &who.actor(),
        "code.void",
        Some(code.as_str()),
        &obj!({}),
    )
    .await?;
    Ok(Reply::ok(
        "Code voided",
        obj!(answer::VOIDED_CODE => { "code": code.as_str(), "status": "void" }),
    ))
}

/// `POST /api/admin/codes/{code}/resolve`: settle a `needs_review` code after checking the panel.
pub async fn resolve(ctx: &Ctx, req: &mut Request, who: &Fingerprint, raw: &str) -> Outcome {
    let resolution = parse_body(
        &read_body(ctx, req).await?,
        &crate::core::review::RESOLVE,
        ResolveInput::read,
    )?
    .validate()?;
    let db = ctx.db()?;
    let (code, row) = stored_code(&db, raw).await?;
    let not_in_review = || {
        ApiError::new(
            ErrorCode::CodeNotInReview,
            "Only a code waiting for review can be resolved.",
        )
    };
    let (status, detail) = match resolution {
        Resolution::Placed(order) => {
            // The panel the reservation was asking when its outcome became unknown.
            let panel = row
                .pending_panel
                .clone()
                .unwrap_or_else(|| MAIN.to_string());
            if !db::review_placed(&db, &panel, &row, order, &who.actor(), ctx.started).await? {
                return Err(not_in_review());
            }
            (
                "used".to_string(),
                obj!(answer::RESOLVED_CODE_RESOLUTION => { "order_id": order }),
            )
        }
        Resolution::BackToUnused => {
            let parse = |t: &Option<String>| t.as_deref().and_then(UtcTime::parse);
            let expires =
                expiry_on_return(parse(&row.expires_at), parse(&row.reserved_at), ctx.started);
            let status = db::review_back_to_unused(&db, &code, expires, ctx.started)
                .await?
                .ok_or_else(not_in_review)?;
            (
                status,
                obj!(answer::RESOLVED_CODE_RESOLUTION => { "back_to_unused": true }),
            )
        }
    };
    db::audit(
        &db,
        ctx.started,
        &who.actor(),
        "code.resolve",
        Some(code.as_str()),
        &detail,
    )
    .await?;
    Ok(Reply::ok(
        "Code resolved",
        obj!(answer::RESOLVED_CODE => { "code": code.as_str(), "status": status, "resolution": detail }),
    ))
}

/// `GET /api/admin/queue`: the held orders (`core::hold`), oldest hold first.
pub async fn held(ctx: &Ctx, _who: &Fingerprint) -> Outcome {
    let (held, count) = db::list_holds(&ctx.db()?, 200).await?;
    let oldest = held.first().and_then(|h| h.since.clone());
    Ok(Reply::ok(
        &format!("{count} held order(s)"),
        obj!(answer::HELD_ORDER_LIST => {
            "held": json::list(&held, HeldRow::to_json), "count": count, "oldest": oldest,
        }),
    ))
}

/// `POST /api/admin/queue/retry {"code"?}`: place held orders now, back-off or not (the owner
/// just topped up); one code, or every due one up to a drain's budget.
pub async fn retry_held(ctx: &Ctx, req: &mut Request, who: &Fingerprint) -> Outcome {
    let body = read_body(ctx, req).await?;
    // An empty body is `{}`: every held order.
    let code = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        parse_body(&body, &body::QUEUE_RETRY, |f| f.opt_text("code"))?
    };
    let only = match code.as_deref() {
        Some(raw) => {
            let stored = commands::load(ctx, &parse_code(raw)?).await?;
            if stored.status != CodeStatus::Queued {
                return Err(ApiError::new(
                    ErrorCode::QueueEmpty,
                    format!(
                        "Code {} is not held; it is {}.",
                        stored.code.as_str(),
                        stored.status.as_str()
                    ),
                ));
            }
            Some(stored.code)
        }
        None => None,
    };
    let c = ctx.clone();
    let report = ctx
        .finish_regardless(async move { commands::drain(&c, only.as_ref(), true).await })
        .await?;
    db::audit(
        &ctx.db()?,
        ctx.started,
        &who.actor(),
        "queue.retry",
        code.as_deref(),
        &report.to_json(),
    )
    .await?;
    Ok(Reply::ok(
        &format!(
            "Placed {}, still held {}, returned {}, to review {}",
            report.placed, report.still_held, report.returned, report.to_review
        ),
        report.to_json(),
    ))
}

/// `GET /api/admin/attention`: what providers changed in the services the shop sells.
pub async fn attention(ctx: &Ctx, _who: &Fingerprint) -> Outcome {
    let findings = db::list_findings(&ctx.db()?).await?;
    Ok(Reply::ok(
        &format!("{} finding(s)", findings.len()),
        obj!(answer::ATTENTION_LIST => {
            "findings": json::list(&findings, FindingView::to_json), "count": findings.len(),
        }),
    ))
}

/// `POST /api/admin/attention/check`: the watch, now, on every panel.
pub async fn check_attention(ctx: &Ctx, who: &Fingerprint) -> Outcome {
    let report = commands::watch(ctx, true).await?;
    let findings = db::list_findings(&ctx.db()?).await?;
    db::audit(
        &ctx.db()?,
        ctx.started,
        &who.actor(),
        "attention.check",
        None,
        &report.to_json(),
    )
    .await?;
    Ok(Reply::ok(
        &format!("{} finding(s)", findings.len()),
        obj!(answer::ATTENTION_CHECK => {
            "findings": json::list(&findings, FindingView::to_json), "count": findings.len(),
            "report": report.to_json(),
        }),
    ))
}

/// `POST /api/admin/codes/retarget {"from", "to", "confirm_mismatch"?}`: every unused and
/// queued code and every product on one service, moved to other choices in one step.
pub async fn retarget(ctx: &Ctx, req: &mut Request, who: &Fingerprint) -> Outcome {
    let (from, to, confirm_mismatch) =
        parse_body(&read_body(ctx, req).await?, &body::RETARGET, |f| {
            (
                f.json("from"),
                f.opt_value("to"),
                f.opt_bool("confirm_mismatch").unwrap_or(false),
            )
        })?;
    let invalid =
        |e: String| ApiError::new(ErrorCode::InvalidRequest, format!("Invalid request: {e}."));
    let from = ServiceChoice::from_json(&from).map_err(|e| invalid(format!("from: {e}")))?;
    let to = json::rows(to, "to", ServiceChoice::from_json).map_err(invalid)?;
    for choice in to.iter().chain([&from]) {
        ctx.known_panel(Some(choice.panel.as_str()))?;
    }
    let done = commands::retarget(ctx, &from, &to, confirm_mismatch, &who.actor()).await?;
    Ok(Reply::ok(
        &format!(
            "Moved {} code(s) and {} product(s)",
            done.codes, done.products
        ),
        done.to_json(),
    ))
}
