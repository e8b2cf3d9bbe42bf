-- Accounts hardening (issue 12): idle sessions, expiring API tokens, and no
-- live links left in the database once mail is sent.

-- A session ends after 7 days unused; it is touched at most once an hour.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;

-- API tokens expire (90 days by default); tokens made before had no end, so
-- they get 90 days from now.
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN last_used_at INTEGER;
UPDATE api_tokens SET expires_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 7776000000;

-- Sent mail keeps its recipient, subject and status, never its body: bodies
-- hold reset and confirmation links.
UPDATE mail_outbox SET body_text = '' WHERE sent_at IS NOT NULL;

-- The local sink's mailbox lives in the node's memory now.
DROP TABLE dev_mailbox;
