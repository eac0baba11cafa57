//! Every route of the worker, in one table. Handlers live beside it, one module per area,
//! and return `Outcome`; `http::respond` is the one place that shapes the answer.

use super::config::Config;
use super::db::Db;
use super::guard;
use super::http::{respond, Outcome, Reply};
use super::panel_client::PanelClient;
use super::random;
use super::{admin, catalogue, health, redeem, tracking, webhook};
use crate::core::clock::UtcTime;
use crate::core::envelope::ApiError;
use crate::core::logline::{route_pattern, LogLine};
use std::cell::Cell;
use std::rc::Rc;
use worker::{Env, Method, Request, Response};

/// Everything a handler may need, built once per request.
pub struct Ctx {
    pub env: Env,
    pub config: Config,
    pub now: UtcTime,
    /// `CF-Connecting-IP`, the key of per-client rate limits.
    pub client_ip: String,
    /// In the `x-request-id` header, every error body and the log line, so support can find it.
    pub request_id: String,
    pub d1_queries: Rc<Cell<u32>>,
    pub panel_calls: Cell<u32>,
}

impl Ctx {
    pub fn new(env: Env, client_ip: String) -> Ctx {
        Ctx {
            config: Config::from_env(&env),
            env,
            now: UtcTime::from_millis(worker::Date::now().as_millis() as i64),
            client_ip,
            request_id: random::request_id(),
            d1_queries: Rc::new(Cell::new(0)),
            panel_calls: Cell::new(0),
        }
    }

    /// The time now, for writes whose moment matters more than the request's start.
    pub fn clock(&self) -> UtcTime {
        UtcTime::from_millis(worker::Date::now().as_millis() as i64)
    }

    pub fn db(&self) -> Result<Db, ApiError> {
        Ok(Db::new(self.env.d1("DB")?, self.d1_queries.clone()))
    }

    /// The panel, or 503 when the shop has not configured one.
    pub fn panel(&self) -> Result<PanelClient<'_>, ApiError> {
        match (&self.config.panel_url, &self.config.panel_api_key) {
            (Some(url), Some(key)) => Ok(PanelClient {
                url,
                key,
                timeout_ms: self.config.panel_timeout_ms,
                calls: &self.panel_calls,
            }),
            _ => Err(ApiError::not_configured(
                "The SMM panel (PANEL_URL, PANEL_API_KEY)",
            )),
        }
    }
}

pub async fn serve(req: Request, env: Env) -> Response {
    let ctx = Ctx::new(env, guard::client_ip(&req));
    let path = req.path();
    let method = req.method();
    let access = guard::access(&path);
    let (outcome, cors, preflight) = if method == Method::Options {
        match guard::preflight(&ctx, &req, access) {
            Ok((origin, headers)) => (Ok(Reply::empty(204)), Some(origin), Some(headers)),
            Err(e) => (Err(e), None, None),
        }
    } else {
        let cors = match access {
            guard::Access::Public => guard::allowed_origin(&ctx, &req),
            guard::Access::Private => None,
        };
        let admin = path.starts_with("/api/admin/") || path == "/api/admin";
        let locked = if admin {
            guard::admin_lockout(&ctx).await
        } else {
            Ok(())
        };
        let mut outcome = match locked {
            Err(e) => Err(e),
            Ok(()) => route(&ctx, req).await,
        };
        // Failed admin keys are counted per client; past the limit the client is locked out.
        if matches!(&outcome, Err(e) if e.code == "unauthorized") {
            if let Err(limited) = guard::admin_failed(&ctx).await {
                outcome = Err(limited);
            }
        }
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
        route: route_pattern(&path),
        status,
        ms: worker::Date::now().as_millis() as i64 - ctx.now.millis(),
        d1_queries: ctx.d1_queries.get(),
        panel_calls: ctx.panel_calls.get(),
        error,
    };
    worker::console_log!("{}", line.json());
    respond(outcome, &ctx.request_id, cors.as_deref(), preflight)
}

async fn route(ctx: &Ctx, mut req: Request) -> Outcome {
    use Method::*;
    let path = req.path();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let method = req.method();
    let r = &mut req;
    // `on!(methods => handler)`: the handler for those methods, 405 for any other.
    macro_rules! on {
        ($allowed:pat => $handler:expr) => {
            if matches!(method, $allowed) {
                $handler.await
            } else {
                Err(ApiError::method_not_allowed())
            }
        };
    }
    match segments.as_slice() {
        ["api", "health"] => on!(Get | Head => health::check(ctx)),
        ["api", "validate-code"] => on!(Post => redeem::validate(ctx, r)),
        ["api", "redeem"] => on!(Post => redeem::redeem(ctx, r)),
        ["api", "user", "redemptions"] => on!(Post => redeem::history(ctx, r)),
        ["api", "orders", "by-code", code] => on!(Get => tracking::by_code(ctx, r, code)),
        ["api", "refill"] => on!(Post => tracking::refill(ctx, r)),
        ["api", "order-status"] => on!(Get => tracking::order_status(ctx, r)),
        ["api", "services"] => on!(Get => catalogue::services(ctx)),
        ["api", "search"] => on!(Post => catalogue::search(ctx, r)),
        ["api", "admin", "balance"] => on!(Get => admin::orders::balance(ctx, r)),
        ["api", "admin", "stats"] => on!(Get => admin::reports::stats(ctx, r)),
        ["api", "admin", "codes"] => match method {
            Get => admin::codes::list(ctx, r).await,
            _ => on!(Post => admin::codes::create_codes(ctx, r)),
        },
        ["api", "admin", "codes.csv"] => on!(Get => admin::codes::csv(ctx, r)),
        ["api", "admin", "codes", code] => on!(Get => admin::codes::show(ctx, r, code)),
        ["api", "admin", "codes", code, "void"] => on!(Post => admin::codes::void(ctx, r, code)),
        ["api", "admin", "codes", code, "resolve"] => {
            on!(Post => admin::codes::resolve(ctx, r, code))
        }
        ["api", "admin", "redemptions"] => on!(Get => admin::reports::redemptions(ctx, r)),
        ["api", "admin", "redemptions.csv"] => {
            on!(Get => admin::reports::redemptions_csv(ctx, r))
        }
        ["api", "admin", "import"] => on!(Post => admin::import::import(ctx, r)),
        ["api", "admin", "order"] => on!(Post => admin::orders::place(ctx, r)),
        ["api", "admin", "orders", order] => on!(Get => admin::orders::status(ctx, r, order)),
        ["api", "admin", "orders", order, "refill"] => {
            on!(Post => admin::orders::refill(ctx, r, order))
        }
        ["api", "admin", "products"] => match method {
            Get => admin::sales::list_products(ctx, r).await,
            _ => on!(Post => admin::sales::create_product(ctx, r)),
        },
        ["api", "admin", "products", id] => match method {
            Put => admin::sales::update_product(ctx, r, id).await,
            _ => on!(Delete => admin::sales::delete_product(ctx, r, id)),
        },
        ["api", "admin", "deliveries"] => on!(Get => admin::sales::list_deliveries(ctx, r)),
        ["api", "admin", "invoices", invoice, "void"] => {
            on!(Post => admin::sales::void_invoice(ctx, r, invoice))
        }
        ["webhook", "sellauth"] => on!(Post => webhook::sellauth(ctx, r)),
        _ => Err(ApiError::not_found()),
    }
}
