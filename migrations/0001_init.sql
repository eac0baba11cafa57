-- redeem-edge schema. Timestamps are ISO-8601 UTC text (`2026-11-25T11:47:28.123Z`):
-- fixed width, so comparing text compares time.

-- One row per redemption code. The first 13 columns are the Flask app's, kept by name so
-- its database imports as-is; the rest make redemption exactly-once and traceable.
CREATE TABLE codes (
    code            TEXT PRIMARY KEY,
    service_id      INTEGER NOT NULL,
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    platform        TEXT NOT NULL,
    service_type    TEXT NOT NULL,
    requirements    TEXT,
    status          TEXT NOT NULL DEFAULT 'unused'
                    CHECK (status IN ('unused', 'reserved', 'used', 'needs_review', 'void')),
    created_date    TEXT NOT NULL,
    used_date       TEXT,
    used_by_user_id TEXT,
    order_id        INTEGER,
    expiry_days     INTEGER DEFAULT 30,          -- NULL or 0: never expires
    has_refill      INTEGER NOT NULL DEFAULT 0,
    -- Derived once from created_date + expiry_days, so the reserving UPDATE can test it.
    expires_at      TEXT,
    -- The reservation: which request holds the code while it talks to the panel, since when,
    -- and for which link. Only the holder's token can settle it.
    reserved_at     TEXT,
    reservation_id  TEXT,
    pending_link    TEXT,
    review_reason   TEXT,                        -- why a code is in needs_review
    -- Where the code came from: 'admin', 'sellauth', 'import', 'demo'.
    source          TEXT NOT NULL DEFAULT 'admin',
    invoice_id      TEXT,                        -- Sellauth invoice id (text: ids may exceed 2^53)
    invoice_item_id TEXT,
    buyer_email     TEXT,
    updated_at      TEXT
);
CREATE INDEX codes_by_status ON codes (status, created_date);
CREATE INDEX codes_by_invoice ON codes (invoice_id, invoice_item_id);
CREATE INDEX codes_by_order ON codes (order_id);
CREATE INDEX codes_by_platform ON codes (platform, status);
CREATE INDEX codes_by_created ON codes (created_date);

-- One row per redemption (the Flask app's table, plus platform/type for charts).
CREATE TABLE redemption_history (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    code          TEXT NOT NULL REFERENCES codes (code),
    user_id       TEXT NOT NULL,
    username      TEXT NOT NULL,
    service_id    INTEGER NOT NULL,
    quantity      INTEGER NOT NULL,
    link          TEXT NOT NULL,
    order_id      INTEGER,
    redeemed_date TEXT NOT NULL,
    platform      TEXT,
    service_type  TEXT
);
CREATE INDEX history_by_code ON redemption_history (code);
CREATE INDEX history_by_date ON redemption_history (redeemed_date);
CREATE INDEX history_by_user ON redemption_history (user_id);
CREATE INDEX history_by_order ON redemption_history (order_id);

-- Every order this worker placed on the panel (redemptions and manual admin orders), with
-- the last status seen and any refill, so tracking pages need not ask the panel every time.
CREATE TABLE orders (
    order_id            INTEGER PRIMARY KEY,
    code                TEXT REFERENCES codes (code),  -- NULL for manual admin orders
    source              TEXT NOT NULL CHECK (source IN ('redeem', 'admin', 'import')),
    service_id          INTEGER NOT NULL,
    quantity            INTEGER NOT NULL,
    link                TEXT NOT NULL,
    placed_at           TEXT NOT NULL,
    status              TEXT,                          -- panel status as last seen
    start_count         INTEGER,
    remains             INTEGER,
    status_checked_at   TEXT,
    refill_id           INTEGER,
    refill_status       TEXT,
    refill_requested_at TEXT
);
CREATE INDEX orders_by_code ON orders (code);
CREATE INDEX orders_by_placed ON orders (placed_at);
CREATE INDEX orders_unfinished ON orders (status, placed_at);

-- Sellauth product (and optionally variant) -> what one unit of it buys.
-- variant_id '' means "any variant of this product"; a variant row wins over it.
CREATE TABLE products (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id    TEXT NOT NULL,
    variant_id    TEXT NOT NULL DEFAULT '',
    name          TEXT,
    service_id    INTEGER NOT NULL,
    quantity      INTEGER NOT NULL CHECK (quantity > 0),   -- panel units per unit bought
    platform      TEXT NOT NULL,
    service_type  TEXT NOT NULL,
    requirements  TEXT,
    has_refill    INTEGER NOT NULL DEFAULT 0,
    expiry_days   INTEGER DEFAULT 30,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (product_id, variant_id)
);

-- Exactly once per Sellauth invoice item: the first delivery writes this row together with
-- its codes in one batch; a retry (or a racing duplicate) reads the codes back from here.
CREATE TABLE webhook_deliveries (
    invoice_id      TEXT NOT NULL,
    item_id         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('delivered', 'failed')),
    codes           TEXT NOT NULL DEFAULT '',   -- newline-separated, in minting order
    product_id      TEXT,
    variant_id      TEXT,
    quantity        INTEGER,
    buyer_email     TEXT,
    idempotency_key TEXT,
    error           TEXT,                       -- why a failed delivery failed
    attempts        INTEGER NOT NULL DEFAULT 1,
    first_seen_at   TEXT NOT NULL,
    last_seen_at    TEXT NOT NULL,
    PRIMARY KEY (invoice_id, item_id)
);
CREATE INDEX deliveries_by_status ON webhook_deliveries (status, last_seen_at);
CREATE INDEX deliveries_by_day ON webhook_deliveries (first_seen_at);

-- Webhooks that are not deliveries (notifications): acknowledged and kept for the record.
CREATE TABLE webhook_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event       TEXT NOT NULL,
    invoice_id  TEXT,
    received_at TEXT NOT NULL,
    body        TEXT NOT NULL                    -- truncated to 16 kB
);
CREATE INDEX events_by_time ON webhook_events (received_at);

-- Who changed what: every state-changing admin call, failed deliveries, system sweeps.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,    -- 'admin:<key fingerprint>', 'sellauth', 'system'
    action TEXT NOT NULL,    -- 'code.void', 'delivery.unmapped_product', ...
    target TEXT,
    detail TEXT              -- JSON
);
CREATE INDEX audit_by_time ON audit_log (at);
CREATE INDEX audit_by_target ON audit_log (target);

-- Once-per-period notifications (low balance, needs-review, failed delivery).
CREATE TABLE alerts (
    condition    TEXT PRIMARY KEY,
    last_sent_at TEXT NOT NULL
);
