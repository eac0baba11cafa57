-- Catalogue watch (core::watch): what the watch last saw of each service the shop sells, and
-- what is wrong with those services now. A finding is a state: the watch rewrites a panel's
-- findings on each look (at most once an hour per panel), so one that is fixed, reverted or no
-- longer in use leaves by itself; a panel whose catalogue did not load keeps its findings.
CREATE TABLE watched_services (
    panel      TEXT NOT NULL,
    service_id INTEGER NOT NULL,
    seen       TEXT NOT NULL,          -- JSON core::watch::Seen: name, type, rate, min, max, refill
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (panel, service_id)
);

CREATE TABLE findings (
    panel      TEXT NOT NULL,
    service_id INTEGER NOT NULL,
    kind       TEXT NOT NULL,          -- core::watch::FindingKind::key
    old        TEXT NOT NULL,
    new        TEXT NOT NULL,
    since      TEXT NOT NULL,          -- first found; kept while it stays found
    checked_at TEXT NOT NULL,          -- the look that last found it
    PRIMARY KEY (panel, service_id, kind)
);
