//! Every route of the worker, in one table. Handlers are small and return `Outcome`.

use super::config::{Config, VERSION};
use super::db;
use super::http::{respond, Outcome, Reply};
use crate::core::envelope::ApiError;
use serde_json::json;
use worker::{Env, Method, Request, Response};

/// Everything a handler may need, built once per request.
pub struct Ctx {
    pub env: Env,
    pub config: Config,
}

pub async fn serve(req: Request, env: Env) -> Response {
    let config = Config::from_env(&env);
    let ctx = Ctx { env, config };
    respond(route(&ctx, req).await)
}

async fn route(ctx: &Ctx, req: Request) -> Outcome {
    let path = req.path();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let method = req.method();
    use Method::*;
    match segments.as_slice() {
        ["api", "health"] => match method {
            Get | Head => health(ctx).await,
            _ => Err(ApiError::method_not_allowed()),
        },
        _ => Err(ApiError::not_found()),
    }
}

async fn health(ctx: &Ctx) -> Outcome {
    let db_ok = match ctx.env.d1("DB") {
        Ok(db) => db::ping(&db).await.unwrap_or_else(|e| {
            worker::console_error!("health: D1 failed: {e}");
            false
        }),
        Err(_) => false,
    };
    let data = json!({
        "status": if db_ok { "ok" } else { "degraded" },
        "version": VERSION,
        "db": if db_ok { "ok" } else { "unavailable" },
        "shop": ctx.config.shop_name,
    });
    if db_ok {
        Ok(Reply::ok("Healthy", data))
    } else {
        let e = ApiError::new(503, "degraded", "Degraded: the database is unavailable.");
        Ok(Reply::failed_with(&e, data))
    }
}
