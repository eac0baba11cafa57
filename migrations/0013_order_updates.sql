-- Order updates to the buyer (core::outbox): each event is recorded once per code, kind and
-- channel (the primary key), then delivered once by whoever claims it (`claim`), with back-off;
-- after five failures it stays `failed` for the owner to see. An address that unsubscribed
-- (one click, RFC 8058) gets nothing more.
ALTER TABLE codes ADD COLUMN notify_email TEXT;     -- typed on the order page ("tell me")
ALTER TABLE codes ADD COLUMN buyer_lang TEXT;       -- the language the buyer redeemed in

CREATE TABLE outbox (
    code       TEXT NOT NULL,
    kind       TEXT NOT NULL,                        -- core::outbox::Event::key
    channel    TEXT NOT NULL CHECK (channel IN ('email', 'telegram')),
    address    TEXT NOT NULL,                        -- an e-mail address, or a Telegram chat id
    lang       TEXT,
    status     TEXT NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    TEXT NOT NULL,
    claim      TEXT,
    claimed_at TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at    TEXT,
    PRIMARY KEY (code, kind, channel)
);
CREATE INDEX outbox_due ON outbox (status, next_at);

CREATE TABLE unsubscribed (
    address TEXT PRIMARY KEY,                        -- lower case
    at      TEXT NOT NULL
);
