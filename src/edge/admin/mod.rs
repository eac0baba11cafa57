//! Admin routes (`/api/admin/*`): the route table marks them `Gate::Admin`, so `routes`
//! runs `guard::admin_gate` before any of them and hands each the key's `Fingerprint`;
//! every state-changing one writes an `audit_log` row naming it.

pub mod codes;
pub mod import;
pub mod orders;
pub mod reports;
pub mod sales;

use crate::core::csv;
use crate::core::envelope::ApiError;
use crate::core::manual_order::service_mismatch;
use crate::core::template::CodeTemplate;
use crate::edge::catalogue::catalogue;
use crate::edge::routes::Ctx;
use worker::Request;

/// A code or product must sell what its panel service sells: refused (400
/// `service_mismatch`, naming the service) when the catalogue answers and the service's name
/// says another platform or kind, unless the admin confirmed it. An unreachable catalogue
/// does not block the shop.
pub async fn check_service_fit(
    ctx: &Ctx,
    t: &CodeTemplate,
    confirmed: bool,
) -> Result<(), ApiError> {
    if confirmed {
        return Ok(());
    }
    let Ok(list) = catalogue(ctx).await else {
        return Ok(());
    };
    match list.iter().find(|s| s.id == t.service_id) {
        Some(s) => match service_mismatch(&t.platform, &t.kind, s) {
            Some(why) => Err(ApiError::bad_request("service_mismatch", why)),
            None => Ok(()),
        },
        None => Ok(()),
    }
}

/// Every page of a list as one CSV text. Bounded: 40 pages of 500 rows (20,000), well inside
/// one request's D1 query budget.
pub async fn csv_export<R>(
    mut query: Query,
    header: &[&str],
    page: impl AsyncFn(&Query) -> Result<(Vec<R>, Option<String>), ApiError>,
    cells: impl Fn(&R) -> Vec<String>,
) -> Result<String, ApiError> {
    let mut out = csv::row(header);
    for _ in 0..40 {
        let (rows, next) = page(&query).await?;
        for r in &rows {
            let cells = cells(r);
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            out.push_str(&csv::row(&refs));
        }
        match next {
            Some(c) => query.set("cursor", c),
            None => break,
        }
    }
    Ok(out)
}

/// The query string, decoded once.
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn of(req: &Request) -> Result<Query, ApiError> {
        let url = req.url()?;
        Ok(Query(
            url.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        ))
    }

    pub fn set(&mut self, name: &str, value: String) {
        self.0.retain(|(k, _)| k != name);
        self.0.push((name.to_string(), value));
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}
