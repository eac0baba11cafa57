//! Every route of the worker, in one table. Handlers live beside it, one module per area,
//! and return `Outcome`; `http::respond` is the one place that shapes the answer.

use super::ctx::Ctx;
use super::guard;
use super::http::{respond, Outcome, Reply};
use super::{admin, catalogue, discord, health, redeem, telegram, tracking, webhook};
use crate::core::admin_key::Fingerprint;
use crate::core::envelope::ApiError;
use crate::core::logline::LogLine;
use crate::core::route::{
    self, AdminEndpoint, Endpoint, Gate, PublicEndpoint, Resolved, Route, WebhookEndpoint,
};
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
                dispatch(&mut ctx, req, *found, param.unwrap_or("")).await
            }
            Resolved::MethodNotAllowed { .. } => Err(ApiError::method_not_allowed()),
            Resolved::NotFound => Err(ApiError::not_found()),
        };
        (outcome, cors, None)
    };
    let (status, error) = match &outcome {
        Ok(r) => (r.status(), None),
        Err(e) => (e.status, Some(e.code.key())),
    };
    let line = LogLine {
        at: ctx.started.iso(),
        request_id: &ctx.request_id,
        method: method.as_ref(),
        route: resolved.pattern(),
        status,
        ms: worker::Date::now().as_millis() as i64 - ctx.started.millis(),
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

/// The route to its handler, after what the table asks of every request on it (its limiter,
/// its body limit). An admin endpoint is reached only through the admin gate, because its kind
/// says so, not the path's spelling; every match here is exhaustive.
async fn dispatch(ctx: &mut Ctx, mut req: Request, route: Route, p: &str) -> Outcome {
    let policy = route::policy(route.endpoint);
    ctx.body_limit = policy.body_limit;
    let ctx = &*ctx;
    if let Some(limiter) = policy.limiter {
        guard::limit(ctx, limiter, route.pattern).await?;
    }
    let r = &mut req;
    match route.endpoint {
        Endpoint::Public(e) => public_endpoint(ctx, r, e, p).await,
        Endpoint::Admin(e) => {
            let who = guard::admin_gate(ctx, r).await?;
            admin_endpoint(ctx, r, e, &who, p).await
        }
        Endpoint::Webhook(WebhookEndpoint::Sellauth) => webhook::sellauth(ctx, r).await,
        Endpoint::Webhook(WebhookEndpoint::DiscordInteractions) => {
            discord::interactions(ctx, r).await
        }
        Endpoint::Webhook(WebhookEndpoint::Telegram) => telegram::webhook(ctx, r).await,
    }
}

async fn public_endpoint(ctx: &Ctx, r: &mut Request, e: PublicEndpoint, p: &str) -> Outcome {
    use PublicEndpoint as P;
    match e {
        P::Health => health::check(ctx).await,
        P::ValidateCode => redeem::validate(ctx, r).await,
        P::CheckLink => redeem::check_link(ctx, r).await,
        P::Redeem => redeem::redeem(ctx, r).await,
        P::UserRedemptions => redeem::history(ctx, r).await,
        P::OrderByCode => tracking::by_code(ctx, p).await,
        P::Refill => tracking::refill(ctx, r).await,
        P::OrderStatus => tracking::order_status(ctx, r).await,
        P::Services => catalogue::services(ctx, r).await,
        P::Search => catalogue::search(ctx, r).await,
        P::NotifyMe => tracking::notify_me(ctx, r, p).await,
        P::Unsubscribe | P::UnsubscribePage => tracking::unsubscribe(ctx, r).await,
    }
}

async fn admin_endpoint(
    ctx: &Ctx,
    r: &mut Request,
    e: AdminEndpoint,
    who: &Fingerprint,
    p: &str,
) -> Outcome {
    use admin::{codes, import, money, orders, reports, sales};
    use AdminEndpoint as A;
    match e {
        A::Balance => orders::balance(ctx, who).await,
        A::Panels => orders::panels(ctx, who).await,
        A::Stats => reports::stats(ctx, r, who).await,
        A::Vocabulary => reports::vocabulary(who),
        A::ListCodes => codes::list(ctx, r, who).await,
        A::CreateCodes => codes::create_codes(ctx, r, who).await,
        A::CodesCsv => codes::csv(ctx, r, who).await,
        A::ShowCode => codes::show(ctx, who, p).await,
        A::VoidCode => codes::void(ctx, who, p).await,
        A::ResolveCode => codes::resolve(ctx, r, who, p).await,
        A::Redemptions => reports::redemptions(ctx, r, who).await,
        A::RedemptionsCsv => reports::redemptions_csv(ctx, r, who).await,
        A::Failures => reports::failures(ctx, r, who).await,
        A::Money => money::money(ctx, r, who).await,
        A::MoneyCsv => money::money_csv(ctx, r, who).await,
        A::AdminServices => admin::orders::admin_services(ctx, r, who).await,
        A::Import => import::import(ctx, r, who).await,
        A::PlaceOrder => orders::place(ctx, r, who).await,
        A::AdminOrderStatus => orders::status(ctx, r, who, p).await,
        A::AdminRefill => orders::refill(ctx, r, who, p).await,
        A::ListProducts => sales::list_products(ctx, who).await,
        A::CreateProduct => sales::create_product(ctx, r, who).await,
        A::UpdateProduct => sales::update_product(ctx, r, who, p).await,
        A::DeleteProduct => sales::delete_product(ctx, r, who, p).await,
        A::Deliveries => sales::list_deliveries(ctx, r, who).await,
        A::VoidInvoice => sales::void_invoice(ctx, who, p).await,
        A::HeldOrders => codes::held(ctx, who).await,
        A::RetryHeld => codes::retry_held(ctx, r, who).await,
        A::Attention => codes::attention(ctx, who).await,
        A::CheckAttention => codes::check_attention(ctx, who).await,
        A::Retarget => codes::retarget(ctx, r, who).await,
    }
}
