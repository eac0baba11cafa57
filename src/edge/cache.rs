//! Short-lived copies of panel answers, and the admin lockout, in D1 (`db::cached`).
//! Not the Cache API: it does nothing on `*.workers.dev`, where shops deploy by default, so
//! a cache there would neither protect the panel key nor hold a lockout. Keys are fixed
//! names, so neither the panel URL nor its key ever becomes part of one.

use super::ctx::Ctx;
use super::db;
use super::Boxed;

/// The value under `key`, unless it expired. A D1 failure reads as a miss (and is logged).
pub fn get<'a>(ctx: &'a Ctx, key: &'a str) -> Boxed<'a, Option<String>> {
    Box::pin(read(ctx, key))
}

async fn read(ctx: &Ctx, key: &str) -> Option<String> {
    let db = ctx.db().ok()?;
    match db::cached(&db, key, ctx.now()).await {
        Ok(v) => v,
        Err(e) => {
            worker::console_warn!("cache get {key}: {e}");
            None
        }
    }
}

/// Best effort: a failed put only costs a panel call later.
pub fn put<'a>(ctx: &'a Ctx, key: &'a str, value: &'a str, ttl_seconds: u32) -> Boxed<'a, ()> {
    Box::pin(write(ctx, key, value, ttl_seconds))
}

async fn write(ctx: &Ctx, key: &str, value: &str, ttl_seconds: u32) {
    let until = ctx.now().plus_seconds(i64::from(ttl_seconds));
    let Ok(db) = ctx.db() else { return };
    if let Err(e) = db::store_cached(&db, key, value, until).await {
        worker::console_warn!("cache put {key}: {e}");
    }
}
