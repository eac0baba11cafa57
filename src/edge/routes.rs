//! Every route of the worker, in one table. Handlers live beside it, one module per area,
//! and return `Outcome`; `http::respond` is the one place that shapes the answer.

use super::ctx::Ctx;
use super::guard;
use super::http::{respond, Outcome, Reply};
use super::{admin, catalogue, discord, health, redeem, tracking, webhook};
use crate::core::admin_key::Fingerprint;
use crate::core::envelope::ApiError;
use crate::core::logline::LogLine;
use crate::core::route::{self, Endpoint, Gate, Resolved};
use crate::core::session::Bookmark;
use std::rc::Rc;
use worker::{Context, Env, Headers, Method, Request, Response};

pub async fn serve(req: Request, env: Env, runtime: Context) -> Response {
    let mut ctx = Ctx::new(env, guard::client_ip(&req), Some(Rc::new(runtime)));
    let path = req.path();
    let method = req.method();
    let resolved = route::resolve(core_method(&method), &path);
    if let Resolved::Found(found, _) = &resolved {
        // A malformed bookmark is ignored: the read is then merely nearby, never refused.
        let bookmark = req
            .headers()
            .get("x-d1-bookmark")
            .ok()
            .flatten()
            .and_then(|b| Bookmark::parse(&b));
        ctx.read_from(route::reads(found.endpoint), bookmark.as_ref());
    }
    let ctx = ctx;
    let gate = resolved.gate();
    let (outcome, cors, preflight) = if method == Method::Options {
        match guard::preflight(&ctx, &req, gate) {
            Ok((origin, headers)) => (Ok(Reply::empty(204)), Some(origin), Some(headers)),
            Err(e) => (Err(e), None, None),
        }
    } else {
        let cors = match gate {
            Gate::Public => guard::allowed_origin(&ctx, &req),
            Gate::Admin | Gate::Webhook => None,
        };
        let outcome = match &resolved {
            Resolved::Found(found, param) => {
                dispatch(&ctx, req, found.endpoint, found.gate, param.unwrap_or("")).await
            }
            Resolved::MethodNotAllowed { .. } => Err(ApiError::method_not_allowed()),
            Resolved::NotFound => Err(ApiError::not_found()),
        };
        (outcome, cors, None)
    };
    let (status, error) = match &outcome {
        Ok(r) => (r.status(), None),
        Err(e) => (e.status, Some(e.code)),
    };
    let line = LogLine {
        at: ctx.now.iso(),
        request_id: &ctx.request_id,
        method: method.as_ref(),
        route: resolved.pattern(),
        status,
        ms: worker::Date::now().as_millis() as i64 - ctx.now.millis(),
        d1_queries: ctx.d1.statements(),
        d1_round_trips: ctx.d1.round_trips(),
        panel_calls: ctx.panel_calls.get(),
        error,
    };
    worker::console_log!("{}", line.json());
    let support = ctx.config.support_contact.as_deref();
    // After a write, the bookmark lets the client's next read see it (read-your-writes).
    let extra = preflight.or_else(|| {
        let bookmark = ctx.bookmark()?;
        let h = Headers::new();
        h.set("x-d1-bookmark", &bookmark).ok()?;
        Some(h)
    });
    respond(outcome, &ctx.request_id, support, cors.as_deref(), extra)
}

fn core_method(method: &Method) -> route::Method {
    match method {
        Method::Get => route::Method::Get,
        Method::Head => route::Method::Head,
        Method::Post => route::Method::Post,
        Method::Put => route::Method::Put,
        Method::Delete => route::Method::Delete,
        _ => route::Method::Other,
    }
}

/// The table's endpoint to its handler. Admin handlers are reached only through the admin
/// gate, because the table says so, not the path's spelling.
async fn dispatch(ctx: &Ctx, mut req: Request, endpoint: Endpoint, gate: Gate, p: &str) -> Outcome {
    let r = &mut req;
    if gate == Gate::Admin {
        let who = guard::admin_gate(ctx, r).await?;
        return admin_endpoint(ctx, r, endpoint, &who, p).await;
    }
    match endpoint {
        Endpoint::Health => health::check(ctx).await,
        Endpoint::ValidateCode => redeem::validate(ctx, r).await,
        Endpoint::CheckLink => redeem::check_link(ctx, r).await,
        Endpoint::Redeem => redeem::redeem(ctx, r).await,
        Endpoint::UserRedemptions => redeem::history(ctx, r).await,
        Endpoint::OrderByCode => tracking::by_code(ctx, p).await,
        Endpoint::Refill => tracking::refill(ctx, r).await,
        Endpoint::OrderStatus => tracking::order_status(ctx, r).await,
        Endpoint::Services => catalogue::services(ctx, r).await,
        Endpoint::Search => catalogue::search(ctx, r).await,
        Endpoint::SellauthWebhook => webhook::sellauth(ctx, r).await,
        Endpoint::DiscordInteractions => discord::interactions(ctx, r).await,
        _ => unrouted(endpoint),
    }
}

async fn admin_endpoint(
    ctx: &Ctx,
    r: &mut Request,
    endpoint: Endpoint,
    who: &Fingerprint,
    p: &str,
) -> Outcome {
    use admin::{codes, import, money, orders, reports, sales};
    match endpoint {
        Endpoint::Balance => orders::balance(ctx, who).await,
        Endpoint::Panels => orders::panels(ctx, who).await,
        Endpoint::Stats => reports::stats(ctx, r, who).await,
        Endpoint::Vocabulary => reports::vocabulary(who),
        Endpoint::ListCodes => codes::list(ctx, r, who).await,
        Endpoint::CreateCodes => codes::create_codes(ctx, r, who).await,
        Endpoint::CodesCsv => codes::csv(ctx, r, who).await,
        Endpoint::ShowCode => codes::show(ctx, who, p).await,
        Endpoint::VoidCode => codes::void(ctx, who, p).await,
        Endpoint::ResolveCode => codes::resolve(ctx, r, who, p).await,
        Endpoint::Redemptions => reports::redemptions(ctx, r, who).await,
        Endpoint::RedemptionsCsv => reports::redemptions_csv(ctx, r, who).await,
        Endpoint::Failures => reports::failures(ctx, r, who).await,
        Endpoint::Money => money::money(ctx, r, who).await,
        Endpoint::MoneyCsv => money::money_csv(ctx, r, who).await,
        Endpoint::AdminServices => catalogue::admin_services(ctx, r, who).await,
        Endpoint::Import => import::import(ctx, r, who).await,
        Endpoint::PlaceOrder => orders::place(ctx, r, who).await,
        Endpoint::AdminOrderStatus => orders::status(ctx, r, who, p).await,
        Endpoint::AdminRefill => orders::refill(ctx, r, who, p).await,
        Endpoint::ListProducts => sales::list_products(ctx, who).await,
        Endpoint::CreateProduct => sales::create_product(ctx, r, who).await,
        Endpoint::UpdateProduct => sales::update_product(ctx, r, who, p).await,
        Endpoint::DeleteProduct => sales::delete_product(ctx, r, who, p).await,
        Endpoint::Deliveries => sales::list_deliveries(ctx, r, who).await,
        Endpoint::VoidInvoice => sales::void_invoice(ctx, who, p).await,
        Endpoint::HeldOrders => codes::held(ctx, who).await,
        Endpoint::RetryHeld => codes::retry_held(ctx, r, who).await,
        Endpoint::Attention => codes::attention(ctx, who).await,
        Endpoint::CheckAttention => codes::check_attention(ctx, who).await,
        Endpoint::Retarget => codes::retarget(ctx, r, who).await,
        _ => unrouted(endpoint),
    }
}

/// The table gave an endpoint a gate its handler is not under: a programming error, answered
/// as a 500 rather than run without its gate.
fn unrouted(endpoint: Endpoint) -> Outcome {
    worker::console_error!("route table and dispatch disagree on {endpoint:?}");
    Err(ApiError::internal())
}
