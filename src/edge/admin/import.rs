//! `POST /api/admin/import`: one batch of the Flask app's rows (`npm run import` sends them).
//! Codes keep their names, statuses, dates and orders; an existing code is never overwritten.

use crate::core::admin_key::Fingerprint;
use crate::core::answer;
use crate::core::body;
use crate::core::code::Code;
use crate::core::envelope::{parse_body, ApiError};
use crate::core::error_code::ErrorCode;
use crate::core::json;
use crate::core::json::obj;
use crate::core::legacy::{
    import_code, import_redemption, LegacyCode, LegacyRedemption, IMPORT_ROWS,
};
use crate::edge::ctx::Ctx;
use crate::edge::db;
use crate::edge::http::{read_body, Outcome, Reply};
use worker::Request;

/// `{"codes": [...], "history": [...]}` as `body::IMPORT` declares it.
struct Batch {
    codes: Vec<LegacyCode>,
    history: Vec<LegacyRedemption>,
}

pub async fn import(ctx: &Ctx, req: &mut Request, who: &Fingerprint) -> Outcome {
    let (codes, history) = parse_body(&read_body(ctx, req).await?, &body::IMPORT, |f| {
        (f.opt_value("codes"), f.opt_value("history"))
    })?;
    let invalid =
        |e: String| ApiError::new(ErrorCode::InvalidRequest, format!("Invalid request: {e}."));
    let batch = Batch {
        codes: json::rows(codes, "codes", LegacyCode::from_json).map_err(invalid)?,
        history: json::rows(history, "history", LegacyRedemption::from_json).map_err(invalid)?,
    };
    let fits = |n: usize| u32::try_from(n).is_ok_and(|n| IMPORT_ROWS.contains(&n));
    if !fits(batch.codes.len()) || !fits(batch.history.len()) {
        let most = IMPORT_ROWS.end();
        return Err(ApiError::new(
            ErrorCode::BatchTooLarge,
            format!("Send at most {most} codes and {most} history rows per call."),
        ));
    }
    let mut rejected = Vec::new();
    let mut changes = Vec::new();
    let mut codes = Vec::new();
    for row in &batch.codes {
        match import_code(row) {
            Ok((code, changed)) => {
                changes.extend(changed);
                codes.push(code);
            }
            Err(why) => rejected.push(why),
        }
    }
    let db = ctx.db()?;
    // Codes are matched ignoring separators, so two codes that differ only in dashes would be
    // one code to a buyer: such a pair is a conflict, never merged.
    let parsed: Vec<Code> = codes
        .iter()
        .filter_map(|c| Code::parse(&c.code).ok())
        .collect();
    let mut taken = db::existing_codes(&db, &parsed).await?;
    let mut conflicts = Vec::new();
    let mut skipped = 0;
    let mut fresh = Vec::new();
    for c in codes {
        let key = Code::parse(&c.code).map(|k| k.key()).unwrap_or_default();
        match taken.iter().find(|e| e.key == key) {
            None => {
                taken.push(db::ExistingCode {
                    code: c.code.clone(),
                    key,
                    status: c.status.to_string(),
                });
                fresh.push(c);
            }
            Some(e) if e.code == c.code && e.status == c.status => skipped += 1,
            Some(e) if e.code == c.code => {
                conflicts.push(obj!(answer::IMPORT_REPORT_CODES_CONFLICTS => { "code": c.code, "here": e.status, "in_file": c.status }));
            }
            Some(e) => conflicts.push(
                obj!({ "code": c.code, "here": e.status, "in_file": c.status,
                "same_as": e.code, "why": "the same code once dashes are ignored" }),
            ),
        }
    }
    db::insert_imported_codes(&db, &fresh, &ctx.started.iso()).await?;

    let mut history = Vec::new();
    for row in &batch.history {
        match import_redemption(row) {
            Ok(h) => history.push(h),
            Err(why) => rejected.push(why),
        }
    }
    let history_imported = db::insert_imported_history(&db, &history).await?;
    let report = obj!(answer::IMPORT_REPORT => {
        "codes": obj!(answer::IMPORT_REPORT_CODES => {
            "received": batch.codes.len(), "imported": fresh.len(), "skipped": skipped,
            "conflicts": conflicts,
        }),
        "history": obj!(answer::IMPORT_REPORT_HISTORY => {
            "received": batch.history.len(), "imported": history_imported,
            "not_imported": history.len() - history_imported,
        }),
        "changes": changes,
        "rejected": rejected,
    });
    if !fresh.is_empty() || history_imported > 0 {
        db::audit(&db, ctx.started, &who.actor(), "import.flask", None,
            &obj!({ "codes": fresh.len(), "history": history_imported, "conflicts": conflicts.len() })).await?;
    }
    Ok(Reply::ok("Import batch done", report))
}
