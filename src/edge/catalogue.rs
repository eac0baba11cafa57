//! `GET /api/services` and `POST /api/search`: the panel's catalogue, cached in D1.

use super::cache;
use super::ctx::Ctx;
use super::guard;
use super::http::{read_body, Outcome, Reply};
use super::panel_client::Sent;
use crate::core::catalogue::{search as filter, PublicService, SearchQuery};
use crate::core::envelope::{parse_json, ApiError};
use crate::core::panel::{parse_services, PanelRequest, Reply as PanelReply, Service};
use serde_json::json;
use worker::Request;

fn unavailable() -> ApiError {
    ApiError::new(
        502,
        "panel_unavailable",
        "The service list is not available right now. Please try again in a minute.",
    )
}

/// The raw panel catalogue, from the cache when fresh, otherwise from the panel.
pub async fn catalogue(ctx: &Ctx) -> Result<Vec<Service>, ApiError> {
    if let Some(body) = cache::get(ctx, "panel/services").await {
        if let PanelReply::Ok(list) = parse_services(200, &body) {
            return Ok(list);
        }
    }
    let (status, body) = match ctx.panel()?.send(&PanelRequest::Services).await {
        Sent::Answer { status, body } => (status, body),
        Sent::NoAnswer(_) => return Err(unavailable()),
    };
    match parse_services(status, &body) {
        PanelReply::Ok(list) => {
            cache::put(
                ctx,
                "panel/services",
                &body,
                ctx.config.services_cache_seconds,
            )
            .await;
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
pub async fn services(ctx: &Ctx) -> Outcome {
    guard::limit(ctx, "RL_LOOKUP", "services").await?;
    let list = catalogue(ctx).await?;
    let m = ctx.config.public_price_multiplier;
    let public: Vec<PublicService> = list.iter().map(|s| PublicService::of(s, m)).collect();
    Ok(Reply::ok(
        "Services",
        json!({ "services": public, "count": public.len() }),
    ))
}

pub async fn search(ctx: &Ctx, req: &mut Request) -> Outcome {
    guard::limit(ctx, "RL_LOOKUP", "search").await?;
    let query: SearchQuery = parse_json(&read_body(req, 16 * 1024).await?)?;
    let list = catalogue(ctx).await?;
    let m = ctx.config.public_price_multiplier;
    let found: Vec<PublicService> = filter(&list, &query, m)?
        .into_iter()
        .map(|s| PublicService::of(s, m))
        .collect();
    Ok(Reply::ok(
        "Search results",
        json!({ "services": found, "count": found.len() }),
    ))
}
