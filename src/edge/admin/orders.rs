//! The panel from the owner's chair: balance, manual orders, order status, refills.

use crate::core::admin_key::Fingerprint;
use crate::core::answer;
use crate::core::catalogue::{search as filter, SearchQuery};
use crate::core::envelope::{parse_body, ApiError};
use crate::core::error_code::ErrorCode;
use crate::core::fold;
use crate::core::json::obj;
use crate::core::manual_order::ManualOrderInput;
use crate::core::money::Micros;
use crate::core::panel::{
    parse_balance, parse_refill, parse_status, AddExtras, Balance, OrderId, PanelName, PanelReply,
    PanelRequest,
};
use crate::core::redemption::NotPlaced;
use crate::core::stats::is_low_balance;
use crate::edge::cache;
use crate::edge::catalogue::catalogue;
use crate::edge::commands;
use crate::edge::ctx::Ctx;
use crate::edge::db;
use crate::edge::http::{read_body, Outcome, Query, Reply};
use crate::edge::panel_client::Sent;
use crate::edge::random;
use worker::Request;

fn panel_unreachable(why: &str) -> ApiError {
    ApiError::new(
        ErrorCode::PanelUnavailable,
        format!("The panel did not answer usably: {why}"),
    )
}

/// The panel's answer to a read-only call, as (status, body), or 502.
async fn ask(
    ctx: &Ctx,
    panel: &PanelName,
    request: &PanelRequest<'_>,
) -> Result<(u16, String), ApiError> {
    match ctx.panel_named(panel)?.send(request).await {
        Sent::Answer { status, body } => Ok((status, body)),
        Sent::NoAnswer(why) => Err(panel_unreachable(&why)),
    }
}

fn panel_said<T>(reply: PanelReply<T>) -> Result<T, ApiError> {
    match reply {
        PanelReply::Ok(v) => Ok(v),
        // The panel's own words for an order it never had.
        PanelReply::Rejected(msg) if fold::lower(&msg).contains("incorrect order") => {
            Err(ApiError::new(
                ErrorCode::OrderNotFound,
                "The panel does not know that order.",
            ))
        }
        PanelReply::Rejected(msg) => Err(ApiError::new(
            ErrorCode::PanelRejected,
            format!("The panel said: {msg}"),
        )),
        PanelReply::Garbled(why) => Err(panel_unreachable(&why)),
    }
}

/// A panel's balance, cached for up to 60 s (dashboards refresh often; the panel need not).
pub async fn balance_of(ctx: &Ctx, panel: &PanelName) -> Result<Balance, ApiError> {
    let key = format!("panel/balance/{panel}");
    if let Some(body) = cache::get(ctx, &key).await {
        if let PanelReply::Ok(b) = parse_balance(200, &body) {
            return Ok(b);
        }
    }
    let (status, body) = ask(ctx, panel, &PanelRequest::Balance).await?;
    let balance = panel_said(parse_balance(status, &body))?;
    cache::put(ctx, &key, &body, 60).await;
    Ok(balance)
}

/// `GET /api/admin/panels`: every panel the shop has, with its balance and whether it answers.
pub async fn panels(ctx: &Ctx, _who: &Fingerprint) -> Outcome {
    let threshold = ctx.config.low_balance_threshold;
    let mut out = Vec::new();
    for p in &ctx.config.panels {
        let balance = balance_of(ctx, &p.name).await;
        out.push(match balance {
            Ok(b) => obj!(answer::PANEL_LIST_PANELS => { "name": p.name, "answers": true, "balance": b.amount,
                             "currency": b.currency, "low": is_low_balance(&b.amount, threshold) }),
            Err(e) => obj!(answer::PANEL_LIST_PANELS => { "name": p.name, "answers": false, "balance": null, "currency": null,
                              "low": false, "error": e.message }),
        });
    }
    Ok(Reply::ok(
        "Panels",
        obj!(answer::PANEL_LIST => { "panels": out, "count": out.len(), "threshold": threshold }),
    ))
}

/// `GET /api/admin/balance`
pub async fn balance(ctx: &Ctx, _who: &Fingerprint) -> Outcome {
    let b = balance_of(ctx, &PanelName::main()).await?;
    let threshold = ctx.config.low_balance_threshold;
    Ok(Reply::ok(
        "Balance",
        obj!(answer::BALANCE => { "balance": b.amount, "currency": b.currency,
                "low": is_low_balance(&b.amount, threshold), "threshold": threshold }),
    ))
}

/// `POST /api/admin/order {"service_id","link","quantity"}`: a manual order, recorded.
pub async fn place(ctx: &Ctx, req: &mut Request, who: &Fingerprint) -> Outcome {
    let input = parse_body(
        &read_body(ctx, req).await?,
        &crate::core::manual_order::MANUAL_ORDER,
        ManualOrderInput::read,
    )?;
    let panel_name = ctx.known_panel(input.panel.as_deref())?;
    // The catalogue entry checks the quantity range and names platform and kind; when the
    // catalogue cannot be read, the order still goes out on the request's own terms.
    let list = catalogue(ctx, &panel_name).await.ok();
    let service = list
        .as_ref()
        .and_then(|l| l.iter().find(|s| s.id.get() == input.service_id));
    let order = input.validate(service)?;
    let panel = ctx.panel_named(&panel_name)?;
    let db = ctx.db()?;
    let fields = [
        ("link", order.link.as_str().to_string()),
        ("quantity", order.quantity.to_string()),
    ];
    let extras = AddExtras {
        fields: &fields,
        ..AddExtras::default()
    };
    match panel.place_order(order.service_id, extras).await {
        Ok(id) => {
            let estimate = service
                .and_then(|s| Micros::parse(&s.rate))
                .map(|rate| Micros::cost_of(rate, order.quantity));
            db::record_manual_order(
                &db,
                &db::ManualOrderRecord {
                    panel: panel_name.as_str(),
                    order: id,
                    service_id: order.service_id.get(),
                    quantity: order.quantity,
                    link: order.link.as_str(),
                    estimate,
                    now: ctx.started,
                },
            )
            .await?;
            db::audit(&db, ctx.started, &who.actor(), "order.create", Some(&format!("order:{id}")),
                &obj!({ "service_id": order.service_id, "quantity": order.quantity, "link": order.link.as_str() })).await?;
            Ok(Reply::ok(
                "Order placed",
                obj!(answer::MANUAL_ORDER_RESULT => { "order_id": id, "service_id": order.service_id, "quantity": order.quantity, "link": order.link.as_str() }),
            )
            .with_status(201))
        }
        Err(NotPlaced::Refused(msg)) => Err(ApiError::new(
            ErrorCode::PanelRejected,
            format!("The panel refused the order: {msg}"),
        )),
        Err(NotPlaced::Unknown(why)) => {
            db::audit(
                &db,
                ctx.started,
                &who.actor(),
                "order.unknown",
                None,
                &obj!({ "service_id": order.service_id, "link": order.link.as_str(), "why": why }),
            )
            .await?;
            Err(ApiError::new(
                ErrorCode::PanelUnreachable,
                format!("The panel did not confirm the order ({why}). Check the panel's order list before trying again, or it may be bought twice."),
            ))
        }
    }
}

fn order_param(raw: &str) -> Result<OrderId, ApiError> {
    raw.parse::<u64>()
        .ok()
        .and_then(OrderId::new)
        .ok_or_else(|| ApiError::new(ErrorCode::OrderNotFound, "There is no such order."))
}

/// `GET /api/admin/orders/{order_id}`: the panel's status now, kept on the order row.
/// `?panel=` names the panel (default `main`): order numbers are only unique on one panel.
pub async fn status(ctx: &Ctx, req: &mut Request, _who: &Fingerprint, raw: &str) -> Outcome {
    let order = order_param(raw)?;
    let panel = ctx.known_panel(Query::of(req).get("panel"))?;
    let db = ctx.db()?;
    let mut row = db::find_order(&db, panel.as_str(), order).await?;
    let (code, body) = ask(ctx, &panel, &PanelRequest::Status(order)).await?;
    let s = panel_said(parse_status(code, &body))?;
    if let Some(r) = &mut row {
        db::record_status(&db, r.id, &s, ctx.started).await?;
        r.status = Some(s.status.as_str().to_string());
        r.start_count = s.start_count.map(|v| v as i64);
        r.remains = s.remains.map(|v| v as i64);
        // An order that ended short gets its make-good when the admin sees it, too.
        if let Some(made) = commands::make_good(ctx, r, &s.status, s.remains).await {
            r.make_good = Some(made.kind);
            r.replacement_code = made.code;
            r.replacement_quantity = made.quantity;
        }
    }
    Ok(Reply::ok(
        "Order status",
        obj!(answer::ADMIN_ORDER_STATUS => {
            "order_id": order, "panel": s.to_json(), "order": row.as_ref().map(db::OrderRow::to_json),
        }),
    ))
}

/// `POST /api/admin/orders/{order_id}/refill`
/// `?panel=` as for the status. An order this shop recorded is claimed first, as a buyer's
/// refill is, so the admin and a buyer never both send one.
pub async fn refill(ctx: &Ctx, req: &mut Request, who: &Fingerprint, raw: &str) -> Outcome {
    let order = order_param(raw)?;
    let panel = ctx.known_panel(Query::of(req).get("panel"))?;
    let db = ctx.db()?;
    let row = db::find_order(&db, panel.as_str(), order).await?;
    let token = random::token();
    if let Some(r) = &row {
        let stale_before = ctx.started.plus_seconds(-600);
        if !db::claim_refill(&db, r.id, &token, r.refill_id, ctx.now(), stale_before).await? {
            return Err(ApiError::new(
                ErrorCode::RefillInProgress,
                "A refill for this order is being requested right now.",
            ));
        }
    }
    let answer = ask(ctx, &panel, &PanelRequest::Refill(order)).await;
    let refill = match answer.and_then(|(code, body)| panel_said(parse_refill(code, &body))) {
        Ok(refill) => refill,
        Err(e) => {
            // Refused or unreadable: the claim goes; the panel's words reach the admin.
            if let Some(r) = &row {
                db::release_refill_claim(&db, r.id, &token).await?;
            }
            return Err(e);
        }
    };
    if let Some(row) = row {
        db::record_refill(&db, row.id, refill, ctx.started).await?;
    }
    db::audit(
        &db,
        ctx.started,
        &who.actor(),
        "order.refill",
        Some(&format!("order:{order}")),
        &obj!({ "refill_id": refill }),
    )
    .await?;
    Ok(Reply::ok(
        "Refill requested",
        obj!(answer::ADMIN_REFILL_RESULT => { "order_id": order, "refill_id": refill }),
    ))
}

/// At most this many services in one admin search answer.
const ADMIN_MATCHES: usize = 100;

/// `GET /api/admin/services?panel=&q=`: the catalogue as the shop buys it (wholesale `rate`
/// per 1,000, min, max, refill, cancel), for the dashboard's service picker.
pub async fn admin_services(ctx: &Ctx, req: &mut Request, _who: &Fingerprint) -> Outcome {
    let query = Query::of(req);
    let panel = ctx.known_panel(query.get("panel"))?;
    let list = catalogue(ctx, &panel).await?;
    let search = SearchQuery {
        query: query.get("q").map(str::to_string),
        ..SearchQuery::default()
    };
    let mut found = filter(&list, &search, None)?;
    // A number is also looked up as a service id, listed first.
    let by_id = query.get("q").and_then(|q| q.trim().parse::<u32>().ok());
    if let Some(s) = by_id.and_then(|id| list.iter().find(|s| s.id.get() == id)) {
        found.retain(|f| f.id != s.id);
        found.insert(0, s);
    }
    let currency = balance_of(ctx, &panel).await.ok().map(|b| b.currency);
    Ok(Reply::ok(
        "Services",
        obj!(answer::SERVICE_MATCHES => {
            "panel": panel,
            "currency": currency,
            "services": found.iter().take(ADMIN_MATCHES).map(|s| s.to_json()).collect::<Vec<_>>(),
            "count": found.len().min(ADMIN_MATCHES),
            "matches": found.len(),
        }),
    ))
}
