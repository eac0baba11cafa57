-- Money: amounts are INTEGER millionths of a currency unit (core::money::Micros), so D1 sums
-- them exactly.
-- What one code (or one unit of a product) costs on its first panel choice, as priced from
-- the catalogue when the template was saved; NULL when the catalogue was unreachable.
ALTER TABLE codes ADD COLUMN unit_cost_micros INTEGER;
ALTER TABLE products ADD COLUMN unit_cost_micros INTEGER;
-- An order's cost: the estimate at placement (the code's unit cost when the order went to the
-- code's first choice), and the panel's `charge` once a status reply carries it.
ALTER TABLE orders ADD COLUMN cost_estimate_micros INTEGER;
ALTER TABLE orders ADD COLUMN charge_micros INTEGER;
ALTER TABLE orders ADD COLUMN charge_currency TEXT;
-- What a Sellauth item sold for (item.price, item.total_price, the invoice's currency), and the
-- product's name for the money view.
ALTER TABLE webhook_deliveries ADD COLUMN price_micros INTEGER;
ALTER TABLE webhook_deliveries ADD COLUMN total_micros INTEGER;
ALTER TABLE webhook_deliveries ADD COLUMN currency TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN product_name TEXT;
CREATE INDEX deliveries_by_status_day ON webhook_deliveries (status, first_seen_at);
