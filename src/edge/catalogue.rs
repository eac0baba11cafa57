//! `GET /api/services` and `POST /api/search`: the panel's catalogue, cached in D1.

use super::cache;
use super::ctx::Ctx;
use super::http::{read_body, Outcome, Query, Reply};
use super::panel_client::Sent;
use super::Boxed;
use crate::core::answer;
use crate::core::catalogue::{search as filter, PublicService, SearchQuery};
use crate::core::envelope::{parse_body, ApiError};
use crate::core::error_code::ErrorCode;
use crate::core::json::obj;
use crate::core::panel::{parse_services, PanelName, PanelReply, PanelRequest, Service};
use serde_json::Value;
use worker::Request;

fn unavailable() -> ApiError {
    ApiError::new(
        ErrorCode::PanelUnavailable,
        "The service list is not available right now. Please try again in a minute.",
    )
}

/// A panel's raw catalogue, from the cache when fresh, otherwise from the panel.
pub fn catalogue<'a>(
    ctx: &'a Ctx,
    panel: &'a PanelName,
) -> Boxed<'a, Result<Vec<Service>, ApiError>> {
    Box::pin(cached_catalogue(ctx, panel))
}

async fn cached_catalogue(ctx: &Ctx, panel: &PanelName) -> Result<Vec<Service>, ApiError> {
    let key = format!("panel/services/{panel}");
    if let Some(body) = cache::get(ctx, &key).await {
        if let PanelReply::Ok(list) = parse_services(200, &body) {
            return Ok(list);
        }
    }
    fetch_catalogue(ctx, panel).await
}

/// A panel's catalogue asked of the panel now (the owner's "Check now"), cached for the rest.
pub async fn fetch_catalogue(ctx: &Ctx, panel: &PanelName) -> Result<Vec<Service>, ApiError> {
    let key = format!("panel/services/{panel}");
    let (status, body) = match ctx.panel_named(panel)?.send(&PanelRequest::Services).await {
        Sent::Answer { status, body } => (status, body),
        Sent::NoAnswer(_) => return Err(unavailable()),
    };
    match parse_services(status, &body) {
        PanelReply::Ok(list) => {
            cache::put(ctx, &key, &body, ctx.config.services_cache_seconds).await;
            Ok(list)
        }
        PanelReply::Rejected(why) | PanelReply::Garbled(why) => {
            worker::console_warn!("services: {why}");
            Err(unavailable())
        }
    }
}

/// Limited per client like the other lookups: each call may cost the shop's panel key a
/// request when the cached copy has expired.
/// `?panel=`: another panel's catalogue (default `main`).
fn panel_of(ctx: &Ctx, req: &Request) -> Result<PanelName, ApiError> {
    ctx.known_panel(Query::of(req).get("panel"))
}

pub async fn services(ctx: &Ctx, req: &mut Request) -> Outcome {
    let list = catalogue(ctx, &panel_of(ctx, req)?).await?;
    let m = ctx.config.public_price_multiplier;
    let public: Vec<Value> = list
        .iter()
        .map(|s| PublicService::of(s, m).to_json())
        .collect();
    Ok(Reply::ok(
        "Services",
        obj!(answer::SERVICE_LIST => { "services": public, "count": public.len() }),
    ))
}

pub async fn search(ctx: &Ctx, req: &mut Request) -> Outcome {
    let panel = panel_of(ctx, req)?;
    let query = parse_body(
        &read_body(ctx, req).await?,
        &crate::core::catalogue::SEARCH,
        SearchQuery::read,
    )?;
    let list = catalogue(ctx, &panel).await?;
    let m = ctx.config.public_price_multiplier;
    let found: Vec<Value> = filter(&list, &query, m)?
        .into_iter()
        .map(|s| PublicService::of(s, m).to_json())
        .collect();
    Ok(Reply::ok(
        "Search results",
        obj!(answer::SERVICE_LIST => { "services": found, "count": found.len() }),
    ))
}
