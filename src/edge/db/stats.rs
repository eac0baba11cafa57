//! The dashboard's numbers, read in one batch (one round trip, one consistent snapshot).

use super::row::{from_row, Rows as _};
use super::text;
use super::Db;
use worker::Result;

#[derive(Debug)]
pub struct StatusCount {
    pub status: String,
    pub n: i64,
}

from_row!(StatusCount { status, n });

#[derive(Debug)]
pub struct DayRow {
    pub day: String,
    pub n: i64,
    pub units: i64,
}

from_row!(DayRow { day, n, units });

#[derive(Debug)]
pub struct PlatformRow {
    pub platform: Option<String>,
    pub redemptions: i64,
    pub units: i64,
}

from_row!(PlatformRow {
    platform,
    redemptions,
    units
});

#[derive(Debug)]
pub struct DeliveryDayRow {
    pub day: String,
    pub delivered: i64,
    pub failed: i64,
}

from_row!(DeliveryDayRow {
    day,
    delivered,
    failed
});

pub struct Snapshot {
    pub by_status: Vec<StatusCount>,
    pub redemptions_per_day: Vec<DayRow>,
    pub per_platform: Vec<PlatformRow>,
    pub deliveries_per_day: Vec<DeliveryDayRow>,
    pub redemptions_today: i64,
}

/// `since` is the first day's ISO start; `today` today's.
pub async fn snapshot(db: &Db, since: &str, today: &str) -> Result<Snapshot> {
    let r = db
        .batch(vec![
            db.prepare("SELECT status, count(*) AS n FROM codes GROUP BY status"),
            db.prepare(
                "SELECT substr(redeemed_date, 1, 10) AS day, count(*) AS n, sum(quantity) AS units \
                 FROM redemption_history WHERE redeemed_date >= ?1 GROUP BY day",
            )
            .bind(&[text(since)])?,
            db.prepare(
                "SELECT platform, count(*) AS redemptions, sum(quantity) AS units \
                 FROM redemption_history WHERE redeemed_date >= ?1 GROUP BY platform ORDER BY units DESC",
            )
            .bind(&[text(since)])?,
            db.prepare(
                "SELECT substr(first_seen_at, 1, 10) AS day, \
                 sum(status = 'delivered') AS delivered, sum(status = 'failed') AS failed \
                 FROM webhook_deliveries WHERE first_seen_at >= ?1 GROUP BY day",
            )
            .bind(&[text(since)])?,
            db.prepare("SELECT count(*) AS n, 0 AS units, '' AS day FROM redemption_history WHERE redeemed_date >= ?1")
                .bind(&[text(today)])?,
        ])
        .await?;
    let today_rows: Vec<DayRow> = r[4].rows()?;
    Ok(Snapshot {
        by_status: r[0].rows()?,
        redemptions_per_day: r[1].rows()?,
        per_platform: r[2].rows()?,
        deliveries_per_day: r[3].rows()?,
        redemptions_today: today_rows.first().map_or(0, |d| d.n),
    })
}
