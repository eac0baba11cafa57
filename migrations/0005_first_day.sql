-- Codes are matched ignoring separators: `SMM XHFY J53V…`, `SMMXHFYJ53V…` and
-- `SMM-XHFY-J53V-…` are one code (`Code::key` in src/core/code.rs is the same rule).
ALTER TABLE codes ADD COLUMN code_key TEXT GENERATED ALWAYS AS (replace(code, '-', '')) VIRTUAL;
CREATE INDEX codes_by_key ON codes (code_key);

-- Orders were keyed on the panel's order number alone and written with INSERT OR IGNORE, so
-- when numbers overlapped (a panel that restarts its numbering, another PANEL_URL) the second
-- order's row was dropped and its buyer saw the other buyer's order. An order row now has its
-- own id, the panel it was placed on (`core::panel::panel_key`; '' for rows from before) and
-- at most one redemption order per code; nothing is ever dropped.
CREATE TABLE orders_v5 (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    panel               TEXT NOT NULL DEFAULT '',
    order_id            INTEGER NOT NULL,
    code                TEXT REFERENCES codes (code),  -- NULL for manual admin orders
    source              TEXT NOT NULL CHECK (source IN ('redeem', 'admin', 'import')),
    service_id          INTEGER NOT NULL,
    quantity            INTEGER NOT NULL,
    link                TEXT NOT NULL,
    placed_at           TEXT NOT NULL,
    status              TEXT,
    start_count         INTEGER,
    remains             INTEGER,
    status_checked_at   TEXT,
    refill_id           INTEGER,
    refill_status       TEXT,
    refill_requested_at TEXT,
    refill_claim        TEXT,
    refill_claimed_at   TEXT
);
INSERT INTO orders_v5 (panel, order_id, code, source, service_id, quantity, link, placed_at,
    status, start_count, remains, status_checked_at, refill_id, refill_status,
    refill_requested_at, refill_claim, refill_claimed_at)
SELECT '', order_id, code, source, service_id, quantity, link, placed_at, status, start_count,
    remains, status_checked_at, refill_id, refill_status, refill_requested_at, refill_claim,
    refill_claimed_at
FROM orders ORDER BY placed_at, order_id;
-- Repair: the orders the old INSERT OR IGNORE dropped, rebuilt from the used code and its
-- redemption row (same order number), one per code.
INSERT INTO orders_v5 (panel, order_id, code, source, service_id, quantity, link, placed_at)
SELECT '', c.order_id, c.code, CASE WHEN c.source = 'import' THEN 'import' ELSE 'redeem' END,
    c.service_id, c.quantity, max(h.link), max(h.redeemed_date)
FROM codes c JOIN redemption_history h ON h.code = c.code AND h.order_id = c.order_id
WHERE c.status = 'used' AND c.order_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.code = c.code)
GROUP BY c.code;
DROP TABLE orders;
ALTER TABLE orders_v5 RENAME TO orders;
CREATE UNIQUE INDEX orders_one_per_code ON orders (code) WHERE source = 'redeem';
CREATE INDEX orders_by_code ON orders (code);
CREATE INDEX orders_by_number ON orders (order_id, panel);
CREATE INDEX orders_by_placed ON orders (placed_at);
CREATE INDEX orders_unfinished ON orders (status, placed_at);

-- Redemptions the panel refused (quantity out of range, service off, no funds): the code went
-- back to the buyer, and the owner sees why here (GET /api/admin/failures), once per code and
-- reason, counted.
CREATE TABLE redemption_failures (
    code     TEXT NOT NULL,
    reason   TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    first_at TEXT NOT NULL,
    last_at  TEXT NOT NULL,
    PRIMARY KEY (code, reason)
);
CREATE INDEX failures_by_time ON redemption_failures (last_at);
