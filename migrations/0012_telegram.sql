-- Telegram (src/edge/telegram): each update is acted on exactly once, however often Telegram
-- re-sends it (the first to insert its id wins; the scheduled job forgets ids after two days,
-- past Telegram's own retries), and what a chat is in the middle of: a code waiting for its
-- link, or for the comments / usernames / poll answer its service needs.
CREATE TABLE telegram_updates (
    update_id   INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL
);
CREATE INDEX telegram_updates_by_time ON telegram_updates (received_at);

CREATE TABLE telegram_chats (
    chat_id    INTEGER PRIMARY KEY,
    code       TEXT NOT NULL,
    link       TEXT,                   -- set once given, while the input is awaited
    updated_at TEXT NOT NULL
);
