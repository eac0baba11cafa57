//! `GET /api/health`: alive, and able to reach D1.

use super::config::VERSION;
use super::ctx::Ctx;
use super::db;
use super::http::{Outcome, Reply};
use crate::core::answer;
use crate::core::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use crate::core::json::obj;

pub async fn check(ctx: &Ctx) -> Outcome {
    let db_ok = match ctx.db() {
        Ok(db) => db::ping(&db).await.unwrap_or_else(|e| {
            worker::console_error!("health: D1 failed: {e}");
            false
        }),
        Err(_) => false,
    };
    let data = obj!(answer::HEALTH => {
        "status": if db_ok { "ok" } else { "degraded" },
        "version": VERSION,
        "db": if db_ok { "ok" } else { "unavailable" },
        "shop": ctx.config.shop_name,
        // What the pages show: the shop's name and where its buyers get help.
        "support": ctx.config.support_contact,
        // A line of the shop's own under the redemption page (any language; shown as is).
        "footer": ctx.config.footer_text,
    });
    if db_ok {
        Ok(Reply::ok("Healthy", data))
    } else {
        let e = ApiError::new(
            ErrorCode::Degraded,
            "Degraded: the database is unavailable.",
        );
        Ok(Reply::failed_with(&ctx.request_id, &e, data))
    }
}
