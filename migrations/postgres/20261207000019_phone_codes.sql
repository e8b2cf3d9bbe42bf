-- Phones verified by an SMS code (issue 14). phone_verified_at is set when
-- the account's phone (users.phone) was proved by a code sent to it.
ALTER TABLE users ADD COLUMN phone_verified_at BIGINT;

-- Codes sent: only a hash of the code is kept. A code lives 10 minutes and
-- allows 5 tries; sends are counted per number and per account.
CREATE TABLE phone_codes (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    phone TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX phone_codes_user ON phone_codes (user_id, created_at);
CREATE INDEX phone_codes_phone ON phone_codes (phone, created_at);
