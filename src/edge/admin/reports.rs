//! Reading the shop's history: redemptions (list and CSV) and the dashboard's numbers.

use super::orders::balance_of;
use super::{csv_export, csv_reply};
use crate::core::admin_key::Fingerprint;
use crate::core::answer;
use crate::core::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use crate::core::json::{self, obj};
use crate::core::paging::{self, Cursor};
use crate::core::panel::PanelName;
use crate::core::redemption::CodeStatus;
use crate::core::service::{Platform, ServiceKind};
use crate::core::stats::{self, day_labels, fill_days, is_low_balance};
use crate::edge::ctx::Ctx;
use crate::edge::db;
use crate::edge::http::Query;
use crate::edge::http::{Outcome, Reply};
use worker::Request;

async fn page(
    ctx: &Ctx,
    query: &Query,
    limit: u32,
) -> Result<(Vec<db::HistoryRow>, Option<String>), ApiError> {
    let (from, to) = paging::time_range(query.get("from"), query.get("to"))?;
    let before = match Cursor::parse(query.get("cursor"))? {
        Some(c) => Some(c.after_key.parse::<i64>().map_err(|_| {
            ApiError::new(
                ErrorCode::InvalidFilter,
                "cursor is not one this API handed out.",
            )
        })?),
        None => None,
    };
    let rows =
        db::list_redemptions(&ctx.db()?, from.as_deref(), to.as_deref(), before, limit).await?;
    let (rows, next) = paging::split_page(rows, limit, |r| {
        (r.redemption.redeemed_date.clone(), r.id.to_string())
    });
    Ok((rows, next))
}

/// `GET /api/admin/redemptions?from=&to=&limit=&cursor=`
pub async fn redemptions(ctx: &Ctx, req: &mut Request, _who: &Fingerprint) -> Outcome {
    let query = Query::of(req);
    let (rows, next) = page(ctx, &query, paging::limit(query.get("limit"))?).await?;
    Ok(Reply::ok(
        "Redemptions",
        obj!(answer::REDEMPTION_PAGE => {
            "redemptions": json::list(&rows, db::HistoryRow::to_json), "count": rows.len(),
            "next_cursor": next,
        }),
    ))
}

/// `GET /api/admin/redemptions.csv?from=&to=`
pub async fn redemptions_csv(ctx: &Ctx, req: &mut Request, _who: &Fingerprint) -> Outcome {
    let header = [
        "redeemed_date",
        "code",
        "username",
        "user_id",
        "platform",
        "service_type",
        "service_id",
        "quantity",
        "link",
        "order_id",
        "panel",
    ];
    let export = csv_export(
        Query::of(req),
        &header,
        async |q: &Query| page(ctx, q, paging::MAX_LIMIT).await,
        |h: db::HistoryRow| {
            let r = h.redemption;
            vec![
                r.redeemed_date,
                r.code,
                r.username,
                h.user_id,
                r.platform.unwrap_or_default(),
                r.service_type.unwrap_or_default(),
                r.service_id.to_string(),
                r.quantity.to_string(),
                r.link,
                r.order_id.map(|o| o.to_string()).unwrap_or_default(),
                h.panel,
            ]
        },
    )
    .await?;
    csv_reply(req, "redemptions", &ctx.started.day(), export)
}

/// `GET /api/admin/stats?days=30`
pub async fn stats(ctx: &Ctx, req: &mut Request, _who: &Fingerprint) -> Outcome {
    let query = Query::of(req);
    let days = stats::days(query.get("days"))?;
    let labels = day_labels(ctx.started, days);
    let since = format!("{}T00:00:00.000Z", labels[0]);
    let today = format!("{}T00:00:00.000Z", ctx.started.day());
    let snap = db::snapshot(&ctx.db()?, &since, &today).await?;
    let count = |s: &str| {
        snap.by_status
            .iter()
            .find(|c| c.status == s)
            .map_or(0, |c| c.n)
    };
    let per_day: Vec<(String, u64, u64)> = snap
        .redemptions_per_day
        .iter()
        .map(|d| (d.day.clone(), d.n.max(0) as u64, d.units.max(0) as u64))
        .collect();
    let deliveries: Vec<_> = labels
        .iter()
        .map(|day| {
            let row = snap.deliveries_per_day.iter().find(|d| &d.day == day);
            obj!(answer::STATS_DELIVERIES_PER_DAY => { "day": day, "delivered": row.map_or(0, |r| r.delivered), "failed": row.map_or(0, |r| r.failed) })
        })
        .collect();
    // The dashboard still works when the panel is down: balance is then null.
    let balance = balance_of(ctx, &PanelName::main()).await.ok();
    let forecast = super::money::main_forecast(ctx, balance.as_ref()).await?;
    let threshold = ctx.config.low_balance_threshold;
    Ok(Reply::ok(
        "Stats",
        obj!(answer::STATS => {
            "days": days,
            "codes": obj!(answer::STATS_CODES => {
                "unused": count("unused"), "reserved": count("reserved"), "used": count("used"),
                "needs_review": count("needs_review"), "void": count("void"),
            }),
            "redemptions_today": snap.redemptions_today,
            "redemptions_per_day": fill_days(&labels, &per_day).iter().map(|d| obj!(answer::STATS_REDEMPTIONS_PER_DAY => {
                "day": d.day, "count": d.count, "units": d.units,
            })).collect::<Vec<_>>(),
            "units_per_platform": snap.per_platform.iter().map(|p| obj!(answer::STATS_UNITS_PER_PLATFORM => {
                "platform": p.platform.clone().unwrap_or_default(), "redemptions": p.redemptions, "units": p.units,
            })).collect::<Vec<_>>(),
            "deliveries_per_day": deliveries,
            "balance": balance.as_ref().map(|b| obj!(answer::STATS_BALANCE => { "balance": b.amount, "currency": b.currency })),
            "low_balance": balance.as_ref().is_some_and(|b| is_low_balance(&b.amount, threshold)),
            "low_balance_threshold": threshold,
            "balance_forecast": obj!(answer::STATS_BALANCE_FORECAST => {
                "days_left": forecast.days_left, "text": forecast.text,
                "spent_7_days": forecast.spent_7_days,
            }),
        }),
    ))
}

/// `GET /api/admin/failures?days=7`: redemptions the panel refused (the buyer kept the code),
/// per code and reason, with how often and when.
pub async fn failures(ctx: &Ctx, req: &mut Request, _who: &Fingerprint) -> Outcome {
    let query = Query::of(req);
    let days = stats::days(query.get("days").or(Some("7")))?;
    let since = ctx.started.plus_days(-i64::from(days)).iso();
    let rows = db::failures_since(&ctx.db()?, &since, 500).await?;
    let attempts: i64 = rows.iter().map(|r| r.attempts).sum();
    Ok(Reply::ok(
        "Refused redemptions",
        obj!(answer::FAILURE_LIST => {
            "days": days, "failures": json::list(&rows, db::FailureRow::to_json), "count": rows.len(),
            "attempts": attempts,
        }),
    ))
}

/// `GET /api/admin/vocabulary`: the platforms, services and statuses with the names the pages
/// show, from the core's own lists, so the dashboard keeps no copy of them.
pub fn vocabulary(_who: &Fingerprint) -> Outcome {
    let named = |key: &str, name: &str| obj!(answer::NAMED_KEY => { "key": key, "name": name });
    Ok(Reply::ok(
        "Vocabulary",
        obj!(answer::VOCABULARY => {
            "platforms": Platform::KNOWN.iter().map(|p| named(p.key(), p.name())).collect::<Vec<_>>(),
            "service_types": ServiceKind::KNOWN.iter().map(|k| named(k.key(), k.name())).collect::<Vec<_>>(),
            "statuses": CodeStatus::ALL.iter().map(|s| named(s.as_str(), s.name())).collect::<Vec<_>>(),
        }),
    ))
}
