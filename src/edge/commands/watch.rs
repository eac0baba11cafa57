//! The catalogue watch (`core::watch`): each panel's catalogue, at most once an hour on its own,
//! against every service the shop sells on it; and the owner's one-step fix, moving everything
//! on a service to other choices (retarget).

use super::fit_service;
use crate::core::answer;
use crate::core::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use crate::core::json::obj;
use crate::core::order_input::api_type::OrderSpec;
use crate::core::order_input::DripFeed;
use crate::core::panel::{PanelName, ServiceChoice, MAIN};
use crate::core::service::{Platform, ServiceKind};
use crate::core::template::CodeTemplate;
use crate::core::template::CHOICES;
use crate::core::watch::{check, Finding, MarginFloor, Seen, Use};
use crate::edge::catalogue::{catalogue, fetch_catalogue};
use crate::edge::ctx::Ctx;
use crate::edge::db::{self, Move, UseRow};
use crate::edge::notify;
use crate::edge::Boxed;
use serde_json::Value;
use std::collections::BTreeMap;

/// How often the watch may ask a panel for its catalogue on its own.
const EVERY_SECONDS: i64 = 3600;

/// What one watch did.
#[derive(Debug, Default)]
pub struct WatchReport {
    /// Panels looked at now.
    pub checked: Vec<String>,
    /// Panels whose catalogue did not load: their findings are as they were.
    pub unavailable: Vec<String>,
    /// Findings open after this look, on the panels checked.
    pub findings: usize,
    /// Findings this look opened (each alerted once).
    pub opened: usize,
}

impl WatchReport {
    pub fn to_json(&self) -> Value {
        obj!(answer::WATCH_REPORT => { "checked": self.checked, "unavailable": self.unavailable, "findings": self.findings, "opened": self.opened })
    }
}

/// Looks at each panel due (every panel with `now`, the owner's check).
pub fn watch(ctx: &Ctx, now: bool) -> Boxed<'_, Result<WatchReport, ApiError>> {
    Box::pin(look(ctx, now))
}

async fn look(ctx: &Ctx, now: bool) -> Result<WatchReport, ApiError> {
    let db = ctx.db()?;
    let uses = db::services_in_use(&db).await?;
    let floor = MarginFloor(ctx.config.min_margin_percent);
    let mut report = WatchReport::default();
    for panel in &ctx.config.panels {
        let key = format!("watch:{}", panel.name);
        if !now && !db::claim_period(&db, &key, ctx.started, EVERY_SECONDS).await? {
            continue;
        }
        let mine = by_service(&uses, &panel.name);
        // Nothing on sale there: no catalogue call, and no finding stays.
        let list = if mine.is_empty() {
            Vec::new()
        } else {
            // The owner's check asks the panel now; the hourly look may take a cached copy.
            let loaded = if now {
                fetch_catalogue(ctx, &panel.name).await
            } else {
                catalogue(ctx, &panel.name).await
            };
            match loaded {
                Ok(list) => list,
                // An outage is not "every service gone": the findings stay as they were.
                Err(_) => {
                    report.unavailable.push(panel.name.to_string());
                    continue;
                }
            }
        };
        let (seen, open) = db::watch_state(&db, panel.name.as_str()).await?;
        let mut found: Vec<(u32, Finding)> = Vec::new();
        let mut looked: Vec<(u32, Seen)> = Vec::new();
        for (id, in_use) in &mine {
            let before = seen.iter().find(|(s, _)| s == id).map(|(_, s)| s);
            let current = list.iter().find(|s| s.id.get() == *id);
            let open_here: Vec<Finding> = open
                .iter()
                .filter(|(s, _)| s == id)
                .map(|(_, f)| f.clone())
                .collect();
            found.extend(
                check(in_use, before, current, &open_here, floor)
                    .into_iter()
                    .map(|f| (*id, f)),
            );
            // A gone service keeps its last look, so the finding can name what it was.
            if let Some(s) = current.map(Seen::of).or_else(|| before.cloned()) {
                looked.push((*id, s));
            }
        }
        let opened = db::save_look(&db, panel.name.as_str(), &found, &looked, ctx.started).await?;
        for (id, kind) in &opened {
            let Some((_, f)) = found.iter().find(|(s, f)| s == id && f.kind == *kind) else {
                continue;
            };
            notify::alert(
                ctx,
                &format!("finding:{}:{id}:{}", panel.name, kind.key()),
                &format!(
                    "Panel {} changed service {id} ({}): was {:?}, now {:?}. Codes and products on it: see Needs attention in /admin, where one step moves them to another service.",
                    panel.name,
                    kind.key(),
                    f.old,
                    f.new
                ),
            )
            .await;
        }
        report.checked.push(panel.name.to_string());
        report.findings += found.len();
        report.opened += opened.len();
    }
    Ok(report)
}

/// This panel's services in use, each with how it is used.
fn by_service(rows: &[UseRow], panel: &PanelName) -> BTreeMap<u32, Vec<Use>> {
    let mut out: BTreeMap<u32, Vec<Use>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.panel == panel.as_str()) {
        let first = r.choice == 0.0;
        out.entry(r.service_id as u32).or_default().push(Use {
            quantity: r.quantity.max(0.0) as u32,
            platform: Platform::parse(&r.platform),
            kind: ServiceKind::parse(&r.service_type),
            promises_refill: r.has_refill != 0.0,
            unit_cost: r
                .unit_cost_micros
                .filter(|_| first)
                .map(|m| crate::core::money::Micros(m as i64)),
            price: r.price_micros.map(|m| crate::core::money::Micros(m as i64)),
        });
    }
    out
}

/// What a retarget moved.
#[derive(Debug)]
pub struct Retargeted {
    pub codes: usize,
    pub products: usize,
    /// Held orders of the service placed right after.
    pub placed: usize,
}

impl Retargeted {
    pub fn to_json(&self) -> Value {
        obj!(answer::RETARGET_RESULT => { "codes": self.codes, "products": self.products, "placed": self.placed })
    }
}

/// Moves every unused and queued code and every product on `from` to `to`, each template
/// checked as a new one would be (quantity in range, the service fits the label unless
/// confirmed), priced on the new first choice; then the held ones are placed.
pub async fn retarget(
    ctx: &Ctx,
    from: &ServiceChoice,
    to: &[ServiceChoice],
    confirm_mismatch: bool,
    actor: &str,
) -> Result<Retargeted, ApiError> {
    if !u32::try_from(to.len()).is_ok_and(|n| CHOICES.contains(&n)) {
        let (least, most) = (CHOICES.start(), CHOICES.end());
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            format!(
                "to must list {least} to {most} choices: [{{\"panel\", \"service_id\"}}, ...]."
            ),
        ));
    }
    if to.iter().enumerate().any(|(i, c)| to[..i].contains(c)) {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "to must not name the same choice twice.",
        ));
    }
    if to.contains(from) {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "to must not name the service the codes are moved from.",
        ));
    }
    // A choice must exist where its catalogue can be read (a dead target moves nothing).
    for choice in to {
        if let Ok(list) = catalogue(ctx, &choice.panel).await {
            if !list.iter().any(|s| s.id == choice.service_id) {
                return Err(ApiError::new(
                    ErrorCode::UnknownService,
                    format!(
                        "Panel {} has no service {} in its catalogue.",
                        choice.panel, choice.service_id
                    ),
                ));
            }
        }
    }
    let db = ctx.db()?;
    let (groups, products) = db::on_service_rows(&db, from).await?;
    if groups.is_empty() && products.is_empty() {
        return Err(ApiError::new(
            ErrorCode::NothingOnService,
            format!(
                "No unused or queued code and no product buys service {} on panel {}.",
                from.service_id, from.panel
            ),
        ));
    }
    let services = (to.len() > 1 || to[0].panel.as_str() != MAIN)
        .then(|| serde_json::to_string(to).unwrap_or_default());
    let template = |platform: &str,
                    kind: &str,
                    quantity: f64,
                    refill: f64,
                    input: Option<&str>,
                    runs: Option<f64>,
                    interval: Option<f64>| CodeTemplate {
        service_id: to[0].service_id,
        services: to.to_vec(),
        quantity: quantity as u32,
        platform: Platform::parse(platform),
        kind: ServiceKind::parse(kind),
        requirements: None,
        has_refill: refill != 0.0,
        expiry_days: None,
        unit_cost: None,
        order: OrderSpec::parse_stored(input).unwrap_or_default(),
        // What the codes were sold asking for is fixed: a move keeps it.
        order_named: true,
        drip_feed: match (runs, interval) {
            (Some(r), Some(i)) => DripFeed::new(r as u32, i as u32).ok(),
            _ => None,
        },
    };
    let mut costs = Vec::new();
    for g in &groups {
        let mut t = template(
            &g.platform,
            &g.service_type,
            g.quantity,
            g.has_refill,
            g.order_input.as_deref(),
            g.drip_runs,
            g.drip_interval,
        );
        fit_service(ctx, &mut t, confirm_mismatch).await?;
        costs.push((t.unit_cost, t.order.stored()));
    }
    for p in &products {
        let mut t = template(
            &p.platform,
            &p.service_type,
            p.quantity,
            p.has_refill,
            p.order_input.as_deref(),
            p.drip_runs,
            p.drip_interval,
        );
        fit_service(ctx, &mut t, confirm_mismatch)
            .await
            .map_err(|e| {
                ApiError::new(e.code, format!("Product {}: {}", p.product_id, e.message))
            })?;
        costs.push((t.unit_cost, t.order.stored()));
    }
    let mut moves: Vec<Move<'_>> = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        moves.push(Move {
            group: Some(g),
            product: None,
            services: services.as_deref(),
            service_id: to[0].service_id.get(),
            unit_cost: costs[i].0,
            order_input: costs[i].1.clone(),
        });
    }
    for (i, p) in products.iter().enumerate() {
        moves.push(Move {
            group: None,
            product: Some(p.id),
            services: services.as_deref(),
            service_id: to[0].service_id.get(),
            unit_cost: costs[groups.len() + i].0,
            order_input: costs[groups.len() + i].1.clone(),
        });
    }
    let moved = db::retarget(&db, from, &moves, ctx.started).await?;
    db::audit(
        &db,
        ctx.started,
        actor,
        "codes.retarget",
        Some(&format!("{}:{}", from.panel, from.service_id)),
        &obj!({ "from": from, "to": to, "codes": moved, "products": products.len() }),
    )
    .await?;
    let placed = super::drain(ctx, None, false).await.map_or(0, |r| r.placed);
    Ok(Retargeted {
        codes: moved,
        products: products.len(),
        placed,
    })
}
