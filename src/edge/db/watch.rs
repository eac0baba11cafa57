//! The catalogue watch's tables (`core::watch`): how each service is in use, what the watch saw
//! of it, its findings; and moving everything on one service to other choices (retarget).

use super::row::{from_row, Rows as _};
use super::Db;
use super::{micros, num, opt_text, text};
use crate::core::answer;
use crate::core::clock::UtcTime;
use crate::core::json::obj;
use crate::core::money::Micros;
use crate::core::panel::ServiceChoice;
use crate::core::watch::{Finding, FindingKind, Seen};
use serde_json::json;
use serde_json::Value;
use wasm_bindgen::JsValue;
use worker::{D1PreparedStatement, Result};

/// The rows of table `t` (`codes c`, `products p`) that may buy from service ?2 on panel ?1,
/// at any place in their choices (a row without `services` buys `service_id` on `main`).
fn on_service(t: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM json_each(coalesce({t}.services, \
         json_array(json_object('panel', 'main', 'service_id', {t}.service_id)))) s \
         WHERE s.value ->> '$.panel' = ?1 AND s.value ->> '$.service_id' = ?2)"
    )
}

/// One way a service is in use, as D1 groups it: codes not yet redeemed (counted) or a product.
#[derive(Debug)]
pub struct UseRow {
    pub panel: String,
    pub service_id: f64,
    /// The place of this service in the row's choices (0: first).
    pub choice: f64,
    pub quantity: f64,
    pub platform: String,
    pub service_type: String,
    pub has_refill: f64,
    pub unit_cost_micros: Option<f64>,
    /// What the product last sold for, one unit (products only).
    pub price_micros: Option<f64>,
}

from_row!(UseRow {
    panel,
    service_id,
    choice,
    quantity,
    platform,
    service_type,
    has_refill,
    unit_cost_micros,
    price_micros
});

/// Every service in use, on every panel, in one statement.
pub async fn services_in_use(db: &Db) -> Result<Vec<UseRow>> {
    db.prepare(
        "SELECT coalesce(j.value ->> '$.panel', 'main') AS panel, \
         coalesce(j.value ->> '$.service_id', c.service_id) AS service_id, \
         coalesce(j.key, 0) AS choice, c.quantity, c.platform, c.service_type, c.has_refill, \
         c.unit_cost_micros, count(*) AS codes, NULL AS product_id, NULL AS price_micros \
         FROM codes c LEFT JOIN json_each(c.services) j \
         WHERE c.status IN ('unused', 'queued') GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 \
         UNION ALL \
         SELECT coalesce(j.value ->> '$.panel', 'main'), \
         coalesce(j.value ->> '$.service_id', p.service_id), coalesce(j.key, 0), p.quantity, \
         p.platform, p.service_type, p.has_refill, p.unit_cost_micros, 0, p.product_id, \
         (SELECT d.price_micros FROM webhook_deliveries d WHERE d.product_id = p.product_id \
          AND d.status = 'delivered' AND d.price_micros IS NOT NULL \
          ORDER BY d.first_seen_at DESC LIMIT 1) \
         FROM products p LEFT JOIN json_each(p.services) j",
    )
    .all()
    .await?
    .rows()
}

struct SeenRow {
    service_id: f64,
    seen: String,
}

from_row!(SeenRow { service_id, seen });

struct FindingRow {
    service_id: f64,
    kind: String,
    old: String,
    new: String,
}

from_row!(FindingRow {
    service_id,
    kind,
    old,
    new
});

/// What the watch saw of a panel's services last time, and its open findings, by service id.
pub async fn watch_state(db: &Db, panel: &str) -> Result<(Vec<(u32, Seen)>, Vec<(u32, Finding)>)> {
    let results = db
        .batch(vec![
            db.prepare("SELECT service_id, seen FROM watched_services WHERE panel = ?1")
                .bind(&[text(panel)])?,
            db.prepare("SELECT service_id, kind, old, new FROM findings WHERE panel = ?1")
                .bind(&[text(panel)])?,
        ])
        .await?;
    let seen = results[0]
        .rows::<SeenRow>()?
        .into_iter()
        .filter_map(|r| Some((r.service_id as u32, Seen::read(&r.seen)?)))
        .collect();
    let open = results[1]
        .rows::<FindingRow>()?
        .into_iter()
        .filter_map(|r| {
            Some((
                r.service_id as u32,
                Finding {
                    kind: FindingKind::parse(&r.kind)?,
                    old: r.old,
                    new: r.new,
                },
            ))
        })
        .collect();
    Ok((seen, open))
}

/// One look at a panel, written at once: its findings now (new ones get `since`, open ones keep
/// theirs, the rest leave) and what was seen of its services in use. The findings opened by
/// this look come back, so each is alerted once.
pub async fn save_look(
    db: &Db,
    panel: &str,
    findings: &[(u32, Finding)],
    seen: &[(u32, Seen)],
    now: UtcTime,
) -> Result<Vec<(u32, FindingKind)>> {
    let found: Vec<_> = findings
        .iter()
        .map(|(id, f)| obj!({ "service_id": id, "kind": f.kind.key(), "old": f.old, "new": f.new }))
        .collect();
    let looked: Vec<_> = seen
        .iter()
        .map(|(id, s)| obj!({ "service_id": id, "seen": s }))
        .collect();
    let (panel, now) = (text(panel), text(&now.iso()));
    let results = db
        .batch(vec![
            db.prepare(
                "INSERT INTO findings (panel, service_id, kind, old, new, since, checked_at) \
                 SELECT ?1, j.value ->> '$.service_id', j.value ->> '$.kind', j.value ->> '$.old', \
                 j.value ->> '$.new', ?2, ?2 FROM json_each(?3) j WHERE true \
                 ON CONFLICT (panel, service_id, kind) DO UPDATE SET new = excluded.new, \
                 checked_at = excluded.checked_at RETURNING service_id, kind, since = ?2 AS fresh",
            )
            .bind(&[panel.clone(), now.clone(), text(&json!(found).to_string())])?,
            db.prepare("DELETE FROM findings WHERE panel = ?1 AND checked_at <> ?2")
                .bind(&[panel.clone(), now.clone()])?,
            db.prepare(
                "INSERT INTO watched_services (panel, service_id, seen, seen_at) \
                 SELECT ?1, j.value ->> '$.service_id', j.value ->> '$.seen', ?2 \
                 FROM json_each(?3) j WHERE true ON CONFLICT (panel, service_id) \
                 DO UPDATE SET seen = excluded.seen, seen_at = excluded.seen_at",
            )
            .bind(&[panel.clone(), now.clone(), text(&json!(looked).to_string())])?,
            db.prepare("DELETE FROM watched_services WHERE panel = ?1 AND seen_at <> ?2")
                .bind(&[panel, now])?,
        ])
        .await?;
    struct Upserted {
        service_id: f64,
        kind: String,
        fresh: f64,
    }

    from_row!(Upserted {
        service_id,
        kind,
        fresh
    });
    Ok(results[0]
        .rows::<Upserted>()?
        .into_iter()
        .filter(|r| r.fresh != 0.0)
        .filter_map(|r| Some((r.service_id as u32, FindingKind::parse(&r.kind)?)))
        .collect())
}

/// A finding as the owner reads it: what it touches, too.
#[derive(Debug)]
pub struct FindingView {
    pub kind: String,
    pub panel: String,
    pub service_id: i64,
    pub old: String,
    pub new: String,
    pub unused_codes: i64,
    /// Sellauth product ids mapped to the service.
    pub products: Vec<String>,
    /// The quantities sold on it (codes and products): what a new service must cover.
    pub quantities: Vec<u64>,
    pub since: String,
}

impl FindingView {
    pub fn to_json(&self) -> Value {
        obj!(answer::ATTENTION_FINDING => { "kind": self.kind, "panel": self.panel, "service_id": self.service_id, "old": self.old, "new": self.new, "unused_codes": self.unused_codes, "products": self.products, "quantities": self.quantities, "since": self.since })
    }
}

impl super::row::FromRow for FindingView {
    fn from_row(row: super::row::Row) -> Result<Self> {
        let products: String = row.get("products");
        let quantities: String = row.get("quantities");
        let built = FindingView {
            kind: row.get("kind"),
            panel: row.get("panel"),
            service_id: row.get("service_id"),
            old: row.get("old"),
            new: row.get("new"),
            unused_codes: row.get("unused_codes"),
            // Both are JSON arrays the query builds (json_group_array).
            products: serde_json::from_str::<Vec<serde_json::Value>>(&products)
                .unwrap_or_default()
                .into_iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect(),
            quantities: serde_json::from_str::<Vec<serde_json::Value>>(&quantities)
                .unwrap_or_default()
                .iter()
                .filter_map(serde_json::Value::as_u64)
                .collect(),
            since: row.get("since"),
        };
        row.done(built)
    }
}

pub async fn list_findings(db: &Db) -> Result<Vec<FindingView>> {
    let codes = on_service("c")
        .replace("?1", "f.panel")
        .replace("?2", "f.service_id");
    let products = on_service("p")
        .replace("?1", "f.panel")
        .replace("?2", "f.service_id");
    db.prepare(format!(
        "SELECT f.kind, f.panel, f.service_id, f.old, f.new, f.since, \
         (SELECT count(*) FROM codes c WHERE c.status IN ('unused', 'queued') AND {codes}) \
           AS unused_codes, \
         (SELECT json_group_array(p.product_id) FROM products p WHERE {products}) AS products, \
         (SELECT json_group_array(q) FROM (SELECT DISTINCT quantity AS q FROM codes c \
           WHERE c.status IN ('unused', 'queued') AND {codes} \
           UNION SELECT quantity FROM products p WHERE {products} ORDER BY 1)) AS quantities \
         FROM findings f ORDER BY f.since, f.panel, f.service_id, f.kind"
    ))
    .all()
    .await?
    .rows()
}

/// A group of codes on a service that share one template (so one check prices them all).
#[derive(Debug)]
pub struct CodeGroup {
    pub platform: String,
    pub service_type: String,
    pub quantity: f64,
    pub has_refill: f64,
    pub order_input: Option<String>,
    pub drip_runs: Option<f64>,
    pub drip_interval: Option<f64>,
}

from_row!(CodeGroup {
    platform,
    service_type,
    quantity,
    has_refill,
    order_input,
    drip_runs,
    drip_interval
});

/// A product on a service.
#[derive(Debug)]
pub struct ProductOnService {
    pub id: f64,
    pub product_id: String,
    pub platform: String,
    pub service_type: String,
    pub quantity: f64,
    pub has_refill: f64,
    pub order_input: Option<String>,
    pub drip_runs: Option<f64>,
    pub drip_interval: Option<f64>,
}

from_row!(ProductOnService {
    id,
    product_id,
    platform,
    service_type,
    quantity,
    has_refill,
    order_input,
    drip_runs,
    drip_interval
});

/// Everything not yet redeemed on a service: its codes (grouped by template) and products.
pub async fn on_service_rows(
    db: &Db,
    from: &ServiceChoice,
) -> Result<(Vec<CodeGroup>, Vec<ProductOnService>)> {
    let at = [text(from.panel.as_str()), num(from.service_id.get())];
    let results = db
        .batch(vec![
            db.prepare(format!(
                "SELECT platform, service_type, quantity, has_refill, order_input, drip_runs, \
                 drip_interval FROM codes c \
                 WHERE status IN ('unused', 'queued') AND {} GROUP BY 1, 2, 3, 4, 5, 6, 7",
                on_service("c")
            ))
            .bind(&at)?,
            db.prepare(format!(
                "SELECT id, product_id, platform, service_type, quantity, has_refill, order_input, \
                 drip_runs, drip_interval FROM products p WHERE {}",
                on_service("p")
            ))
            .bind(&at)?,
        ])
        .await?;
    Ok((results[0].rows()?, results[1].rows()?))
}

/// The new choices, written: for a code group (`Some`) or a product (`None` group, `product`).
pub struct Move<'a> {
    pub group: Option<&'a CodeGroup>,
    pub product: Option<f64>,
    /// The new choices as stored (`None`: the one service on `main`) and the first's id.
    pub services: Option<&'a str>,
    pub service_id: u32,
    pub unit_cost: Option<Micros>,
    /// The order spec on the new service (its type may be another that asks the same).
    pub order_input: Option<String>,
}

/// Every move in one batch (all or nothing), and the findings of the old service that no longer
/// touch anything removed; the codes moved.
pub async fn retarget(
    db: &Db,
    from: &ServiceChoice,
    moves: &[Move<'_>],
    now: UtcTime,
) -> Result<usize> {
    let now = text(&now.iso());
    let opt_num = |v: Option<f64>| v.map_or(JsValue::NULL, num);
    let mut statements: Vec<D1PreparedStatement> = Vec::new();
    for m in moves {
        let set = [
            text(from.panel.as_str()),
            num(from.service_id.get()),
            opt_text(m.services),
            num(m.service_id),
            micros(m.unit_cost),
            now.clone(),
        ];
        if let Some(g) = m.group {
            let mut bind = set.to_vec();
            bind.extend([
                text(&g.platform),
                text(&g.service_type),
                num(g.quantity),
                num(g.has_refill),
                opt_text(g.order_input.as_deref()),
                opt_num(g.drip_runs),
                opt_num(g.drip_interval),
                opt_text(m.order_input.as_deref()),
            ]);
            // A held code of the service is due again at once: its drain follows.
            statements.push(
                db.prepare(format!(
                    "UPDATE codes SET services = ?3, service_id = ?4, unit_cost_micros = ?5, \
                     order_input = ?14, updated_at = ?6, queue_next_at = CASE WHEN status = 'queued' THEN ?6 END \
                     WHERE status IN ('unused', 'queued') AND {} AND platform = ?7 \
                     AND service_type = ?8 AND quantity = ?9 AND has_refill = ?10 \
                     AND order_input IS ?11 AND drip_runs IS ?12 AND drip_interval IS ?13",
                    on_service("codes")
                ))
                .bind(&bind)?,
            );
        } else if let Some(id) = m.product {
            let mut bind = set.to_vec();
            bind.push(num(id));
            bind.push(opt_text(m.order_input.as_deref()));
            statements.push(
                db.prepare(format!(
                    "UPDATE products SET services = ?3, service_id = ?4, unit_cost_micros = ?5, \
                     order_input = ?8, updated_at = ?6 WHERE id = ?7 AND {}",
                    on_service("products")
                ))
                .bind(&bind)?,
            );
        }
    }
    statements.push(
        db.prepare(format!(
            "DELETE FROM findings WHERE panel = ?1 AND service_id = ?2 \
             AND NOT EXISTS (SELECT 1 FROM codes c WHERE c.status IN ('unused', 'queued') AND {}) \
             AND NOT EXISTS (SELECT 1 FROM products p WHERE {})",
            on_service("c"),
            on_service("p")
        ))
        .bind(&[text(from.panel.as_str()), num(from.service_id.get())])?,
    );
    let results = db.batch(statements).await?;
    let mut moved = 0;
    for (m, r) in moves.iter().zip(&results) {
        if m.group.is_some() {
            moved += r.meta()?.and_then(|m| m.changes).unwrap_or(0);
        }
    }
    Ok(moved)
}

/// The once-per-period claim (`alerts` table): true when `condition` was not claimed within
/// `seconds` before `now`, and this call claims it.
pub async fn claim_period(db: &Db, condition: &str, now: UtcTime, seconds: i64) -> Result<bool> {
    let won: Option<String> = db
        .prepare(
            "INSERT INTO alerts (condition, last_sent_at) VALUES (?1, ?2) \
             ON CONFLICT (condition) DO UPDATE SET last_sent_at = excluded.last_sent_at \
             WHERE alerts.last_sent_at <= ?3 RETURNING condition",
        )
        .bind(&[
            text(condition),
            text(&now.iso()),
            text(&now.plus_seconds(-seconds).iso()),
        ])?
        .first(Some("condition"))
        .await?;
    Ok(won.is_some())
}
