-- Moving in from the Flask app: a history row remembers its Flask id, so importing the same
-- file twice adds nothing twice.
ALTER TABLE redemption_history ADD COLUMN legacy_id INTEGER;
CREATE UNIQUE INDEX history_by_legacy_id ON redemption_history (legacy_id) WHERE legacy_id IS NOT NULL;
