-- What a buyer gives besides the link (core::order_input: 'comments', 'usernames',
-- 'answer_number'; NULL: the link alone), and a drip-feed the shop fixed for the service
-- (the quantity delivered drip_runs times, drip_interval minutes apart).
ALTER TABLE codes ADD COLUMN order_input TEXT;
ALTER TABLE codes ADD COLUMN drip_runs INTEGER;
ALTER TABLE codes ADD COLUMN drip_interval INTEGER;
ALTER TABLE products ADD COLUMN order_input TEXT;
ALTER TABLE products ADD COLUMN drip_runs INTEGER;
ALTER TABLE products ADD COLUMN drip_interval INTEGER;
