-- Short-lived copies of panel answers (catalogue, balance, order status) and the admin
-- lockout. In D1, not the Cache API: the Cache API does nothing on *.workers.dev, where shops
-- deploy by default. A value larger than one D1 row (a big catalogue) spans several parts,
-- written in one batch. Expired rows are removed by the scheduled job.
CREATE TABLE cache_entries (
    key        TEXT NOT NULL,
    part       INTEGER NOT NULL,
    value      TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (key, part)
);
CREATE INDEX cache_by_expiry ON cache_entries (expires_at);

-- A buyer's refill is claimed by one conditional UPDATE before the panel is asked, so
-- concurrent requests send one `refill`. The claim lapses if its holder never settles it.
ALTER TABLE orders ADD COLUMN refill_claim TEXT;
ALTER TABLE orders ADD COLUMN refill_claimed_at TEXT;

-- Refunded invoices, remembered even when no code was delivered yet: a later delivery of
-- the invoice (a Sellauth retry) hands out nothing redeemable.
CREATE TABLE voided_invoices (
    invoice_id TEXT PRIMARY KEY,
    voided_at  TEXT NOT NULL,
    actor      TEXT NOT NULL
);
