-- A service can ask for two inputs (usernames and hashtags): the bot asks for them one at a
-- time and keeps those already given (JSON, the redemption's own field names).
ALTER TABLE telegram_chats ADD COLUMN inputs TEXT;
