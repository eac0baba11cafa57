-- Several panels: a code or product may buy from an ordered list of (panel, service) choices,
-- tried in turn when one refuses (`services`, JSON; NULL: `service_id` on the panel `main`).
ALTER TABLE codes ADD COLUMN services TEXT;
ALTER TABLE products ADD COLUMN services TEXT;
-- Which panel placed a redemption's order, by name. Everything before was the one panel `main`.
ALTER TABLE redemption_history ADD COLUMN panel TEXT NOT NULL DEFAULT 'main';
UPDATE orders SET panel = 'main';
-- The panel (and service) a reservation is asking right now: what support checks when the
-- outcome is unknown, and what a review that finds the order records.
ALTER TABLE codes ADD COLUMN pending_panel TEXT;
ALTER TABLE codes ADD COLUMN pending_service_id INTEGER;
