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
use crate::edge::http::{Query, Reply};
use worker::Request;

/// Pages of 500 rows one export part may hold: 6 D1 queries (the free plan allows 50 per
/// invocation), and a part's CPU under ten health checks' (`npm run bench`: a 5,000-row part
/// measured 7.7x to 12.9x across runs). A larger export comes in parts, never cut silently;
/// the dashboard joins them into one file.
const PART_PAGES: usize = 6;

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
