-- Checkout orders: a product may be ordered straight from its Sellauth delivery, for the link
-- the buyer typed in a custom field (`link_field`), instead of handing out a code.
ALTER TABLE products ADD COLUMN fulfilment TEXT NOT NULL DEFAULT 'code'
    CHECK (fulfilment IN ('code', 'order'));
ALTER TABLE products ADD COLUMN link_field TEXT;

-- What a checkout delivery came to ('placed', 'fell_back', 'review'; NULL while it is being
-- placed, or for a code delivery), and the exact text the buyer was answered, so a retry of
-- the same item gets the same answer.
ALTER TABLE webhook_deliveries ADD COLUMN outcome TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN answer TEXT;
