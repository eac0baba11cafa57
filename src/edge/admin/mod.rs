//! Admin routes (`/api/admin/*`): the route table marks them `Gate::Admin`, so `routes`
//! runs `guard::admin_gate` before any of them and hands each the key's `Fingerprint`;
//! every state-changing one writes an `audit_log` row naming it.

pub mod codes;
pub mod import;
pub mod money;
pub mod orders;
pub mod reports;
pub mod sales;

use crate::core::csv;
use crate::core::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use crate::core::manual_order::{quantity_out_of_range, service_mismatch};
use crate::core::money::Micros;
use crate::core::template::CodeTemplate;
use crate::edge::catalogue::catalogue;
use crate::edge::ctx::Ctx;
use crate::edge::http::{Query, Reply};
use worker::Request;

/// Checks a template against its panels' catalogues and prices it, before anything is saved:
/// - each choice's quantity must be within its service's min and max (400
///   `quantity_out_of_range`; cannot be confirmed away: the panel would refuse every order);
/// - the service's name must say the template's platform and kind (400 `service_mismatch`,
///   naming the service), unless the admin confirmed it;
/// - the cost per code is the first choice's rate x quantity / 1,000.
///
/// An unreachable catalogue does not block the shop: that choice goes unchecked, unpriced.
pub async fn fit_service(ctx: &Ctx, t: &mut CodeTemplate, confirmed: bool) -> Result<(), ApiError> {
    // Every panel a code may buy from must be one the shop has (this cannot be confirmed
    // away: an unknown panel would only ever refuse).
    for choice in &t.services {
        ctx.known_panel(Some(choice.panel.as_str()))?;
    }
    t.unit_cost = None;
    let mut first_type: Option<String> = None;
    for (i, choice) in t.services.clone().iter().enumerate() {
        let Ok(list) = catalogue(ctx, &choice.panel).await else {
            continue;
        };
        let Some(s) = list.iter().find(|s| s.id == choice.service_id) else {
            continue;
        };
        if let Some(e) = quantity_out_of_range(s, t.quantity) {
            return Err(e);
        }
        if !confirmed {
            if let Some(why) = service_mismatch(&t.platform, &t.kind, s) {
                return Err(ApiError::new(ErrorCode::ServiceMismatch, why));
            }
        }
        // Every choice must take the same `add`: a fail-over cannot ask the buyer again.
        match &first_type {
            None => {
                t.take_type(s.id.get(), &s.kind)?;
                first_type = Some(s.kind.clone());
            }
            Some(k) if !k.eq_ignore_ascii_case(&s.kind) => {
                return Err(ApiError::new(
                    ErrorCode::OrderInputMismatch,
                    format!(
                        "Panel {}'s service {} is a \"{}\" service; the first choice is \"{k}\". Every choice must take the same order.",
                        choice.panel, s.id, s.kind
                    ),
                ))
            }
            Some(_) => {}
        }
        if i == 0 {
            let units = t.total_units();
            t.unit_cost = Micros::parse(&s.rate).map(|rate| Micros::cost_of(rate, units));
        }
    }
    Ok(())
}

/// Pages of 500 rows one export part may hold: 10 D1 queries (the free plan allows 50 per
/// invocation), and a part's CPU about what a few page views cost (`npm run bench`). A larger
/// export comes in parts, never cut silently.
const PART_PAGES: usize = 10;

/// One part of a CSV export: its text, how many rows it holds, and the cursor of the next part.
pub struct Export {
    pub text: String,
    pub rows: usize,
    pub next: Option<String>,
}

/// Up to `PART_PAGES` pages of a list, from the query's cursor on, as CSV text.
pub async fn csv_export<R>(
    mut query: Query,
    header: &[&str],
    page: impl AsyncFn(&Query) -> Result<(Vec<R>, Option<String>), ApiError>,
    cells: impl Fn(R) -> Vec<String>,
) -> Result<Export, ApiError> {
    let mut out = Export {
        text: csv::row(header),
        rows: 0,
        next: None,
    };
    for _ in 0..PART_PAGES {
        let (rows, next) = page(&query).await?;
        out.rows += rows.len();
        for r in rows {
            let cells = cells(r);
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            out.text.push_str(&csv::row(&refs));
        }
        out.next = next;
        match &out.next {
            Some(c) => query.set("cursor", c.clone()),
            None => break,
        }
    }
    Ok(out)
}

/// The CSV answer of an export part. It says how many rows it holds and whether it is the
/// last (`x-export-rows`, `x-export-complete`); when more follow, `Link: <…>; rel="next"`
/// names the next part (same filters, the cursor, `part` + 1), and the file name says which
/// part this is.
pub fn csv_reply(req: &Request, stem: &str, day: &str, export: Export) -> Result<Reply, ApiError> {
    let mut query = Query::of(req);
    let part: u32 = query
        .get("part")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let whole = part == 1 && export.next.is_none();
    let name = if whole {
        format!("{stem}-{day}.csv")
    } else {
        format!("{stem}-{day}-part{part}.csv")
    };
    let mut reply = Reply::csv(name, export.text)
        .with_header("x-export-rows", export.rows.to_string())
        .with_header("x-export-complete", export.next.is_none().to_string());
    if let Some(cursor) = export.next {
        query.set("cursor", cursor);
        query.set("part", (part + 1).to_string());
        let path = req.path();
        reply = reply.with_header("link", format!("<{path}?{}>; rel=\"next\"", query.encode()));
    }
    Ok(reply)
}
