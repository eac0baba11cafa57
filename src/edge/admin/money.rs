//! The money view: revenue from Sellauth, cost on the panels, the margin, and how long each
//! panel's balance lasts. The rules are `core::money`'s; this reads D1 and the balances.

use super::orders::balance_of;
use crate::core::admin_key::Fingerprint;
use crate::core::answer;
use crate::core::clock::UtcTime;
use crate::core::csv;
use crate::core::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use crate::core::json::{self, obj};
use crate::core::money::{
    self, CurrencyTotals, DayTotals, Micros, MoneyReport, OrderGroup, ProductTotals,
};
use crate::core::panel::{Balance, PanelName};
use crate::core::stats::{self, day_labels};
use crate::edge::ctx::Ctx;
use crate::edge::db;
use crate::edge::http::{Outcome, Query, Reply};
use serde_json::Value;
use worker::Request;

/// The forecast looks at this many days of spending.
const PACE_DAYS: i64 = 7;

/// One panel's balance and how long it lasts at the last 7 days' spending.
#[derive(Debug)]
pub struct Forecast {
    pub panel: String,
    pub balance: Option<String>,
    pub currency: Option<String>,
    pub spent_7_days: Micros,
    pub days_left: Option<u32>,
    pub text: String,
}

impl Forecast {
    pub fn to_json(&self) -> Value {
        obj!(answer::FORECAST => { "panel": self.panel, "balance": self.balance, "currency": self.currency, "spent_7_days": self.spent_7_days, "days_left": self.days_left, "text": self.text })
    }
}

fn start_of(day: &str) -> Result<UtcTime, ApiError> {
    UtcTime::parse(day).ok_or_else(ApiError::internal)
}

/// The first day the forecast's spending counts from.
fn pace_since(now: UtcTime) -> String {
    now.plus_days(1 - PACE_DAYS).day()
}

/// One panel's forecast from its balance (if it answered) and the order groups that cover the
/// last 7 days.
pub fn forecast(
    panel: &PanelName,
    balance: Option<&Balance>,
    orders: &[OrderGroup],
    now: UtcTime,
) -> Forecast {
    let spent = money::spend(orders, panel.as_str(), &pace_since(now));
    let days_left = balance
        .and_then(|b| Micros::parse(&b.amount))
        .and_then(|amount| money::days_left(amount, spent));
    Forecast {
        panel: panel.to_string(),
        balance: balance.map(|b| b.amount.clone()),
        currency: balance.map(|b| b.currency.clone()),
        spent_7_days: spent,
        text: money::forecast_text(days_left),
        days_left,
    }
}

/// The main panel's forecast for the overview and the low-balance alert (one D1 read).
pub async fn main_forecast(ctx: &Ctx, balance: Option<&Balance>) -> Result<Forecast, ApiError> {
    let since = start_of(&pace_since(ctx.started))?;
    let orders = db::orders_since(&ctx.db()?, since).await?;
    Ok(forecast(&PanelName::main(), balance, &orders, ctx.started))
}

/// The report for `days` days, and every panel's forecast.
async fn report(ctx: &Ctx, days: u32) -> Result<(MoneyReport, Vec<Forecast>), ApiError> {
    let labels = day_labels(ctx.started, days);
    let first = labels.first().cloned().unwrap_or_else(|| ctx.started.day());
    let from = start_of(std::cmp::min(&first, &pace_since(ctx.started)))?;
    let db = ctx.db()?;
    let sales = db::sales_since(&db, start_of(&first)?).await?;
    let orders = db::orders_since(&db, from).await?;
    let mut balances = Vec::new();
    for p in &ctx.config.panels {
        balances.push((p.name.clone(), balance_of(ctx, &p.name).await.ok()));
    }
    let currency_of = |panel: &str| {
        balances
            .iter()
            .find(|(name, _)| name.as_str() == panel)
            .and_then(|(_, b)| b.as_ref())
            .map(|b| b.currency.clone())
            .filter(|c| !c.is_empty())
    };
    let report = money::report(&labels, &sales, &orders, &currency_of);
    let forecasts = balances
        .iter()
        .map(|(name, b)| forecast(name, b.as_ref(), &orders, ctx.started))
        .collect();
    Ok((report, forecasts))
}

/// `GET /api/admin/money?days=30`: per currency, per day and per product.
pub async fn money(ctx: &Ctx, req: &mut Request, _who: &Fingerprint) -> Outcome {
    let days = stats::days(Query::of(req).get("days"))?;
    let (r, forecasts) = report(ctx, days).await?;
    Ok(Reply::ok(
        "Money",
        obj!(answer::MONEY => {
            "days": days,
            "per_currency": json::list(&r.per_currency, CurrencyTotals::to_json),
            "per_day": json::list(&r.per_day, DayTotals::to_json),
            "per_product": json::list(&r.per_product, ProductTotals::to_json),
            "forecast": json::list(&forecasts, Forecast::to_json),
        }),
    ))
}

/// `GET /api/admin/money.csv?days=30&by=product|day`: the per-product (or per-day) table.
pub async fn money_csv(ctx: &Ctx, req: &mut Request, _who: &Fingerprint) -> Outcome {
    let query = Query::of(req);
    let days = stats::days(query.get("days"))?;
    let by_day = match query.get("by").unwrap_or("product") {
        "product" => false,
        "day" => true,
        _ => {
            return Err(ApiError::new(
                ErrorCode::InvalidFilter,
                "by must be product or day.",
            ))
        }
    };
    let (r, _) = report(ctx, days).await?;
    let amounts = |t: &money::Totals| {
        vec![
            t.revenue.text(),
            t.cost.text(),
            t.margin.text(),
            t.cost_charged.text(),
            t.cost_estimated.text(),
            t.sales.to_string(),
            t.orders.to_string(),
            t.estimated_orders.to_string(),
            t.unpriced_orders.to_string(),
        ]
    };
    let totals_header = [
        "revenue",
        "cost",
        "margin",
        "cost_charged",
        "cost_estimated",
        "sales",
        "orders",
        "estimated_orders",
        "unpriced_orders",
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    let head: Vec<&str> = if by_day {
        ["day", "currency"]
            .into_iter()
            .chain(totals_header)
            .collect()
    } else {
        ["product", "source", "product_id", "currency"]
            .into_iter()
            .chain(totals_header)
            .collect()
    };
    if by_day {
        for d in &r.per_day {
            rows.push([vec![d.day.clone(), d.currency.clone()], amounts(&d.totals)].concat());
        }
    } else {
        for p in &r.per_product {
            let key = vec![
                p.name.clone(),
                p.key.source.clone(),
                p.key.product_id.clone(),
                p.currency.clone(),
            ];
            rows.push([key, amounts(&p.totals)].concat());
        }
    }
    let mut text = csv::row(&head);
    for row in &rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        text.push_str(&csv::row(&cells));
    }
    let stem = if by_day {
        "money-by-day"
    } else {
        "money-by-product"
    };
    Ok(
        Reply::csv(format!("{stem}-{}.csv", ctx.started.day()), text)
            .with_header("x-export-rows", rows.len().to_string())
            .with_header("x-export-complete", "true".into()),
    )
}
