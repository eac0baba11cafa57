-- The codes list and its CSV export page newest first by (created_date, code): one index in
-- that order lets each page start where the last ended, instead of sorting every code of the
-- day again (a 20,000-code export part read its codes 40 times).
CREATE INDEX codes_by_created_code ON codes (created_date, code);
DROP INDEX codes_by_created;
