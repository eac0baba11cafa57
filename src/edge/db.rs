//! D1 statements. Each function is one query or one atomic batch; none of them decides.

use worker::{D1Database, Result};

/// The cheapest real round trip to D1, for health checks.
pub async fn ping(db: &D1Database) -> Result<bool> {
    let one: Option<i64> = db.prepare("SELECT 1 AS ok").first(Some("ok")).await?;
    Ok(one == Some(1))
}
