-- Held orders and make-good (core::hold).
-- A code whose order the panel cannot take now for the shop's own reasons (no funds, an order
-- already running on the link, the service switched off) is `queued`: kept for the buyer and
-- placed by the scheduled job. SQLite cannot change a CHECK, so `codes` is rebuilt, and with it
-- the two tables that reference it: the new children point at the new table from the start
-- (a dropped parent with live children fails D1's foreign-key check at commit, deferred or not).

CREATE TABLE codes_v10 (
    code               TEXT PRIMARY KEY,
    service_id         INTEGER NOT NULL,
    quantity           INTEGER NOT NULL CHECK (quantity > 0),
    platform           TEXT NOT NULL,
    service_type       TEXT NOT NULL,
    requirements       TEXT,
    status             TEXT NOT NULL DEFAULT 'unused'
                       CHECK (status IN ('unused', 'reserved', 'queued', 'used', 'needs_review', 'void')),
    created_date       TEXT NOT NULL,
    used_date          TEXT,
    used_by_user_id    TEXT,
    order_id           INTEGER,
    expiry_days        INTEGER DEFAULT 30,
    has_refill         INTEGER NOT NULL DEFAULT 0,
    expires_at         TEXT,
    reserved_at        TEXT,
    reservation_id     TEXT,
    pending_link       TEXT,
    review_reason      TEXT,
    source             TEXT NOT NULL DEFAULT 'admin',
    invoice_id         TEXT,
    invoice_item_id    TEXT,
    buyer_email        TEXT,
    updated_at         TEXT,
    voided_at          TEXT,
    code_key           TEXT GENERATED ALWAYS AS (replace(code, '-', '')) VIRTUAL,
    services           TEXT,
    pending_panel      TEXT,
    pending_service_id INTEGER,
    unit_cost_micros   INTEGER,
    order_input        TEXT,
    drip_runs          INTEGER,
    drip_interval      INTEGER,
    -- The hold: why ('panel_funds', 'link_busy', 'service_unavailable'), since when (kept
    -- across attempts), how many attempts, the next one, and what the buyer asked for (JSON:
    -- user_id, username, input) so the order can be placed without them.
    queued_reason      TEXT,
    queued_at          TEXT,
    queue_attempts     INTEGER NOT NULL DEFAULT 0,
    queue_next_at      TEXT,
    pending_request    TEXT,
    -- Why a code the buyer had redeemed came back to them unused ('hold_expired', 'refused'),
    -- in words for their page; cleared by the next redemption.
    returned_reason    TEXT,
    returned_message   TEXT,
    -- A replacement code names the code whose order the panel canceled or part-delivered.
    replaces           TEXT
);
INSERT INTO codes_v10 (code, service_id, quantity, platform, service_type, requirements, status,
    created_date, used_date, used_by_user_id, order_id, expiry_days, has_refill, expires_at,
    reserved_at, reservation_id, pending_link, review_reason, source, invoice_id,
    invoice_item_id, buyer_email, updated_at, voided_at, services, pending_panel,
    pending_service_id, unit_cost_micros, order_input, drip_runs, drip_interval)
SELECT code, service_id, quantity, platform, service_type, requirements, status,
    created_date, used_date, used_by_user_id, order_id, expiry_days, has_refill, expires_at,
    reserved_at, reservation_id, pending_link, review_reason, source, invoice_id,
    invoice_item_id, buyer_email, updated_at, voided_at, services, pending_panel,
    pending_service_id, unit_cost_micros, order_input, drip_runs, drip_interval
FROM codes;

CREATE TABLE history_v10 (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    code          TEXT NOT NULL REFERENCES codes_v10 (code),
    user_id       TEXT NOT NULL,
    username      TEXT NOT NULL,
    service_id    INTEGER NOT NULL,
    quantity      INTEGER NOT NULL,
    link          TEXT NOT NULL,
    order_id      INTEGER,
    redeemed_date TEXT NOT NULL,
    platform      TEXT,
    service_type  TEXT,
    legacy_id     INTEGER,
    panel         TEXT NOT NULL DEFAULT 'main'
);
INSERT INTO history_v10 (id, code, user_id, username, service_id, quantity, link, order_id,
    redeemed_date, platform, service_type, legacy_id, panel)
SELECT id, code, user_id, username, service_id, quantity, link, order_id, redeemed_date,
    platform, service_type, legacy_id, panel
FROM redemption_history;

CREATE TABLE orders_v10 (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    panel                TEXT NOT NULL DEFAULT '',
    order_id             INTEGER NOT NULL,
    code                 TEXT REFERENCES codes_v10 (code),  -- NULL for manual admin orders
    source               TEXT NOT NULL CHECK (source IN ('redeem', 'admin', 'import')),
    service_id           INTEGER NOT NULL,
    quantity             INTEGER NOT NULL,
    link                 TEXT NOT NULL,
    placed_at            TEXT NOT NULL,
    status               TEXT,
    start_count          INTEGER,
    remains              INTEGER,
    status_checked_at    TEXT,
    refill_id            INTEGER,
    refill_status        TEXT,
    refill_requested_at  TEXT,
    refill_claim         TEXT,
    refill_claimed_at    TEXT,
    cost_estimate_micros INTEGER,
    charge_micros        INTEGER,
    charge_currency      TEXT,
    -- Make-good: an order the panel ended Canceled / Refunded, or Partial with remains, gets
    -- exactly one replacement code ('replaced') or a note that what is left is below the
    -- service's minimum ('below_minimum'). Set by one conditional UPDATE, so once.
    make_good            TEXT,
    replacement_code     TEXT,
    replacement_quantity INTEGER
);
INSERT INTO orders_v10 (id, panel, order_id, code, source, service_id, quantity, link, placed_at,
    status, start_count, remains, status_checked_at, refill_id, refill_status,
    refill_requested_at, refill_claim, refill_claimed_at, cost_estimate_micros, charge_micros,
    charge_currency)
SELECT id, panel, order_id, code, source, service_id, quantity, link, placed_at, status,
    start_count, remains, status_checked_at, refill_id, refill_status, refill_requested_at,
    refill_claim, refill_claimed_at, cost_estimate_micros, charge_micros, charge_currency
FROM orders;

-- Children first, then the parent: nothing points at the old `codes` when it goes.
DROP TABLE redemption_history;
DROP TABLE orders;
DROP TABLE codes;
-- Renaming the parent rewrites the new children's references to `codes`.
ALTER TABLE codes_v10 RENAME TO codes;
ALTER TABLE history_v10 RENAME TO redemption_history;
ALTER TABLE orders_v10 RENAME TO orders;
CREATE INDEX codes_by_status ON codes (status, created_date);
CREATE INDEX codes_by_invoice ON codes (invoice_id, invoice_item_id);
CREATE INDEX codes_by_order ON codes (order_id);
CREATE INDEX codes_by_platform ON codes (platform, status);
CREATE INDEX codes_by_created ON codes (created_date);
CREATE INDEX codes_by_key ON codes (code_key);
CREATE INDEX codes_by_queue ON codes (status, queued_at);
CREATE INDEX codes_by_replaced ON codes (replaces);
CREATE INDEX history_by_code ON redemption_history (code);
CREATE INDEX history_by_date ON redemption_history (redeemed_date);
CREATE INDEX history_by_user ON redemption_history (user_id);
CREATE INDEX history_by_order ON redemption_history (order_id);
CREATE UNIQUE INDEX history_by_legacy_id ON redemption_history (legacy_id) WHERE legacy_id IS NOT NULL;
CREATE UNIQUE INDEX orders_one_per_code ON orders (code) WHERE source = 'redeem';
CREATE INDEX orders_by_code ON orders (code);
CREATE INDEX orders_by_number ON orders (order_id, panel);
CREATE INDEX orders_by_placed ON orders (placed_at);
CREATE INDEX orders_unfinished ON orders (status, placed_at);
